"""Golden files: the small fixture rendered by the core alone, without MkDocs.

`tests/golden/small/` holds everything the core makes of `tests/fixtures/small`:

* `pages/<src_uri>`: the Markdown of every generated page, at its source path;
* `pages.txt`: the pages in navigation order with their title, source file and metadata;
* `nav.txt`: the navigation section as an indented tree;
* `files/<site path>`: the exports (`journeys.json`, the CSVs) and any forwarding pages,
  as `generate_files` returns them (the JSON Schemas are left out: they follow the model,
  not the rendering, and tests/core/source/test_validation.py checks them);
* `mermaid/<persona>--<journey>.mmd`: the Mermaid source of each journey's diagram.

Generated pages hold HTML blocks on one line (the stage grid is one line of several thousand
characters). To keep a golden diff readable, `pretty_html` puts each opening tag of a long
line on its own line, marked `↳` (a line ending there in the output is never marked), and
applies to both the produced and the stored text of pages: the pages themselves are
unchanged, and the marks make the folding reversible, so no change of the output hides.

Each file is its own test, so a failure names the file and shows a unified diff. A golden
file that is no longer produced fails too. After an intended change, rewrite the folder
(stale files are deleted) and review the diff in git:

    python3 -m pytest tests/core/site/test_golden.py --update-goldens
    bash tests/run --update-goldens
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest
from conftest import FIXTURES, GOLDEN, page_context

from journey_maps.site import mermaid
from journey_maps.site.extra_files import generate_files
from journey_maps.site.pages import GeneratedPage, NavNode, generate_pages
from journey_maps.source.handbook import load_handbook

if TYPE_CHECKING:
    from pathlib import Path

FIXTURE = FIXTURES / "small"
GOLDEN_SMALL = GOLDEN / "small"
TODAY = dt.date(2026, 11, 15)


def nav_tree(node: NavNode, depth: int = 0) -> list[str]:
    """`- Title  [level]  src_uri`, children indented two spaces per level."""
    lines = [f"{'  ' * depth}- {node.title}  [{node.level}]  {node.src_uri}"]
    for child in node.children:
        lines += nav_tree(child, depth + 1)
    return lines


def page_list(pages: list[GeneratedPage]) -> list[str]:
    """One line per page, in the order MkDocs receives them."""
    return [
        f"{page.src_uri}  title={json.dumps(page.title, ensure_ascii=False)}"
        f"  source={page.source_file}  meta={json.dumps(page.meta, sort_keys=True)}"
        for page in pages
    ]


ICON_SYMBOL = re.compile(r'(<symbol id="jm-icon-[^"]*" viewBox="[^"]*">).*?(</symbol>)', re.S)


def without_icon_paths(markdown: str) -> str:
    """Channel icons are Material's own SVG paths, which change between its releases: the
    goldens keep each symbol's id (which icon) and leave its drawing to Material."""
    return ICON_SYMBOL.sub(r"\1…\2", markdown)


LONG_LINE = 160
"""Lines up to this length are kept whole: short HTML reads as it is produced."""
CONTINUED = "↳"
"""Starts a line `pretty_html` split off from the line before it."""
OPENING_TAG = re.compile(r"(?=<[A-Za-z!])")


def pretty_html(text: str) -> str:
    """Each opening tag of a line longer than LONG_LINE on a line of its own, marked
    CONTINUED. Deterministic and idempotent (a folded text folds to itself), and reversible:
    joining each marked line to the one before gives the text back."""
    lines = []
    for line in text.split("\n"):
        if len(line) <= LONG_LINE or "<" not in line:
            lines.append(line)
            continue
        mark = CONTINUED if line.startswith(CONTINUED) else ""
        pieces = [piece for piece in OPENING_TAG.split(line[len(mark) :]) if piece]
        lines.append(mark + pieces[0])
        lines += [CONTINUED + piece for piece in pieces[1:]]
    return "\n".join(lines)


def unfolded(text: str) -> str:
    """The text `pretty_html` folded."""
    return text.replace("\n" + CONTINUED, "")


def as_stored(name: str, text: str) -> str:
    """The form a golden file is kept in: generated pages and HTML folded, the rest as is."""
    return pretty_html(text) if name.endswith((".md", ".html")) else text


