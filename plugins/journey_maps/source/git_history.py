"""Journey files at git revisions, read with `git ls-tree` and `git cat-file`, never checked out.

Everything here runs `git` in a subprocess against the repository that holds the journeys
folder. Nothing is written to the repository or its work tree. Dates are commit dates,
never the wall clock, so the same repository state always gives the same answers.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .handbook import DEFAULT_MAX_BYTES, Handbook, load_handbook_files

GIT_TIMEOUT = 60
"""Seconds any one git command may take."""


class GitError(Exception):
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


def _git(repository: Path, *arguments: str) -> bytes:
    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        environment.pop(name, None)
    try:
        done = subprocess.run(
            ["git", "-C", str(repository), *arguments],
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


@dataclass(frozen=True)
class Repository:
    """A git work tree and where the journeys folder sits in it."""

    root: Path
    folder: str
    """The journeys folder relative to `root`, POSIX style, e.g. `journeys`."""

    @classmethod
    def around(cls, folder: Path) -> Repository:
        """The repository holding `folder` (which need not exist in the work tree)."""
        folder = folder.resolve()
        probe = folder
        while not probe.is_dir():
            probe = probe.parent
        top = _git(probe, "rev-parse", "--show-toplevel").decode().strip()
        root = Path(top).resolve()
        relative = folder.relative_to(root).as_posix()
        return cls(root, "" if relative == "." else relative)

    def is_shallow(self) -> bool:
        return _git(self.root, "rev-parse", "--is-shallow-repository").strip() == b"true"

    def commit_id(self, revision: str) -> str:
        """The commit id of a revision (`main`, `HEAD~3`, a tag or an id)."""
        if not revision or revision.startswith("-"):
            raise GitError(f"not a revision: {revision!r}")
        try:
            output = _git(self.root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        except GitError:
            raise GitError(f"unknown revision {revision!r}") from None
        return output.decode().strip()

    def path(self, name: str) -> str:
        return str(PurePosixPath(self.folder, name)) if self.folder else name

    def files(self, revision: str) -> dict[str, bytes] | None:
        """The files directly in the journeys folder at `revision`, or None when the
        folder did not exist then. Sub-folders and symbolic links are left out."""
        sha = self.commit_id(revision)
        spec = f"{sha}:{self.folder}" if self.folder else f"{sha}:"
        try:
            kind = _git(self.root, "cat-file", "-t", spec).strip()
        except GitError:
            return None
        if kind != b"tree":
            return None
        listing = _git(self.root, "ls-tree", "-z", spec)
        blobs: dict[str, str] = {}
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode, kind_name, blob = meta.split(b" ")
            if kind_name == b"blob" and mode in (b"100644", b"100755"):
                blobs[name.decode("utf-8", "replace")] = blob.decode()
        return {name: self._blob(blob) for name, blob in sorted(blobs.items())}

    def _blob(self, blob: str) -> bytes:
        return _git(self.root, "cat-file", "blob", blob)

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
        files = self.files(revision)
        if files is None:
            return None
        if only is not None:
            files = {k: v for k, v in files.items() if k in (only, "_catalog.yml")}
            if only not in files:
                return None
        return load_handbook_files(files, self.folder or "journeys", max_bytes=max_bytes)


def _commit(record: bytes) -> Commit:
    sha, date, author, subject = record.decode("utf-8", "replace").strip().split("\x1f", 3)
    return Commit(sha, date, author, subject)
