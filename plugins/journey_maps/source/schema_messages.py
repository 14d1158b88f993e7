"""Turn pydantic's validation errors into messages a CX researcher can act on."""

from __future__ import annotations

import datetime as dt
import difflib
import typing
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from .emotion_words import EMOTION_WORDS, SCALE_IN_WORDS
from .problems import Problem, path_label

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

    from .yaml_reader import Document

__all__ = ["schema_problems", "suggest"]


def schema_problems(
    document: Document, model: type[BaseModel], error: ValidationError
) -> list[Problem]:
    """One problem per pydantic error, placed at the offending key or value."""
    problems = []
    for item in error.errors(include_url=False):
        path = tuple(item["loc"])
        kind = item["type"]
        label = path_label(path)
        if kind == "missing":
            parent = path[:-1]
            where = path_label(parent) or "file"
            problems.append(document.problem(parent, f"{where}: missing required key '{path[-1]}'"))
        elif kind == "extra_forbidden":
            allowed = sorted(_fields_at(model, path[:-1]))
            hint = (
                suggest(str(path[-1]), allowed, cutoff=0.6) or f" (allowed: {', '.join(allowed)})"
            )
            problems.append(
                document.problem(path, f"{label}: unknown key '{path[-1]}'{hint}", at_key=True)
            )
        else:
            problems.append(document.problem(path, f"{label}: {_describe(item, path)}"))
    return problems


def suggest(value: str, known: typing.Iterable[str], *, cutoff: float = 0.0) -> str:
    """` (did you mean 'x'?)` naming the closest known id, or '' when nothing is close."""
    match = difflib.get_close_matches(value, sorted(set(known)), n=1, cutoff=cutoff)
    return f" (did you mean '{match[0]}'?)" if match else ""


def show(value: Any) -> str:
    """A value as the author would recognise it in an error message."""
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)


def _describe(item: ErrorDetails, path: tuple[Any, ...]) -> str:
    kind, value, context = item["type"], item.get("input"), item.get("ctx") or {}
    if path and path[-1] == "emotion":
        if isinstance(value, str):  # a word the one mapping does not know
            hint = suggest(" ".join(value.lower().split()), EMOTION_WORDS, cutoff=0.75)
            return f"must be {SCALE_IN_WORDS}; got {show(value)}{hint}"
        return f"must be an integer from 1 to 5, got {show(value)}"
    if kind == "string_type":
        hint = " (put it in quotes)" if isinstance(value, int | float | bool | dt.date) else ""
        return f"must be text, got {show(value)}{hint}"
    if kind == "list_type":
        return f"must be a list, got {show(value)}"
    if kind == "too_short":
        return f"needs at least {context.get('min_length', 1)} item(s)"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a mapping of keys to values, got {show(value)}"
    if kind == "literal_error":
        allowed = [
            a.strip().strip("'")
            for a in str(context.get("expected", "")).replace(" or ", ", ").split(",")
        ]
        hint = suggest(str(value), allowed, cutoff=0.5) if isinstance(value, str) else ""
        return f"must be one of {', '.join(allowed)}; got {show(value)}{hint}"
    if kind.startswith("date"):
        return f"must be a date written YYYY-MM-DD, got {show(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number, got {show(value)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"must be a whole number within the allowed range ({item['msg'].lower()}), got {show(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in ("string_too_long", "too_long") and isinstance(value, str):
        return f"must be at most {context.get('max_length', 0):,} characters, got {len(value):,}"
    if kind == "too_long" and isinstance(value, list):
        return f"must have at most {context.get('max_length', 0):,} items, got {len(value):,}"
    return item["msg"][:1].lower() + item["msg"][1:]


def _fields_at(model: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    """The keys allowed at `path`, found by walking the model's field annotations."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        field = _fields_by_key(current).get(part)
        current = _model_in(field.annotation) if field else None
    return list(_fields_by_key(current)) if current else []


def _fields_by_key(model: type[BaseModel]) -> dict[str, Any]:
    """Fields by the key authors write: the alias where a field has one."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found:
            return found
    return None
