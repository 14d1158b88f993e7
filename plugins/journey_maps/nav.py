"""Put the journey-maps section into MkDocs' navigation, explicit or automatic.

The section's entries are written by `site.output.nav_entry`, as for `render --nav`;
`neighbours.py` decides which form a site gets (its nav, a `.nav.yml`, `.pages` files)."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import Files, file_sort_key
from mkdocs.utils import nest_paths

from .site.escaping import html_title
from .site.rendered_folder import nav_entry, yaml_json

if TYPE_CHECKING:
    from .site.pages import NavNode

__all__ = ["awesome_pages_files", "with_section"]


def awesome_pages_files(section: NavNode) -> dict[str, str]:
    """A `.pages` file per generated folder, for mkdocs-awesome-pages-plugin.

    It orders MkDocs' automatic nav by these: each folder's title and its pages and
    subfolders in handbook order (stages in journey order, not alphabetical)."""
    folders: dict[str, tuple[str, list[str], bool]] = {}

    def visit(node: NavNode) -> None:
        folder = posixpath.dirname(node.src_uri)
        # A folder with its index page only (an index of the handbook) collapses into a page.
        entries = folders.setdefault(folder, (node.title, [], not node.children))[1]
        entries.append(posixpath.basename(node.src_uri))
        for child in node.children:
            child_folder = posixpath.dirname(child.src_uri)
            if child_folder == folder:  # a stage or a team: a page beside the index
                entries.append(posixpath.basename(child.src_uri))
            else:  # a persona, journey or index: the index page of a subfolder
                entries.append(posixpath.basename(child_folder))
                visit(child)

    visit(section)
    result = {}
    for folder, (title, entries, collapse) in folders.items():
        lines = [f"title: {yaml_json(str(html_title(title)))}"]  # any title reads back
        if collapse:
            lines.append("collapse: true")
        lines += ["nav:", *(f"  - {name}" for name in entries)]
        result[posixpath.join(folder, ".pages")] = "\n".join(lines) + "\n"
    return result


def with_section(
    nav: list[Any] | None, files: Files, section: NavNode, generated: set[str]
) -> list[Any]:
    """The site nav with the journey-maps section in it.

    An explicit nav keeps its order: an entry pointing at the landing page is replaced by
    the whole section, else the section is appended. Without a nav, MkDocs' automatic
    nav of the hand-written pages is rebuilt and the section is appended to it.
    """
    entry = nav_entry(section)
    if nav is None:
        pages = sorted(
            (
                f
                for f in files.documentation_pages()
                if f.src_uri not in generated and f.inclusion.is_in_nav()
            ),
            key=file_sort_key,
        )
        return [*nest_paths(f.src_uri for f in pages), entry]
    replaced, found = _replace_landing(nav, section.src_uri, entry)
    return replaced if found else [*nav, entry]


def _replace_landing(
    items: list[Any], landing: str, entry: dict[str, Any]
) -> tuple[list[Any], bool]:
    found = False
    result = []
    for item in items:
        if item == landing:
            result.append(entry)
            found = True
        elif isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            if value == landing:
                result.append({title: next(iter(entry.values()))})
                found = True
            elif isinstance(value, list):
                value, inner = _replace_landing(value, landing, entry)
                found = found or inner
                result.append({title: value})
            else:
                result.append(item)
        else:
            result.append(item)
    return result, found
