"""Everything generated that is not a page: exports, JSON Schemas and redirect pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .exports import Exporter
from .redirects import redirects
from .schema import catalog_schema_text, persona_schema_text

if TYPE_CHECKING:
    from .context import PageContext

__all__ = ["generate_files"]


def generate_files(context: PageContext, site_url: str | None) -> dict[str, str]:
    """Site path -> content, for the exports, schemas and forwarding pages of former ids
    (the forwarding pages' words in the build's language; exports stay as machines read them)."""
    with context.speaking():
        return _generate_files(context, site_url)


def _generate_files(context: PageContext, site_url: str | None) -> dict[str, str]:
    paths, options = context.paths, context.options
    exporter = Exporter(context.registers, paths, site_url, context.fragments)
    files = {
        paths.export("journeys.json"): exporter.journeys_json(
            generated=options.today.isoformat(), ticket_url=options.ticket_url
        ),
        paths.export("pain-points.csv"): exporter.pain_points_csv(),
        paths.export("opportunities.csv"): exporter.opportunities_csv(),
        paths.export("steps.csv"): exporter.steps_csv(),
        paths.schema("persona"): persona_schema_text(),
        paths.schema("catalog"): catalog_schema_text(),
    }
    template = context.environment.get_template("redirect.html.j2")
    for old, new, title in redirects(context.handbook, paths):
        target = paths.url(old, new)
        files[paths.output_file(old)] = template.render(target=target, title=title)
    return files
