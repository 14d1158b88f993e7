"""`journey-maps diff`: the semantic diff of two handbooks, on real temporary git repositories."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from conftest import ROOT
from git_repos import CATALOG, Repo, persona

from journey_maps.source.git_history import Repository
from journey_maps.source.handbook import Handbook, load_handbook_files
from journey_maps.views.diff import KINDS, diff_handbooks

if TYPE_CHECKING:
    from pathlib import Path


def run(repo: Repo, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journey_maps.cli", "diff", *arguments],
        cwd=repo.path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.write("_catalog.yml", CATALOG)
    repo.write("maya.yml", persona())
    repo.commit("first maps")
    return repo


def kinds(repo: Repo, old: str = "main", new: str | None = None) -> list[tuple[str, Any, Any]]:
    data = json.loads(run(repo, old, *([new] if new else []), "--format", "json").stdout)
    return [(c["kind"], c["old"], c["new"]) for j in data["journeys"] for c in j["changes"]]


def the_pr_change(repo: Repo, title: str = "Hidden fees at checkout") -> None:
    """One emotion down, one critical pain point added, one opportunity shipped."""
    data = persona()
    decision = data["journeys"][0]["stages"][1]
    decision["emotion"] = 2
    decision["pain_points"].append(
        {"id": "hidden-fees", "title": title, "severity": "critical", "touchpoint": "quote-form"}
    )
    decision["opportunities"][0]["status"] = "shipped"
    repo.write("maya.yml", data)


def test_the_pull_request_example_in_text(repo: Repo) -> None:
    the_pr_change(repo)
    done = run(repo)
    assert done.returncode == 0, done.stderr
    commit = repo.git("rev-parse", "main").strip()
    assert done.stdout.splitlines()[:2] == [
        f"journey maps: main (git revision {commit[:7]}) → working tree (folder journeys)",
        "1 journey changed; 1 emotion down; 1 pain point added (1 critical); "
        "1 opportunity shipped.",
    ]
    assert "  ! Decision: emotion 4 → 2 (worse)" in done.stdout
    assert "  ! Decision: pain point added (critical): Hidden fees at checkout" in done.stdout
    assert "Plain-language quotes” in-progress → shipped" in done.stdout


def test_fail_on_worse_exits_1_and_better_changes_exit_0(repo: Repo) -> None:
    the_pr_change(repo)
    assert run(repo, "--fail-on", "worse").returncode == 1
    data = persona()
    data["journeys"][0]["stages"][1]["emotion"] = 5  # better only
    repo.write("maya.yml", data)
    assert run(repo, "--fail-on", "worse").returncode == 0
    data["journeys"][0]["stages"][1]["pain_points"][0]["severity"] = "low"
    repo.write("maya.yml", data)
    assert run(repo, "--fail-on", "worse").returncode == 0


def test_every_kind_of_change(repo: Repo) -> None:
    data = persona()
    journey = data["journeys"][0]
    journey.update(title="Buying home insurance", status="validated", owner="service")
    journey["last_reviewed"] = "2026-03-01"
    journey["evidence"] = [{"id": "complaints", "kind": "unsolicited", "source": "Complaints"}]
    research, decision = journey["stages"]
    research.update(name="Looking around", emotion=2)
    research["steps"] = [
        {"action": "Compares prices", "touchpoint": "call-centre", "emotion": 1},
    ]
    pain = decision["pain_points"][0]
    pain.update(severity="high", tickets=["CX-102"], status="wont-fix")
    idea = decision["opportunities"][0]
    idea.update(status="planned", impact="low", effort="high", owner="service", tickets=["CX-9"])
    decision["pain_points"], decision["opportunities"] = [], []
    research["pain_points"], research["opportunities"] = [pain], [idea]  # moved
    journey["stages"].append(
        {
            "id": "renewal",
            "name": "Renewal",
            "emotion": 3,
            "opportunities": [{"id": "reminders", "title": "Reminders"}],
        }
    )
    repo.write("maya.yml", data)
    found = {kind for kind, _, _ in kinds(repo)}
    expected = set(KINDS) - {
        "stage-removed",
        "pain-point-added",
        "pain-point-removed",
        "opportunity-removed",
    }
    assert expected - found == set()
    repo.commit("many changes")
    # The rest, the other way round: removed things.
    repo.write("maya.yml", persona())
    found = {kind for kind, _, _ in kinds(repo, "HEAD")}
    assert {
        "stage-removed",
        "opportunity-removed",
        "evidence-added",
        "evidence-removed",
        "opportunity-moved",
        "pain-point-moved",
    } <= found
    changes = kinds(repo, "HEAD")
    assert ("stage-emotion", 3, 3) not in changes
    assert ("step-emotion", 1, 3) in changes
    assert ("last-reviewed", "2026-03-01", "2026-01-10") in changes
    assert ("severity", "high", "medium") in changes
    assert ("pain-point-status", "wont-fix", "open") in changes
    assert ("ticket-added", None, "CX-101") in changes
    assert ("ticket-removed", "CX-102", None) in changes
    assert ("touchpoint-removed", None, None) in changes


def test_pain_point_removed_and_added(repo: Repo) -> None:
    data = persona()
    data["journeys"][0]["stages"][1]["pain_points"] = [
        {"id": "slow-quote", "title": "Slow quote", "severity": "high"}
    ]
    repo.write("maya.yml", data)
    assert kinds(repo) == [
        ("pain-point-added", None, "high"),
        ("pain-point-removed", "medium", None),
    ]


def test_step_emotion_that_follows_the_stage_is_not_listed_twice(repo: Repo) -> None:
    data = persona()
    data["journeys"][0]["stages"][0]["emotion"] = 1
    repo.write("maya.yml", data)
    assert kinds(repo) == [("stage-emotion", 3, 1)]


def test_renamed_journey_through_former_ids(repo: Repo) -> None:
    data = persona()
    data["journeys"][0].update(id="buying-a-policy", former_ids=["buying"])
    data["journeys"][0]["stages"][0]["emotion"] = 2
    repo.write("maya.yml", data)
    report = json.loads(run(repo, "--format", "json").stdout)
    [journey] = report["journeys"]
    assert (journey["status"], journey["journey"], journey["former_id"]) == (
        "renamed",
        "buying-a-policy",
        "buying",
    )
    assert [c["kind"] for c in journey["changes"]] == ["stage-emotion"]
    assert "renamed from buying" in run(repo).stdout


def test_renamed_persona_through_former_ids(repo: Repo) -> None:
    data = persona()
    data["persona"]["former_ids"] = ["maya"]
    repo.remove("maya.yml")
    repo.write("maya-chen.yml", data)
    [journey] = json.loads(run(repo, "--format", "json").stdout)["journeys"]
    assert (journey["status"], journey["persona"], journey["former_persona"]) == (
        "renamed",
        "maya-chen",
        "maya",
    )
    assert journey["changes"] == []


def test_journey_moved_between_personas(repo: Repo) -> None:
    data = persona()
    moved = data.pop("journeys")
    data["journeys"] = []
    repo.write("maya.yml", data)
    repo.write("sam.yml", {"persona": {"name": "Sam", "role": "Landlord"}, "journeys": moved})
    [journey] = json.loads(run(repo, "--format", "json").stdout)["journeys"]
    assert (journey["status"], journey["persona"], journey["former_persona"]) == (
        "moved",
        "sam",
        "maya",
    )
    assert "moved from persona maya" in run(repo).stdout


def test_added_and_removed_journeys(repo: Repo) -> None:
    data = persona()
    new = {
        "id": "claiming",
        "title": "Making a claim",
        "stages": [
            {
                "id": "report",
                "name": "Report",
                "emotion": 2,
                "pain_points": [{"id": "hold", "title": "On hold", "severity": "critical"}],
            }
        ],
    }
    data["journeys"] = [new]
    repo.write("maya.yml", data)
    report = json.loads(run(repo, "--format", "json").stdout)
    assert [(j["journey"], j["status"]) for j in report["journeys"]] == [
        ("claiming", "added"),
        ("buying", "removed"),
    ]
    assert report["worse"] is True  # a new journey with a critical pain point
    assert report["counts"]["journeys_added"] == report["counts"]["journeys_removed"] == 1


def test_merges_between_revisions(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    data = persona()
    data["journeys"][0]["stages"][0]["emotion"] = 1
    repo.write("maya.yml", data)
    repo.commit("research got worse")
    repo.git("checkout", "-q", "main")
    repo.write("notes.txt", "unrelated")  # main moves on without touching the maps
    repo.commit("notes")
    repo.git(
        "merge", "-q", "--no-ff", "-m", "merge feature", "feature", date="2026-01-05T12:00:00+00:00"
    )
    assert kinds(repo, "HEAD~1", "HEAD") == [("stage-emotion", 3, 1)]
    assert kinds(repo, "HEAD^2", "HEAD") == []
    assert run(repo, "HEAD~1", "HEAD", "--fail-on", "worse").returncode == 1


def test_no_journeys_folder_at_the_old_revision(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("../README.md", "hello")
    repo.commit("before the maps")
    repo.write("_catalog.yml", CATALOG)
    repo.write("maya.yml", persona())
    repo.commit("maps")
    done = run(repo, "HEAD~1", "HEAD")
    assert done.returncode == 0, done.stderr
    assert "Maya Chen / Buying a policy (added, 2 stages)" in done.stdout
    assert Repository.around(repo.folder).files("HEAD~1") is None


def test_folders_on_both_sides(repo: Repo, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "_catalog.yml").write_text((repo.folder / "_catalog.yml").read_text())
    (other / "maya.yml").write_text((repo.folder / "maya.yml").read_text())
    the_pr_change(repo)
    done = run(repo, str(other), "journeys", "--fail-on", "worse")
    assert done.returncode == 1
    assert "1 emotion down" in done.stdout


def test_a_side_that_does_not_load_is_named(repo: Repo) -> None:
    repo.write("maya.yml", "persona: {name: Maya\n")
    done = run(repo)
    assert done.returncode == 2
    assert "the new side" in done.stderr
    assert "does not load" in done.stderr
    assert "journeys/maya.yml" in done.stderr
    repo.commit("broken")
    repo.write("maya.yml", persona())
    done = run(repo, "HEAD")
    assert done.returncode == 2
    assert "the old side (HEAD)" in done.stderr


def test_unknown_revision_is_a_clear_error(repo: Repo) -> None:
    done = run(repo, "no-such-branch")
    assert done.returncode == 2
    assert "the old side 'no-such-branch' is neither a folder nor a git revision" in done.stderr


def test_each_side_says_whether_it_was_a_folder_or_a_revision(repo: Repo) -> None:
    the_pr_change(repo)
    commit = repo.git("rev-parse", "main").strip()
    report = json.loads(run(repo, "--format", "json").stdout)
    assert report["old"] == "main"
    assert report["new"] == "working tree"
    assert report["sides"] == {
        "old": {"given": "main", "kind": "revision", "commit": commit},
        "new": {"given": "working tree", "kind": "folder", "path": "journeys"},
    }
    repo.commit("the change")
    report = json.loads(run(repo, "HEAD~1", "journeys", "--format", "json").stdout)
    assert report["sides"]["old"] == {"given": "HEAD~1", "kind": "revision", "commit": commit}
    assert report["sides"]["new"] == {"given": "journeys", "kind": "folder", "path": "journeys"}


def test_a_folder_named_like_a_branch_is_refused_not_compared(repo: Repo) -> None:
    """A folder `main` (an old copy, here one that is better than the working tree) used to
    be compared instead of the branch: "No changes", and `--fail-on worse` passed."""
    the_pr_change(repo)
    copy = repo.path / "main"
    copy.mkdir()
    for name in ("_catalog.yml", "maya.yml"):
        (copy / name).write_bytes((repo.folder / name).read_bytes())
    done = run(repo, "--fail-on", "worse")
    assert done.returncode == 2
    assert done.stdout == ""
    assert (
        "the old side 'main' is both a folder and a git revision; write './main' for the "
        "folder or 'main^{commit}' for the revision" in done.stderr
    )
    assert "Traceback" not in done.stderr
    folder = run(repo, "./main", "--fail-on", "worse")
    assert folder.returncode == 0, folder.stderr
    assert folder.stdout.splitlines()[:2] == [
        "journey maps: ./main (folder main) → working tree (folder journeys)",
        "No changes to the journey maps.",
    ]
    branch = run(repo, "main^{commit}", "--fail-on", "worse")
    assert branch.returncode == 1, branch.stderr
    commit = repo.git("rev-parse", "main").strip()[:7]
    assert branch.stdout.startswith(
        f"journey maps: main^{{commit}} (git revision {commit}) → working tree (folder journeys)"
    )
    assert "1 emotion down" in branch.stdout


@pytest.mark.parametrize(
    "title",
    [
        "<script>alert(1)</script>",
        "[x](javascript:1)",
        "**bold** _under_ `code` ![img](https://evil.example/x.png)",
        "<img src=x onerror=alert(1)> {{ config }} :smile: --8<-- /etc/passwd",
    ],
)
def test_hostile_text_is_inert_in_markdown(repo: Repo, title: str) -> None:
    the_pr_change(repo, title=title)
    done = run(repo, "--format", "markdown", "--site-url", "https://cx.example.com/")
    assert done.returncode == 0, done.stderr
    output = done.stdout
    line = next(x for x in output.splitlines() if "- ⚠️ Decision: pain point added" in x)
    for dangerous in ("<", ">", "[", "]", "(javascript", "*", "`", "{{", "_", "!", ":smile:"):
        assert dangerous not in line.split("pain point added (critical): ", 1)[1]
    assert html.unescape(line).endswith(" ".join(title.split()))
    assert "[Maya Chen / Buying a policy](https://cx.example.com/journeys/maya/buying/)" in output


def test_markdown_output_shape(repo: Repo) -> None:
    the_pr_change(repo)
    lines = run(repo, "--format", "markdown").stdout.splitlines()
    assert lines[0] == "### Journey maps: main → working tree"
    assert lines[2].startswith("**1 journey changed; 1 emotion down;")
    assert "#### Maya Chen / Buying a policy · changed" in lines
    assert "- ⚠️ Decision: emotion 4 → 2 (worse)" in lines


def test_json_keys_are_stable(repo: Repo) -> None:
    the_pr_change(repo)
    report = json.loads(run(repo, "--format", "json", "--site-url", "https://x.example").stdout)
    assert list(report) == [
        "version",
        "old",
        "new",
        "worse",
        "summary",
        "counts",
        "journeys",
        "sides",
    ]
    journey = report["journeys"][0]
    assert list(journey) == [
        "persona",
        "persona_name",
        "journey",
        "title",
        "status",
        "former_persona",
        "former_id",
        "worse",
        "summary",
        "url",
        "changes",
    ]
    assert journey["url"] == "https://x.example/journeys/maya/buying/"
    assert list(journey["changes"][0]) == [
        "kind",
        "stage",
        "stage_name",
        "item",
        "title",
        "old",
        "new",
        "direction",
        "alarming",
        "text",
    ]


def test_no_changes(repo: Repo) -> None:
    done = run(repo)
    assert done.returncode == 0
    assert "No changes to the journey maps." in done.stdout


def test_diff_of_nothing_against_nothing_is_empty() -> None:
    assert diff_handbooks(None, None).journeys == []


def _handbook(data: dict[str, Any]) -> Handbook:
    files = {"_catalog.yml": CATALOG, "maya.yml": data}
    return load_handbook_files({k: yaml.safe_dump(v).encode() for k, v in files.items()})


def test_summary_line_and_json_counts_are_the_same_figures() -> None:
    """The summary line is written from `counts()`, the figures of the JSON output: every
    figure it names is the JSON's, and the rest are 'other changes'."""
    new = persona()
    journey = new["journeys"][0]
    journey["title"] = "Buying a home policy"  # other
    journey["owner"] = "service"  # other
    research, decision = journey["stages"]
    research["emotion"] = 4  # up
    decision["emotion"] = 2  # down
    decision["pain_points"][0].update(status="verified", verified_by=["interviews"])  # fixed
    decision["pain_points"] += [
        {"id": "fees", "title": "Hidden fees", "severity": "critical"},
        {"id": "wait", "title": "Long wait", "severity": "low"},
        {"id": "forms", "title": "Long forms", "severity": "critical"},
    ]
    decision["opportunities"][0]["status"] = "shipped"
    diff = diff_handbooks(_handbook(persona()), _handbook(new))
    assert diff.summary() == (
        "1 journey changed; 1 emotion down; 1 emotion up; 3 pain points added (2 critical, "
        "1 low); 1 opportunity shipped; 1 pain point fixed; 2 other changes."
    )
    assert diff.counts().as_json() == {
        "journeys_changed": 1,
        "journeys_added": 0,
        "journeys_removed": 0,
        "journeys_renamed": 0,
        "journeys_moved": 0,
        "emotions_down": 1,
        "emotions_up": 1,
        "pain_points_added": 3,
        "pain_points_added_critical_or_high": 2,
        "pain_points_removed": 0,
        "pain_points_fixed": 1,
        "pain_points_reopened": 0,
        "opportunities_added": 0,
        "opportunities_removed": 0,
        "opportunities_shipped": 1,
        "changes": 9,
    }
    assert diff.journeys[0].summary() == diff.summary().partition("; ")[2]


