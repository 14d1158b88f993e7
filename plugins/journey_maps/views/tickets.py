"""Tickets, the one place they are understood: how a ticket a pain point or opportunity
cites is said (`PRC-77` for a tracker URL), where it links (`ticket_url`) and its anchor on
the tickets page. The pages, the exports and the registers all ask this module.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["CardTickets", "Ticket", "ticket_anchor", "ticket_href", "unique_ticket_anchors"]

CARD_TICKETS = 2
"""Tickets a card on the stage grid names; the rest are counted (`+3`)."""
TICKET_ANCHOR_MAX = 60
"""Longest ticket anchor before it is cut and given a hash (long https:// tickets)."""


@dataclass(frozen=True)
class Ticket:
    """A ticket as the author wrote it, with its link and the short name people say."""

    written: str
    href: str | None
    """Full https URLs as written, ids through `ticket_url`, else None (no link)."""

    @classmethod
    def of(cls, written: str, ticket_url: str | None) -> Ticket:
        return cls(written, ticket_href(written, ticket_url))

    @property
    def short(self) -> str:
        return short_ticket(self.written)

    @property
    def is_url(self) -> bool:
        """Written as a link (the page offers "Open the link", not "Open CX-1 in the tracker")."""
        return self.written.startswith("https://")


@dataclass(frozen=True)
class CardTickets:
    """The tickets a small card names: the first `CARD_TICKETS` by their short names, and
    how many more there are."""

    shown: list[str]
    more: int

    @classmethod
    def of(cls, tickets: list[str]) -> CardTickets:
        return cls(
            [short_ticket(t) for t in tickets[:CARD_TICKETS]], max(0, len(tickets) - CARD_TICKETS)
        )


def ticket_href(ticket: str, ticket_url: str | None) -> str | None:
    """Where a ticket links: full https URLs as written, ids through `ticket_url`, else nowhere."""
    if ticket.startswith("https://"):
        return ticket
    if ticket_url:
        return ticket_url.replace("{ticket}", quote(ticket, safe=""))
    return None


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


def ticket_anchor(ticket: str) -> str:
    """A ticket's own anchor: its slug, or a cut slug plus a hash of the whole ticket."""
    slug = re.sub(r"[^a-z0-9]+", "-", ticket.lower().removeprefix("https://")).strip("-")
    if not slug:
        return f"ticket-{_short_hash(ticket)}"
    if len(slug) <= TICKET_ANCHOR_MAX:
        return slug
    return f"{slug[: TICKET_ANCHOR_MAX - 9].rstrip('-')}-{_short_hash(ticket)}"


def unique_ticket_anchors(tickets: Iterable[str]) -> dict[str, str]:
    """Ticket -> its anchor on the tickets page: `CX-101` -> `cx-101`, unique.

    Linear in the number of tickets, and each anchor comes from its own ticket, so adding
    a ticket does not move the others: a slug longer than 60 characters is cut and gets a
    short hash of the whole ticket (`ticket_anchor`). When two tickets still share an
    anchor (`CX-1` and `cx-1`), the first in plain text order keeps it and the others get
    their hash appended.
    """
    tickets = list(tickets)
    groups: dict[str, list[str]] = {}
    for ticket in tickets:
        groups.setdefault(ticket_anchor(ticket), []).append(ticket)
    anchors: dict[str, str] = {}
    taken = set(groups)
    for anchor, group in groups.items():
        first, *others = sorted(group)
        anchors[first] = anchor
        for ticket in others:
            candidate, number = f"{anchor}-{_short_hash(ticket)}", 1
            while candidate in taken:  # only by a contrived hash collision
                number += 1
                candidate = f"{anchor}-{_short_hash(ticket)}-{number}"
            taken.add(candidate)
            anchors[ticket] = candidate
    return {ticket: anchors[ticket] for ticket in tickets}


def _short_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()
