"""Read one YAML file safely, keeping the line and column of every key and value.

PyYAML's C parser produces the event stream (fast, and every event is marked with its
position); this module builds plain Python data from the events itself, with an explicit
stack instead of recursion, instead of using PyYAML's composer and constructor, so it can:

* refuse custom tags (`!!python/object`, `!anything`) without constructing anything;
* refuse duplicate keys instead of letting the last one win;
* stop nesting deeper than a journey map ever needs as soon as it is seen (libyaml's own
  composer recurses in C and crashes on a few hundred thousand `[`);
* stop alias expansion ("billion laughs") after a small bound, and recursive aliases;
* resolve plain scalars by the YAML 1.2 core schema, so `no`, `on` and `7:30` stay
  text instead of turning into `False` and `450` as YAML 1.1 would have it;
* find where every value and key starts, for `file:line:col` errors (read again only
  when a position is asked for).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from .problems import Problem, path_label

__all__ = [
    "MAX_ALIAS_CHARACTERS",
    "MAX_DEPTH",
    "MAX_NUMBER_LENGTH",
    "DataPath",
    "Document",
    "load_document",
]

try:  # libyaml is a wheel extra almost everywhere; the pure parser is the fallback.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import TypeAlias

    from yaml._yaml import Mark as _LibyamlMark

    Mark: TypeAlias = yaml.Mark | _LibyamlMark  # the pure parser's or libyaml's

DataPath = tuple[str | int, ...]

MAX_ALIAS_EXPANSION = 10_000
"""How many nodes alias references may add in total: generous for DRY files, tiny for bombs."""
MAX_ALIAS_CHARACTERS = 1_000_000
"""How many characters of text (keys and scalars) alias references may add in total: one
long string aliased thousands of times is a bomb too, though it adds few nodes."""
MAX_NUMBER_LENGTH = 1_000
"""Longest plain number read as a number, in characters. Python refuses int() of more than
4,300 digits (and printing one), so a longer number would be a crash, not a value."""
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
    """Plain data from one file plus where each part of it was written.

    Where each key and value starts is found when a position is first asked for (a problem
    to report), by reading the text again: a file that loads cleanly never holds a mark and
    a path per value, which took several times the memory of its data (docs/performance.md,
    "Memory")."""

    file: str
    data: Any
    text: str = field(default="", repr=False)
    """The file's text, read again for the positions."""
    written: dict[DataPath, str] = field(default_factory=dict)
    """The source text of plain scalars read as numbers (`1.50`, `0x1F`, `1e999`), so
    fields that are text in the model can show them as written."""
    positions: _Positions | None = field(default=None, repr=False, compare=False)
    """The marks of values and keys, once asked for (or while read for them)."""

    @property
    def values(self) -> dict[DataPath, Mark | None]:
        """Where each value starts, as the parser marks it (0-based), by path."""
        return self._positions().values

    @property
    def keys(self) -> dict[DataPath, Mark | None]:
        """Where each key naming a path starts, as the parser marks it (0-based)."""
        return self._positions().keys

    def _positions(self) -> _Positions:
        if self.positions is None:
            self.positions = _read_positions(self.text, self.file)
        return self.positions

    def value_at(self, path: DataPath) -> Position:
        """Where the value at `path` starts, or its nearest written ancestor."""
        values = self.values
        while path not in values and path:
            path = path[:-1]
        mark = values.get(path)
        return Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)

    def key_at(self, path: DataPath) -> Position:
        """Where the key naming `path` starts (for unknown-key errors)."""
        mark = self.keys.get(path)
        return Position(mark.line + 1, mark.column + 1) if mark else self.value_at(path)

    def problem(self, path: DataPath, message: str, *, at_key: bool = False) -> Problem:
        where = self.key_at(path) if at_key else self.value_at(path)
        return Problem(self.file, where.line, where.column, message, path_label(path))


@dataclass
class _Positions:
    values: dict[DataPath, Mark | None] = field(default_factory=dict)
    keys: dict[DataPath, Mark | None] = field(default_factory=dict)


def _read_positions(text: str, file: str) -> _Positions:
    """The marks of every value and key of a text that was read before: its problems were
    reported then, so a problem this reading meets again only ends it."""
    positions = _Positions()
    document = Document(file, None, text, positions=positions)
    with contextlib.suppress(_Refused, yaml.YAMLError):
        _Builder(document, record=True).build(yaml.parse(text, Loader=_SafeLoader))
    return positions


class _Refused(Exception):
    """A problem that makes the rest of the file unreadable."""

    def __init__(self, event: yaml.Event, message: str) -> None:
        self.position = _position(event)
        super().__init__(message)


