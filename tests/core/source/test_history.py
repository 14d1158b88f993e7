"""A map's history from git (`history: true`): the Changes section, the emotion small
multiples and the review page's "changes since the last review", on real repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import html_tools
import pytest
import yaml
from conftest import build_project, page_context
from git_repos import CATALOG, Repo, persona

from journey_maps.site.pages import generate_pages
from journey_maps.source.handbook import load_handbook
from journey_maps.views.history import handbook_history

if TYPE_CHECKING:
    from pathlib import Path


def pages(repo: Repo, *, history: bool = True, limit: int = 12) -> dict[str, str]:
    handbook = load_handbook(repo.folder, repo.path)
    found = handbook_history(handbook, repo.folder, limit=limit) if history else None
    context = page_context(handbook, history=found)
    return {page.src_uri: page.markdown for page in generate_pages(context).pages}


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.write("_catalog.yml", CATALOG)
    repo.write("maya.yml", persona())
    repo.commit("First maps")
    data = persona()
    data["journeys"][0]["stages"][1]["emotion"] = 2
    data["journeys"][0]["stages"][1]["pain_points"].append(
        {"id": "fees", "title": "Hidden <b>fees</b> {{ x }}", "severity": "critical"}
    )
    repo.write("maya.yml", data)
    repo.commit("Decision got worse <script>")
    data["journeys"][0]["stages"][1]["opportunities"][0]["status"] = "shipped"
    data["journeys"][0]["last_reviewed"] = "2026-01-03"
    repo.write("maya.yml", data)
    repo.commit("Review: plain quotes shipped")
    return repo


def test_changes_section_lists_the_reviews_newest_first(repo: Repo) -> None:
    page = pages(repo)["journeys/maya/buying/index.md"]
    section = page.split("## Changes", 1)[1]
    assert section.index("2026-01-03") < section.index("2026-01-02") < section.index("2026-01-01")
    assert "Review: plain quotes shipped: 1 opportunity shipped; 1 other change." in section
    assert "1 emotion down; 1 pain point added (1 critical)." in section
    assert "journey added" in section
    assert section.count("<svg") == 3  # one mini curve per version
    assert 'points="25.0,20.0 75.0,12.0"' in section  # first version: 3 then 4
    assert 'points="25.0,20.0 75.0,28.0"' in section  # then 3 then 2


def test_author_text_in_history_is_escaped(repo: Repo) -> None:
    section = pages(repo)["journeys/maya/buying/index.md"].split("## Changes", 1)[1]
    assert "<script>" not in section
    assert "&lt;script&gt;" in section
    assert "<b>fees</b>" not in section
    assert "{{" not in section


def test_history_is_deterministic(repo: Repo, tmp_path: Path) -> None:
    """A copy of the repository in another folder (other paths, nothing cached) gives the
    same pages, Changes section included."""
    first = pages(repo)
    assert "## Changes" in first["journeys/maya/buying/index.md"]
    copy = Repo(shutil.copytree(repo.path, tmp_path / "copy"))
    assert pages(copy) == first


def test_history_is_off_by_default(repo: Repo) -> None:
    built = pages(repo, history=False)
    assert "## Changes" not in built["journeys/maya/buying/index.md"]
    assert "Changes since the last review" not in built["journeys/review/index.md"]


def test_cap_on_versions_read(repo: Repo) -> None:
    section = pages(repo, limit=2)["journeys/maya/buying/index.md"].split("## Changes", 1)[1]
    assert section.count("<svg") == 2
    assert "2026-01-01" not in section


def test_review_page_says_what_changed_since_the_review(repo: Repo) -> None:
    data = persona()
    data["journeys"][0]["last_reviewed"] = "2026-01-03"
    data["journeys"][0]["stages"][0]["emotion"] = 5
    repo.write("maya.yml", data)  # the working tree, after the review commit
    review = pages(repo)["journeys/review/index.md"]
    section = review.split("## Changes since the last review", 1)[1]
    row = next(line for line in section.splitlines() if line.startswith("| [Buying"))
    assert "2026-01-03" in row
    assert "(2026-01-03)" in row
    assert "Research: emotion 3 → 5 (better)" in row
    assert "pain point removed (critical): Hidden &#60;b&#62;fees" in row


def test_merges_and_journey_moved_to_another_persona(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    data = persona()
    data["journeys"][0]["stages"][0]["emotion"] = 1
    repo.write("maya.yml", data)
    repo.commit("Research worse")
    repo.git("checkout", "-q", "main")
    repo.git(
        "merge", "-q", "--no-ff", "-m", "Merge feature", "feature", date="2026-01-09T12:00:00+00:00"
    )
    section = pages(repo)["journeys/maya/buying/index.md"].split("## Changes", 1)[1]
    assert "Research worse" in section
    moved = persona()
    journeys = moved.pop("journeys")
    moved["journeys"] = []
    repo.write("maya.yml", moved)
    repo.write("sam.yml", {"persona": {"name": "Sam", "role": "Landlord"}, "journeys": journeys})
    repo.commit("Move buying to Sam")
    section = pages(repo)["journeys/sam/buying/index.md"].split("## Changes", 1)[1]
    assert "Move buying to Sam" in section
    assert "journey added" in section


def test_shallow_clone_warns_and_degrades(repo: Repo, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True
    )
    handbook = load_handbook(clone / "journeys", clone)
    history = handbook_history(handbook, clone / "journeys")
    assert not history.available
    assert history.warnings
    assert "shallow clone" in history.warnings[0]
    shallow = Repo.__new__(Repo)
    shallow.path, shallow.folder = clone, clone / "journeys"
    built = pages(shallow)
    assert "History not available" in built["journeys/maya/buying/index.md"]
    assert "History not available" in built["journeys/review/index.md"]


def test_not_a_repository_warns(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "_catalog.yml").write_text("channels: []\n")
    history = handbook_history(load_handbook(folder, tmp_path), folder)
    assert not history.available
    assert "not in a git repository" in history.warnings[0]


def test_mkdocs_build_with_history_true(repo: Repo) -> None:
    """The option as a user sets it: `history: true` in mkdocs.yml, `mkdocs build --strict`
    run inside the repository."""
    data = yaml.safe_load((repo.folder / "maya.yml").read_text(encoding="utf-8"))
    data["journeys"][0]["stages"][0]["emotion"] = 1
    repo.write("maya.yml", data)
    repo.commit("After the review: awareness got worse")
    (repo.path / "docs").mkdir()
    (repo.path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    settings = {
        "site_name": "History",
        "theme": {"name": "material"},
        "plugins": ["search", {"journey-maps": {"history": True, "warn_overdue": False}}],
    }
    (repo.path / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    site = build_project(repo.path, strict=True)
    journey = html_tools.article(site.page("journeys/maya/buying/"))
    changes = html_tools.text(journey[journey.index('id="changes"') :])
    assert "Review: plain quotes shipped" in changes
    assert "1 pain point added (1 critical)" in changes
    assert "&lt;script&gt;" in journey
    assert "<script>" not in journey
    review = site.page("journeys/review/")
    since = html_tools.text(review[review.index('id="changes-since-review"') :])
    assert "Buying a policy 2026-01-03" in since, since[:400]
    assert "1 emotion down" in since, since[:400]


GIT_LOG = """#!/bin/sh
printf '%s\\n' "$*" >> "$GIT_CALLS"
exec {git} "$@"
"""

HISTORY_RUN = """
import sys
from pathlib import Path
from journey_maps.source.handbook import load_handbook
from journey_maps.views.history import handbook_history
repo = Path(sys.argv[1])
found = handbook_history(load_handbook(repo / "journeys", repo), repo / "journeys")
print(sum(len(versions) for versions in found.versions.values()), found.warnings)
"""


def test_history_reads_each_blob_once(tmp_path: Path) -> None:
    """Issue 19: every version of every persona file used to be read with one `git cat-file`
    per file of the folder, per commit and per persona file (120 files, 20 commits: minutes).
    Run in a fresh process with a time bound, with every git call logged."""
    files, commits = 40, 8
    repo = Repo(tmp_path / "repo")
    repo.write("_catalog.yml", CATALOG)
    for number in range(commits):
        for index in range(files):
            data = persona()
            data["persona"]["name"] = f"Persona {index}"
            data["journeys"][0]["stages"][0]["emotion"] = 1 + (number + index) % 5
            repo.write(f"p{index:03d}.yml", data)
        repo.commit(f"Change {number}")
    tools = tmp_path / "bin"
    tools.mkdir()
    wrapper = tools / "git"
    real_git = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True)
    wrapper.write_text(GIT_LOG.format(git=real_git.stdout.strip()), encoding="utf-8")
    wrapper.chmod(0o755)
    calls = tmp_path / "git-calls.txt"
    environment = {
        **os.environ,
        "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
        "GIT_CALLS": str(calls),
    }
    done = subprocess.run(
        [sys.executable, "-c", HISTORY_RUN, str(repo.path)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == str(files * commits)  # every version of every map
    logged = calls.read_text(encoding="utf-8").splitlines()
    blob_reads = [call for call in logged if "cat-file --batch" in call or "cat-file blob" in call]
    assert len(blob_reads) <= files  # one batch per persona file (was files x commits x files)
    # Per persona file: its log, its since-review log and one batch; per commit: its id and
    # its listing. Before: a listing and a read of every file per commit and persona file.
    assert len(logged) <= 3 * files + 3 * commits + 10, len(logged)
