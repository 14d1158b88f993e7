"""Symbolic links in the author's folders followed for reading, without ever raising.

The journeys folder, its files and the CSV files named by `data:` may be links (a
committed link, a shared folder). Readers follow them to check that the file they lead to
lies inside the journeys folder. `Path.resolve()` is the obvious way and the wrong one:
before Python 3.13 it raises RuntimeError on a link loop (`a.yml -> b.yml -> a.yml`),
which reached authors as a traceback from `validate`, the build and the Markdown
extension. Every reader follows links through `real_path` instead, and words what it
cannot open with `unreadable`, so a loop is one positioned message like any other.

(Writers never follow links at all: see `owned_folder`.)
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["folder_problem", "is_inside", "real_path", "unreadable"]

LINK_LOOP = "is a symbolic link that leads back to itself (a link loop); fix or remove the link"


def real_path(path: Path) -> Path:
    """`path` made absolute with every symbolic link followed as far as the links lead.

    Never raises: the part of a link loop is left as written, so the result still names
    a place inside the folder it was found in, and opening it fails with ELOOP, which
    `unreadable` words for the author."""
    return Path(os.path.realpath(path))


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, lies in `folder` (links followed too)."""
    return real_path(path).is_relative_to(real_path(folder))


def unreadable(error: OSError) -> str:
    """Why a file could not be opened or looked at, in the words of a problem message."""
    if error.errno == errno.ELOOP:
        return LINK_LOOP
    return f"cannot be read ({error.strerror or error})"


def folder_problem(folder: Path) -> str | None:
    """Why `folder` cannot be read as a folder ("does not exist", "is not a folder", a link
    loop), or None when it is one."""
    try:
        status = folder.stat()
    except FileNotFoundError:
        return "does not exist"
    except OSError as error:
        return unreadable(error)
    return None if stat.S_ISDIR(status.st_mode) else "is not a folder"
