"""The headless core never imports Textual (or Rich): checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

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
