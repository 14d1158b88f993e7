"""Bring maps in from where they live today: Mermaid journeys, spreadsheet grids, CSV exports.

Every importer turns its input into persona-file data (plain dicts in the YAML format)
plus notes on what it could not place; `writer` turns that into files. Nothing here
imports MkDocs or the site layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_MAX_INPUT_BYTES = 20_000_000
"""Largest file an importer reads: far above any real map, far below a memory problem."""


class ImportFailed(Exception):
    """The input cannot be imported; `problems` says where and why, all at once."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Imported:
    """What an importer made of its input: persona files as data, and what to tell the user."""

    personas: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Persona id -> the persona file's data (`persona:` and `journeys:`), in YAML order."""
    notes: list[str] = field(default_factory=list)
    """What was kept elsewhere, dropped or guessed: printed, never silent."""
    comments: dict[str, list[str]] = field(default_factory=dict)
    """Persona id -> comment lines for the top of its file (e.g. a catalog snippet)."""


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> bytes:
    """A regular file's bytes, refusing folders, devices and files over `max_bytes`."""
    if not path.is_file():
        raise ImportFailed([f"{path}: no such file"])
    size = path.stat().st_size
    if size > max_bytes:
        raise ImportFailed(
            [f"{path}: {size:,} bytes is more than the {max_bytes:,} an import reads"]
        )
    return path.read_bytes()


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (with or without a byte-order mark), or a clear error with the position."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        before = body[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise ImportFailed(
            [
                f"{name}:{line}:{column}: byte 0x{body[error.start]:02X} is not UTF-8; "
                "save the file as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)')"
            ]
        ) from None


def check_length(value: str, limit: int, where: str, what: str, problems: list[str]) -> None:
    """Values longer than the model allows stop the import with their position."""
    if len(value) > limit:
        problems.append(
            f"{where}: {what} has {len(value):,} characters; the most a journey map "
            f"takes there is {limit:,}. Shorten it or split it up"
        )
