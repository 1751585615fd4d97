"""Shared fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.factories import raw_dataset, write

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "commitments.json"
"""The live bundled dataset: only the tests of the data itself read it."""
BUNDLED_LOG = ROOT / "data" / "commitments.history.jsonl"
"""Its history log (schema version 3)."""
FROZEN = ROOT / "tests" / "fixtures" / "2026-03" / "commitments.json"
"""A frozen copy (March 2026) for every test of behaviour and look: fixing a fact never breaks them."""


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    """The small fixture dataset, written to a temporary file."""
    return write(tmp_path / "fixture.json", raw_dataset())


CliRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli(tmp_path: Path) -> CliRunner:
    """Run `python -m pledge_tui` in a subprocess, in an empty folder, without debug tracebacks."""

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        environ = {k: v for k, v in os.environ.items() if k not in ("PLEDGE_TUI_DEBUG", "PLEDGE_TUI_DATA")}
        environ.update(env or {})
        return subprocess.run([sys.executable, "-m", "pledge_tui", *args], capture_output=True, text=True,
                              env=environ, cwd=cwd or tmp_path, timeout=60, input=stdin)

    return run
