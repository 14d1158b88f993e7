"""views/: registers, reviews, comparisons, touchpoint usage, and what the templates lay
out (chips, the stage grid, words, tickets, emotion geometry), from small handbooks.

Each test writes a few YAML files to a temporary folder and loads them with
`load_handbook`, as the plugin does, then reads the views as plain data. No MkDocs.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from conftest import FIXTURES, load_journeys

from journey_maps.source.handbook import Handbook, load_handbook
from journey_maps.source.model import Journey
from journey_maps.views import chips
from journey_maps.views.comparisons import compare
from journey_maps.views.emotion_curve import emotion_curve, emotion_y
from journey_maps.views.evidence import EvidenceSummary
from journey_maps.views.glance import emotion_chart, glance
from journey_maps.views.lifecycle import PainStatus
from journey_maps.views.registers import Registers
from journey_maps.views.review import DUE_SOON_DAYS, build_date, review
from journey_maps.views.stage_grid import placement_words, stage_grid
from journey_maps.views.tickets import CardTickets, Ticket
from journey_maps.views.touchpoint_usage import stage_touchpoints, touchpoint_uses

if TYPE_CHECKING:
    from pathlib import Path

    from journey_maps.views.stage_grid import StageGrid

FIXTURE = FIXTURES / "small"
ON = dt.date(2026, 11, 15)

CATALOG = """\
channels:
  - {id: web, name: Website}
teams:
  - {id: growth, name: Growth}
  - {id: claims, name: Claims}
touchpoints:
  - {id: ads, name: Ads, channel: web, owner: growth}
  - {id: pricing, name: Pricing page, channel: web, owner: growth}
  - {id: phone, name: Phone line, channel: web, owner: claims}
"""


def load(tmp_path: Path, personas: dict[str, str | dict[str, Any]]) -> Handbook:
    """A handbook from persona files given as YAML text or as data, with CATALOG."""
    files = {
        f"{name}.yml": textwrap.dedent(
            content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        )
        for name, content in personas.items()
    }
    return load_journeys(tmp_path, files, CATALOG)


def registers(handbook: Handbook) -> Registers:
    return Registers(handbook, review_every_days=180, on=ON)


def persona(*journeys: dict[str, Any], name: str = "Maya") -> dict[str, Any]:
    return {"persona": {"name": name, "role": "Buyer"}, "journeys": list(journeys)}


# --- registers ------------------------------------------------------------------------------

PAINS = """\
persona: {name: Maya, role: Buyer}
journeys:
  - id: buying
    title: Buying
    stages:
      - id: one
        name: One
        pain_points:
          - {id: p-low, title: Low, severity: low}
          - {id: p-default, title: Default}
          - {id: p-crit, title: Critical one, severity: critical, tickets: [CX-10]}
        opportunities:
          - {id: o-hl, title: High low, impact: high, effort: low, status: planned, addresses: [p-low]}
          - {id: o-shipped, title: Shipped, impact: high, effort: low, status: shipped, addresses: [p-crit]}
          - {id: o-dropped, title: Dropped, impact: low, effort: high, status: dropped}
          - {id: o-unrated, title: Unrated, impact: medium, tickets: [CX-9, cx.10]}
      - id: two
        name: Two
        pain_points:
          - {id: p-crit-2, title: Critical two, severity: critical, tickets: [CX-10, "https://tracker.example.com/browse/OPS-7"]}
        opportunities:
          - {id: o-ml, title: Medium low, impact: medium, effort: low, status: in-progress}
          - {id: o-ml-2, title: Medium low again, impact: medium, effort: low}
