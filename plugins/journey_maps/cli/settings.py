"""mkdocs.yml read tolerantly, without running MkDocs, and paths shown as the user gave them.

Every subcommand takes its defaults from the journey-maps entry in mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..site.options import OptionsError, PluginOptions
from ..source.handbook import load_handbook
from ..source.problems import display_path
from ..source.symlinks import folder_problem, real_path
from .errors import UsageError

if TYPE_CHECKING:
    from ..source.handbook import Handbook

__all__ = [
    "display",
    "journeys_dir",
    "load_journeys",
    "max_bytes",
    "plugin_is_on",
    "plugin_options",
    "site_config",
]

PLUGIN = "journey-maps"
"""The plugin's name under `plugins:` in mkdocs.yml (its entry point)."""


def site_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml read without running MkDocs: tags like !ENV read as nothing."""
    if not config_file.is_file():
        return {}
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_tolerant_loader())
    except yaml.YAMLError:
        return {}
    return config if isinstance(config, dict) else {}


def _tolerant_loader() -> type[yaml.SafeLoader]:
    class _Tolerant(yaml.SafeLoader):
        """mkdocs.yml uses tags like !ENV and !!python/name; they do not matter here."""

    _Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    return _Tolerant


def plugin_options(config_file: Path) -> PluginOptions:
    """The journey-maps options in mkdocs.yml, checked as the build checks them.

    Read without running MkDocs: a value written with a tag (`!ENV`) reads as none and
    takes its default, as an empty value does in MkDocs. A value the build would refuse
    is a UsageError with the build's words, naming the file."""
    entry = _plugin_entry(site_config(config_file))
    given = entry if isinstance(entry, dict) else {}
    try:
        return PluginOptions.from_mapping(given)
    except OptionsError as error:
        raise UsageError(
            "\n".join(f"{display(config_file)}: {problem}" for problem in error.problems)
        ) from None


def plugin_is_on(config: dict[str, Any]) -> bool:
    """Whether a build of this mkdocs.yml runs the plugin: its entry is there and `enabled`
    is not false. A tagged value (`enabled: !ENV [JM, false]`) reads as none and so as
    on, its default: the build decides then, and `render --force` is the way past."""
    entry = _plugin_entry(config)
    if entry is None:
        return False
    return not (isinstance(entry, dict) and entry.get("enabled") is False)


def _plugin_entry(config: dict[str, Any]) -> dict[str, Any] | str | None:
    """The plugin's entry under `plugins:`: its options (a mapping, maybe empty), its bare
    name, or None when mkdocs.yml does not list it. MkDocs takes a list of names and
    one-key mappings, or one mapping of names to options."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    if not isinstance(plugins, list):
        return None
    for plugin in plugins:
        if plugin == PLUGIN:
            return PLUGIN
        if isinstance(plugin, dict) and PLUGIN in plugin:
            options = plugin[PLUGIN]
            return options if isinstance(options, dict) else {}
    return None


def journeys_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    return Path(plugin_options(Path("mkdocs.yml")).dir)


def max_bytes() -> int:
    return plugin_options(Path("mkdocs.yml")).max_file_size


def load_journeys(folder: Path) -> Handbook:
    """The journeys folder a command reads, loaded as the build loads it (paths shown from
    the current folder, mkdocs.yml's file size limit).

    A folder that is missing or no folder is a UsageError: the command line named the
    wrong place. Problems in the files raise JourneyMapsError, which each command reports
    in its own way."""
    what = folder_problem(folder)
    if what is not None:
        raise UsageError(f"no journeys folder at {folder}: it {what}")
    return load_handbook(real_path(folder), real_path(Path.cwd()), max_bytes=max_bytes())


display = display_path
"""A path as the command's messages show it (one helper: `source.problems.display_path`)."""
