"""The overviews the cross-persona pages open with: the touchpoint heat map, the compact
pain-point register and the named quadrants of the opportunity matrix.
Plain data computed from the registers; the templates draw it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..source.model import (
    OPPORTUNITY_STATUSES,
    PAIN_POINT_STATUSES,
    SEVERITIES,
    PainPointStatus,
    PersonaFile,
    Touchpoint,
)
from .evidence import STRENGTH_LABELS, STRENGTHS, pain_evidence
from .labels import value_words
from .lifecycle import status_counts
from .messages import N_, _
from .registers import (
    EFFORT_COLUMNS,
    IMPACT_ROWS,
    OpportunityEntry,
    PainPointEntry,
    Place,
    Registers,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = [
    "Choice",
    "Facet",
    "RowFilter",
    "RowKeys",
    "SortKey",
    "heat_map",
    "open_of",
    "opportunity_filter",
    "opportunity_matrix",
    "pain_filter",
    "pain_register",
    "touchpoint_filter",
]


@dataclass(frozen=True)
class HeatCell:
    """One touchpoint for one persona, over current (live) maps; open pain points only."""

    lowest: int | None
    mean: float | None
    pain_points: int
    stages: int


@dataclass(frozen=True)
class HeatRow:
    touchpoint: Touchpoint
    cells: list[HeatCell | None]
    """One per persona (in `HeatMap.personas` order); None where the persona never passes."""
    pain_points: int
    lowest: int | None


@dataclass(frozen=True)
class HeatMap:
    personas: list[PersonaFile]
    rows: list[HeatRow]


def heat_map(registers: Registers) -> HeatMap:
    """Touchpoint x persona over live maps, where customers feel worst first: the lowest
    emotion felt there, then the most open pain points, then the name. A touchpoint at
    emotion 1 with no pain point logged is a hotspot nobody wrote up yet: it comes first,
    not last. Touchpoints nobody rated come after every rated one."""
    handbook = registers.handbook
    personas = list(handbook.personas)
    rows = []
    for touchpoint in handbook.catalog.touchpoints:
        live = [u for u in registers.touchpoint_uses.get(touchpoint.id, []) if u.journey.is_live]
        if not live:
            continue
        # Each use's persona and open pain points looked at once: a cell per persona of
        # every touchpoint, so scanning the uses per cell grew as touchpoints x personas x uses.
        by_persona: dict[int, list[tuple[int | None, int]]] = {}
        for use in live:
            opened = len(registers.open_pain_points(use.pain_points))
            by_persona.setdefault(id(use.persona), []).append((use.emotion, opened))
        cells: list[HeatCell | None] = []
        for persona in personas:
            uses = by_persona.get(id(persona))
            if not uses:
                cells.append(None)
                continue
            felt = [emotion for emotion, _opened in uses if emotion is not None]
            cells.append(
                HeatCell(
                    min(felt) if felt else None,
                    round(sum(felt) / len(felt), 1) if felt else None,
                    sum(opened for _emotion, opened in uses),
                    len(uses),
                )
            )
        felt_all = [u.emotion for u in live if u.emotion is not None]
        rows.append(
            HeatRow(
                touchpoint,
                cells,
                sum(cell.pain_points for cell in cells if cell is not None),
                min(felt_all) if felt_all else None,
            )
        )
    rows.sort(key=_hottest_first)
    return HeatMap(personas, rows)


def _hottest_first(row: HeatRow) -> tuple[int, int, str]:
    unrated = 6  # after every emotion (1-5)
    lowest = row.lowest if row.lowest is not None else unrated
    return (lowest, -row.pain_points, row.touchpoint.name.casefold())


@dataclass(frozen=True)
class PainRegister:
    """Pain points most severe first: the open ones of current maps counted; those whose
    fix shipped, was verified or will not come apart (`closed`), and archived maps' apart."""

    counted: list[PainPointEntry]
    closed: list[PainPointEntry]
    archived: list[PainPointEntry]

    @property
    def listed(self) -> list[PainPointEntry]:
        """Every pain point the page lists in its registers: counted, closed, archived."""
        return [*self.counted, *self.closed, *self.archived]

    def count(self, severity: str) -> int:
        return sum(e.pain.severity == severity for e in self.counted)

    def unaddressed(self, severity: str) -> int:
        return sum(e.pain.severity == severity and not e.addressed for e in self.counted)

    def states(self) -> dict[PainPointStatus, int]:
        """Pain points of maps that are not archived, by lifecycle state."""
        return status_counts(e.status for e in [*self.counted, *self.closed])


