"""Everything generated that is not a page: exports, JSON Schemas and redirect pages."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from .exports import Exporter
from .redirects import redirects
from .schema import catalog_schema_text, persona_schema_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from .context import PageContext

__all__ = ["generate_files"]


def generate_files(context: PageContext, site_url: str | None) -> dict[str, Callable[[], str]]:
    """Site path -> a call that makes its content: the exports, schemas and forwarding pages
    of former ids (the forwarding pages' words in the build's language; exports stay as
    machines read them). Each file is made when called: one export at a time, as the
    largest hold megabytes (docs/performance.md, "Memory")."""
    paths, options = context.paths, context.options
    exporter = Exporter(context.registers, paths, site_url, context.fragments)
    files: dict[str, Callable[[], str]] = {
        paths.export("journeys.json"): partial(
            exporter.journeys_json,
            generated=options.today.isoformat(),
            ticket_url=options.ticket_url,
        ),
        paths.export("pain-points.csv"): exporter.pain_points_csv,
        paths.export("opportunities.csv"): exporter.opportunities_csv,
        paths.export("steps.csv"): exporter.steps_csv,
        paths.schema("persona"): persona_schema_text,
        paths.schema("catalog"): catalog_schema_text,
    }
    for old, new, title in redirects(context.handbook, paths):
        files[paths.output_file(old)] = partial(
            _forwarding_page, context, target=paths.url(old, new), title=title
        )
    return {path: partial(_speaking, context, make) for path, make in files.items()}


def _forwarding_page(context: PageContext, *, target: str, title: str) -> str:
    return context.environment.get_template("redirect.html.j2").render(target=target, title=title)


def _speaking(context: PageContext, make: Callable[[], str]) -> str:
    """`make()` in the build's language, as the pages are made."""
    with context.speaking():
        return make()
