"""Where the tests' data lives, and the type of the `cli` fixture: imported by test and helper modules
(a test module imports helpers from here or from another helper module, never from a test module or
from conftest.py)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "commitments.json"
BUNDLED_LOG = ROOT / "data" / "commitments.history.jsonl"
"""The bundled dataset's history log (schema version 3)."""
"""The live bundled dataset: only the tests of the data itself read it."""
FROZEN = ROOT / "tests" / "fixtures" / "2026-03" / "commitments.json"
"""A frozen copy (March 2026) for every test of behaviour and look: fixing a fact never breaks them."""

CliRunner = Callable[..., subprocess.CompletedProcess[str]]
"""The `cli` fixture (conftest.py): runs `python -m pledge_tui` with the given arguments."""


AT = "2026-03-10T09:00:00Z"
"""When the edit tests' writes happen: EPOCH (SOURCE_DATE_EPOCH) is the same moment in seconds."""
EPOCH = "1773133200"


def own_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Give the test its own $XDG_CACHE_HOME (in this process and in the processes it starts), under
    `tmp_path`; return the validated-files folder in it, where the kept models and skims go too."""
    home = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "pledge-tui" / "validated"