def open_of(entries: list[PainPointEntry]) -> str:
    """How many of `entries` are open pain points of maps that are not archived, as a
    heading counts them: `2 open of 5`, or `5` when they all are."""
    still_open = sum(e.counted for e in entries)
    if still_open < len(entries):
        return _("{open} open of {total}").format(open=still_open, total=len(entries))
    return str(len(entries))


def pain_register(registers: Registers) -> PainRegister:
    order = {s: n for n, s in enumerate(SEVERITIES)}
    entries = sorted(registers.pain_points, key=lambda e: order[e.pain.severity])
    current = [e for e in entries if e.place.journey.status != "archived"]
    return PainRegister(
        [e for e in current if e.open],
        [e for e in current if not e.open],
        [e for e in entries if e.place.journey.status == "archived"],
    )


@dataclass(frozen=True)
class MatrixCell:
    """One impact x effort cell of the opportunity matrix: its corner's name, if named."""

    impact: str
    effort: str
    entries: list[OpportunityEntry]

    @property
    def quadrant(self) -> str | None:
        name = QUADRANTS.get((self.impact, self.effort))
        return _(name) if name else None

    @property
    def label(self) -> str:
        """What a phone shows before the cell: `High impact, low effort`."""
        words = _("{impact} impact, {effort} effort").format(
            impact=value_words(self.impact), effort=value_words(self.effort)
        )
        return _first_upper(words)


@dataclass(frozen=True)
class MatrixRow:
    impact: str
    cells: list[MatrixCell]

    @property
    def heading(self) -> str:
        return _first_upper(_("{impact} impact").format(impact=value_words(self.impact)))


@dataclass(frozen=True)
class OpportunityMatrix:
    """Open opportunities by impact (rows, high first) and effort (columns, low first)."""

    rows: list[MatrixRow]

    @property
    def headings(self) -> list[str]:
        return [
            _first_upper(_("{effort} effort").format(effort=value_words(effort)))
            for effort in EFFORT_COLUMNS
        ]


def _first_upper(words: str) -> str:
    """`High impact` from `high impact`: a label that starts with a format value."""
    return words[:1].upper() + words[1:]


def opportunity_matrix(registers: Registers) -> OpportunityMatrix:
    cells = registers.matrix()
    return OpportunityMatrix(
        [
            MatrixRow(impact, [MatrixCell(impact, e, cells[(impact, e)]) for e in EFFORT_COLUMNS])
            for impact in IMPACT_ROWS
        ]
    )


QUADRANTS = {
    ("high", "low"): N_("Quick wins"),
    ("high", "high"): N_("Big bets"),
    ("low", "low"): N_("Fill-ins"),
    ("low", "high"): N_("Money pits"),
}
"""The named corners of the impact x effort matrix, by (impact, effort)."""


# --- filter and sort in the page ---------------------------------------------------------------
#
# The overviews' rows carry what the page's filter needs as data-* attributes, written here so
# the script (site/assets/journey-maps.js) only compares words: it never knows what a
# severity or a persona is. Without the script every row shows, in the order listed.


@dataclass(frozen=True)
class Choice:
    """One value a facet can be set to: its id in the URL and on the rows, its words."""

    value: str
    label: str


@dataclass(frozen=True)
class Facet:
    """One filter of the page (persona, severity...): its choices, in the order it sorts them."""

    key: str
    heading: str
    choices: list[Choice]


@dataclass(frozen=True)
class SortKey:
    """One order the page can be sorted in: by a facet's order, or by a figure."""

    key: str
    label: str


@dataclass(frozen=True)
class RowKeys:
    """One row as the filter sees it: the values it matches under each facet (a pain point
    may concern two teams) and its rank under each sort key (smaller first)."""

    values: dict[str, list[str]]
    ranks: dict[str, float]

    @property
    def attributes(self) -> list[tuple[str, str]]:
        """The row's data-* attributes: `data-jm-row`, `data-jm-<facet>` (space-separated
        ids, which never hold a space) and `data-jm-rank-<key>` (a number)."""
        found = [("data-jm-row", ""), *self._facet_attributes]
        found += [(f"data-jm-rank-{key}", f"{rank:g}") for key, rank in self.ranks.items()]
        return found

    @property
    def item_attributes(self) -> list[tuple[str, str]]:
        """The same entry's attributes where the page details it below the table (a heading
        in a section): `data-jm-item` and its `data-jm-<facet>` values, so the filter hides
        the item with its row. No ranks: the details keep their order, only rows sort."""
        return [("data-jm-item", ""), *self._facet_attributes]

    @property
    def _facet_attributes(self) -> list[tuple[str, str]]:
        return [(f"data-jm-{key}", " ".join(values)) for key, values in self.values.items()]


