"""The plugin's options, as written under `journey-maps:` in `mkdocs.yml`."""

from __future__ import annotations

import re

from mkdocs.config import base
from mkdocs.config import config_options as c

from .source.handbook import DEFAULT_MAX_BYTES

_PREFIX = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*$")


class _Prefix(c.Type[str]):
    """Where generated pages live in the site: slug segments, no `..`, no leading `/`."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value).strip("/")
        if not _PREFIX.match(value):
            raise base.ValidationError(
                f"must be a site path of lowercase words and hyphens, like 'journeys' or 'cx/maps'; got {value!r}"
            )
        return value


class _TicketUrl(c.Type[str]):
    """A tracker URL template: https, with `{ticket}` where the id goes."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        if not value.startswith("https://") or "{ticket}" not in value:
            raise base.ValidationError(
                "must be an https:// URL containing {ticket}, e.g. https://tracker.example.com/browse/{ticket}"
            )
        return value


class JourneyMapsConfig(base.Config):
    """Options of the `journey-maps` plugin."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it, e.g. `enabled: !ENV [JOURNEY_MAPS, true]`."""
    dir = c.Type(str, default="journeys")
    """Folder with `_catalog.yml` and the persona files, relative to `mkdocs.yml`."""
    prefix = _Prefix(default="journeys")
    """Where the generated pages live in the site."""
    ticket_url = c.Optional(_TicketUrl())
    """Link ticket ids to the tracker: `{ticket}` is replaced by the URL-encoded id."""
    review_every_days = c.Type(int, default=180)
    """How often a map should be reviewed, unless a journey sets its own interval."""
    stale_evidence_days = c.Type(int, default=365)
    """Evidence whose newest dated item is older than this many days shows its age
    ("14 months old") on grid cards, stages and the pain register."""
    warn_overdue = c.Type(bool, default=False)
    """Log a warning per journey overdue for review, so `mkdocs build --strict` fails on them."""
    navigation = c.Choice(("stages", "journeys", "personas", "landing"), default="stages")
    """The deepest level listed in the site navigation. Large handbooks list `journeys`
    (stages are reached from their journey page and the previous/next links) or
    `landing`, so the navigation MkDocs repeats on every page stays small."""
    mermaid = c.Type(bool, default=True)
    """Emit a Mermaid journey diagram on each journey page."""
    mermaid_js = c.Type(str, default="cdn")
    """Where browsers get Mermaid: `cdn` (Material's default, from unpkg), `local` (the copy
    shipped with this plugin, for intranets without internet), or a path to a
    `mermaid.min.js` relative to `mkdocs.yml`."""
    emotion_margin = c.Type((int, float), default=1.0)
    """How far (on the 1-5 scale) a stage's assumed emotion may be from its measured mean
    before the build warns; see `data:` in the reference."""
    max_file_size = c.Type(int, default=DEFAULT_MAX_BYTES)
    """Largest YAML file read, in bytes; bigger files are refused with an error."""
    history = c.Type(bool, default=False)
    """Read the maps' history from git: a Changes section on each journey page (the last 12
    commits that changed it, with an emotion small multiple) and what changed since each
    map's last review on the review page. Off by default: it needs git and the full history
    (a shallow clone gives a warning and no history)."""
