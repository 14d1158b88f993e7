"""The overviews the cross-persona pages open with: the touchpoint heat map, the compact
pain-point register, short ticket labels and the named quadrants of the opportunity matrix.
Plain data computed from the registers; the templates draw it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..source.model import SEVERITIES, PainPointStatus, PersonaFile, Touchpoint
from .lifecycle import status_counts
from .registers import PainPointEntry, Registers


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


def pain_register(registers: Registers) -> PainRegister:
    order = {s: n for n, s in enumerate(SEVERITIES)}
    entries = sorted(registers.pain_points, key=lambda e: order[e.pain.severity])
    current = [e for e in entries if e.place.journey.status != "archived"]
    return PainRegister(
        [e for e in current if e.open],
        [e for e in current if not e.open],
        [e for e in entries if e.place.journey.status == "archived"],
    )


_ISSUE = re.compile(r"/([^/]+)/(?:-/)?(?:issues|pull|pulls|merge_requests)/(\d+)/?$")
_TICKET_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*-\d+$")


def short_ticket(ticket: str) -> str:
    """A ticket as people say it: `CX-101` as is, a tracker URL ending in an id as that id
    (`.../browse/PRC-77` -> `PRC-77`), an issue URL as `repository#number`."""
    if not ticket.startswith(("https://", "http://")):
        return ticket
    parts = urlsplit(ticket)
    path = parts.path.rstrip("/")
    issue = _ISSUE.search(path)
    if issue:
        return f"{issue.group(1)}#{issue.group(2)}"
    last = path.rsplit("/", 1)[-1]
    if _TICKET_ID.match(last):
        return last
    for value in parts.query.split("&"):
        _, _, candidate = value.partition("=")
        if _TICKET_ID.match(candidate):
            return candidate
    return parts.netloc + (f"/…/{last}" if last else "")


QUADRANTS = {
    ("high", "low"): "Quick wins",
    ("high", "high"): "Big bets",
    ("low", "low"): "Fill-ins",
    ("low", "high"): "Money pits",
}
"""The named corners of the impact x effort matrix, by (impact, effort)."""
