"""Read one YAML file safely, keeping the line and column of every key and value.

PyYAML's C parser builds the node graph (fast, and it records marks); this module
turns nodes into plain Python data itself instead of using a constructor, so it can:

* refuse custom tags (`!!python/object`, `!anything`) without constructing them;
* refuse duplicate keys instead of letting the last one win;
* stop alias expansion ("billion laughs") after a small bound, and recursive aliases;
* resolve plain scalars by the YAML 1.2 core schema, so `no`, `on` and `7:30` stay
  text instead of turning into `False` and `450` as YAML 1.1 would have it;
* record where every value and key starts, for `file:line:col` errors.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

try:  # libyaml is a wheel extra almost everywhere; the pure parser is the fallback.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

Path = tuple[str | int, ...]

MAX_ALIAS_EXPANSION = 10_000
"""How many nodes alias references may add in total: generous for DRY files, tiny for bombs."""
MAX_DEPTH = 64
"""Nesting deeper than this is never a journey map."""

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class Document:
    """Plain data from one file plus where each part of it was written."""

    file: str
    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def value_at(self, path: Path) -> Position:
        """Where the value at `path` starts, or its nearest written ancestor."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Position(1, 1))

    def key_at(self, path: Path) -> Position:
        """Where the key naming `path` starts (for unknown-key errors)."""
        return self.keys.get(path) or self.value_at(path)

    def problem(self, path: Path, message: str, *, at_key: bool = False) -> Problem:
        where = self.key_at(path) if at_key else self.value_at(path)
        return Problem(self.file, where.line, where.column, message)


class _Refused(Exception):
    """A problem that makes the rest of the file unreadable."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        self.position = _position(node)
        super().__init__(message)


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def load_document(
    raw: bytes, file: str, *, max_bytes: int
) -> tuple[Document | None, list[Problem]]:
    """Parse `raw` (the bytes of `file`) into a Document, or say why not."""

    def fail(message: str, line: int = 1, column: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(file, line, column, message)]

    if len(raw) > max_bytes:
        return fail(f"file is {len(raw):,} bytes, over the limit of {max_bytes:,} (max_file_size)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return fail(
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8", line, column
        )
    text = text.removeprefix("\ufeff")  # Windows editors write a BOM; it is not content.
    if not text.strip():
        return fail("file is empty")
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(filter(None, [error.problem, error.context])) or "invalid YAML"
        if mark is None:  # pragma: no cover - libyaml always marks
            return fail(f"invalid YAML: {message}")
        return fail(f"invalid YAML: {message}", mark.line + 1, mark.column + 1)
    except yaml.YAMLError as error:
        return fail(f"invalid YAML: {error}")
    if root is None:
        return fail("file is empty")
    document = Document(file, None)
    builder = _Builder(document)
    try:
        document.data = builder.build(root, ())
    except _Refused as refused:
        return fail(str(refused), refused.position.line, refused.position.column)
    if builder.problems:
        return None, builder.problems
    return document, []


class _Builder:
    """Turns a node graph into dicts, lists and scalars, recording positions."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.open: set[int] = set()
        self.expanded = 0

    def build(self, node: yaml.Node, path: Path) -> Any:
        if len(path) > MAX_DEPTH:
            raise _Refused(node, f"nested more than {MAX_DEPTH} levels deep")
        identity = id(node)
        if identity in self.open:
            raise _Refused(node, "an alias refers to a value that contains it (recursive alias)")
        if identity in self.seen:
            self.expanded += 1
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise _Refused(
                    node, f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} values; refusing"
                )
        self.seen.add(identity)
        self.document.values[path] = _position(node)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        self.open.add(identity)
        try:
            if isinstance(node, yaml.SequenceNode):
                self._check_tag(node, _TAG + "seq")
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            self._check_tag(node, _TAG + "map")
            return self._mapping(node, path)
        finally:
            self.open.discard(identity)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node, "a key must be a plain word, not a list or mapping")
            key = key_node.value
            if key == "<<" and not key_node.style:
                raise _Refused(key_node, "YAML merge keys (<<) are not supported; repeat the keys")
            if key in result:
                first = self.document.keys[(*path, key)]
                where = _position(key_node)
                self.problems.append(
                    Problem(
                        self.document.file,
                        where.line,
                        where.column,
                        f"duplicate key '{key}' (first written on line {first.line})",
                    )
                )
                continue
            self.document.keys[(*path, key)] = _position(key_node)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            raise _Refused(node, f"YAML tag '{node.tag}' is not allowed; remove it")

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _ALLOWED_TAGS:
            raise _Refused(node, f"YAML tag '{node.tag}' is not allowed; remove it")
        value = node.value
        if node.style or node.tag == _TAG + "str":  # libyaml says '' for plain, PyYAML None
            return value  # quoted, block or explicitly `!!str`: always text
        return _resolve_plain(value)


def _resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema, plus ISO dates (the format uses them for reviews)."""
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value  # e.g. 2026-02-30: the model says it is not a real date
    return value