"""


def test_by_severity_most_severe_first_in_handbook_order(tmp_path: Path) -> None:
    groups = registers(load(tmp_path, {"maya": PAINS})).by_severity()
    assert list(groups) == ["critical", "high", "medium", "low"]
    ids = {severity: [e.pain.id for e in entries] for severity, entries in groups.items()}
    assert ids == {
        "critical": ["p-crit", "p-crit-2"],
        "high": [],
        "medium": ["p-default"],  # the default severity
        "low": ["p-low"],
    }
    assert [e.place.stage.id for e in groups["critical"]] == ["one", "two"]


def test_pain_point_open_and_addressed(tmp_path: Path) -> None:
    entries = {e.pain.id: e for e in registers(load(tmp_path, {"maya": PAINS})).pain_points}
    assert entries["p-crit"].open is False  # a shipped opportunity addresses it
    assert entries["p-low"].open
    assert entries["p-low"].addressed
    assert [o.opportunity.id for o in entries["p-low"].addressed_by] == ["o-hl"]
    assert entries["p-default"].open
    assert not entries["p-default"].addressed


def test_matrix_lists_open_rated_work(tmp_path: Path) -> None:
    views = registers(load(tmp_path, {"maya": PAINS}))
    matrix = views.matrix()
    assert list(matrix) == [
        (impact, effort)
        for impact in ("high", "medium", "low")
        for effort in ("low", "medium", "high")
    ]
    filled = {key: [e.opportunity.id for e in cell] for key, cell in matrix.items() if cell}
    # Shipped and dropped work is left out, and so is work without both ratings.
    assert filled == {("high", "low"): ["o-hl"], ("medium", "low"): ["o-ml", "o-ml-2"]}
    assert [e.opportunity.id for e in views.unrated_open_opportunities()] == ["o-unrated"]


def test_by_status_groups_work_under_way_first(tmp_path: Path) -> None:
    groups = registers(load(tmp_path, {"maya": PAINS})).by_status()
    assert list(groups) == ["in-progress", "planned", "idea", "shipped", "dropped"]
    assert [e.opportunity.id for e in groups["idea"]] == ["o-unrated", "o-ml-2"]


def test_tickets_in_natural_order_with_their_citations(tmp_path: Path) -> None:
    tickets = registers(load(tmp_path, {"maya": PAINS})).tickets
    assert list(tickets) == ["CX-9", "CX-10", "cx.10", "https://tracker.example.com/browse/OPS-7"]
    assert [(c.kind, c.item.id) for c in tickets["CX-10"]] == [
        ("pain point", "p-crit"),
        ("pain point", "p-crit-2"),
    ]
    assert [(c.kind, c.item.id) for c in tickets["CX-9"]] == [("opportunity", "o-unrated")]


def test_ticket_anchors_are_unique_slugs(tmp_path: Path) -> None:
    anchors = registers(load(tmp_path, {"maya": PAINS})).ticket_anchors()
    assert list(anchors) == ["CX-9", "CX-10", "cx.10", "https://tracker.example.com/browse/OPS-7"]
    assert anchors["CX-9"] == "cx-9"
    assert anchors["CX-10"] == "cx-10"  # the first of CX-10 and cx.10 keeps the plain slug
    assert anchors["cx.10"].startswith("cx-10-")
    assert anchors["https://tracker.example.com/browse/OPS-7"] == "tracker-example-com-browse-ops-7"
    assert len(set(anchors.values())) == len(anchors)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a) for a in anchors.values()), anchors


def test_ticket_anchors_of_the_fixture(tmp_path: Path) -> None:
    views = registers(load_handbook(FIXTURE / "journeys", FIXTURE))
    assert views.ticket_anchors() == {
        "CX-101": "cx-101",
        "CX-140": "cx-140",
        "https://tracker.example.com/browse/OPS-7": "tracker-example-com-browse-ops-7",
    }


def test_ticket_anchors_stay_unique_for_punctuation_only_tickets(tmp_path: Path) -> None:
    journey = {
        "id": "j",
        "title": "J",
        "stages": [
            {
                "id": "s",
                "name": "S",
                "pain_points": [
                    {"id": "a", "title": "A", "tickets": ["#", "##", "CX-1", "cx_1", "Cx.1"]},
                    {"id": "b", "title": "B", "tickets": ["X" * 64, "X" * 63 + "Y"]},
                ],
            }
        ],
    }
    anchors = registers(load(tmp_path, {"maya": persona(journey)})).ticket_anchors()
    assert len(anchors) == 7
    assert len(set(anchors.values())) == 7, anchors
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a) for a in anchors.values()), anchors


def test_teams_views(tmp_path: Path) -> None:
    views = registers(load_handbook(FIXTURE / "journeys", FIXTURE))
    growth, claims = views.teams["growth"], views.teams["claims"]
    assert [j.id for _, j in growth.owned_journeys] == ["buying-a-policy", "buying-a-policy-future"]
    assert [j.id for _, j in claims.stakeholder_journeys] == ["buying-a-policy"]
    assert growth.touchpoints == ["search-ads", "pricing-page"]
    assert [e.pain.id for e in claims.open_pain_points] == ["long-hold"]
    assert [e.opportunity.id for e in growth.opportunities] == ["plain-language-quote"]


# --- review ---------------------------------------------------------------------------------


def journey(last_reviewed: dt.date | None, every: int | None = None) -> Journey:
    data: dict[str, Any] = {"id": "j", "title": "J", "stages": [{"id": "s", "name": "S"}]}
    if last_reviewed:
        data["last_reviewed"] = last_reviewed
    if every:
        data["review_every_days"] = every
    return Journey.model_validate(data)


@pytest.mark.parametrize(
    ("days_until_due", "status"),
    [
        (-365, "overdue"),
        (-1, "overdue"),
        (0, "due-soon"),
        (1, "due-soon"),
        (DUE_SOON_DAYS, "due-soon"),
        (DUE_SOON_DAYS + 1, "fresh"),
        (170, "fresh"),
    ],
)
def test_review_status(days_until_due: int, status: str) -> None:
    due = ON + dt.timedelta(days=days_until_due)
    result = review(journey(due - dt.timedelta(days=180)), 180, ON)
    assert (result.status, result.due, result.every_days) == (status, due, 180)
    assert result.last == due - dt.timedelta(days=180)


def test_never_reviewed() -> None:
    result = review(journey(None, every=30), 180, ON)
    assert (result.status, result.last, result.due, result.every_days) == (
        "never-reviewed",
        None,
        None,
        30,
    )


def test_journey_interval_overrides_the_default() -> None:
    last = dt.date(2026, 9, 1)
    assert review(journey(last, every=90), 180, ON).due == dt.date(2026, 11, 30)
    assert review(journey(last, every=90), 180, ON).status == "due-soon"
    assert review(journey(last), 180, ON).due == dt.date(2027, 2, 28)
    assert review(journey(last), 180, ON).status == "fresh"
    assert review(journey(last, every=30), 180, ON).status == "overdue"


def test_registers_order_reviews_by_urgency(tmp_path: Path) -> None:
    def reviewed(journey_id: str, last: dt.date | None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": journey_id,
            "title": journey_id.title(),
            "stages": [{"id": "s", "name": "S"}],
        }
        if last:
            data["last_reviewed"] = last.isoformat()
        return data

    handbook = load(
        tmp_path,
        {
            "maya": persona(
                reviewed("fresh", ON),
                reviewed("soon", ON - dt.timedelta(days=170)),
                reviewed("late", ON - dt.timedelta(days=200)),
                reviewed("never", None),
                reviewed("later", ON - dt.timedelta(days=400)),
            )
        },
    )
    views = registers(handbook)
    assert [(j.id, r.status) for _, j, r in views.reviews_by_urgency()] == [
        ("never", "never-reviewed"),
        ("later", "overdue"),
        ("late", "overdue"),
        ("soon", "due-soon"),
        ("fresh", "fresh"),
    ]
    assert views.review_counts() == {
        "date-in-future": 0,
        "never-reviewed": 1,
        "overdue": 2,
        "due-soon": 1,
        "fresh": 1,
        "archived": 0,
    }


@pytest.mark.parametrize(
    ("epoch", "date"),
    [
        ("0", dt.date(1970, 1, 1)),
        ("1709208000", dt.date(2024, 2, 29)),  # 2024-02-29 12:00 UTC
        ("1794700799", dt.date(2026, 11, 14)),  # a second before 2026-11-15, in UTC
        ("1794700800", dt.date(2026, 11, 15)),
        (" 1794700800\n", dt.date(2026, 11, 15)),
    ],
)
def test_build_date_from_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch, epoch: str, date: dt.date
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert build_date() == date


def test_build_date_without_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.date.today()
    assert before <= build_date() <= dt.date.today()


# --- comparisons ----------------------------------------------------------------------------

FUTURE = """\
persona: {name: Maya, role: Buyer}
journeys:
  - id: now
    title: Now
    stages:
      - id: search
        name: Search
        emotion: 2
        pain_points:
          - {id: slow, title: Slow search}
          - {id: ugly, title: Ugly results}
        opportunities:
          - {id: faster, title: Faster search, addresses: [slow]}
      - id: pay
        name: Pay
        steps:
          - {action: Pays, emotion: 1}
        pain_points:
          - {id: fees, title: Hidden fees}
      - id: call
        name: Call us
        emotion: 1
        pain_points:
          - {id: hold, title: Long hold}
  - id: later
    title: Later
    type: future-state
    compare_to: now
    stages:
      - id: search
        name: Search again
        emotion: 4
        pain_points:
          - {id: ugly, title: Ugly results}
          - {id: ads, title: Too many ads}
        opportunities:
          - {id: ad-free, title: Ad free, addresses: [ads]}
      - id: chat
        name: Chat
        pain_points:
          - {id: bot, title: Bot loops}
      - id: pay
        name: Pay
