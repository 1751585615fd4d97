"""The headless core never imports Textual (or Rich): checked in a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pledge_tui.paths import bundled_data_path

HEADLESS = ["pledge_tui", "pledge_tui.dataset.model", "pledge_tui.dataset.store", "pledge_tui.dataset.validate",
            "pledge_tui.views.filters", "pledge_tui.formats.snapshot", "pledge_tui.formats.listing", "pledge_tui.cli",
            "pledge_tui.sanitize"]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_does_not_import_textual_or_rich(module: str) -> None:
    code = (f"import sys, {module}; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); print(bad)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_headless_commands_do_not_import_textual_or_rich(tmp_path: object) -> None:
    code = ("import sys, io, contextlib; from pledge_tui.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['list', '--format', 'json']); main(['show', 'PL']); main(['export', '-o', '-'])\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


LIGHT_START = ("dataclasses", "inspect", "weakref", "calendar", "msgspec", "pledge_tui.config",
               "pledge_tui.dataset.entry", "pledge_tui.dataset.validate")
"""What `list --format json` on a small file validated before never imports (benchmarks/PROFILE.md A8): each
was milliseconds of a command that takes forty (issue 22's target: 1.5x the floor of loading the file)."""


def test_list_json_on_a_file_validated_before_imports_none_of_the_heavy_modules(tmp_path: Path) -> None:
    data = tmp_path / "commitments.json"
    data.write_bytes(bundled_data_path().read_bytes())
    code = ("import sys, io, contextlib; from pledge_tui.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    code = main(['--data', {str(data)!r}, 'list', '--format', 'json'])\n"
            f"print(code, sorted(set(sys.modules) & set({LIGHT_START!r})))")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert first.stdout.split()[0] == "0", first.stderr
    assert "'pledge_tui.dataset.validate'" in first.stdout  # (the first read validates: the test can fail)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert again.stdout.strip() == "0 []", again.stderr
