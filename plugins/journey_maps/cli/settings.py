"""mkdocs.yml read tolerantly, without running MkDocs, and paths shown as the user gave them.

Every subcommand takes its defaults from the journey-maps entry in mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..source.handbook import DEFAULT_MAX_BYTES
from ..source.problems import display_path


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


def plugin_options(config_file: Path) -> dict[str, Any]:
    """The journey-maps options in mkdocs.yml, read without running MkDocs or its tags."""
    config = site_config(config_file)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("journey-maps"), dict):
            options: dict[str, Any] = plugin["journey-maps"]
            return options
    return {}


def journeys_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    options = plugin_options(Path("mkdocs.yml"))
    return Path(str(options.get("dir", "journeys")))


def max_bytes() -> int:
    return int(plugin_options(Path("mkdocs.yml")).get("max_file_size", DEFAULT_MAX_BYTES))


display = display_path
"""A path as the command's messages show it (one helper: `source.problems.display_path`)."""
