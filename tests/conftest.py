"""Shared fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pledge_tui.dataset.model import LoadedDataset
from tests.common import EPOCH, CliRunner
from tests.factories import raw_dataset, write
from tests.timeline_data import history_copy


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> LoadedDataset:
    """The frozen fixture with the nine changes of tests/timeline_data.py made through the write path, one
    copy per test module (tests of the timeline, the since-marks and the changes export read it)."""
    return history_copy(tmp_path_factory.mktemp("history"))


@pytest.fixture(autouse=True, scope="session")
def _no_personal_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test, and every process a test starts, reads an empty settings folder rather than the
    developer's own ~/.config/pledge-tui/config.toml, and no setting from the environment: a test that
    wants settings sets them itself (tests/test_config.py). Likewise the cache of validated files
    (`dataset.validated`): never the developer's ~/.cache."""
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("xdg-config"))
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    for variable in ("PLEDGE_TUI_EXPORT_DIR", "PLEDGE_TUI_THEME"):
        os.environ.pop(variable, None)


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    """The small fixture dataset, written to a temporary file."""
    return write(tmp_path / "fixture.json", raw_dataset())


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


@pytest.fixture
def alice_editing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The edit tests' author and clock: every write is alice's, at `tests.common.AT`."""
    monkeypatch.setenv("PLEDGE_TUI_USER", "alice")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