def _position(event: yaml.Event) -> Position:
    mark = event.start_mark
    return Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)


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
    document = Document(file, None, text)
    builder = _Builder(document)
    try:
        document.data = builder.build(yaml.parse(text, Loader=_SafeLoader))
    except _Refused as refused:
        return fail(str(refused), refused.position.line, refused.position.column)
    except yaml.MarkedYAMLError as error:
        message, where = _syntax_error(error, text)
        return fail(message, where.line, where.column)
    except yaml.reader.ReaderError as error:
        preceding = text[: error.position]
        line = preceding.count("\n") + 1
        column = error.position - (preceding.rfind("\n") + 1) + 1
        return fail(
            f"invalid YAML: control character U+{int(error.character):04X} is not allowed in YAML text",
            line,
            column,
        )
    except yaml.YAMLError as error:  # pragma: no cover - every libyaml error is one of the above
        return fail(f"invalid YAML: {error}")
    if builder.problems:
        return None, builder.problems
    if document.data is None:
        return fail("file is empty")
    return document, []


def _syntax_error(error: yaml.MarkedYAMLError, text: str) -> tuple[str, Position]:
    """libyaml's complaint in an author's words, at a position the file really has."""
    message, where = _syntax_problem(error, text)
    return message if message.startswith("nested") else f"invalid YAML: {message}", where


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> tuple[str, Position]:
    lines = text.splitlines() or [""]
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return problem or "syntax error", Position(1, 1)
    if mark.line >= len(lines):  # libyaml points past the last line at the end of the file
        where = Position(len(lines), len(lines[-1]) + 1)
    else:
        where = Position(mark.line + 1, mark.column + 1)
    at_end = mark.index >= len(text.rstrip())
    opened = error.context_mark
    if opened is not None and at_end and context.startswith("while parsing a flow"):
        bracket = "[" if "sequence" in context else "{"
        return f"the '{bracket}' opened here is never closed", _at(opened)
    if opened is not None and context == "while scanning a quoted scalar":
        return "the quote opened here is never closed", _at(opened)
    if "maximum nesting depth" in problem:  # libyaml's own bound, in some releases
        return f"nested more than {MAX_DEPTH} levels deep", where
    if where.line <= len(lines) and "\t" in lines[where.line - 1][: where.column]:
        return "a tab is used for indentation; indent with spaces", where
    if problem == "mapping values are not allowed in this context":
        return f"{problem}: text with ': ' in it must be put in quotes", where
    return "; ".join(filter(None, [problem, context])) or "syntax error", where