def _guide_section(start: str, end: str) -> str:
    guide = (ROOT / "docs/guide/reviewing-changes.md").read_text("utf-8")
    return guide[guide.index(start) : guide.index(end, guide.index(start))]


def test_json_counts_are_the_documented_keys_in_order() -> None:
    keys = re.findall(r"`(\w+)`", _guide_section("`counts` (", ")"))
    assert keys[0] == "counts"
    assert list(diff_handbooks(None, None).counts().as_json()) == keys[1:]


def test_the_change_kinds_are_the_documented_ones_in_order() -> None:
    """A kind added to `ChangeKind` (and so to the JSON) is added to the guide too."""
    documented = re.findall(r"`([a-z-]+)`", _guide_section("The kinds are", ". A new journey"))
    assert documented == list(KINDS)


def test_an_emotion_written_where_there_was_none_is_a_change_not_no_changes() -> None:
    """An emotion written on a stage that had none has no direction: the summary counts it
    as an other change; it never says "no changes" beside a listed change."""
    old = persona()
    new = persona()
    empty = {"id": "after-sale", "name": "After the sale"}
    old["journeys"][0]["stages"].append(dict(empty))
    new["journeys"][0]["stages"].append({**empty, "emotion": 3})
    diff = diff_handbooks(_handbook(old), _handbook(new))
    (journey,) = diff.journeys
    assert [change.kind for change in journey.changes] == ["stage-emotion"]
    assert journey.summary() == "1 other change."
    assert diff.summary() == "1 journey changed; 1 other change."
