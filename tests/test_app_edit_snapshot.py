"""The edit form's look: one SVG snapshot (pytest-textual-snapshot 1.1.0; baseline in tests/__snapshots__/).

Albania's Air cell has no record: `enter` opens a blank form and `ctrl+s` shows the form's own checks
beside the status, summary and sources fields (nothing is written: the checks fail before any write,
so the frozen fixture is never touched). Regenerate with `--snapshot-update` only for a change meant.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from pledge_tui.dataset.vocab import TYPES
from tests.snapshot_apps import move_cursor, settle, start_app

SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def _colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)


async def open_blank_form_and_save(pilot: Pilot[None]) -> None:
    await settle(pilot)
    move_cursor(pilot.app, 0, TYPES.index("air-patrol"))  # type: ignore[arg-type]
    await settle(pilot)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("down", "space", "ctrl+s")  # a status ticked; summary and sources still missing
    await pilot.pause()
    await pilot.pause()


def test_edit_form_with_problems_beside_fields(snap_compare: SnapCompare) -> None:
    """The form over the matrix at 120x50: status choices, text boxes, [x] conditions, the source
    search, and each problem on its field's row."""
    assert snap_compare(start_app(), terminal_size=(120, 50), run_before=open_blank_form_and_save)
