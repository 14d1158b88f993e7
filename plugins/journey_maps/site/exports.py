"""Machine-readable exports: `journeys.json` (everything, resolved) and CSVs for spreadsheets.

The JSON shape is versioned (`version`); fields are only ever added within a version.
Every persona, journey, stage, pain point, opportunity and touchpoint carries its
canonical handbook URL, relative to the site root (`handbook_url`) and, when `site_url`
is set, absolute (`handbook_href`). A touchpoint's own `url` is kept as written.
"""

from __future__ import annotations

import csv
import io
import json
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin

from ..views.export_columns import (
    OPPORTUNITY_COLUMNS,
    PAIN_POINT_COLUMNS,
    ExportColumn,
    column_name,
    header,
    runs_as_formula,
    steps_header,
)
from ..views.tickets import ticket_href

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from ..source.model import Journey, Opportunity, PainPoint, PersonaFile
    from ..views.registers import OpportunityEntry, PainPointEntry, Registers
    from .fragments import Fragments
    from .paths import SitePaths

__all__ = ["Exporter", "_csv", "steps_header"]

EXPORT_VERSION = 1
_PERSONAS = "\0personas\0"
"""Where `journeys.json` puts its personas, each dumped on its own."""
_ROWS_AT_ONCE = 500
"""Rows of a CSV export made into text together: the text of a few, not of the whole file."""
_Made = TypeVar("_Made")
_Entry = TypeVar("_Entry", "PainPointEntry", "OpportunityEntry")


