"""Real temporary git repositories for the diff and history tests: fixed dates, fixed author."""

from __future__ import annotations

import copy
import os
import subprocess
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from pathlib import Path

CATALOG: dict[str, Any] = {
    "channels": [{"id": "web", "name": "Website"}, {"id": "phone", "name": "Phone"}],
    "teams": [{"id": "growth", "name": "Growth"}, {"id": "service", "name": "Service"}],
    "touchpoints": [
        {"id": "pricing-page", "name": "Pricing page", "channel": "web", "owner": "growth"},
        {"id": "quote-form", "name": "Quote form", "channel": "web"},
        {"id": "call-centre", "name": "Call centre", "channel": "phone"},
    ],
}

PERSONA: dict[str, Any] = {
    "persona": {"name": "Maya Chen", "role": "First-time buyer"},
    "journeys": [
        {
            "id": "buying",
            "title": "Buying a policy",
            "owner": "growth",
            "last_reviewed": "2026-01-10",
            "evidence": [{"id": "interviews", "kind": "solicited", "source": "12 interviews"}],
            "stages": [
                {
                    "id": "research",
                    "name": "Research",
                    "emotion": 3,
                    "steps": [{"action": "Compares prices", "touchpoint": "pricing-page"}],
                },
                {
                    "id": "decision",
                    "name": "Decision",
                    "emotion": 4,
                    "steps": [{"action": "Reads the quote", "touchpoint": "quote-form"}],
                    "pain_points": [
                        {
                            "id": "jargon",
                            "title": "Quotes are full of jargon",
                            "severity": "medium",
                            "tickets": ["CX-101"],
                        }
                    ],
                    "opportunities": [
                        {
                            "id": "plain-quotes",
                            "title": "Plain-language quotes",
                            "status": "in-progress",
                            "impact": "high",
                            "effort": "medium",
                            "owner": "growth",
                        }
                    ],
                },
            ],
        }
    ],
}


def persona(**changes: Any) -> dict[str, Any]:
    """A deep copy of PERSONA, to be changed by the test."""
    data = copy.deepcopy(PERSONA)
    data.update(changes)
    return data


class Repo:
    """A git repository in a temporary folder; each commit gets the next fixed date."""

    def __init__(self, path: Path, folder: str = "journeys") -> None:
        self.path = path
        self.folder = path / folder
        self.day = 0
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test Author")
        self.git("config", "user.email", "author@example.com")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *arguments: str, date: str | None = None) -> str:
        environment = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(self.path)}
        if date:
            environment["GIT_AUTHOR_DATE"] = environment["GIT_COMMITTER_DATE"] = date
        done = subprocess.run(
            ["git", "-C", str(self.path), *arguments],
            capture_output=True,
            text=True,
            check=True,
            env=environment,
        )
        return done.stdout

    def write(self, name: str, data: dict[str, Any] | str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        (self.folder / name).write_text(text, encoding="utf-8")

    def remove(self, name: str) -> None:
        (self.folder / name).unlink()

    def commit(self, message: str, date: str | None = None) -> str:
        """Commit everything; dates default to one day apart from 2026-01-01, 12:00 UTC."""
        self.day += 1
        when = date or f"2026-01-{self.day:02d}T12:00:00+00:00"
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=when)
        return self.git("rev-parse", "HEAD").strip()
