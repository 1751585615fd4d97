"""The update scripts replay byte for byte: the data files are what the write commands make, never hand edits.

Two updates are kept as the write commands that made them (`data/updates/`): `2026-11.sh` turns the March 2026
file (`tests/fixtures/2026-03`) into the November 2026 file (`tests/fixtures/2026-11`), and `2026-12.sh` turns
that into the bundled file (`data/`). `scripts/rebuild-data.sh` (`make data`) runs both; the test runs it in a
copy of those folders and compares every file each replay leaves beside the data file (the data file itself,
and the history log once the storage keeps one) with the files in the repository. The scripts fix the history
clock (SOURCE_DATE_EPOCH) and the author, so the replay is exact. They run the installed `pledge-tui` of the
interpreter running the tests (the one beside `sys.executable`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.common import ROOT

UPDATES = ROOT / "data" / "updates"
SCRIPTS = (UPDATES / "2026-11.sh", UPDATES / "2026-12.sh")
REBUILD = ROOT / "scripts" / "rebuild-data.sh"
STEPS = (
    ("2026-11.sh", Path("tests/fixtures/2026-03"), Path("tests/fixtures/2026-11")),
    ("2026-12.sh", Path("tests/fixtures/2026-11"), Path("data")),
)
"""(script, the folder it replays on, the folder holding what it must make), relative to the repository."""


def installed_pledge_tui() -> Path:
    script = Path(sys.executable).parent / "pledge-tui"
    assert script.is_file(), f"{script} is missing: install the package (make test) before running this test"
    return script


def clean_environment() -> dict[str, str]:
    """The caller's environment without anything that would change what a write records."""
    environ = {k: v for k, v in os.environ.items()
               if k not in ("PLEDGE_TUI_DATA", "PLEDGE_TUI_DEBUG", "PLEDGE_TUI_USER", "SOURCE_DATE_EPOCH")}
    environ["PLEDGE_TUI"] = str(installed_pledge_tui())
    return environ


def data_files(folder: Path) -> dict[str, bytes]:
    """The data file and every file the storage keeps beside it (a `*.history.jsonl` log), by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and p.name.startswith("commitments.") and not p.name.endswith(".lock")}


def first_difference(made: bytes, expected: bytes) -> str:
    """Where two files part, as the line numbers and lines (a whole-file diff of 700 KB helps no one)."""
    for number, (a, b) in enumerate(zip(made.splitlines(), expected.splitlines(), strict=False), start=1):
        if a != b:
            return f"line {number}: made {a[:200]!r}, expected {b[:200]!r}"
    return f"one file is a prefix of the other ({len(made)} against {len(expected)} bytes)"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's scripts and the March fixture, after `scripts/rebuild-data.sh` ran in it."""
    tree = tmp_path_factory.mktemp("tree")
    shutil.copytree(ROOT / STEPS[0][1], tree / STEPS[0][1])
    shutil.copytree(UPDATES, tree / "data" / "updates", ignore=shutil.ignore_patterns("*.json*"))
    (tree / "scripts").mkdir()
    shutil.copy(REBUILD, tree / "scripts")
    result = subprocess.run(["sh", "scripts/rebuild-data.sh"], capture_output=True, text=True,
                            env=clean_environment(), cwd=tree, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout == "", "add-source and add-event ids go to /dev/null; nothing else should print"
    return tree


@pytest.mark.parametrize(("script", "start", "made"), STEPS, ids=[s[0] for s in STEPS])
def test_replaying_each_update_gives_the_files_in_the_repository(rebuilt: Path, script: str, start: Path,
                                                                  made: Path) -> None:
    produced, expected = data_files(rebuilt / made), data_files(ROOT / made)
    assert sorted(produced) == sorted(expected), f"{script} on {start} makes other files than {made} holds"
    for name, content in produced.items():
        assert content == expected[name], f"{script} on {start}: {made / name}: " \
                                          f"{first_difference(content, expected[name])}"


def test_the_rebuild_leaves_nothing_else_behind(rebuilt: Path) -> None:
    for _, _, made in STEPS:
        leftovers = sorted(p.name for p in (rebuilt / made).iterdir() if p.is_file())
        assert leftovers == sorted(data_files(rebuilt / made)), f"{made}: temporary or lock files were copied"
    assert not (rebuilt / STEPS[0][1] / "commitments.json.lock").exists(), "the March fixture is never written"


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_a_script_refuses_a_missing_file(tmp_path: Path, script: Path) -> None:
    """It stops before any command when FILE is missing, rather than letting pledge-tui pick another data file."""
    result = subprocess.run(["sh", str(script), str(tmp_path / "absent.json")], capture_output=True, text=True,
                            env=clean_environment(), timeout=60)
    assert result.returncode == 2 and "usage" in result.stderr
    assert not (tmp_path / "absent.json").exists()


OUTSIDE = re.compile(r"(?<![\w.])\.\./|(?<![\w.>-])/(?!dev/null\b)[A-Za-z]")
"""A path that leaves the repository: `../` anywhere, or an absolute path other than /dev/null."""


@pytest.mark.parametrize("script", (*SCRIPTS, REBUILD), ids=[s.name for s in (*SCRIPTS, REBUILD)])
def test_a_script_points_at_nothing_outside_the_repository(script: Path) -> None:
    """Every script says at its top what it is and how to run it, and names no file outside the repository:
    the reasons for each change are in the commands' notes, not in research notes kept elsewhere."""
    text = script.read_text(encoding="utf-8")
    header = text.split("set -eu")[0]
    assert text.startswith("#!/bin/sh\n") and "sh " in header and ("FILE" in header or "make data" in header)
    outside = [line for line in text.splitlines()[1:] if OUTSIDE.search(line.split(' "http')[0])]
    assert outside == [], f"{script.name} names paths outside the repository: {outside[:3]}"


@pytest.mark.parametrize(("line", "outside"), [
    ("# What it follows: ../shared/research/domain-facts-update.md", True),
    ("cp /work/shared/x.json .", True),
    ('pt add-source --id S1 --url "https://example.org/a/b" >/dev/null', False),
    ("# FILE is a copy of tests/fixtures/2026-03/commitments.json; $work/step", False),
])
def test_the_outside_path_check_itself(line: str, outside: bool) -> None:
    assert bool(OUTSIDE.search(line.split(' "http')[0])) is outside
