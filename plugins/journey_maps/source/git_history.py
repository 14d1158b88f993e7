"""Journey files at git revisions, read with `git ls-tree` and `git cat-file`, never checked out.

Everything here runs `git` in a subprocess against the repository that holds the journeys
folder. Nothing is written to the repository or its work tree. Dates are commit dates,
never the wall clock, so the same repository state always gives the same answers.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..errors import JourneyMapsException
from .handbook import CATALOG_NAME, DEFAULT_MAX_BYTES, Handbook, load_handbook_files
from .symlinks import real_path

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Commit", "GitError", "Repository"]

GIT_TIMEOUT = 60
"""Seconds any one git command may take."""


BLOB_CACHE_BYTES = 64_000_000
"""Blob contents a Repository keeps once read: the versions of a few hundred persona
files. Past it the oldest are dropped (and read again if asked for)."""


class GitError(JourneyMapsException):
    """git is missing, the folder is not in a repository, or a revision does not exist."""


@dataclass(frozen=True)
class Commit:
    """One commit: its id, committer date (ISO 8601, with its offset) and subject."""

    sha: str
    date: str
    author: str
    subject: str

    @property
    def day(self) -> dt.date:
        return dt.datetime.fromisoformat(self.date).date()

    @property
    def short(self) -> str:
        return self.sha[:7]


def _git(repository: Path, *arguments: str, stdin: bytes | None = None) -> bytes:
    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        environment.pop(name, None)
    try:
        done = subprocess.run(
            ["git", "-C", str(repository), *arguments],
            input=stdin,
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT,
            env=environment,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {arguments[0]} took longer than {GIT_TIMEOUT} seconds") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {arguments[0]} failed")
    return done.stdout


class _ReadCache:
    """What a Repository has read from git: commit ids of full ids, each commit's listing
    of the journeys folder, and blob contents by id (bounded by BLOB_CACHE_BYTES). Commits
    and blobs never change, so nothing here goes stale; history reads many versions of
    many files, and reading each blob once is what keeps it fast."""

    def __init__(self) -> None:
        self.commits: dict[str, str] = {}
        self.listings: dict[str, dict[str, str] | None] = {}
        self.blobs: OrderedDict[str, bytes] = OrderedDict()
        self.size = 0

    def keep(self, blob: str, content: bytes) -> None:
        if blob in self.blobs:
            return
        self.blobs[blob] = content
        self.size += len(content)
        while self.size > BLOB_CACHE_BYTES and len(self.blobs) > 1:
            _, dropped = self.blobs.popitem(last=False)
            self.size -= len(dropped)


@dataclass(frozen=True)
class Repository:
    """A git work tree and where the journeys folder sits in it."""

    root: Path
    folder: str
    """The journeys folder relative to `root`, POSIX style, e.g. `journeys`."""
    _read: _ReadCache = field(default_factory=_ReadCache, compare=False, repr=False)

    @classmethod
    def around(cls, folder: Path) -> Repository:
        """The repository holding `folder` (which need not exist in the work tree)."""
        folder = real_path(folder)
        probe = folder
        while not probe.is_dir():
            probe = probe.parent
        top = _git(probe, "rev-parse", "--show-toplevel").decode().strip()
        root = real_path(Path(top))
        if not folder.is_relative_to(root):  # a link out of the repository
            raise GitError(f"{folder} is not inside the git repository at {root}")
        relative = folder.relative_to(root).as_posix()
        return cls(root, "" if relative == "." else relative)

    def is_shallow(self) -> bool:
        return _git(self.root, "rev-parse", "--is-shallow-repository").strip() == b"true"

    def commit_id(self, revision: str) -> str:
        """The commit id of a revision (`main`, `HEAD~3`, a tag or an id)."""
        if not revision or revision.startswith("-"):
            raise GitError(f"not a revision: {revision!r}")
        if revision in self._read.commits:
            return self._read.commits[revision]
        try:
            output = _git(self.root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        except GitError:
            raise GitError(f"unknown revision {revision!r}") from None
        sha = output.decode().strip()
        if len(revision) == len(sha) and revision == sha:  # a commit id names itself forever
            self._read.commits[revision] = sha
        return sha

    def path(self, name: str) -> str:
        return str(PurePosixPath(self.folder, name)) if self.folder else name

    def files(self, revision: str, names: Iterable[str] | None = None) -> dict[str, bytes] | None:
        """The files directly in the journeys folder at `revision` (only `names`, when
        given), or None when the folder did not exist then. Sub-folders and symbolic links
        are left out. Each blob is read from git once per Repository (see `_ReadCache`)."""
        listing = self._listing(self.commit_id(revision))
        if listing is None:
            return None
        only = None if names is None else set(names)
        wanted = {n: b for n, b in listing.items() if only is None or n in only}
        contents = self._blobs(wanted.values())
        return {name: contents[blob] for name, blob in sorted(wanted.items())}

    def prefetch(self, revisions: Iterable[str], names: Iterable[str]) -> None:
        """Read the files `names` at every revision in one `git cat-file --batch`, so that
        `files` and `handbook` find them cached instead of starting git per file."""
        wanted = set(names)
        blobs: list[str] = []
        for revision in revisions:
            listing = self._listing(self.commit_id(revision))
            blobs += [blob for name, blob in (listing or {}).items() if name in wanted]
        self._blobs(blobs)

    def _listing(self, sha: str) -> dict[str, str] | None:
        """{file name: blob id} of the journeys folder at a commit; None if it had none."""
        if sha in self._read.listings:
            return self._read.listings[sha]
        spec = f"{sha}:{self.folder}" if self.folder else f"{sha}:"
        try:
            kind = _git(self.root, "cat-file", "-t", spec).strip()
        except GitError:
            kind = b""
        blobs: dict[str, str] | None = None
        if kind == b"tree":
            blobs = {}
            for entry in _git(self.root, "ls-tree", "-z", spec).split(b"\0"):
                if not entry:
                    continue
                meta, _, name = entry.partition(b"\t")
                mode, kind_name, blob = meta.split(b" ")
                if kind_name == b"blob" and mode in (b"100644", b"100755"):
                    blobs[name.decode("utf-8", "replace")] = blob.decode()
        self._read.listings[sha] = blobs
        return blobs

    def _blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The contents of blobs by id: those not cached yet in one `git cat-file --batch`."""
        cache = self._read.blobs
        wanted = list(dict.fromkeys(ids))
        missing = [blob for blob in wanted if blob not in cache]
        if missing:
            output = _git(
                self.root, "cat-file", "--batch", stdin="\n".join(missing).encode() + b"\n"
            )
            for blob, content in _batch_contents(output):
                self._read.keep(blob, content)
        found = {blob: cache[blob] for blob in wanted if blob in cache}
        for blob in wanted:
            if blob not in found:  # evicted while reading a huge batch: read it alone
                found[blob] = _git(self.root, "cat-file", "blob", blob)
        return found

    def file_commits(self, name: str, revision: str = "HEAD", limit: int = 12) -> list[Commit]:
        """The newest `limit` commits reachable from `revision` that changed the file
        `name` of the journeys folder, newest first (merges included when they changed it)."""
        output = _git(
            self.root,
            "log",
            "-z",
            f"--max-count={max(limit, 1)}",
            "--format=%H%x1f%cI%x1f%an%x1f%s",
            self.commit_id(revision),
            "--",
            self.path(name),
        )
        return [_commit(record) for record in output.split(b"\0") if record.strip()]

    def last_commit_on_or_before(self, day: dt.date, revision: str = "HEAD") -> Commit | None:
        """The newest commit reachable from `revision` committed on or before `day` (UTC)."""
        output = _git(
            self.root,
            "log",
            "-z",
            "--max-count=1",
            f"--before={day.isoformat()}T23:59:59+00:00",
            "--format=%H%x1f%cI%x1f%an%x1f%s",
            self.commit_id(revision),
        )
        records = [r for r in output.split(b"\0") if r.strip()]
        return _commit(records[0]) if records else None

    def parent(self, sha: str) -> str | None:
        """The first parent of a commit, or None for a root commit."""
        output = _git(self.root, "rev-list", "--parents", "-n", "1", sha).decode().split()
        return output[1] if len(output) > 1 else None

    def handbook(
        self, revision: str, *, only: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> Handbook | None:
        """The journeys folder at `revision` loaded and checked, None when it did not exist.
        With `only` (a persona file name), that file and the catalog alone.
        Raises JourneyMapsError when the files have problems."""
        files = self.files(revision, None if only is None else (only, CATALOG_NAME))
        if files is None:
            return None
        if only is not None and only not in files:
            return None
        return load_handbook_files(files, self.folder or "journeys", max_bytes=max_bytes)


def _batch_contents(output: bytes) -> Iterable[tuple[str, bytes]]:
    """(blob id, content) from `git cat-file --batch` output: a header line
    `<id> <type> <size>` then the content and a newline, per object."""
    position = 0
    while position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].split(b" ")
        position = end + 1
        if len(header) != 3:  # `<id> missing`: not in the repository
            continue
        size = int(header[2])
        yield header[0].decode(), output[position : position + size]
        position += size + 1


def _commit(record: bytes) -> Commit:
    sha, date, author, subject = record.decode("utf-8", "replace").strip().split("\x1f", 3)
    return Commit(sha, date, author, subject)