class Exporter:
    def __init__(
        self,
        registers: Registers,
        paths: SitePaths,
        site_url: str | None,
        kept: Fragments | None = None,
    ) -> None:
        self.registers = registers
        self.kept = kept
        """Under `serve --dirty`: each persona's part of the last build's exports, by key."""
        self.handbook = registers.handbook
        self.paths = paths
        self.site_url = site_url
        # Looked up per journey and per pain point below: built once from the registers.
        self.reviews = {id(journey): review for _, journey, review in registers.reviews}
        self.addressed_by = {
            id(entry.pain): [o.opportunity.id for o in entry.addressed_by]
            for entry in registers.pain_points
        }
        self.statuses = {id(entry.pain): entry.status for entry in registers.pain_points}

    def _link(self, src_uri: str, anchor: str = "") -> dict[str, str]:
        url = self.paths.page_url(src_uri) + (f"#{anchor}" if anchor else "")
        links = {"handbook_url": url}
        if self.site_url:
            links["handbook_href"] = urljoin(self.site_url.rstrip("/") + "/", url)
        return links

    def _ticket(self, ticket: str, ticket_url: str | None) -> dict[str, str | None]:
        return {"id": ticket, "href": ticket_href(ticket, ticket_url)}

    def journeys_json(self, *, generated: str, ticket_url: str | None) -> str:
        return "".join(self.journeys_json_parts(generated=generated, ticket_url=ticket_url))

    def journeys_json_parts(self, *, generated: str, ticket_url: str | None) -> Iterator[str]:
        """`journeys.json` in parts, a persona at a time: the whole export, held at once as
        text, took tens of MiB at 5,000 stage pages (docs/performance.md, "Memory")."""
        catalog = self.handbook.catalog.model_dump(mode="json")
        for touchpoint in catalog["touchpoints"]:
            touchpoint.update(self._link(self.paths.touchpoints, touchpoint["id"]))
        data = {
            "format": "mkdocs-journey-maps",
            "version": EXPORT_VERSION,
            "generated": generated,
            "catalog": catalog,
            "personas": _PERSONAS,
            "tickets": [
                {
                    **self._ticket(ticket, ticket_url),
                    "cited_by": [
                        {
                            "kind": c.kind,
                            "id": c.item.id,
                            **self._link(self._stage_uri(c.place), c.item.id),
                        }
                        for c in citations
                    ],
                }
                for ticket, citations in self.registers.tickets.items()
            ],
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        # Each persona as JSON on its own (kept under `serve --dirty`), put where the list
        # goes, indented as json.dumps indents an item of a list in the top-level object.
        key = '\n  "personas": '  # the top-level key: author text has its quotes escaped
        before, _, after = text.partition(key + json.dumps(_PERSONAS))
        yield before + key
        if not self.handbook.personas:
            yield "[]"
        for number, persona in enumerate(self.handbook.personas):
            yield "[\n    " if number == 0 else ",\n    "
            yield self._per_persona(
                persona, "journeys.json", partial(self._persona_json, persona, ticket_url)
            )
        if self.handbook.personas:
            yield "\n  ]"
        yield after

    def _per_persona(
        self, persona: PersonaFile, kind: str, make: Callable[[], _Made], *item: str
    ) -> _Made:
        """`make()`: a persona's part of an export (or one `item` of it, a row), kept by
        the persona's key under `serve --dirty`."""
        if self.kept is None:
            return make()
        # The links name site_url (`handbook_href`), which no persona key holds.
        return self.kept.render(persona.id, (kind, self.site_url or "", *item), make)

    def _persona_json(self, persona: PersonaFile, ticket_url: str | None) -> str:
        text = json.dumps(self._persona(persona, ticket_url), indent=2, ensure_ascii=False)
        return text.replace("\n", "\n    ")

    def _stage_uri(self, place: Any) -> str:
        return self.paths.stage(place.persona.id, place.journey.id, place.stage.id)

    def _persona(self, persona: PersonaFile, ticket_url: str | None) -> dict[str, Any]:
        return {
            "id": persona.id,
            **self._link(self.paths.persona(persona.id)),
            **persona.profile.model_dump(mode="json"),
            "journeys": [self._journey(persona, j, ticket_url) for j in persona.journeys],
        }

    def _journey(
        self, persona: PersonaFile, journey: Journey, ticket_url: str | None
    ) -> dict[str, Any]:
        data = journey.model_dump(mode="json", exclude={"stages"})
        review = self.reviews[id(journey)]
        data.update(self._link(self.paths.journey(persona.id, journey.id)))
        data["review"] = {
            "every_days": review.every_days,
            "due": review.due.isoformat() if review.due else None,
            "status": review.status,
        }
        data["stages"] = []
        for stage in journey.stages:
            uri = self.paths.stage(persona.id, journey.id, stage.id)
            item = stage.model_dump(mode="json", exclude={"pain_points", "opportunities"})
            item.update(self._link(uri))
            item["emotion_inferred"] = stage.emotion_inferred
            item["pain_points"] = [self._pain(uri, p, ticket_url) for p in stage.pain_points]
            item["opportunities"] = [
                self._opportunity(uri, o, ticket_url) for o in stage.opportunities
            ]
            data["stages"].append(item)
        return data

    def _pain(self, uri: str, pain: PainPoint, ticket_url: str | None) -> dict[str, Any]:
        item = pain.model_dump(mode="json")
        item.update(self._link(uri, pain.id))
        item["tickets"] = [self._ticket(t, ticket_url) for t in pain.tickets]
        item["addressed_by"] = self.addressed_by[id(pain)]
        # What the handbook shows: the written status, or the one derived from its fixes.
        status = self.statuses[id(pain)]
        item["status"] = status.state
        item["status_source"] = status.source
        return item

    def _opportunity(
        self, uri: str, opportunity: Opportunity, ticket_url: str | None
    ) -> dict[str, Any]:
        item = opportunity.model_dump(mode="json")
        item.update(self._link(uri, opportunity.id))
        item["tickets"] = [self._ticket(t, ticket_url) for t in opportunity.tickets]
        return item

    def pain_points_csv(self) -> str:
        return "".join(self.pain_points_csv_parts())

    def pain_points_csv_parts(self) -> Iterator[str]:
        entries = [e for group in self.registers.by_severity().values() for e in group]
        return self._item_csv(
            "pain_points.csv", PAIN_POINT_COLUMNS, entries, self._pain_point_record
        )

    def _pain_point_record(self, e: PainPointEntry) -> dict[str, str]:
        return {
            "id": e.pain.id,
            "title": e.pain.title,
            "severity": e.pain.severity,
            "persona": e.place.persona.profile.name,
            "journey": e.place.journey.title,
            "stage": e.place.stage.name,
            "touchpoint": (
                self.handbook.touchpoints[e.pain.touchpoint].name if e.pain.touchpoint else ""
            ),
            "tickets": " ".join(e.pain.tickets),
            "addressed_by": " ".join(o.opportunity.id for o in e.addressed_by),
            "url": self._link(self._stage_uri(e.place), e.pain.id)["handbook_url"],
            "detail": e.pain.detail or "",
            "evidence": " ".join(e.pain.evidence),
            "touchpoint_id": e.pain.touchpoint or "",
            "status": e.status.state,
            "status_source": e.status.source,
            "status_date": e.pain.status_date.isoformat() if e.pain.status_date else "",
            "verified_by": " ".join(e.pain.verified_by),
            "same_as": e.pain.same_as or "",
            "replaces": e.pain.replaces or "",
            "lane": e.pain.lane or "",
            "step": "" if e.pain.step is None else str(e.pain.step),
        }

    def opportunities_csv(self) -> str:
        return "".join(self.opportunities_csv_parts())

    def opportunities_csv_parts(self) -> Iterator[str]:
        return self._item_csv(
            "opportunities.csv",
            OPPORTUNITY_COLUMNS,
            self.registers.opportunities,
            self._opportunity_record,
        )

    def _opportunity_record(self, e: OpportunityEntry) -> dict[str, str]:
        return {
            "id": e.opportunity.id,
            "title": e.opportunity.title,
            "status": e.opportunity.status,
            "impact": e.opportunity.impact or "",
            "effort": e.opportunity.effort or "",
            "owner": (self.handbook.teams[e.opportunity.owner].name if e.opportunity.owner else ""),
            "persona": e.place.persona.profile.name,
            "journey": e.place.journey.title,
            "stage": e.place.stage.name,
            "addresses": " ".join(e.opportunity.addresses),
            "tickets": " ".join(e.opportunity.tickets),
            "url": self._link(self._stage_uri(e.place), e.opportunity.id)["handbook_url"],
            "detail": e.opportunity.detail or "",
            "owner_id": e.opportunity.owner or "",
            "lane": e.opportunity.lane or "",
            "step": "" if e.opportunity.step is None else str(e.opportunity.step),
        }

    def _item_csv(
        self,
        kind: str,
        columns: Sequence[ExportColumn],
        entries: Sequence[_Entry],
        record_of: Callable[[_Entry], dict[str, str]],
    ) -> Iterator[str]:
        """A CSV export of pain points or opportunities in parts, a row per entry. Under
        `serve --dirty` each row's text is kept by its persona's key (an item's id is unique
        in its journey); in a build, the rows are written _ROWS_AT_ONCE at a time."""
        yield _csv_start(header(columns))
        if self.kept is None:
            for start in range(0, len(entries), _ROWS_AT_ONCE):
                records = [record_of(e) for e in entries[start : start + _ROWS_AT_ONCE]]
                yield _csv_rows(_in_columns(columns, records))
            return
        for e in entries:
            yield self._per_persona(
                e.place.persona,
                kind,
                partial(_row_text, columns, partial(record_of, e)),
                e.place.journey.id,
                e.item.id,
            )

    def steps_csv(self) -> str:
        return "".join(self.steps_csv_parts())

    def steps_csv_parts(self) -> Iterator[str]:
        """One row per step (a stage without steps gets one row), with every field of its
        persona, journey and stage: with the pain point and opportunity exports, everything
        `journey-maps import csv` needs to write the persona files again. A persona's rows
        at a time."""
        header = steps_header()
        yield _csv_start(header)
        for persona in self.handbook.personas:
            yield self._per_persona(
                persona, "steps.csv", partial(self._steps_csv_rows, persona, header)
            )

    def _steps_csv_rows(self, persona: PersonaFile, header: list[str]) -> str:
        return _csv_rows(self._step_rows(persona, header))

    def _step_rows(self, persona: PersonaFile, header: list[str]) -> list[list[str]]:
        """A persona's rows of `steps.csv`, in the columns of `header`."""
        rows: list[dict[str, Any]] = []
        person = _prefixed(persona.profile.model_dump(mode="json"), "persona")
        person["persona_id"] = persona.id
        if not persona.journeys:
            rows.append(person)
        for journey in persona.journeys:
            trip = _prefixed(journey.model_dump(mode="json", exclude={"stages"}), "journey")
            for stage in journey.stages:
                place = _prefixed(
                    stage.model_dump(
                        mode="json", exclude={"steps", "pain_points", "opportunities"}
                    ),
                    "stage",
                )
                if stage.emotion_inferred:
                    place["stage_emotion"] = None  # the mean of the steps, not written
                place["stage_pain_points"] = [p.id for p in stage.pain_points]
                place["stage_opportunities"] = [o.id for o in stage.opportunities]
                uri = self.paths.stage(persona.id, journey.id, stage.id)
                place["url"] = self._link(uri)["handbook_url"]
                steps = [s.model_dump(mode="json") for s in stage.steps] or [{}]
                for number, step in enumerate(steps, 1):
                    if step:
                        step["step"] = number
                    rows.append({**person, **trip, **place, **step})
        return [[_cell(row.get(column)) for column in header] for row in rows]


def _prefixed(data: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {column_name(name, prefix): value for name, value in data.items()}


def _cell(value: Any) -> str:
    """A value as one cell: lists one item per line, records (and lists whose items have
    line breaks or that would start with `[`) as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        joined = "\n".join(value)
        if not any("\n" in item or "\r" in item for item in value) and not joined.startswith("["):
            return joined
    if isinstance(value, list) and not value:
        return ""
    return json.dumps(value, ensure_ascii=False)


def _in_columns(columns: Sequence[ExportColumn], records: list[dict[str, str]]) -> list[list[str]]:
    """Each record as a row in the order of `columns`. A record must have a cell for every
    column and no other: a column added without its cell, or a cell without its column,
    fails here instead of leaving a column empty or a value out."""
    names = header(columns)
    for record in records:
        if record.keys() != set(names):
            missing, unknown = set(names) - record.keys(), record.keys() - set(names)
            raise ValueError(
                f"export columns without cells {missing}, cells without columns {unknown}"
            )
    return [[record[name] for name in names] for record in records]


def _row_text(columns: Sequence[ExportColumn], record: Callable[[], dict[str, str]]) -> str:
    """One record as its CSV row, for the rows kept one by one."""
    return _csv_rows(_in_columns(columns, [record()]))


def _csv(header: list[str], rows: list[list[str]]) -> str:
    return _csv_start(header) + _csv_rows(rows)


def _csv_start(header: list[str]) -> str:
    """The byte order mark, so spreadsheet programs read UTF-8 (£, é) correctly, and the
    header record."""
    return "\ufeff" + _csv_rows([header], inert=False)


def _csv_rows(rows: list[list[str]], *, inert: bool = True) -> str:
    """Rows as CSV records. Spreadsheet programs run cells starting with = + - @ as
    formulas: with `inert`, they are quoted out."""
    buffer = io.StringIO()
    # RFC 4180: CRLF between records. With it as the terminator, QUOTE_MINIMAL quotes
    # every cell containing a CR or an LF, so no cell can start a row of its own.
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([[_inert(cell) for cell in row] for row in rows] if inert else rows)
    return buffer.getvalue()


def _inert(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading `'` before anything that could run as
    a formula (`runs_as_formula`, the rule the importer undoes)."""
    return "'" + cell if runs_as_formula(cell) else cell