@dataclass(frozen=True)
class RowFilter:
    """What the filter bar of one overview offers, and every row's keys."""

    noun: str
    """What the rows are, plural: `pain points`."""
    listed: str
    """The order the rows come in without sorting, in words: `most severe first`."""
    facets: list[Facet]
    sorts: list[SortKey]
    rows: dict[int, RowKeys] = field(default_factory=dict, repr=False)

    def of(self, entry: object) -> RowKeys | None:
        """The keys of a row's entry (the register entry or heat-map row it was built from)."""
        return self.rows.get(id(entry))

    def item_of(self, entry: object) -> RowKeys:
        """The keys of an entry the page details below its table. One the table does not
        list (a touchpoint no current map passes through) has no value under any facet: it
        shows while the filter is empty and is hidden by any choice, as it has no row."""
        return self.of(entry) or RowKeys({f.key: [] for f in self.facets}, {})


@dataclass(frozen=True)
class _Fact:
    """Something a row is: under facet `key`, `value` (words `label`), ranked `rank`, or by
    its words when None. `filters=False`: a figure to sort by, not a facet to filter on."""

    key: str
    value: str
    label: str
    rank: float | None = None
    filters: bool = True


@dataclass(frozen=True)
class _Spec:
    """A facet or sort key an overview offers: its key, heading and, when it sorts, the words."""

    key: str
    heading: str
    sort: str | None = None
    filters: bool = True


def _row_filter(
    noun: str,
    listed: str,
    entries: Iterable[object],
    facts_of: Callable[[object], list[_Fact]],
    specs: list[_Spec],
) -> RowFilter:
    """The facets and sort keys of `entries`: a facet is offered when its rows differ (two
    values or more), and each row gets the rank of its first value under each key."""
    facts = {id(entry): facts_of(entry) for entry in entries}
    labels: dict[str, dict[str, str]] = {}
    given: dict[str, dict[str, float]] = {}
    for row in facts.values():
        for fact in row:
            labels.setdefault(fact.key, {}).setdefault(fact.value, fact.label)
            if fact.rank is not None:
                given.setdefault(fact.key, {}).setdefault(fact.value, fact.rank)
    ranks: dict[str, dict[str, float]] = {}
    for key, words in labels.items():
        ordered = sorted(words, key=lambda v: (given.get(key, {}).get(v, 0), words[v].casefold()))
        ranks[key] = given[key] if key in given else {v: n for n, v in enumerate(ordered)}
        labels[key] = {v: words[v] for v in ordered}
    offered = [spec for spec in specs if len(labels.get(spec.key, {})) > 1]
    facets = [
        Facet(s.key, s.heading, [Choice(v, w) for v, w in labels[s.key].items()])
        for s in offered
        if s.filters
    ]
    sorts = [SortKey(s.key, s.sort) for s in offered if s.sort]
    rows = {}
    for entry_id, row in facts.items():
        values: dict[str, list[str]] = {}
        row_ranks: dict[str, float] = {}
        for fact in row:
            if fact.filters:
                values.setdefault(fact.key, []).append(fact.value)
            rank = ranks[fact.key][fact.value]
            row_ranks[fact.key] = min(row_ranks.get(fact.key, rank), rank)
        keys = RowKeys(
            {f.key: values.get(f.key, []) for f in facets},
            {s.key: row_ranks.get(s.key, len(labels[s.key])) for s in sorts},
        )
        rows[entry_id] = keys
    return RowFilter(noun, listed, facets, sorts, rows)


def _place_facts(place: Place, registers: Registers, teams: Iterable[str | None]) -> list[_Fact]:
    """Who, which map, which stage and which teams an item of `place` concerns."""
    persona, journey = place.persona, place.journey
    known = registers.handbook.teams
    return [
        _Fact("persona", persona.id, persona.profile.name),
        _Fact("journey", f"{persona.id}/{journey.id}", f"{journey.title} ({persona.profile.name})"),
        *(_Fact("team", t, known[t].name) for t in dict.fromkeys(teams) if t and t in known),
        _Fact("stage", place.stage.id, place.stage.name, journey.stages.index(place.stage)),
    ]


def _place_specs() -> list[_Spec]:
    """The facets every item register offers, in the page's language."""
    return [
        _Spec("persona", _("Persona"), _("persona")),
        _Spec("journey", _("Journey"), _("journey")),
        _Spec("team", _("Team"), _("team")),
        _Spec("stage", _("Stage"), _("stage, in journey order")),
    ]


