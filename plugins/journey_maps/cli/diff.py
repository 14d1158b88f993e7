"""`journey-maps diff`: what changed in the journey maps between two folders or git
revisions, in CX terms, as text, a pull-request comment or JSON.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..site.changes import diff_json, diff_markdown, diff_text, journey_urls
from ..site.paths import SitePaths
from ..site.templating import make_environment
from ..source.git_history import GitError, Repository
from ..source.handbook import Handbook, load_handbook
from ..source.problems import JourneyMapsError, format_report
from ..source.symlinks import real_path
from ..views.diff import diff_handbooks
from .errors import UsageError
from .settings import display, journeys_dir, max_bytes, plugin_options, site_config

if TYPE_CHECKING:
    import argparse

__all__ = ["diff_command"]


def diff_command(arguments: argparse.Namespace) -> int:
    folder = journeys_dir(arguments.dir)
    options = plugin_options(Path("mkdocs.yml"))
    max_file_bytes = max_bytes()
    old = _diff_side(arguments.old, folder, "old", max_file_bytes)
    if arguments.new is None:
        if not folder.is_dir():
            raise UsageError(f"no journeys folder at {display(folder)} (the new side)")
        new = _diff_side(str(folder), folder, "new", max_file_bytes, working_tree=True)
    else:
        new = _diff_side(arguments.new, folder, "new", max_file_bytes)
    result = diff_handbooks(old.handbook, new.handbook)
    config = site_config(Path("mkdocs.yml"))
    paths = SitePaths(
        options.prefix,
        bool(config.get("use_directory_urls", True)),
    )
    if arguments.site_url and not arguments.site_url.startswith(("https://", "http://")):
        raise UsageError("--site-url must start with https:// or http://")
    urls = journey_urls(result, arguments.site_url, paths)
    if arguments.format == "json":
        data = diff_json(result, old=old.label, new=new.label, urls=urls)
        data["sides"] = {"old": old.json(), "new": new.json()}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif arguments.format == "markdown":
        text = diff_markdown(result, make_environment(), old=old.label, new=new.label, urls=urls)
        print(text, end="")
    else:
        print(diff_text(result, old=old.described(), new=new.described()), end="")
    return 1 if arguments.fail_on == "worse" and result.worse else 0


@dataclass(frozen=True)
class _Side:
    """One side of the comparison and what it was read from, so the output can say it:
    a folder and a branch of the same name must never be mistaken for each other."""

    handbook: Handbook | None
    label: str
    """As given on the command line, or "working tree" for the default new side."""
    kind: Literal["folder", "revision"]
    where: str
    """The folder as shown in messages, or the full commit id of the revision."""

    def described(self) -> str:
        """`main (git revision 1a2b3c4)`, `old (folder old)`, `working tree (folder journeys)`."""
        if self.kind == "revision":
            return f"{self.label} (git revision {self.where[:7]})"
        return f"{self.label} (folder {self.where})"

    def json(self) -> dict[str, str]:
        key = "commit" if self.kind == "revision" else "path"
        return {"given": self.label, "kind": self.kind, key: self.where}


def _diff_side(
    given: str, folder: Path, side: str, max_bytes: int, *, working_tree: bool = False
) -> _Side:
    """A folder when `given` names one, else a git revision of the journeys folder.

    A name that is both (a folder `main` beside the branch `main`) is refused: reading
    the folder silently would compare the wrong thing and could pass `--fail-on worse`."""
    path = Path(given)
    is_folder = path.is_dir()
    revision = None if working_tree else _revision(given, folder)
    if is_folder and isinstance(revision, tuple):
        raise UsageError(
            f"the {side} side {given!r} is both a folder and a git revision; write "
            f"'./{given}' for the folder or '{given}^{{commit}}' for the revision"
        )
    try:
        if is_folder:
            loaded = load_handbook(real_path(path), real_path(Path.cwd()), max_bytes=max_bytes)
            label = "working tree" if working_tree else given
            return _Side(loaded, label, "folder", display(path))
        if not isinstance(revision, tuple):
            raise UsageError(
                f"the {side} side {given!r} is neither a folder nor a git revision: {revision}"
            )
        repository, commit = revision
        try:
            at_commit = repository.handbook(commit, max_bytes=max_bytes)
        except GitError as error:
            raise UsageError(
                f"the {side} side {given!r} cannot be read with git: {error}"
            ) from None
        return _Side(at_commit, given, "revision", commit)
    except JourneyMapsError as error:
        print(f"journey-maps diff: the {side} side ({given}) has problems:", file=sys.stderr)
        print(format_report(error.problems), file=sys.stderr)
        raise UsageError(f"cannot compare: the {side} side ({given}) does not load") from None


def _revision(given: str, folder: Path) -> tuple[Repository, str] | GitError:
    """The repository of the journeys folder and the commit `given` names in it, or why
    `given` is not a revision there (no repository, no such revision)."""
    try:
        repository = Repository.around(folder)
        return repository, repository.commit_id(given)
    except GitError as error:
        return error
