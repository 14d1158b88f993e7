"""Generated content inside hand-written pages, asked for with a fenced block:

    ```journey-maps
    field-reference
    ```

The block is replaced by Markdown before MkDocs renders the page, so headings land in
the table of contents and links are checked like any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable

FENCE = re.compile(r"^```journey-maps[ \t]*\n(?P<body>.*?)\n```[ \t]*$", re.M | re.S)

Directive = Callable[[list[str]], str]


class DirectiveError(ValueError):
    """A block that names an unknown directive or a journey that does not exist."""


def expand(markdown: str, directives: dict[str, Directive]) -> tuple[str, list[str]]:
    """Replace every journey-maps block; return the new Markdown and the problems found."""
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        words = match.group("body").split()
        if not words or words[0] not in directives:
            known = ", ".join(sorted(directives))
            problems.append(f"unknown journey-maps block {' '.join(words)!r}; use one of: {known}")
            return match.group(0)
        try:
            return directives[words[0]](words[1:])
        except DirectiveError as error:
            problems.append(str(error))
            return match.group(0)

    return FENCE.sub(replace, markdown), problems
