"""The CJML 2.0 terms `import cjml` and `export cjml` share, so reader and writer agree
(as `export_columns` does for the CSV exports): the importers and the site sit side by
side and may not import each other."""

from __future__ import annotations

__all__ = ["EXTENSION", "LABEL_ARROW", "PLANNED_TYPES"]

EXTENSION = "urn:mkdocs-journey-maps:cjml-extension:1"
"""The namespace of what `export cjml` adds to CJML 2.0 so a round trip keeps it."""
PLANNED_TYPES = ("future-state", "service-blueprint")
"""Journey types written as `plannedJourney`: how a service is meant to go."""
LABEL_ARROW = " → "
"""Between the initiator's and the receiver's label in a step's action."""