"""


def test_compare_stage_by_stage(tmp_path: Path) -> None:
    maya = load(tmp_path, {"maya": FUTURE}).personas[0]
    now, later = maya.journeys
    rows = {row.stage_id: row for row in compare(later, now)}
    # The compared map's stages first, in its order, then the baseline's others.
    assert list(rows) == ["search", "chat", "pay", "call"]

    search = rows["search"]
    assert search.name == "Search again"
    assert [(r.pain.id, [o.id for o in r.fixes]) for r in search.removed] == [("slow", ["faster"])]
    assert [k.pain.id for k in search.remaining] == ["ugly"]
    assert [p.id for p in search.added] == ["ads"]
    assert search.change == 2

    chat = rows["chat"]
    assert chat.before is None
    assert chat.change is None
    assert (chat.removed, chat.remaining, [p.id for p in chat.added]) == ([], [], ["bot"])

    pay = rows["pay"]  # the baseline's emotion is its steps' mean; the new stage has none
    assert pay.before is not None
    assert pay.before.emotion == 1
    assert pay.change is None
    assert [(r.pain.id, r.fixes) for r in pay.removed] == [("fees", [])]

    call = rows["call"]
    assert call.after is None
    assert call.name == "Call us"
    assert call.change is None
    assert [r.pain.id for r in call.removed] == ["hold"]
    assert call.added == []
    assert call.remaining == []


def test_compare_with_itself_changes_nothing(tmp_path: Path) -> None:
    now = load(tmp_path, {"maya": FUTURE}).personas[0].journeys[0]
    for row in compare(now, now):
        assert row.removed == []
        assert row.added == []
        assert row.change in (0, None)
        assert [k.pain for k in row.remaining] == (row.before.pain_points if row.before else [])
        assert all(k.now is k.pain and k.matched_by == "id" for k in row.remaining)


# --- touchpoint usage -----------------------------------------------------------------------

USAGE = """\
persona: {name: Maya, role: Buyer}
journeys:
  - id: buying
    title: Buying
    stages:
      - id: look
        name: Look
        emotion: 3
        steps:
          - {action: Sees an ad, touchpoint: ads, emotion: 1}
          - {action: Opens prices, touchpoint: pricing, emotion: 5}
          - {action: Sees another ad, touchpoint: ads, emotion: 2}
          - {action: Thinks}
          - {action: Rechecks prices, touchpoint: pricing}
        pain_points:
          - {id: hold, title: Long hold, touchpoint: phone}
          - {id: price-shock, title: Price shock, touchpoint: pricing}
          - {id: vague, title: Vague}
      - id: unrated
        name: Unrated
        pain_points:
          - {id: cut-off, title: Cut off, touchpoint: phone}
  - id: other
    title: Other
    stages:
      - id: again
        name: Again
        steps:
          - {action: Sees an ad, touchpoint: ads, emotion: 4}
