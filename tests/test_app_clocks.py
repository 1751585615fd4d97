"""The browser and issue 20: `--at DATE` (the data as recorded then, read-only, said in the header), the
detail pane's newest source and its age, both clocks in its change list, and the palette's stale filter."""

from __future__ import annotations

from pathlib import Path

import pytest

from pledge_tui.cli.main import main
from pledge_tui.dataset.model import LoadedDataset
from pledge_tui.ui.widgets.member_table import MemberTable
from pledge_tui.views.recorded import as_recorded
from tests.app_helpers import RecordingApp, run_palette, type_text
from tests.snapshot_apps import TODAY, fixed_clock, settle, widget_text

SIZE = (120, 40)


def past_app(loaded: LoadedDataset, at: str) -> RecordingApp:
    """The browser as `pledge-tui --at AT` opens it (`cli.read.cmd_browse`)."""
    past = as_recorded(loaded.dataset, at)
    return RecordingApp(LoadedDataset(past.dataset, loaded.path, loaded.sha256), ".", today=TODAY,
                        clock=fixed_clock, recorded_at=past.at)


async def test_at_shows_the_past_read_only_and_says_so(loaded: LoadedDataset) -> None:
    app = past_app(loaded, "2026-03-20")  # before Türkiye's Sea cell was upgraded (21 March)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = widget_text(app.query_one("#header"))
        assert "commitments.json · as recorded at 2026-03-20" in header.splitlines()[0]  # the mode, read-only
        assert app.read_only and app.dataset.member("TR").commitments["naval-demining"].status != "pledged"  # type: ignore[union-attr]
        assert app.dataset.member("NL").commitments.get("ground-forces") is not None  # type: ignore[union-attr]
        assert "Edit" not in widget_text(app.screen.query_one("KeyBar"))
        table = app.query_one(MemberTable)
        table.move_to(table.member_ids.index("TR"), 2)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.members_screen  # read-only: enter opens no form


async def test_the_detail_pane_gives_the_newest_source_and_both_clocks(loaded: LoadedDataset) -> None:
    app = RecordingApp(loaded, ".", today=TODAY, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.query_one(MemberTable)
        table.move_to(table.member_ids.index("TR"), 2)
        await settle(pilot)
        detail = " ".join(widget_text(app.query_one("#detail-body")).split())
        assert "S152 · newest source 2026-03-19 (S152)," in detail and "months old" in detail
        assert "recorded 2026-03-21 10:00 UTC · said 2026-01-06 ben conditional → pledged" in detail


async def test_the_palette_keeps_the_members_with_stale_sources(loaded: LoadedDataset) -> None:
    app = RecordingApp(loaded, ".", today=TODAY, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        everyone = len(app.members_screen.view.members)
        await run_palette(pilot, "Keep members with stale sources")
        await type_text(pilot, "0")
        await pilot.press("enter")
        await settle(pilot)
        assert "from 1 to 1200, got 0" in widget_text(app.screen.query_one("#since-error"))
        await pilot.press("backspace")
        await type_text(pilot, "12")
        await pilot.press("enter")
        await settle(pilot)
        shown = app.members_screen.view.members
        assert 0 < len(shown) < everyone
        assert "newest source older than 12 months" in widget_text(app.query_one("#filter-line"))
        await run_palette(pilot, "Clear the stale filter")
        await settle(pilot)
        assert len(app.members_screen.view.members) == everyone


def test_the_command_line_opens_the_past(loaded: LoadedDataset, monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    """`pledge-tui --at DATE` hands the browser the data rebuilt, read-only, with the words for its header."""
    seen: dict[str, object] = {}

    def fake_run_browser(given: LoadedDataset, **kwargs: object) -> int:
        seen.update(kwargs, loaded=given)
        return 0

    monkeypatch.setattr("pledge_tui.ui.app.run_browser", fake_run_browser)
    assert main(["--data", loaded.path, "--at", "2026-03-12", "--export-dir", str(tmp_path)]) == 0
    assert seen["recorded_at"] == "2026-03-12"
    past = seen["loaded"]
    assert isinstance(past, LoadedDataset) and past.path == loaded.path
    changes = [e for e in past.dataset.history if e.action != "baseline"]
    assert len(changes) == 3  # the upgrade, Poland's Air, Italy's Training
