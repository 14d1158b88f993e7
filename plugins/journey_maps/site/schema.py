"""The field reference of the file format, generated from the model's JSON Schema.

Because the tables are derived from the same pydantic models that validate the files,
the reference in the docs cannot drift from what the plugin accepts.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from ..source import model

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = ["catalog_schema_text", "field_reference", "json_schema", "persona_schema_text"]

FILES: list[tuple[str, str, type[BaseModel]]] = [
    (
        "Persona file",
        "One file per persona, `journeys/<persona-id>.yml`; the file name is the persona id.",
        model.PersonaFile,
    ),
    (
        "Catalog",
        "`journeys/_catalog.yml` (optional): what every persona file shares.",
        model.Catalog,
    ),
]


def json_schema(record: type[BaseModel], title: str) -> dict[str, Any]:
    """The JSON Schema of a file, for editors (yaml-language-server) and validators."""
    schema = record.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}


@functools.cache  # the model does not change while the process runs (a serve session)
def persona_schema_text() -> str:
    return json.dumps(json_schema(model.PersonaFile, "Journey maps persona file"), indent=2) + "\n"


@functools.cache
def catalog_schema_text() -> str:
    return json.dumps(json_schema(model.Catalog, "Journey maps _catalog.yml"), indent=2) + "\n"


def field_reference(heading_level: int = 2) -> str:
    """Markdown: one table per record, every field with its type, whether required, and meaning."""
    hashes = "#" * heading_level
    out: list[str] = []
    for title, intro, record in FILES:
        schema = record.model_json_schema()
        records = {record.__name__: schema, **schema.get("$defs", {})}
        out += [f"{hashes} {title}", "", intro, ""]
        for name, definition in _in_reading_order(record.__name__, records):
            out += [f"{hashes}# `{name}` {{: #{_anchor(name)} }}", ""]  # not Jinja's `{#`
            out += [definition.get("description", "").strip().splitlines()[0], ""]
            out += ["| Field | Type | Required | Description |", "| --- | --- | --- | --- |"]
            required = set(definition.get("required", []))
            for field, spec in definition["properties"].items():
                needed = "yes" if field in required else _default(spec)
                description = spec.get("description", "").replace("|", "\\|")
                out.append(f"| `{field}` | {_type_name(spec)} | {needed} | {description} |")
            out.append("")
    return "\n".join(out)


def _in_reading_order(root: str, records: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Records depth-first from the file's top level, as an author meets them."""
    order: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        order.append(name)
        for spec in records[name]["properties"].values():
            for ref in _refs(spec):
                visit(ref)

    visit(root)
    return [(name, records[name]) for name in order]


def _refs(spec: dict[str, Any]) -> list[str]:
    if "$ref" in spec:
        return [spec["$ref"].rsplit("/", 1)[-1]]
    nested = [spec.get("items", {}), *spec.get("anyOf", [])]
    return [ref for item in nested if item for ref in _refs(item)]


def _anchor(name: str) -> str:
    return "field-" + "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


def _default(spec: dict[str, Any]) -> str:
    default = spec.get("default")
    return f"no (default `{default}`)" if isinstance(default, str) else "no"


def _type_name(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{_anchor(name)})"
    if "anyOf" in spec:
        return " or ".join(_type_name(s) for s in spec["anyOf"] if s.get("type") != "null")
    if spec.get("type") == "array":
        return f"list of {_type_name(spec['items'])}"
    if "enum" in spec and "description" in spec:  # a long list, described (emotion words)
        return str(spec["description"])
    if "enum" in spec:
        return " \\| ".join(f"`{value}`" for value in spec["enum"])
    if spec.get("pattern") == model.SLUG_PATTERN:
        return "id"
    if spec.get("type") == "integer":
        low, high = spec.get("minimum"), spec.get("maximum")
        return f"integer {low}..{high}" if low is not None and high is not None else "integer"
    kinds = {"date": "date YYYY-MM-DD", "uri": "https:// URL", "markdown": "Markdown"}
    if spec.get("format") in kinds:
        return kinds[spec["format"]]
    if spec.get("pattern"):
        return "time HH:MM" if ":" in spec["pattern"] else "text"
    return "text"
