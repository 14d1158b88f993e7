"""Everything generated that is not a page: exports, JSON Schemas and redirect pages."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from .exports import Exporter
from .redirects import redirects
from .schema import catalog_schema_text, persona_schema_text

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from .context import PageContext

__all__ = ["generate_files"]


def generate_files(
    context: PageContext, site_url: str | None
) -> dict[str, Callable[[], Iterator[str]]]:
    """Site path -> a call that makes its content, in parts: the exports, schemas and
    forwarding pages of former ids (the forwarding pages' words in the build's language;
    exports stay as machines read them). Each file is made when called, a part at a time:
    the exports hold megabytes, and a build never needs one whole in memory
    (docs/performance.md, "Memory"); join the parts for the text."""
    paths, options = context.paths, context.options
    exporter = Exporter(context.registers, paths, site_url, context.fragments)
    files: dict[str, Callable[[], Iterable[str]]] = {
        paths.export("journeys.json"): partial(
            exporter.journeys_json_parts,
            generated=options.today.isoformat(),
            ticket_url=options.ticket_url,
        ),
        paths.export("pain-points.csv"): exporter.pain_points_csv_parts,
        paths.export("opportunities.csv"): exporter.opportunities_csv_parts,
        paths.export("steps.csv"): exporter.steps_csv_parts,
        paths.schema("persona"): lambda: [persona_schema_text()],
        paths.schema("catalog"): lambda: [catalog_schema_text()],
    }
    for old, new, title in redirects(context.handbook, paths):
        files[paths.output_file(old)] = partial(
            _forwarding_page, context, target=paths.url(old, new), title=title
        )
    return {path: partial(_speaking, context, make) for path, make in files.items()}


def _forwarding_page(context: PageContext, *, target: str, title: str) -> list[str]:
    template = context.environment.get_template("redirect.html.j2")
    return [template.render(target=target, title=title)]


def _speaking(context: PageContext, make: Callable[[], Iterable[str]]) -> Iterator[str]:
    """`make()`'s parts in the build's language, as the pages are made."""
    with context.speaking():
        yield from make()
