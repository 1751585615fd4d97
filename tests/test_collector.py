"""The one owner of the garbage collector's pauses (pledge_tui/collector.py, issue 26 item 3)."""

from __future__ import annotations

import gc
import re

import pytest

from pledge_tui import collector
from tests.common import ROOT


def test_paused_resumes_only_what_was_running_and_survives_errors() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "an inner pause does not turn it back on"
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector.paused():
        1 / 0  # noqa: B018
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with collector.paused(freeze=True):
        kept = [object() for _ in range(10)]
    assert gc.get_freeze_count() >= frozen + len(kept) and gc.isenabled()


def test_nothing_else_in_the_source_pauses_or_freezes_the_collector() -> None:
    """Every pause and freeze goes through `collector` (today's store, commit, merge driver, diff, timeline
    index and the command line's exit used to each hold their own)."""
    offenders = []
    for path in sorted((ROOT / "src" / "pledge_tui").rglob("*.py")):
        if path.name == "collector.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\s*import gc\b|\bgc\.(disable|enable|freeze)\(", text, flags=re.MULTILINE):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