"""


def test_stage_touchpoints_steps_first_then_pain_points_once_each(tmp_path: Path) -> None:
    handbook = load(tmp_path, {"maya": USAGE})
    look, unrated = handbook.personas[0].journeys[0].stages
    assert stage_touchpoints(look) == ["ads", "pricing", "phone"]
    assert stage_touchpoints(unrated) == ["phone"]


def test_touchpoint_uses_and_their_emotion(tmp_path: Path) -> None:
    uses = touchpoint_uses(load(tmp_path, {"maya": USAGE}))
    assert list(uses) == ["ads", "pricing", "phone"]
    summary = {
        touchpoint: [
            (u.journey.id, u.stage.id, u.emotion, [p.id for p in u.pain_points]) for u in used
        ]
        for touchpoint, used in uses.items()
    }
    assert summary == {
        # mean of the steps there, rounded half up: (1 + 2) / 2 -> 2
        "ads": [("buying", "look", 2, []), ("other", "again", 4, [])],
        # the unrated step takes its stage's 3: (5 + 3) / 2 -> 4
        "pricing": [("buying", "look", 4, ["price-shock"])],
        # only a pain point there: the stage's emotion; no emotion anywhere: None
        "phone": [("buying", "look", 3, ["hold"]), ("buying", "unrated", None, ["cut-off"])],
    }


def test_touchpoint_summary_counts_live_maps(tmp_path: Path) -> None:
    views = registers(load_handbook(FIXTURE / "journeys", FIXTURE))
    pricing = views.touchpoint_summary("pricing-page")
    assert len(pricing.uses) == 2  # current and future state
    assert pricing.live_uses == 1
    assert pricing.mean_emotion == 2.0
    assert pricing.pain_points_by_severity == {"critical": 0, "high": 1, "medium": 0, "low": 0}
    assert views.touchpoint_summary("fax-line").uses == []


# --- what the templates lay out: chips, the stage grid, words, tickets, emotion geometry ------


def stages(*emotions: int | None) -> list[dict[str, Any]]:
    return [
        {"id": f"s{n}", "name": f"S{n}", **({"emotion": e} if e else {})}
        for n, e in enumerate(emotions, start=1)
    ]


def one_map_grid(
    tmp_path: Path, map_stages: list[dict[str, Any]], statuses: dict[str, PainStatus] | None = None
) -> tuple[Journey, StageGrid]:
    """One persona's one map of these stages, and its stage grid as the journey page lays it
    out: no measured figures, no evidence, the pain point statuses given (else none)."""
    handbook = load(tmp_path, {"maya": persona({"id": "j", "title": "J", "stages": map_stages})})
    maya = handbook.personas[0]
    journey = maya.journeys[0]
    nothing = EvidenceSummary()
    grid = stage_grid(
        maya,
        journey,
        emotion_chart(journey),
        {},
        statuses or {},
        lambda _: nothing,
        lambda _: nothing,
    )
    return journey, grid


def test_chips_word_each_value_one_way() -> None:
    assert chips.emotion(2) == chips.Chip("emotion", 2, "2/5 · negative")
    assert chips.emotion(2, "compact").text == "2/5 negative"
    assert chips.emotion(2, "score") == chips.Chip("emotion", 2, "2/5", title="negative")
    assert chips.severity("high").text == "high"
    assert chips.severity("high", named=True).text == "Severity: high"
    assert chips.opportunity_status("planned", named=True) == chips.Chip(
        "status", "planned", "Status: planned"
    )


@pytest.mark.parametrize(
    ("last", "status", "badge"),
    [
        (None, "never-reviewed", ("overdue", "Never reviewed")),
        (dt.date(2026, 1, 1), "overdue", ("overdue", "Review overdue since 2026-06-30")),
        (dt.date(2026, 6, 1), "due-soon", ("soon", "Review due 2026-11-28")),
        (dt.date(2026, 11, 1), "fresh", None),
        (
            dt.date(2027, 1, 1),
            "date-in-future",
            (
                "overdue",
                "Review date in the future: last reviewed 2027-01-01, after today "
                "(2026-11-15); check the date",
            ),
        ),
    ],
)
def test_review_badge_and_review_state_words(
    last: dt.date | None, status: str, badge: tuple[str, str] | None
) -> None:
    journey = Journey.model_validate(
        {"id": "j", "title": "J", "stages": stages(3), "last_reviewed": last}
    )
    found = review(journey, 180, ON)
    assert found.status == status
    made = chips.review_badge(found, ON)
    assert (made.modifier, made.text) == badge if badge else made is None
    assert chips.review_state(found).modifier == status


@pytest.mark.parametrize(
    ("count", "long", "hint"),
    [(5, False, False), (6, True, False), (8, True, False), (9, True, True)],
)
def test_stage_grid_layout_thresholds(tmp_path: Path, count: int, long: bool, hint: bool) -> None:
    _, grid = one_map_grid(tmp_path, stages(*[3] * count))
    assert grid.long is long
    assert (
        grid.scroll_hint
        == f"{count} stages: the map scrolls both ways, its stage names and row names stay in view."
    ) is hint
    assert grid.fits_from == {5: 1220, 6: 1440, 8: 1920, 9: None}[count]
    assert grid.compact_fits is (count <= 10)
    # Each cell's place in the phone layout: stage by stage, rows in reading order.
    first, second = grid.columns[:2]
    assert first.order("stage") < first.order("goal") < first.order("pains") < second.order("stage")


def test_stage_grid_lanes_draw_each_blueprint_line_once(tmp_path: Path) -> None:
    lanes = [
        {"id": "a", "name": "A", "frontstage": ["greets"], "support": ["CRM"]},
        {"id": "b", "name": "B", "backstage": ["checks"], "physical_evidence": ["letter"]},
    ]
    _, grid = one_map_grid(tmp_path, lanes)
    assert grid.evidence_lane is not None
    assert grid.evidence_lane.key == "physical_evidence"
    assert [(lane.key, [line.key for line in lane.lines_above]) for lane in grid.lanes] == [
        ("frontstage", ["interaction"]),
        ("backstage", ["visibility"]),
        ("support", ["internal"]),
    ]
    assert grid.lanes[1].cell_label == "Backstage (behind the line of visibility)"
    assert grid.steps_label == "Customer actions"


def test_without_frontstage_two_lines_meet_above_backstage(tmp_path: Path) -> None:
    lanes = [{"id": "a", "name": "A", "backstage": ["checks"]}]
    _, grid = one_map_grid(tmp_path, lanes)
    assert [[line.label for line in lane.lines_above] for lane in grid.lanes] == [
        ["Line of interaction", "Line of visibility"]
    ]


def test_every_emotion_curve_puts_an_emotion_at_the_same_height(tmp_path: Path) -> None:
    """The chart, the sparkline and the history's small multiples share one geometry."""
    handbook = load(
        tmp_path, {"maya": persona({"id": "j", "title": "J", "stages": stages(1, 3, 5)})}
    )
    journey = handbook.personas[0].journeys[0]
    chart = emotion_chart(journey)
    assert [(p.x, p.y) for p in chart.points] == [(p.x, p.y) for p in emotion_curve(journey.stages)]
    assert [p.y for p in chart.points] == [36.0, 20.0, 4.0] == [emotion_y(e) for e in (1, 3, 5)]
    assert glance(journey).sparkline == "16.67,20.0 50.0,12.0 83.33,4.0"
    assert chart.neutral_y == emotion_y(3)


