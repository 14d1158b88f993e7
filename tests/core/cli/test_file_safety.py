"""What the commands promise about the file system (SECURITY.md): every file written,
replaced or deleted lies inside the folder the command owns and is never reached through
a link; ids from an input are ids before they are file names; `--dry-run` writes nothing
anywhere; author and imported text reaches the terminal with its control characters shown.

Each command runs as a user runs it, in a fresh process with a time bound; `--dry-run` runs
under a Python audit hook that records every write, so "nothing" is observed, not assumed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from conftest import journey_maps_cli, make_project, mkdocs_build_cli
from hypothesis import given
from hypothesis import strategies as st

from journey_maps.owned_folder import OwnedFolder, UnsafeTarget
from journey_maps.views.export_columns import steps_header

if TYPE_CHECKING:
    from pathlib import Path

WATCHER = r"""
import os, sys
log = os.open(os.environ["WRITES_LOG"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
CHANGES = {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.symlink", "os.link",
           "os.truncate", "os.chmod", "os.utime", "shutil.rmtree", "shutil.copyfile",
           "shutil.move", "tempfile.mkstemp", "tempfile.mkdtemp"}
def hook(event, args):
    if event == "open" and not isinstance(args[0], int):
        mode, flags = args[1] or "", args[2] or 0
        if any(c in mode for c in "wax+") or flags & WRITING:
            os.write(log, f"open {args[0]}\n".encode("utf-8", "replace"))
    elif event in CHANGES:
        os.write(log, f"{event} {args!r}\n".encode("utf-8", "replace"))
sys.addaudithook(hook)
from journey_maps.cli import main
sys.exit(main(sys.argv[1:]))
"""


def journey_maps(
    cwd: Path, *arguments: str, watch: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it (conftest's `journey_maps_cli`); with `watch`, under the
    audit hook that logs every write to that file (bytecode caching off, so that Python
    itself writes nothing)."""
    if watch is None:
        return journey_maps_cli(cwd, *arguments)
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "WRITES_LOG": str(watch)}
    return subprocess.run(
        [sys.executable, "-c", WATCHER, *arguments],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def tree(folder: Path) -> dict[str, str]:
    """Every entry below `folder`: files by content hash, links by target, folders by name."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[key] = f"-> {path.readlink()}"
        elif path.is_file():
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[key] = "folder"
    return found


def steps_csv(persona_id: str, action: str = "Reads the quote") -> str:
    """A one-row steps.csv in the handbook's export format."""
    row = dict.fromkeys(steps_header(), "")
    row.update(
        persona_id=persona_id,
        persona="Maya Chen",
        persona_role="First-time buyer",
        journey_id="buying",
        journey="Buying a policy",
        journey_type="current-state",
        stage_id="decision",
        stage="Decision",
        stage_emotion="2",
        step="1",
        action=action,
    )
    text = io.StringIO()
    writer = csv.DictWriter(text, steps_header())
    writer.writeheader()
    writer.writerow(row)
    return text.getvalue()


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    """A project with a journeys folder, and a folder outside it that must never change."""
    project = tmp_path / "project"
    (project / "journeys").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me\n", encoding="utf-8")
    return project, outside


# --- ids from an input are ids, never paths ---------------------------------------------------


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "write"])
@pytest.mark.parametrize("persona_id", ["../../victim", "{outside}/victim", "nodir/x", "a\\b"])
def test_a_persona_id_cell_never_becomes_a_path(
    workspace: tuple[Path, Path], persona_id: str, dry_run: bool
) -> None:
    project, outside = workspace
    persona_id = persona_id.format(outside=outside)
    (project / "steps.csv").write_text(steps_csv(persona_id), encoding="utf-8")
    before = tree(outside.parent)
    arguments = ["import", "csv", "steps.csv", "--dir", "journeys"]
    result = journey_maps(project, *arguments, *(["--dry-run"] if dry_run else []))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "steps.csv:2: persona_id" in result.stderr
    assert "is not a valid id" in result.stderr
    assert tree(outside.parent) == before


# --- --dry-run writes nothing anywhere --------------------------------------------------------


