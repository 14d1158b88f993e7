"""Synthetic handbooks of any size, with field sizes like the example handbook's.

Deterministic (seeded), valid by construction: every reference resolves.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from pathlib import Path

WORDS = [
    "quote",
    "policy",
    "cover",
    "renewal",
    "claim",
    "excess",
    "premium",
    "broker",
    "online",
    "phone",
    "letter",
    "email",
    "app",
    "customer",
    "adviser",
    "handler",
    "payment",
    "direct",
    "debit",
    "document",
    "schedule",
    "contents",
    "buildings",
    "confusing",
    "quick",
    "helpful",
    "slow",
    "unclear",
    "simple",
    "missing",
    "late",
    "friendly",
    "expensive",
    "fair",
    "checks",
    "compares",
    "waits",
    "calls",
    "reads",
    "signs",
    "uploads",
    "downloads",
    "chases",
    "changes",
    "cancels",
    "asks",
]
CHANNELS = ["web", "app", "phone", "email", "post", "broker"]
TEAMS = ["growth", "claims", "care", "pricing", "platform", "retention", "research", "partners"]
STAGE_NAMES = ["Awareness", "Consideration", "Decision", "Retention", "Loyalty"]


def _text(rng: random.Random, words: int) -> str:
    sentence = " ".join(rng.choice(WORDS) for _ in range(words))
    return sentence[0].upper() + sentence[1:]


def catalog() -> dict:
    return {
        "channels": [{"id": c, "name": c.title()} for c in CHANNELS],
        "teams": [{"id": t, "name": t.title(), "contact": f"#{t}"} for t in TEAMS],
        "touchpoints": [
            {
                "id": f"touchpoint-{i}",
                "name": f"Touchpoint {i}",
                "channel": CHANNELS[i % len(CHANNELS)],
                "owner": TEAMS[i % len(TEAMS)],
                "description": f"Where customers meet us, number {i}.",
            }
            for i in range(30)
        ],
    }


def persona(rng: random.Random, number: int, journeys: int, stages: int) -> dict:
    return {
        "persona": {
            "name": f"Persona {number}",
            "role": _text(rng, 5),
            "segment": rng.choice(["Consumer", "Small business", "Landlord"]),
            "quote": _text(rng, 12),
            "summary": _text(rng, 60) + ".\n\n" + _text(rng, 30) + ".",
            "goals": [_text(rng, 6) for _ in range(3)],
            "needs": [_text(rng, 5) for _ in range(2)],
            "frustrations": [_text(rng, 5) for _ in range(3)],
            "motivations": [_text(rng, 4) for _ in range(2)],
            "channels": rng.sample(CHANNELS, 3),
        },
        "journeys": [journey(rng, j, stages) for j in range(journeys)],
    }


def journey(rng: random.Random, number: int, stages: int) -> dict:
    blueprint = number % 4 == 3
    data = {
        "id": f"journey-{number}",
        "title": f"Journey {number}: " + _text(rng, 5),
        "type": "service-blueprint" if blueprint else "current-state",
        "scenario": _text(rng, 30) + ".",
        "owner": rng.choice(TEAMS),
        "stakeholders": rng.sample(TEAMS, 2),
        "status": "validated",
        "last_reviewed": "2026-09-01",
        "evidence": [
            {
                "id": "interviews",
                "kind": "solicited",
                "source": "12 customer interviews",
                "date": "2026-08-15",
            },
            {"id": "complaints", "kind": "unsolicited", "source": "Complaints log"},
        ],
        "stages": [],
    }
    for s in range(stages):
        stage = {
            "id": f"stage-{s}",
            "name": STAGE_NAMES[s % len(STAGE_NAMES)] + (f" {s}" if s >= len(STAGE_NAMES) else ""),
            "goal": _text(rng, 12),
            "emotion": rng.randint(1, 5),
            "feeling": _text(rng, 4),
            "thoughts": [_text(rng, 10) for _ in range(2)],
            "steps": [
                {
                    "action": _text(rng, 12),
                    "touchpoint": f"touchpoint-{rng.randrange(30)}",
                    "emotion": rng.randint(1, 5),
                }
                for _ in range(3)
            ],
            "pain_points": [
                {
                    "id": f"pain-{s}",
                    "title": _text(rng, 8),
                    "detail": _text(rng, 50) + ".",
                    "severity": rng.choice(["low", "medium", "high", "critical"]),
                    "touchpoint": f"touchpoint-{rng.randrange(30)}",
                    "tickets": [f"CX-{rng.randrange(1000)}"],
                    "evidence": ["interviews"],
                }
            ],
            "opportunities": [
                {
                    "id": f"idea-{s}",
                    "title": _text(rng, 7),
                    "detail": _text(rng, 40) + ".",
                    "impact": rng.choice(["low", "medium", "high"]),
                    "effort": rng.choice(["low", "medium", "high"]),
                    "status": rng.choice(["idea", "planned", "in-progress", "shipped"]),
                    "owner": rng.choice(TEAMS),
                    "addresses": [f"pain-{s}"],
                    "tickets": [f"CX-{rng.randrange(1000)}"],
                }
            ]
            if s % 2 == 0
            else [],
            "metrics": [
                {"name": _text(rng, 4), "value": f"{rng.randrange(100)}%", "target": "80%"}
            ],
        }
        if blueprint:
            stage.update(
                frontstage=[_text(rng, 6)], backstage=[_text(rng, 6)], support=[_text(rng, 3)]
            )
        data["stages"].append(stage)
    return data


def write_handbook(
    project: Path, *, personas: int, journeys: int, stages: int, seed: int = 7
) -> None:
    rng = random.Random(seed)
    folder = project / "journeys"
    folder.mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text(
        "# Benchmark handbook\n\nSee [the journey maps](journeys/index.md).\n"
    )
    (folder / "_catalog.yml").write_text(yaml.safe_dump(catalog(), sort_keys=False))
    for number in range(personas):
        data = persona(rng, number, journeys, stages)
        (folder / f"persona-{number:04d}.yml").write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        )
