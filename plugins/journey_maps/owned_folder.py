"""The one way the project writes, replaces or deletes a file: inside a folder a command owns.

`journey-maps import` and `new` own the journeys folder, `render` owns the rendered folder
in the docs, and the plugin owns its temporary folders. Each of them names the files it
writes relative to that folder, and every write, replacement and removal goes through
`OwnedFolder`, which enforces one rule:

* the relative name is a plain path (no absolute path, no `..`, no empty or `.` part, no
  backslash, no NUL, no drive), so it cannot leave the folder by its spelling;
* the path is walked from the folder one part at a time with `lstat`, never resolved:
  every folder on the way must be a real folder, not a link, and the file itself must be
  absent or a regular file, never a link (dangling or not), so nothing is written or
  deleted through a link a colleague committed or a shared folder holds;
* the owned folder itself is not a link, and neither is any folder between it and the
  project root the command was given;
* a file is written to a temporary name beside it and renamed over the target, which
  replaces the name and never follows a link there, so a watching server never reads
  half a file.

Why one module: the three writers that checked paths each on their own missed links in
different places (issue 19). Nothing here imports the rest of the package, so every layer
can use it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal

from .errors import JourneyMapsException

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["OwnedFolder", "UnsafeTarget", "absolute", "check_relative"]

Presence = Literal["absent", "file", "blocked"]
"""What stands at a relative path: nothing, a regular file, or something that is never
written or removed (a link anywhere on the way, a folder, a pipe, a device)."""


def absolute(path: Path) -> Path:
    """`path` made absolute and `..` folded by its spelling, without following any link.

    `Path.resolve()` follows links (the very thing checked here) and raises on a link loop."""
    return Path(os.path.abspath(path))  # noqa: PTH100  (lexical on purpose, see above)


class UnsafeTarget(JourneyMapsException, ValueError):
    """A file a command would write or delete lies outside its folder or behind a link."""


def check_relative(relative: str) -> PurePosixPath:
    """The relative path as parts, or UnsafeTarget saying why it cannot name a file inside."""
    if not relative or "\0" in relative or "\\" in relative:
        raise UnsafeTarget(f"{relative!r} is not a file name inside the folder")
    path = PurePosixPath(relative)
    if path.is_absolute() or relative.startswith("/"):
        raise UnsafeTarget(f"{relative!r} is an absolute path; only names inside the folder")
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts) or ":" in parts[0]:
        raise UnsafeTarget(f"{relative!r} leaves the folder or is not a plain path")
    return path


def _is_link_or_not_folder(path: Path) -> str | None:
    """Why `path` cannot hold files the command writes, or None when it is a real folder."""
    try:
        status = path.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(status.st_mode):
        return "is a symbolic link"
    if not stat.S_ISDIR(status.st_mode):
        return "is not a folder"
    return None


class OwnedFolder:
    """A folder a command owns, and the only writer of files in it."""

    def __init__(self, root: Path, *, project: Path | None = None) -> None:
        """`root` is the owned folder; `project`, when given, is a folder above it whose
        sub-folders down to `root` must not be links either (a committed `docs -> /etc`)."""
        self.root = absolute(root)
        self.project = absolute(project) if project is not None else None
        problems = []
        chain = [self.root]
        if self.project is not None and self.root.is_relative_to(self.project):
            parent = self.root.parent
            while parent != self.project and parent.is_relative_to(self.project):
                chain.append(parent)
                parent = parent.parent
        for folder in chain:
            why = _is_link_or_not_folder(folder)
            if why:
                problems.append(f"{folder} {why}; refusing to write into it")
        if problems:
            raise UnsafeTarget("; ".join(problems))

    def path(self, relative: str) -> Path:
        """The file's path, after checking the name and every part on the way (no link)."""
        parts = check_relative(relative).parts
        current = self.root
        for index, part in enumerate(parts):
            current = current / part
            try:
                status = current.lstat()
            except FileNotFoundError:
                return self.root.joinpath(*parts)  # nothing further down exists yet
            except NotADirectoryError:
                raise UnsafeTarget(f"{relative}: a part of the path is not a folder") from None
            last = index == len(parts) - 1
            if stat.S_ISLNK(status.st_mode):
                raise UnsafeTarget(
                    f"{relative}: {'it' if last else current.name} is a symbolic link; "
                    "never written or removed through a link"
                )
            if not last and not stat.S_ISDIR(status.st_mode):
                raise UnsafeTarget(f"{relative}: {current.name} on the way is not a folder")
            if last and not stat.S_ISREG(status.st_mode):
                raise UnsafeTarget(f"{relative}: is not a regular file (a folder, pipe or device)")
        return current

    def presence(self, relative: str) -> Presence:
        """What is at `relative` now: nothing, a regular file, or something never touched."""
        try:
            path = self.path(relative)
        except UnsafeTarget:
            return "blocked"
        return "file" if os.path.lexists(path) else "absent"

    def read(self, relative: str) -> bytes | None:
        """The bytes of a regular file at `relative` (no link on the way), or None."""
        if self.presence(relative) != "file":
            return None
        try:
            return self.path(relative).read_bytes()
        except OSError:
            return None

    def write(self, relative: str, content: bytes) -> Path:
        """Create or replace the file, through a temporary file renamed over it."""
        target = self.path(relative)
        self._make_folders(check_relative(relative).parts[:-1])
        target = self.path(relative)  # again: the folders now exist, none is a link
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=".journey-maps-", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            Path(temporary).replace(target)  # rename: replaces the name, follows no link
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target

    def write_text(self, relative: str, text: str) -> Path:
        return self.write(relative, text.encode("utf-8"))

    def remove(self, relative: str) -> None:
        """Delete a regular file (never a link or folder), then folders it leaves empty."""
        target = self.path(relative)
        if not os.path.lexists(target):
            return
        target.unlink()
        parent = target.parent
        while parent != self.root and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent

    def _make_folders(self, parts: Iterable[str]) -> None:
        """Create the folders on the way, one at a time, refusing any that is a link."""
        if not self.root.exists():
            self.root.mkdir(parents=True)
        current = self.root
        for part in parts:
            current = current / part
            why = _is_link_or_not_folder(current)
            if why:
                raise UnsafeTarget(f"{current} {why}; refusing to write into it")
            if not current.exists():
                current.mkdir()
