"""What changed between two versions of a handbook, in the words of a journey map.

`diff_handbooks(old, new)` compares two loaded handbooks journey by journey and returns
plain data: which journeys were added, removed, renamed (through `former_ids`) or moved to
another persona, and for each the changes a CX reviewer cares about. One module per job:

* `matching`: which journey, stage, pain point, opportunity and step is which;
* `comparing`: what changed between two matched versions, as `Change` records;
* `records`: the records and their typed kinds (`ChangeKind`);
* `words`: a change, a journey's status and the summary line in words, as segments
  marked author text or not, so every output escapes only what the author wrote;
* `counts`: the figures the summary line and the JSON output share.

The outputs (terminal text, the pull-request comment, JSON) are in `site/changes.py`.
"""

from __future__ import annotations

from .comparing import diff_handbooks, diff_journey
from .counts import Counts, count_changes
from .records import (
    KINDS,
    Change,
    ChangeKind,
    Direction,
    HandbookDiff,
    JourneyDiff,
    JourneyStatus,
)
from .words import Segment, status_words, summarize, summary_line

__all__ = [
    "KINDS",
    "Change",
    "ChangeKind",
    "Counts",
    "Direction",
    "HandbookDiff",
    "JourneyDiff",
    "JourneyStatus",
    "Segment",
    "count_changes",
    "diff_handbooks",
    "diff_journey",
    "status_words",
    "summarize",
    "summary_line",
]
