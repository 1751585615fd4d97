"""Changed-since marks in the browser: `--since DATE`, the palette's date dialog, the header's count, the
legend, the matrix's mark, the cell line and the detail pane; clearing them; one SVG snapshot.

The data is the frozen fixture with nine changes made through the write path (tests/timeline_data.py):
since 2026-03-20, Türkiye's Sea cell and the Netherlands' Ground cell changed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Label

from pledge_tui.dataset import store
from pledge_tui.dataset.log import log_path
from pledge_tui.dataset.model import LoadedDataset
from pledge_tui.ui.app import PledgeApp
from pledge_tui.ui.screens.members import MembersScreen
from pledge_tui.ui.screens.since import SinceScreen
from pledge_tui.ui.widgets.member_table import MemberTable
from pledge_tui.views.timeline import CHANGED_MARK, TOUCHED_MARK
from tests.app_helpers import RecordingApp, cells_of, on_cell, run_palette, type_text
from tests.common import FROZEN, CliRunner
from tests.snapshot_apps import TODAY, fixed_clock, screen_text, settle, widget_text
from tests.timeline_data import REWORDED, SINCE, history_copy

SIZE = (120, 40)
SnapCompare = Callable[..., bool]


def app_with(loaded: LoadedDataset, since: str | None = SINCE) -> RecordingApp:
    app = RecordingApp(loaded, ".", today=TODAY, clock=fixed_clock, since=since)
    app.theme = "textual-dark"
    return app


@pytest.fixture(scope="module")
def reworded(tmp_path_factory: pytest.TempPathFactory) -> LoadedDataset:
    """The history of `loaded`, and Türkiye's Ground cell reworded after the date (a `~` mark)."""
    return history_copy(tmp_path_factory.mktemp("reworded"), REWORDED)


def members(app: PledgeApp) -> MembersScreen:
    return app.members_screen


# --- --since ------------------------------------------------------------------------------------------


