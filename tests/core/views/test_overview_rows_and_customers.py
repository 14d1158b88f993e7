"""views/overviews.py and views/customers.py: the heat map's ranking, what the overviews'
filter reads on each row, and "Meet our customers", from a small handbook loaded as the
plugin loads it. No MkDocs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from conftest import load_journeys, page_context

from journey_maps.site.embeds import Embedding, EmbedError, embed
from journey_maps.views.customers import customers
from journey_maps.views.overviews import (
    heat_map,
    opportunity_filter,
    pain_filter,
    pain_register,
    touchpoint_filter,
)
from journey_maps.views.registers import Registers

if TYPE_CHECKING:
    from pathlib import Path

    from journey_maps.source.handbook import Handbook

ON = dt.date(2026, 11, 15)

CATALOG = """\
channels:
  - {id: web, name: Website}
  - {id: phone, name: Phone}
teams:
  - {id: growth, name: Growth}
  - {id: claims, name: Claims}
touchpoints:
  - {id: ads, name: Ads, channel: web, owner: growth}
  - {id: pricing, name: Pricing page, channel: web, owner: growth}
  - {id: line, name: Phone line, channel: phone, owner: claims}
"""

BUYER = """\
persona:
  name: Maya Chen
  role: First-time buyer
  quote: I just want to know what I need.
  goals: [Cover in place on exchange day, A fair price]
  frustrations: [Jargon, Waiting on hold]
journeys:
  - id: buying
    title: Buying a policy
    owner: growth
    last_reviewed: 2026-10-01
    stages:
      - id: discover
        name: Discover
        emotion: 3
        steps: [{action: Sees an ad, touchpoint: ads}]
        pain_points:
          - {id: noisy-ads, title: Ads everywhere, severity: low, touchpoint: ads}
          - {id: vague-ads, title: Ads say nothing, severity: low, touchpoint: ads}
      - id: compare
        name: Compare
        emotion: 1
        steps: [{action: Reads prices, touchpoint: pricing}]
      - id: call
        name: Call
        emotion: 2
        steps: [{action: Calls, touchpoint: line}]
        pain_points:
          - {id: long-hold, title: Long hold, severity: critical, touchpoint: line}
          - {id: rude, title: Rude answer, severity: high}
          - {id: fixed, title: Fixed already, severity: critical, status: wont-fix}
        opportunities:
          - {id: callback, title: Call back, status: in-progress, owner: claims, addresses: [long-hold],
             impact: high, effort: low}
          - {id: script, title: New script, status: idea, addresses: [rude]}
  - id: buying-future
    title: Buying a policy (target)
    type: future-state
    stages:
      - id: call
        name: Call
        emotion: 4
        pain_points:
          - {id: future-pain, title: Imagined pain, severity: critical}
"""

OWNER = """\
persona:
  name: Sam Okafor
  role: Homeowner
journeys:
  - id: renewing
    title: Renewing
    stages:
      - id: renew
        name: Renew
        emotion: 4
        steps: [{action: Calls, touchpoint: line}]
        pain_points:
          - {id: letter, title: Late letter, severity: medium}