def test_tickets_are_said_linked_and_counted_in_one_place() -> None:
    jira = "https://jira.example.com/browse/{ticket}"
    assert Ticket.of("CX-1", jira) == Ticket("CX-1", "https://jira.example.com/browse/CX-1")
    assert Ticket.of("CX-1", None).href is None
    issue = Ticket.of("https://github.com/org/repo/issues/12", None)
    assert (issue.short, issue.href, issue.is_url) == ("repo#12", issue.written, True)
    assert CardTickets.of(["A-1", "https://t.example.com/browse/B-2", "C-3"]) == CardTickets(
        ["A-1", "B-2"], 1
    )
    assert CardTickets.of([]) == CardTickets([], 0)


def test_landing_and_review_words(tmp_path: Path) -> None:
    pains = {
        "id": "s",
        "name": "S",
        "pain_points": [
            {"id": "p1", "title": "P1", "status": "wont-fix"},
            {"id": "p2", "title": "P2"},
        ],
        "opportunities": [{"id": "o", "title": "O"}],
    }
    handbook = load(
        tmp_path,
        {
            "maya": persona(
                {"id": "j", "title": "J", "stages": [pains]},
                {"id": "old", "title": "Old", "status": "archived", "stages": stages(2)},
            )
        },
    )
    views = registers(handbook)
    totals = views.totals()
    assert (totals.personas, totals.journeys, totals.stages, totals.opportunities) == (1, 2, 2, 1)
    assert totals.pain_point_words == "2 pain points (1 open)"
    assert views.review_alert() == "0 maps overdue for review, 1 never reviewed"
    assert views.review_tally() == [
        "0 overdue",
        "1 never reviewed",
        f"0 due within {DUE_SOON_DAYS} days",
        "0 fresh",
    ]
    assert views.archived_words() == "1 archived map"
    assert views.pain_points[0].anchor == "maya--j--p1"


