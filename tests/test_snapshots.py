"""SVG snapshots of the browser (pytest-textual-snapshot 1.1.0; baselines in tests/__snapshots__/).

Regenerate after a deliberate UI change with `pytest tests/test_snapshots.py --snapshot-update`, and
look at the new SVGs before committing them. The apps come from tests/snapshot_apps.py: the frozen
fixture, fixed "today", pinned theme, no clock on screen. Keys are pressed in `run_before` (through
`pressing`), which also waits for the filter lists' recount, so no snapshot catches it half done.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.snapshot_apps import changed_on_disk, changed_on_disk_app, move_to_poland, pressing, start_app

SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def _colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR would change every colour in the SVGs (and fail every comparison)."""
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_start_160x50(snap_compare: SnapCompare) -> None:
    """Wide layout: sidebar | matrix | detail pane of the first member; the matrix has the focus."""
    assert snap_compare(start_app(), terminal_size=(160, 50), run_before=pressing())


def test_type_and_status_filter(snap_compare: SnapCompare) -> None:
    """Air + pledged ticked ([x]): 4 members, live counts, "4 of 37" and the filter in words."""
    assert snap_compare(start_app(), terminal_size=(120, 40),
                        run_before=pressing("t", "down", "space", "s", "space", "escape"))


def test_detail_poland(snap_compare: SnapCompare) -> None:
    """Poland's Logistics cell: cell line, column header highlighted, that commitment first in the pane."""
    assert snap_compare(start_app(), terminal_size=(120, 40), run_before=move_to_poland)


def test_type_across_members(snap_compare: SnapCompare) -> None:
    """`v` on the Air column: every member's status, lead and conditions for Air, in one list."""
    assert snap_compare(start_app(), terminal_size=(120, 40), run_before=pressing("right", "v"))


def test_summary_panel(snap_compare: SnapCompare) -> None:
    """`g`: the per-type bars replace the detail pane."""
    assert snap_compare(start_app(), terminal_size=(120, 40), run_before=pressing("g"))


def test_empty_state(snap_compare: SnapCompare) -> None:
    """A search that matches nothing: the message names the search, no member selected."""
    assert snap_compare(start_app(), terminal_size=(120, 40), run_before=pressing("slash", "z", "z", "q", "enter"))


def test_start_80x24(snap_compare: SnapCompare) -> None:
    """Narrow layout: matrix above the detail pane, sidebar hidden, Help and Quit in the footer."""
    assert snap_compare(start_app(), terminal_size=(80, 24), run_before=pressing())


def test_status_list_at_60x20(snap_compare: SnapCompare) -> None:
    """60 columns: `s` shows the status list on the right, the member names still readable on the left."""
    assert snap_compare(start_app(), terminal_size=(60, 20), run_before=pressing("s", "space"))


# --- the header, the hidden pane, the live browser (issue 21) ----------------------------------------------


def test_header_at_160_columns_with_both_change_counts(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """160 columns, Ground ticked, changed-since marks and two cells changed on disk: the header names
    both counts, the file and its mode; the highlighted on-disk marks (Δ) in Belgium's row; the legend's
    second line; the cell line and the card say when and by whom."""
    app = changed_on_disk_app(tmp_path)
    assert snap_compare(app, terminal_size=(160, 50), run_before=changed_on_disk("t", "space", "escape",
                                                                                     after=("j", "j", "l")))


def test_header_at_80_columns_with_both_change_counts(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The same at 80 columns: the title and the figure's sources are dropped, never the counts."""
    app = changed_on_disk_app(tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=changed_on_disk("t", "space", "escape",
                                                                                     after=("j", "j", "l")))


def test_detail_pane_hidden_at_80x24(snap_compare: SnapCompare) -> None:
    """`z` at 80x24: no detail pane, and the matrix shows 16 member rows."""
    assert snap_compare(start_app(), terminal_size=(80, 24), run_before=pressing("z"))
