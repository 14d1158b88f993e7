"""The overviews the cross-persona pages open with: the touchpoint heat map, the compact
pain-point register and the named quadrants of the opportunity matrix.
Plain data computed from the registers; the templates draw it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..source.model import SEVERITIES, PainPointStatus, PersonaFile, Touchpoint
from .lifecycle import status_counts
from .registers import (
    EFFORT_COLUMNS,
    IMPACT_ROWS,
    OpportunityEntry,
    PainPointEntry,
    Registers,
)

__all__ = ["heat_map", "open_of", "opportunity_matrix", "pain_register"]


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
    """Touchpoint x persona over live maps, most open pain points first, then lowest emotion."""
    handbook = registers.handbook
    personas = list(handbook.personas)
    rows = []
    for touchpoint in handbook.catalog.touchpoints:
        live = [u for u in registers.touchpoint_uses.get(touchpoint.id, []) if u.journey.is_live]
        if not live:
            continue
        cells: list[HeatCell | None] = []
        for persona in personas:
            uses = [u for u in live if u.persona is persona]
            if not uses:
                cells.append(None)
                continue
            felt = [u.emotion for u in uses if u.emotion is not None]
            cells.append(
                HeatCell(
                    min(felt) if felt else None,
                    round(sum(felt) / len(felt), 1) if felt else None,
                    sum(len(registers.open_pain_points(u.pain_points)) for u in uses),
                    len(uses),
                )
            )
        felt_all = [u.emotion for u in live if u.emotion is not None]
        rows.append(
            HeatRow(
                touchpoint,
                cells,
                sum(len(registers.open_pain_points(u.pain_points)) for u in live),
                min(felt_all) if felt_all else None,
            )
        )
    rows.sort(key=lambda r: (-r.pain_points, r.lowest if r.lowest is not None else 6))
    return HeatMap(personas, rows)


@dataclass(frozen=True)
class PainRegister:
    """Pain points most severe first: the open ones of current maps counted; those whose
    fix shipped, was verified or will not come apart (`closed`), and archived maps' apart."""

    counted: list[PainPointEntry]
    closed: list[PainPointEntry]
    archived: list[PainPointEntry]

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
        return f"{still_open} open of {len(entries)}"
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
        return QUADRANTS.get((self.impact, self.effort))

    @property
    def label(self) -> str:
        """What a phone shows before the cell: `High impact, low effort`."""
        return f"{self.impact.capitalize()} impact, {self.effort} effort"


@dataclass(frozen=True)
class MatrixRow:
    impact: str
    cells: list[MatrixCell]

    @property
    def heading(self) -> str:
        return f"{self.impact.capitalize()} impact"


@dataclass(frozen=True)
class OpportunityMatrix:
    """Open opportunities by impact (rows, high first) and effort (columns, low first)."""

    rows: list[MatrixRow]

    @property
    def headings(self) -> list[str]:
        return [f"{effort.capitalize()} effort" for effort in EFFORT_COLUMNS]


def opportunity_matrix(registers: Registers) -> OpportunityMatrix:
    cells = registers.matrix()
    return OpportunityMatrix(
        [
            MatrixRow(impact, [MatrixCell(impact, e, cells[(impact, e)]) for e in EFFORT_COLUMNS])
            for impact in IMPACT_ROWS
        ]
    )


QUADRANTS = {
    ("high", "low"): "Quick wins",
    ("high", "high"): "Big bets",
    ("low", "low"): "Fill-ins",
    ("low", "high"): "Money pits",
}
"""The named corners of the impact x effort matrix, by (impact, effort)."""
