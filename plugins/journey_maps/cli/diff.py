"""`journey-maps diff`: what changed in the journey maps between two folders or git
revisions, in CX terms, as text, a pull-request comment or JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..site.changes import diff_markdown, journey_urls
from ..site.paths import SitePaths
from ..site.templating import make_environment
from ..source.git_history import GitError, Repository
from ..source.handbook import Handbook, load_handbook
from ..source.problems import JourneyMapsError, format_report
from ..views.diff import diff_handbooks, text_report, to_json
from .errors import UsageError
from .settings import display, journeys_dir, max_bytes, plugin_options, site_config


def diff_command(arguments: argparse.Namespace) -> int:
    folder = journeys_dir(arguments.dir)
    options = plugin_options(Path("mkdocs.yml"))
    max_file_bytes = max_bytes()
    old, old_label = _diff_side(arguments.old, folder, "old", max_file_bytes)
    if arguments.new is None:
        if not folder.is_dir():
            raise UsageError(f"no journeys folder at {display(folder)} (the new side)")
        new, new_label = _diff_side(str(folder), folder, "new", max_file_bytes)
        new_label = "working tree"
    else:
        new, new_label = _diff_side(arguments.new, folder, "new", max_file_bytes)
    result = diff_handbooks(old, new)
    config = site_config(Path("mkdocs.yml"))
    paths = SitePaths(
        str(options.get("prefix", "journeys")).strip("/") or "journeys",
        bool(config.get("use_directory_urls", True)),
    )
    if arguments.site_url and not arguments.site_url.startswith(("https://", "http://")):
        raise UsageError("--site-url must start with https:// or http://")
    urls = journey_urls(result, arguments.site_url, paths)
    if arguments.format == "json":
        data = to_json(result, old=old_label, new=new_label, urls=urls)
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif arguments.format == "markdown":
        text = diff_markdown(result, make_environment(), old=old_label, new=new_label, urls=urls)
        print(text, end="")
    else:
        print(text_report(result, old=old_label, new=new_label), end="")
    return 1 if arguments.fail_on == "worse" and result.worse else 0


def _diff_side(given: str, folder: Path, side: str, max_bytes: int) -> tuple[Handbook | None, str]:
    """A folder when `given` is one, else a git revision of the journeys folder."""
    path = Path(given)
    try:
        if path.is_dir():
            label = display(path)
            return load_handbook(path.resolve(), Path.cwd().resolve(), max_bytes=max_bytes), label
        try:
            repository = Repository.around(folder)
            return repository.handbook(given, max_bytes=max_bytes), given
        except GitError as error:
            raise UsageError(
                f"the {side} side {given!r} is neither a folder nor a git revision: {error}"
            ) from None
    except JourneyMapsError as error:
        print(f"journey-maps diff: the {side} side ({given}) has problems:", file=sys.stderr)
        print(format_report(error.problems), file=sys.stderr)
        raise UsageError(f"cannot compare: the {side} side ({given}) does not load") from None