def test_comparison_words(tmp_path: Path) -> None:
    before = {"id": "now", "title": "Now", "stages": stages(2, 4, 3, None)}
    after = {
        "id": "next",
        "title": "Next",
        "type": "future-state",
        "compare_to": "now",
        "stages": stages(4, 3, 3, 3),
    }
    handbook = load(tmp_path, {"maya": persona(before, after)})
    now, future = handbook.personas[0].journeys
    assert [c.change_words for c in compare(future, now)] == [
        "▲ +2 better",
        "▼ -1 worse",
        "= same",
        "—",
    ]


def test_cards_sit_in_the_lane_and_step_they_name(tmp_path: Path) -> None:
    """A pain point or opportunity that names its lane and step is drawn there, and only
    there; the pain point row keeps those that name none and says where the others are."""
    stage: dict[str, Any] = {
        "id": "a",
        "name": "A",
        "emotion": 2,
        "steps": [{"action": "Calls the line"}, {"action": "Checks the app " + "x" * 80}],
        "pain_points": [
            {"id": "loose", "title": "Loose"},
            {"id": "in-support", "title": "Feed", "lane": "support", "step": 2},
            {"id": "at-step", "title": "Hold music", "step": 1},
        ],
        "opportunities": [{"id": "fix", "title": "Fix", "lane": "frontstage"}],
    }
    statuses = {p["id"]: PainStatus("open", "default") for p in stage["pain_points"]}
    journey, grid = one_map_grid(tmp_path, [stage], statuses)
    column = grid.columns[0]
    assert [c.pain.id for c in column.unplaced_pains] == ["loose"]
    assert column.placed_pains_words == "2 more pain points in the customer's actions and support"
    assert column.placed_opportunities_words == "1 more opportunity in frontstage"
    assert [c.item.id for c in column.in_lane("support")] == ["in-support"]
    assert [c.item.id for c in column.in_lane("frontstage")] == ["fix"]
    assert [c.item.id for c in column.at_step(1)] == ["at-step"]
    assert column.at_step(2) == []
    assert column.in_lane("customer") == []
    assert column.step_label(column.in_lane("support")[0]) == "at step 2"
    # Lanes named only by a card are drawn too, with their lines.
    assert [lane.key for lane in grid.lanes] == ["frontstage", "support"]
    assert [line.key for line in grid.lanes[1].lines_above] == ["visibility", "internal"]
    pains = {p.id: p for p in journey.stages[0].pain_points}
    words = placement_words(pains["in-support"], journey.stages[0])
    assert words == "at step 2 (Checks the app…), support"  # long actions are cut at a word
    assert placement_words(pains["at-step"], journey.stages[0]) == "at step 1 (Calls the line)"
    assert placement_words(journey.stages[0].opportunities[0], journey.stages[0]) == (
        "in the frontstage lane"
    )
    assert placement_words(pains["loose"], journey.stages[0]) == ""
