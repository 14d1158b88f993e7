"""Same input, byte-identical site."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT, build_project, make_project

if TYPE_CHECKING:
    from pathlib import Path


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("fixture", ["small", None])
def test_two_builds_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixture: str | None
) -> None:
    """With SOURCE_DATE_EPOCH set, nothing differs, MkDocs' sitemap included."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    trees = []
    for run in ("a", "b"):
        if fixture:
            project = make_project(tmp_path / run, from_fixture=fixture)
        else:  # the example handbook
            root = ROOT
            project = tmp_path / run / "project"
            project.mkdir(parents=True)
            for name in ("docs", "journeys"):
                shutil.copytree(root / name, project / name)
            (project / "mkdocs.yml").write_bytes((root / "mkdocs.yml").read_bytes())
        trees.append(_tree(build_project(project).site_dir))
    assert trees[0].keys() == trees[1].keys()
    different = [name for name in trees[0] if trees[0][name] != trees[1][name]]
    assert different == []


def test_review_dates_come_from_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(4102444800))  # 2100-01-01: every map is overdue
    site = build_project(make_project(tmp_path, from_fixture="small"))
    assert "Review overdue since 2026-11-30" in site.page("journeys/")