def pain_filter(registers: Registers, entries: Iterable[PainPointEntry]) -> RowFilter:
    """The pain register's filter: persona, journey, team (the map's owner and the
    touchpoint's), stage, severity, lifecycle status and what the pain point rests on."""

    def facts(entry: object) -> list[_Fact]:
        assert isinstance(entry, PainPointEntry)
        pain, place = entry.pain, entry.place
        touchpoint = registers.handbook.touchpoints.get(pain.touchpoint or "")
        strength = pain_evidence(place.journey, pain).strength
        owners = [place.journey.owner, touchpoint.owner if touchpoint else None]
        return [
            _Fact(
                "severity",
                pain.severity,
                value_words(pain.severity),
                SEVERITIES.index(pain.severity),
            ),
            *_place_facts(place, registers, owners),
            _Fact("status", entry.status.state, entry.status.label, _index(entry.status.state)),
            _Fact("evidence", strength, _(STRENGTH_LABELS[strength]), STRENGTHS.index(strength)),
        ]

    return _row_filter(
        _("pain points"),
        _("most severe first"),
        entries,
        facts,
        [
            _Spec("severity", _("Severity"), _("severity, most severe first")),
            *_place_specs(),
            _Spec("status", _("Status"), _("status, open first")),
            _Spec("evidence", _("Evidence"), _("evidence, strongest first")),
        ],
    )


def opportunity_filter(registers: Registers) -> RowFilter:
    """The opportunities' filter: where, who owns it, its status, impact and effort, and
    the severity of the pain points it addresses."""

    def facts(entry: object) -> list[_Fact]:
        assert isinstance(entry, OpportunityEntry)
        o = entry.opportunity
        return [
            *_place_facts(entry.place, registers, [o.owner]),
            _Fact("status", o.status, value_words(o.status), OPPORTUNITY_STATUSES.index(o.status)),
            *(
                _Fact("severity", s, value_words(s), SEVERITIES.index(s))
                for s in dict.fromkeys(p.pain.severity for p in entry.addresses)
            ),
            _Fact(
                "impact",
                o.impact or "unrated",
                value_words(o.impact) if o.impact else _("not rated"),
                _rank(IMPACT_ROWS, o.impact),
            ),
            _Fact(
                "effort",
                o.effort or "unrated",
                value_words(o.effort) if o.effort else _("not rated"),
                _rank(EFFORT_COLUMNS, o.effort),
            ),
        ]

    return _row_filter(
        _("opportunities"),
        _("by status"),
        registers.opportunities,
        facts,
        [
            *_place_specs(),
            _Spec("status", _("Status"), _("status")),
            _Spec("severity", _("Addresses"), _("most severe pain point addressed")),
            _Spec("impact", _("Impact"), _("impact, high first")),
            _Spec("effort", _("Effort"), _("effort, low first")),
        ],
    )


def touchpoint_filter(registers: Registers, heat: HeatMap) -> RowFilter:
    """The heat map's filter: the personas who pass through a touchpoint, its owner and
    channel; sorted by pain points or by name besides the hottest-first order."""
    channels = {c.id: c.name for c in registers.handbook.catalog.channels}
    teams = registers.handbook.teams

    def facts(row: object) -> list[_Fact]:
        assert isinstance(row, HeatRow)
        tp = row.touchpoint
        passing = [p for p, cell in zip(heat.personas, row.cells, strict=True) if cell]
        return [
            *(_Fact("persona", p.id, p.profile.name) for p in passing),
            *([_Fact("team", tp.owner, teams[tp.owner].name)] if tp.owner in teams else []),
            _Fact("channel", tp.channel, channels.get(tp.channel, tp.channel)),
            _Fact("pains", str(row.pain_points), str(row.pain_points), -row.pain_points, False),
            _Fact("touchpoint", tp.id, tp.name, filters=False),
        ]

    found = _row_filter(
        _("touchpoints"),
        _("lowest emotion first"),
        heat.rows,
        facts,
        [
            _Spec("persona", _("Persona")),
            _Spec("team", _("Team"), _("owning team")),
            _Spec("channel", _("Channel"), _("channel")),
            _Spec("pains", _("Pain points"), _("most open pain points first"), filters=False),
            _Spec("touchpoint", _("Touchpoint"), _("name"), filters=False),
        ],
    )
    # The sections below the heat map detail touchpoints, not heat-map rows: the same keys.
    found.rows.update({id(row.touchpoint): found.rows[id(row)] for row in heat.rows})
    return found


def _index(state: PainPointStatus) -> int:
    return PAIN_POINT_STATUSES.index(state)


def _rank(order: tuple[str, ...], value: str | None) -> int:
    """A rating's place in its order; not rated comes last."""
    return order.index(value) if value in order else len(order)