async def test_since_marks_the_changed_cells_with_a_character(loaded: LoadedDataset) -> None:
    app = app_with(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        turkey = cells_of(await on_cell(pilot, "TR", 0))
        assert turkey[2] == f"  ●*{CHANGED_MARK}"  # Sea: pledged, lead, changed; the glyph stays in its place
        assert turkey[0] == "  ◐  "  # Ground: not changed
        netherlands = cells_of(await on_cell(pilot, "NL", 0))
        assert netherlands[0] == f"  ·{CHANGED_MARK} "  # removed since: not disclosed now, and marked
        poland = cells_of(await on_cell(pilot, "PL", 0))
        assert CHANGED_MARK not in "".join(poland)  # changed before the date


async def test_header_counts_the_marked_cells_shown(loaded: LoadedDataset) -> None:
    app = app_with(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert f"37 of 37 members shown · {CHANGED_MARK} 2 cells changed since 2026-03-20 · commitments.json" in \
            widget_text(app.query_one("#header"))
        await pilot.press("slash")
        await type_text(pilot, "turkiye")
        assert f"{CHANGED_MARK} 1 cell changed since 2026-03-20 (2 in all)" in widget_text(app.query_one("#header"))


async def test_legend_explains_the_mark(loaded: LoadedDataset) -> None:
    app = app_with(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        legend = app.query_one("#legend")
        lines = widget_text(legend).splitlines()
        assert legend.size.height == 2 and "● pledged" in lines[0]
        assert lines[1].strip() == (f"{CHANGED_MARK} changed since 2026-03-20 · ~ otherwise changed (ctrl+p: Clear "
                                    "changed-since marks)")


async def test_cell_line_and_detail_pane_say_changed_since(loaded: LoadedDataset) -> None:
    app = app_with(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_cell(pilot, "TR", 2)
        line = widget_text(app.query_one("#cell-line"))
        said = f"Türkiye · Sea: ●* pledged, lead nation · {CHANGED_MARK} changed since 2026-03-20 · conditions"
        assert said in line.replace("\n", " ")
        detail = widget_text(app.query_one("#detail-body"))
        assert f"Highlighted: Sea  {CHANGED_MARK} changed since 2026-03-20" in detail
        await on_cell(pilot, "TR", 0)
        assert "changed since" not in widget_text(app.query_one("#cell-line"))
        detail = widget_text(app.query_one("#detail-body"))
        assert "Highlighted: Ground\n" in detail + "\n"
        assert f"●* Sea: pledged, lead nation  {CHANGED_MARK} changed since 2026-03-20" in detail


async def test_no_marks_without_since(loaded: LoadedDataset) -> None:
    app = app_with(loaded, since=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert CHANGED_MARK not in screen_text(app)
        assert app.query_one("#legend").size.height == 1


async def test_since_before_history_begins_warns(loaded: LoadedDataset) -> None:
    app = app_with(loaded, since=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        members(app).mark_since("2025-01")
        await settle(pilot)
        note = app.notes[-1]
        assert note["severity"] == "warning" and "History begins at 2026-03-01 00:00 UTC" in note["message"]
        assert note["message"].startswith("4 cells changed since 2025-01")


async def test_since_on_a_file_without_history(tmp_path: Path) -> None:
    app = app_with(store.load(str(FROZEN)), since="2026-01-01")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert f"{CHANGED_MARK} 0 cells changed since 2026-01-01" in widget_text(app.query_one("#header"))
        members(app).mark_since("2026-02")
        await settle(pilot)
        assert "no history yet" in app.notes[-1]["message"]


async def test_marks_follow_a_new_version_of_the_data(loaded: LoadedDataset, tmp_path: Path) -> None:
    """After a save the screen is given the data as written: `refresh_since` marks its cells, same date."""
    from functools import partial

    from pledge_tui.dataset import edits
    from pledge_tui.dataset.commit import commit
    from pledge_tui.dataset.log import log_path

    app = app_with(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        path = tmp_path / "commitments.json"
        path.write_bytes(Path(loaded.path).read_bytes())
        history = Path(log_path(loaded.path))
        Path(log_path(str(path))).write_bytes(history.read_bytes())  # the file is the data and its history log
        done = commit(str(path), partial(edits.set_commitment, member="PL", type_="training", status="considering",
                                         sources=["S126"], today="2026-03-26", summary="Poland may train troops."),
                      by="ana", at="2026-03-26T08:00:00Z")
        assert done.loaded is not None
        screen = members(app)
        screen.dataset = done.loaded.dataset
        screen.refresh_since()
        await settle(pilot)
        assert screen.since is not None and screen.since.since == SINCE
        assert screen.since.cells == {("TR", "naval-demining"), ("NL", "ground-forces"), ("PL", "training")}


# --- the palette ----------------------------------------------------------------------------------------


async def open_dialog(pilot: Pilot[None]) -> SinceScreen:
    await run_palette(pilot, "Mark cells changed since...")
    for _ in range(50):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, SinceScreen):
            break
    screen = pilot.app.screen
    assert isinstance(screen, SinceScreen)
    return screen


async def test_palette_asks_for_the_date_and_marks(loaded: LoadedDataset) -> None:
    app = app_with(loaded, since=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        assert app.focused is dialog.query_one(Input)
        await type_text(pilot, "2026-13")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # stays open, says why
        assert "impossible date '2026-13'" in str(dialog.query_one("#since-error", Label).content)
        await pilot.press(*["backspace"] * 7)
        await type_text(pilot, "[b]x")
        await pilot.press("enter")
        await pilot.pause()
        assert "expected a date" in str(dialog.query_one("#since-error", Label).content)
        assert "'[b]x'" in widget_text(dialog.query_one("#since-error"))  # literal, not markup
        await pilot.press(*["backspace"] * 4)
        await type_text(pilot, " 2026-03-20 ")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        marks = members(app).since
        assert marks is not None and marks.since == "2026-03-20" and len(marks.cells) == 2
        assert app.notes[-1]["message"] == "2 cells changed since 2026-03-20"
        assert f"{CHANGED_MARK} 2 cells changed since 2026-03-20" in widget_text(app.query_one("#header"))


async def test_palette_dialog_escape_changes_nothing(loaded: LoadedDataset) -> None:
    app = app_with(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = members(app).since
        dialog = await open_dialog(pilot)
        assert dialog.query_one(Input).value == SINCE  # the current date, to change
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen) and members(app).since is before


async def test_palette_clears_the_marks(loaded: LoadedDataset) -> None:
    app = app_with(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_palette(pilot, "Clear changed-since marks")
        assert members(app).since is None
        assert CHANGED_MARK not in screen_text(app) and app.query_one("#legend").size.height == 1
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "Clear changed")
        await pilot.pause(0.3)
        assert "Clear changed-since marks" not in screen_text(app)  # offered only while there are marks


# --- the command line ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "words"), [("2026-13-01", "impossible date '2026-13-01'"),
                                               ("last week", "expected a date")])
def test_a_bad_since_is_a_usage_error_before_the_browser_starts(cli: CliRunner, value: str, words: str) -> None:
    result = cli("--data", str(FROZEN), "--since", value)
    assert result.returncode == 2
    assert result.stderr.startswith("pledge-tui: error: --since: ") and words in result.stderr
    assert "Traceback" not in result.stderr


def test_since_is_in_the_help(cli: CliRunner) -> None:
    result = cli("--help")
    assert "--since DATE" in result.stdout and "mark the cells changed since DATE" in result.stdout


# --- the look ---------------------------------------------------------------------------------------------


async def test_a_status_change_is_delta_and_any_other_change_is_tilde(reworded: LoadedDataset) -> None:
    app = app_with(reworded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        turkey = cells_of(await on_cell(pilot, "TR", 0))
        assert turkey[2] == f"  ●*{CHANGED_MARK}"  # Sea: status moved
        assert turkey[0] == f"  ◐{TOUCHED_MARK} "  # Ground: reworded and re-cited, status as it was
        assert f"{TOUCHED_MARK} otherwise changed since 2026-03-20" in widget_text(app.query_one("#cell-line"))
        assert f"{TOUCHED_MARK} otherwise changed since 2026-03-20" in widget_text(app.query_one("#detail-body"))
        assert "3 cells changed since 2026-03-20" in widget_text(app.query_one("#header"))


async def test_a_history_that_does_not_replay_is_a_message_not_marks(tmp_path: Path) -> None:
    """Issue 23 item 8: the marks go through the replay's checks, as `changes --since` does."""
    copy = history_copy(tmp_path)
    raw = json.loads(Path(copy.path).read_text(encoding="utf-8"))
    logistics = next(d for d in raw["commitments"].values() if (d["member"], d["type"]) == ("PL", "logistics"))
    logistics["sources"].append("S152")  # by hand: S152 was added on 20 March, after the record was last set
    path = tmp_path / "hand.json"
    path.write_text(json.dumps(raw, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.copy(log_path(copy.path), log_path(str(path)))  # the history as it was: the hand edit is the file's
    loaded = store.load(str(path))
    app = app_with(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert members(app).since is None and CHANGED_MARK not in widget_text(app.query_one(MemberTable))
        assert any("does not lead back to a valid dataset" in note["message"] and note["severity"] == "error"
                   and note["title"] == "No changed-since marks" for note in app.notes)
        members(app).mark_since("2026-03-15")  # after the baselines, before S152 was added (20 March)
        await settle(pilot)
        assert members(app).since is None


# --- the look ---------------------------------------------------------------------------------------------


def test_snapshot_since_marks(snap_compare: SnapCompare, reworded: LoadedDataset,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """`--since 2026-03-20` at 120x40, the cursor on Türkiye's Sea cell: header count, the Δ marks (status
    changed) and a ~ mark (Türkiye's Ground cell, reworded), cell line, two-line legend, the detail pane's
    "changed since"."""
    monkeypatch.delenv("NO_COLOR", raising=False)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await on_cell(pilot, "TR", 2)

    assert snap_compare(app_with(reworded), terminal_size=SIZE, run_before=run_before)
