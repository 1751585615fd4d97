"""SVG snapshots of the browser (pytest-textual-snapshot 1.1.0; baselines in tests/__snapshots__/).

Regenerate after a deliberate UI change with `pytest tests/test_snapshots.py --snapshot-update`, and
look at the new SVGs before committing them. The apps come from tests/snapshot_apps.py: bundled data,
fixed "today", pinned theme, no clock on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.snapshot_apps import move_to_poland, start_app

SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def _colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR would change every colour in the SVGs (and fail every comparison)."""
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_start_160x50(snap_compare: SnapCompare) -> None:
    """Wide layout: sidebar | matrix | detail pane of the first member."""
    assert snap_compare(start_app(), terminal_size=(160, 50))


def test_type_and_status_filter(snap_compare: SnapCompare) -> None:
    """Air + pledged ticked in the sidebar: 4 members, live counts, header "4 of 37"."""
    assert snap_compare(start_app(), terminal_size=(120, 40),
                        press=["t", "down", "space", "s", "space", "escape"])


def test_detail_poland(snap_compare: SnapCompare) -> None:
    """The detail pane of Poland: ruled-out ground forces, logistics lead, caveats, sources."""
    assert snap_compare(start_app(), terminal_size=(120, 40), run_before=move_to_poland)


def test_summary_panel(snap_compare: SnapCompare) -> None:
    """`g`: the per-type bars replace the detail pane."""
    assert snap_compare(start_app(), terminal_size=(120, 40), press=["g"])


def test_empty_state(snap_compare: SnapCompare) -> None:
    """A search that matches nothing: the message instead of the table, no member selected."""
    press: list[Any] = ["slash", "z", "z", "q", "enter"]
    assert snap_compare(start_app(), terminal_size=(120, 40), press=press)


def test_start_80x24(snap_compare: SnapCompare) -> None:
    """Narrow layout: matrix above the detail pane, sidebar hidden."""
    assert snap_compare(start_app(), terminal_size=(80, 24))