@functools.cache
def produced() -> dict[str, str]:
    """Golden-folder path -> the text the core produces for it today."""
    handbook = load_handbook(FIXTURE / "journeys", FIXTURE)
    context = page_context(handbook, today=TODAY, ticket_url=None)
    site = generate_pages(context)
    output = {f"pages/{page.src_uri}": without_icon_paths(page.markdown) for page in site.pages}
    output["pages.txt"] = "\n".join(page_list(site.pages)) + "\n"
    output["nav.txt"] = "\n".join(nav_tree(site.nav)) + "\n"
    for path, make in generate_files(context, site_url=None).items():
        if path not in (context.paths.schema("persona"), context.paths.schema("catalog")):
            output[f"files/{path}"] = "".join(make())
    for persona in handbook.personas:
        for journey in persona.journeys:
            diagram = mermaid.journey_diagram(persona, journey)
            output[f"mermaid/{persona.id}--{journey.id}.mmd"] = diagram + "\n"
    return output


def golden_files() -> list[str]:
    if not GOLDEN_SMALL.is_dir():
        return []
    return sorted(
        p.relative_to(GOLDEN_SMALL).as_posix() for p in GOLDEN_SMALL.rglob("*") if p.is_file()
    )


def all_names() -> list[str]:
    """Every produced file and every golden file (so stale goldens get a failing test)."""
    try:
        names = set(produced())
    except Exception:  # the tests themselves report the error, one per golden file
        names = set()
    return sorted(names | set(golden_files())) or ["(nothing produced)"]


def _remove(path: Path) -> None:
    """Delete a stale golden file and the folders it leaves empty."""
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != GOLDEN_SMALL and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


@pytest.mark.parametrize("name", all_names())
def test_golden_file(name: str, request: pytest.FixtureRequest) -> None:
    produced_text = produced().get(name)
    actual = None if produced_text is None else as_stored(name, produced_text)
    path = GOLDEN_SMALL / name
    if request.config.getoption("update_goldens"):
        if actual is None:
            _remove(path)
        elif not path.is_file() or path.read_bytes() != actual.encode("utf-8"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
        return
    if actual is None:
        pytest.fail(
            f"tests/golden/small/{name} is no longer produced; "
            "delete it or run pytest --update-goldens",
            pytrace=False,
        )
    if not path.is_file():
        pytest.fail(
            f"{name} is produced but has no golden file; run pytest --update-goldens",
            pytrace=False,
        )
    expected = as_stored(name, path.read_bytes().decode("utf-8"))
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"golden/small/{name}",
            tofile=f"produced/{name}",
        )
        pytest.fail(
            "".join(diff) + "\n(if the change is intended: pytest --update-goldens)",
            pytrace=False,
        )


def test_pretty_html_is_reversible_and_idempotent() -> None:
    """Folding never hides a change: every produced text comes back whole, folds to the same
    text twice, and holds no line mark of its own (which would make the folding ambiguous)."""
    for name, text in produced().items():
        assert CONTINUED not in text, name
        folded = as_stored(name, text)
        assert unfolded(folded) == text, name
        assert as_stored(name, folded) == folded, name
    grid = as_stored(
        "grid.md", produced()["pages/journeys/first-time-buyer/buying-a-policy/index.md"]
    )
    assert max(len(line) for line in grid.splitlines()) < 1000


def test_every_page_and_journey_has_a_golden_name() -> None:
    """The golden layout covers the whole fixture: 19 pages, 3 diagrams, 3 exports."""
    names = set(produced())
    assert "pages/journeys/first-time-buyer/buying-a-policy/decision.md" in names
    assert "mermaid/it-admin--renewing.mmd" in names
    assert {"files/journeys/journeys.json", "files/journeys/pain-points.csv"} <= names
    assert "files/journeys/opportunities.csv" in names
    assert sum(name.startswith("pages/") for name in names) == 19
    assert sum(name.startswith("mermaid/") for name in names) == 3


def test_core_renders_without_importing_mkdocs() -> None:
    """The layers below the adapter never import MkDocs (checked in a fresh interpreter)."""
    script = textwrap.dedent(
        f"""
        import datetime, sys
        from pathlib import Path
        from journey_maps.site import mermaid
        from journey_maps.site.context import PageContext
        from journey_maps.site.options import RenderOptions
        from journey_maps.site.extra_files import generate_files
        from journey_maps.site.pages import generate_pages
        from journey_maps.site.paths import SitePaths
        from journey_maps.site.templating import make_environment
        from journey_maps.source.handbook import load_handbook
        root = Path({str(FIXTURE)!r})
        handbook = load_handbook(root / "journeys", root)
        context = PageContext(handbook, SitePaths(), RenderOptions(today=datetime.date(2026, 11, 15)), make_environment())
        [page.markdown for page in generate_pages(context).pages]
        ["".join(make()) for make in generate_files(context, site_url=None).values()]
        for persona in handbook.personas:
            for journey in persona.journeys:
                mermaid.journey_diagram(persona, journey)
        loaded = sorted(m for m in sys.modules if m == "mkdocs" or m.startswith("mkdocs."))
        print(" ".join(loaded))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"the core imported {result.stdout.strip()}"