MERMAID = """\
```mermaid
journey
  title Buying a policy
  section Decision
    Reads the quote: 2: Maya
```
"""


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("map.md", MERMAID, "mermaid"),
        ("steps.csv", steps_csv("maya"), "csv"),
        ("grid.csv", "Stage,Awareness,Decision\nSteps,Sees an ad,Reads the quote\n", "csv"),
    ],
    ids=["mermaid", "csv-export", "csv-grid"],
)
def test_dry_run_writes_nothing_anywhere(
    workspace: tuple[Path, Path], name: str, content: str, kind: str
) -> None:
    project, _ = workspace
    (project / name).write_text(content, encoding="utf-8")
    writes = project.parent / "writes.log"
    arguments = ["import", kind, name, "--dir", "journeys", "--persona", "maya", "--dry-run"]
    before = tree(project)
    result = journey_maps(project, *arguments, watch=writes)
    assert result.returncode == 0, result.stderr
    assert "(dry run, not written)" in result.stdout
    assert writes.read_text(encoding="utf-8") == ""  # no open for writing, mkdir, rename...
    assert tree(project) == before
    # The watcher sees writes: the same import without --dry-run is logged.
    result = journey_maps(project, *arguments[:-1], watch=writes)
    assert result.returncode == 0, result.stderr
    logged = writes.read_text(encoding="utf-8")
    assert "journeys/maya.yml" in logged or "os.rename" in logged


# --- never through a link ---------------------------------------------------------------------


@pytest.mark.parametrize("dangling", [True, False], ids=["dangling", "to-a-file"])
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_import_never_writes_through_a_link(
    workspace: tuple[Path, Path], dangling: bool, force: bool
) -> None:
    project, outside = workspace
    target = outside / ("new.yml" if dangling else "precious.txt")
    (project / "journeys" / "maya.yml").symlink_to(target)
    (project / "map.md").write_text(MERMAID, encoding="utf-8")
    before = tree(outside)
    arguments = ["import", "mermaid", "map.md", "--dir", "journeys", "--persona", "maya"]
    result = journey_maps(project, *arguments, *(["--force"] if force else []))
    assert result.returncode == 1, result.stdout
    assert "journeys/maya.yml is a link" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert tree(outside) == before


def test_import_refuses_a_journeys_folder_that_is_a_link(workspace: tuple[Path, Path]) -> None:
    project, outside = workspace
    (project / "journeys").rmdir()
    (project / "journeys").symlink_to(outside)
    (project / "map.md").write_text(MERMAID, encoding="utf-8")
    before = tree(outside)
    result = journey_maps(project, "import", "mermaid", "map.md", "--persona", "maya")
    assert result.returncode == 1
    assert "is a symbolic link; refusing to write into it" in result.stderr
    assert tree(outside) == before


@pytest.mark.parametrize("link", ["sam-lee.yml", "_schema"])
def test_new_never_writes_through_a_link(workspace: tuple[Path, Path], link: str) -> None:
    project, outside = workspace
    (project / "journeys" / link).symlink_to(outside / ("x.yml" if link.endswith("yml") else ""))
    before = tree(outside)
    result = journey_maps(project, "new", "sam-lee", "--template", "buyers-journey")
    assert result.returncode == 2, result.stdout
    assert "link" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(outside) == before


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_render_never_deletes_or_writes_through_a_committed_link(tmp_path: Path) -> None:
    """The reported attack: a link inside docs/journeys/ and manifest entries naming files
    behind it. Render must neither delete nor replace them, nor write new files there."""
    project = make_project(tmp_path, from_fixture="small", plugin_options={"enabled": False})
    outside = tmp_path / "outside"
    (outside / "buying-a-policy").mkdir(parents=True)
    victim = outside / "victim.md"
    victim.write_text("delete me if you can\n", encoding="utf-8")
    replaced = outside / "buying-a-policy" / "index.md"
    replaced.write_text("replace me if you can\n", encoding="utf-8")
    out = project / "docs" / "journeys"
    out.mkdir(parents=True)
    (out / "first-time-buyer").symlink_to(outside)  # a generated folder's name
    manifest = {
        "files": {
            "first-time-buyer/victim.md": _digest(victim),
            "first-time-buyer/buying-a-policy/index.md": _digest(replaced),
        }
    }
    (out / ".journey-maps-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    before = tree(outside)
    result = journey_maps(project, "render")
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    for path in ("index.md", "victim.md", "buying-a-policy/index.md"):
        assert f"first-time-buyer/{path}: a link, a folder or a device" in result.stderr
    assert tree(outside) == before
    assert "nothing written" in result.stderr


def test_render_refuses_an_output_folder_that_is_a_link(tmp_path: Path) -> None:
    project = make_project(tmp_path, from_fixture="small", plugin_options={"enabled": False})
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "docs" / "journeys").symlink_to(outside)
    result = journey_maps(project, "render")
    assert result.returncode == 2
    assert "is a symbolic link; refusing to write into it" in result.stderr
    assert list(outside.iterdir()) == []


# --- the one writer, under random paths and links ------------------------------------------

PARTS = st.sampled_from(["a", "b", "..", ".", "", "link", "dangling", "file", "sub", "C:", "x\0"])