"""


def handbook(tmp_path: Path) -> Handbook:
    return load_journeys(tmp_path, {"buyer.yml": BUYER, "owner.yml": OWNER}, CATALOG)


def registers(tmp_path: Path) -> Registers:
    return Registers(handbook(tmp_path), review_every_days=180, on=ON)


def test_heat_map_ranks_the_lowest_emotion_first_then_the_most_pain(tmp_path: Path) -> None:
    # Pricing page: felt at 1 with no pain point logged; it used to sink below Ads (2 pain
    # points at 3). Phone line: felt at 2 with one open pain point, still above Ads.
    heat = heat_map(registers(tmp_path))
    order = [(row.touchpoint.id, row.lowest, row.pain_points) for row in heat.rows]
    assert order == [("pricing", 1, 0), ("line", 2, 1), ("ads", 3, 2)]


def test_heat_map_breaks_a_tie_of_lowest_emotion_by_pain_count(tmp_path: Path) -> None:
    tied = BUYER.replace("emotion: 3\n", "emotion: 1\n", 1)
    book = load_journeys(tmp_path, {"buyer.yml": tied}, CATALOG)
    heat = heat_map(Registers(book, review_every_days=180, on=ON))
    assert [row.touchpoint.id for row in heat.rows] == ["ads", "pricing", "line"]


def test_pain_filter_offers_the_facets_whose_rows_differ(tmp_path: Path) -> None:
    found = registers(tmp_path)
    register = pain_register(found)
    keys = pain_filter(found, register.listed)
    facets = {facet.key: [c.value for c in facet.choices] for facet in keys.facets}
    # Most severe first; open before closed; persona and journey by name.
    assert facets["severity"] == ["critical", "high", "medium", "low"]
    assert facets["status"] == ["open", "wont-fix"]
    assert facets["persona"] == ["buyer", "owner"]
    assert facets["team"] == ["claims", "growth"]
    # Stages by their place in their journey (first stages first), then by name.
    assert facets["stage"] == ["discover", "renew", "call"]
    assert "evidence" not in facets  # every pain point here rests on assumption only
    long_hold = next(e for e in register.listed if e.pain.id == "long-hold")
    attributes = dict(keys.of(long_hold).attributes)  # type: ignore[union-attr]
    assert attributes["data-jm-severity"] == "critical"
    assert attributes["data-jm-persona"] == "buyer"
    assert attributes["data-jm-journey"] == "buyer/buying"
    assert attributes["data-jm-team"] == "growth claims"  # the map's owner, the touchpoint's
    assert attributes["data-jm-rank-severity"] == "0"
    assert "data-jm-row" in attributes


def test_opportunity_filter_knows_what_each_opportunity_addresses(tmp_path: Path) -> None:
    found = registers(tmp_path)
    keys = opportunity_filter(found)
    callback = next(e for e in found.opportunities if e.opportunity.id == "callback")
    attributes = dict(keys.of(callback).attributes)  # type: ignore[union-attr]
    assert attributes["data-jm-severity"] == "critical"
    assert attributes["data-jm-status"] == "in-progress"
    assert "data-jm-team" not in attributes  # one owning team only: nothing to choose
    assert attributes["data-jm-impact"] == "high"
    assert {s.key for s in keys.sorts} >= {"status", "impact", "effort", "severity"}


def test_touchpoint_filter_sorts_by_pain_count_most_first(tmp_path: Path) -> None:
    found = registers(tmp_path)
    heat = heat_map(found)
    keys = touchpoint_filter(found, heat)
    ranks = {row.touchpoint.id: keys.of(row).ranks["pains"] for row in heat.rows}  # type: ignore[union-attr]
    assert ranks["line"] < ranks["pricing"]
    line = next(row for row in heat.rows if row.touchpoint.id == "line")
    assert keys.of(line).values["persona"] == ["buyer", "owner"]  # type: ignore[union-attr]


def test_customers_cards_and_the_most_severe_open_pain_points(tmp_path: Path) -> None:
    meet = customers(registers(tmp_path), None)
    maya = meet.personas[0]
    assert (maya.top_goal, maya.top_frustration) == ("Cover in place on exchange day", "Jargon")
    assert [line.glance.lowest[0].name for line in maya.maps[:1]] == ["Compare"]
    worst = [(s.entry.pain.id, s.owner, s.fix_words) for s in meet.most_severe]
    # Verified and future-state pain points are left out; the touchpoint's team owns a pain
    # point at it, else the map's owner; an idea is no planned fix.
    assert worst == [
        ("long-hold", "claims", "Fix in progress"),
        ("rude", "growth", "No fix planned"),
        ("letter", None, "No fix planned"),
        ("noisy-ads", "growth", "No fix planned"),
        ("vague-ads", "growth", "No fix planned"),
    ]
    assert meet.changed is None  # history off: the section is not shown


def test_customers_block_renders_and_refuses_arguments(tmp_path: Path) -> None:
    context = page_context(handbook(tmp_path))
    html = embed(Embedding(context), ["customers"])
    assert "Maya Chen" in html
    assert "I just want to know what I need." in html
    assert "Where it hurts most" in html
    assert "Long hold" in html
    with pytest.raises(EmbedError, match="nothing may follow customers"):
        embed(Embedding(context), ["customers", "buyer"])
