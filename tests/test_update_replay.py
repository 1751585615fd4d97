"""Replaying the November 2026 update script on the March 2026 file gives the bundled data byte for byte: the
data file and its history log.

The update (issue 12) is kept as the write commands that made it, `data/updates/2026-11.sh`, so that it can be
reviewed and replayed. The script fixes the history clock (SOURCE_DATE_EPOCH) and the author, so the replay is
exact. It runs the installed `pledge-tui` of the interpreter running the tests (the one beside `sys.executable`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import BUNDLED, BUNDLED_LOG, FROZEN, ROOT

SCRIPT = ROOT / "data" / "updates" / "2026-11.sh"


def installed_pledge_tui() -> Path:
    script = Path(sys.executable).parent / "pledge-tui"
    assert script.is_file(), f"{script} is missing: install the package (make test) before running this test"
    return script


def test_replaying_the_update_on_march_2026_gives_the_bundled_file(tmp_path: Path) -> None:
    work = tmp_path / "commitments.json"
    shutil.copyfile(FROZEN, work)
    environ = {k: v for k, v in os.environ.items()
               if k not in ("PLEDGE_TUI_DATA", "PLEDGE_TUI_DEBUG", "PLEDGE_TUI_USER", "SOURCE_DATE_EPOCH")}
    environ["PLEDGE_TUI"] = str(installed_pledge_tui())
    result = subprocess.run(["sh", str(SCRIPT), str(work)], capture_output=True, text=True, env=environ,
                            cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout == "", "add-source and add-event ids go to /dev/null; nothing else should print"
    assert work.read_bytes() == BUNDLED.read_bytes()
    assert (tmp_path / "commitments.history.jsonl").read_bytes() == BUNDLED_LOG.read_bytes(), "and its history log"
    expected = {"commitments.json", "commitments.history.jsonl", "commitments.json.lock"}
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name not in expected)
    assert leftovers == [], "the writes leave no temporary file behind"


def test_the_script_refuses_a_missing_file(tmp_path: Path) -> None:
    """It stops before any command when FILE is missing, rather than letting pledge-tui pick another data file."""
    result = subprocess.run(["sh", str(SCRIPT), str(tmp_path / "absent.json")], capture_output=True, text=True,
                            env={**os.environ, "PLEDGE_TUI": str(installed_pledge_tui())}, timeout=60)
    assert result.returncode == 2 and "usage" in result.stderr
    assert not (tmp_path / "absent.json").exists()