@pytest.fixture(scope="module")
def link_farm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An owned folder holding links out (to a folder, dangling, nested), a file and a
    sub-folder, beside an outside folder that must never change."""
    base = tmp_path_factory.mktemp("farm")
    root, outside = base / "owned", base / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret").write_text("secret\n", encoding="utf-8")
    (root / "link").symlink_to(outside)
    (root / "dangling").symlink_to(outside / "nope")
    (root / "sub" / "link").symlink_to(outside / "secret")
    (root / "file").write_text("mine\n", encoding="utf-8")
    return root, outside


@given(parts=st.lists(PARTS, min_size=1, max_size=5), separator=st.sampled_from(["/", "\\"]))
def test_the_one_writer_stays_inside_and_never_follows_a_link(
    link_farm: tuple[Path, Path], parts: list[str], separator: str
) -> None:
    root, outside = link_farm
    before_outside = tree(outside)
    relative = separator.join(parts)
    owned = OwnedFolder(root)
    kept = owned.read(relative) if owned.presence(relative) == "file" else None
    try:
        written = owned.write(relative, b"generated\n")
    except UnsafeTarget:
        pass
    else:
        assert written.parent.resolve().is_relative_to(root.resolve())
        assert not written.is_symlink()
        assert written.read_bytes() == b"generated\n"
        assert os.path.realpath(written) == str(written)  # no link anywhere on the way
        if kept is None:
            owned.remove(relative)
            assert not os.path.lexists(written)
        else:
            owned.write(relative, kept)  # the farm's own file, as it was
    assert tree(outside) == before_outside
    assert (root / "link").is_symlink()
    assert (root / "dangling").is_symlink()
    assert (root / "sub" / "link").is_symlink()


def test_the_one_writer_refuses_each_kind_of_escape(link_farm: tuple[Path, Path]) -> None:
    root, _ = link_farm
    owned = OwnedFolder(root)
    for relative in [
        "/etc/passwd",
        "../x",
        "a/../../x",
        "link/x",
        "dangling",
        "sub/link",
        "",
        "a\\..\\x",
    ]:
        with pytest.raises(UnsafeTarget):
            owned.write(relative, b"x")
        with pytest.raises(UnsafeTarget):
            owned.remove(relative)
    assert owned.presence("link/secret") == "blocked"
    assert owned.presence("file") == "file"
    assert owned.presence("new/file") == "absent"


# --- the terminal shows control characters, it does not obey them ----------------------------

BIDI_TOUCHPOINT = """\
persona: {name: Maya Chen, role: Buyer}
journeys:
  - id: buying
    title: Buying
    type: current-state
    stages:
      - id: decision
        name: Decision
        emotion: 2
        steps:
          - action: Reads the quote
            touchpoint: "pricing\\u202epage\\u009b31m"
"""


def test_validate_shows_control_characters_from_the_file(workspace: tuple[Path, Path]) -> None:
    project, _ = workspace
    (project / "journeys" / "maya.yml").write_text(BIDI_TOUCHPOINT, encoding="utf-8")
    result = journey_maps(project, "validate", "journeys")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "pricing\\u202epage" in output, output
    assert "\u202e" not in output
    assert "\x9b" not in output
    assert "\x1b" not in output


def test_build_log_shows_control_characters_from_the_file(tmp_path: Path) -> None:
    project = make_project(tmp_path, journeys={"maya.yml": BIDI_TOUCHPOINT})
    result = mkdocs_build_cli(project, timeout=120)
    assert result.returncode == 1
    assert "pricing\\u202epage" in result.stderr, result.stderr
    assert "\u202e" not in result.stderr
    assert "\x9b" not in result.stderr


def test_import_notes_show_control_characters(workspace: tuple[Path, Path]) -> None:
    project, _ = workspace
    escape = MERMAID.replace("Maya", "Maya\x1b]0;pwned\x07\x1b[2J")
    (project / "map.md").write_text(escape, encoding="utf-8")
    result = journey_maps(project, "import", "mermaid", "map.md", "--persona", "maya", "--dry-run")
    output = result.stdout + result.stderr
    assert "\x1b" not in output, output
    assert "\x07" not in output, output
    assert "Traceback" not in output


def test_an_import_whose_values_fail_validation_says_where_not_bug(
    workspace: tuple[Path, Path],
) -> None:
    """The input's own mistakes (an emotion of 7 in an edited export) are the user's to fix,
    not a bug report; nothing is written."""
    project, _ = workspace
    (project / "steps.csv").write_text(steps_csv("maya").replace(",2,", ",7,"), encoding="utf-8")
    result = journey_maps(project, "import", "csv", "steps.csv", "--dir", "journeys")
    assert result.returncode == 1
    assert "does not pass validation, so nothing is written" in result.stderr
    assert "must be an integer from 1 to 5, got 7" in result.stderr
    assert "report this as a bug" not in result.stderr
    assert list((project / "journeys").iterdir()) == []