def _at(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


@dataclass(slots=True)
class _Open:
    """A mapping or sequence being built."""

    value: dict[str, Any] | list[Any]
    path: DataPath
    anchor: str | None
    is_mapping: bool
    size: int = 1
    characters: int = 0
    key: str | int | None = None
    """Mappings: the key waiting for its value; a negative number while the value of a
    duplicate key is read and dropped (no key a file can write is a number)."""
    key_event: yaml.Event | None = None


class _Builder:
    """Builds dicts, lists and scalars from parser events (and, with `record`, the positions)."""

    def __init__(self, document: Document, *, record: bool = False) -> None:
        self.document = document
        self.record = record
        """Whether to keep the mark of every value and key (see Document)."""
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # value, size in nodes, characters
        self.open_anchors: set[str] = set()
        self.expanded = 0
        self.expanded_characters = 0
        self.split_items: set[DataPath] = set()  # list items that look like two items in one

    def build(self, events: Iterator[yaml.Event]) -> Any:
        # The hot loop of the loader: event types are compared by identity, most common first.
        stack: list[_Open] = []
        result: Any = None
        documents = 0
        values = self.document.values if self.record else None
        event: Any  # narrowed by `kind is ...` below, which mypy does not follow
        for event in events:
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                done = stack.pop()
                if done.anchor:
                    self.anchors[done.anchor] = (done.value, done.size, done.characters)
                    self.open_anchors.discard(done.anchor)
                value, size, characters = done.value, done.size, done.characters
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Refused(event, "more than one YAML document (---) in the file")
                continue
            elif (
                kind is yaml.StreamStartEvent
                or kind is yaml.StreamEndEvent
                or kind is yaml.DocumentEndEvent
            ):
                continue
            else:
                parent = stack[-1] if stack else None
                if parent is not None and parent.is_mapping and parent.key is None:
                    self._take_key(parent, event)
                    continue
                path = self._child_path(parent)
                if values is not None:
                    values[path] = event.start_mark
                if kind is yaml.ScalarEvent:
                    value, size, characters = self._scalar(event, path), 1, len(event.value)
                    if event.anchor:
                        self.anchors[event.anchor] = (value, 1, characters)
                elif kind is yaml.AliasEvent:
                    value, size, characters = self._alias(event)
                else:  # a mapping or sequence starts
                    if len(stack) >= MAX_DEPTH:
                        raise _Refused(event, f"nested more than {MAX_DEPTH} levels deep")
                    is_mapping = kind is yaml.MappingStartEvent
                    expected = _TAG + ("map" if is_mapping else "seq")
                    if event.tag not in (None, "!", expected):
                        raise _Refused(event, f"YAML tag '{event.tag}' is not allowed; remove it")
                    if event.anchor:
                        self.open_anchors.add(event.anchor)
                    stack.append(_Open({} if is_mapping else [], path, event.anchor, is_mapping))
                    continue
            if not stack:
                result = value
                continue
            self._attach(stack[-1], value, size, characters)
        return result

    def _child_path(self, parent: _Open | None) -> DataPath:
        if parent is None:
            return ()
        if parent.is_mapping:
            return (*parent.path, parent.key or "")
        return (*parent.path, len(parent.value))

    def _take_key(self, mapping: _Open, event: yaml.Event) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            raise _Refused(event, "a key must be a plain word, not a list, mapping or alias")
        if event.tag not in (None, "!", _TAG + "str"):
            raise _Refused(event, f"YAML tag '{event.tag}' is not allowed; remove it")
        key = event.value
        if key == "<<" and not event.style:
            raise _Refused(event, "YAML merge keys (<<) are not supported; repeat the keys")
        mapping.key, mapping.key_event = key, event
        mapping.characters += len(key)
        assert isinstance(mapping.value, dict)
        if key in mapping.value:
            first = self.document.key_at((*mapping.path, key))
            where = _position(event)
            message = f"duplicate key '{key}' (first written on line {first.line})"
            in_list = bool(mapping.path) and isinstance(mapping.path[-1], int)
            first_key = next(iter(mapping.value))
            if in_list and mapping.path not in self.split_items and key == first_key:
                # The item's first key again: almost always the next item, written without
                # its dash. Said once, instead of one "duplicate key" per key of that item.
                self.split_items.add(mapping.path)
                message = (
                    f"duplicate key '{key}': this looks like a new list item without its '- ' "
                    f"(the item above starts with '{key}:' on line {first.line}); "
                    f"write '- {key}: ...'"
                )
            elif mapping.path in self.split_items:
                message = ""  # the rest of that item: the missing '- ' was already reported
            if message:
                self.problems.append(
                    Problem(
                        self.document.file,
                        where.line,
                        where.column,
                        message,
                        path_label((*mapping.path, key)),
                    )
                )
            mapping.key = -1 - len(self.problems)  # keep parsing, drop the repeat
        elif self.record:
            key_path = (*mapping.path, key)  # mypy reads keys[(*a, b)] as 3.11's keys[*a, b]
            self.document.keys[key_path] = event.start_mark

    def _attach(self, parent: _Open, value: Any, size: int, characters: int) -> None:
        parent.size += size
        parent.characters += characters
        if isinstance(parent.value, list):
            parent.value.append(value)
            return
        key, parent.key = parent.key, None
        assert key is not None
        if isinstance(key, str):  # a number marks a duplicate's value: dropped, reported
            parent.value[key] = value

    def _alias(self, event: yaml.AliasEvent) -> tuple[Any, int, int]:
        name = event.anchor
        if name in self.open_anchors:
            raise _Refused(event, "an alias refers to a value that contains it (recursive alias)")
        if name not in self.anchors:
            raise _Refused(event, f"alias *{name} has no anchor &{name} before it")
        value, size, characters = self.anchors[name]
        self.expanded += size
        self.expanded_characters += characters
        if self.expanded > MAX_ALIAS_EXPANSION:
            raise _Refused(
                event, f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} values; refusing"
            )
        if self.expanded_characters > MAX_ALIAS_CHARACTERS:
            raise _Refused(
                event,
                f"aliases expand to more than {MAX_ALIAS_CHARACTERS:,} characters of text; refusing",
            )
        return value, size, characters

    def _scalar(self, event: yaml.ScalarEvent, path: DataPath) -> Any:
        if event.tag in (None, "!"):
            if event.style or event.tag == "!":
                return event.value  # quoted or block scalars are always text
            return self._plain(event, path)
        if event.tag == _TAG + "str":
            return event.value
        if event.tag in _ALLOWED_TAGS:
            return self._plain(event, path)
        raise _Refused(event, f"YAML tag '{event.tag}' is not allowed; remove it")

    def _plain(self, event: yaml.ScalarEvent, path: DataPath) -> Any:
        try:
            value = _resolve_plain(event.value)
        except _TooLong:
            where = _position(event)
            self.problems.append(
                Problem(
                    self.document.file,
                    where.line,
                    where.column,
                    f"number too long ({len(event.value):,} characters, at most "
                    f"{MAX_NUMBER_LENGTH:,}); put it in quotes if it is text",
                    path_label(path),
                )
            )
            return event.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.document.written[path] = event.value
        return value


class _TooLong(Exception):
    """A plain number with more digits than Python reads as an int."""


def _resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema, plus ISO dates (the format uses them for reviews)."""
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if len(value) > MAX_NUMBER_LENGTH and any(
        pattern.match(value) for pattern in (_INT, _OCT, _HEX, _FLOAT)
    ):
        raise _TooLong
    if _INT.match(value):
        try:
            return int(value)
        except ValueError:  # a lower int_max_str_digits set for this process
            raise _TooLong from None
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
