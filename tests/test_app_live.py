"""The live browser (README "The browser", issue 21 item 1) driven with Pilot: the file changes on disk while
the browser is open; it reads it again, keeps the view, marks what moved and names whose entries they were.
A file that is not valid for a moment keeps the last good data on screen. An open edit form whose record
changed shows their whole record beside yours.

The watch's clock is off in these apps (`make_app`): each test calls `app.check_file()`, as the interval
would, so no reload lands between two steps by chance; one test runs the real interval.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from pledge_tui.dataset import edits, store
from pledge_tui.dataset.catalogue import STATUSES as STATUS_TERMS
from pledge_tui.dataset.commit import commit
from pledge_tui.dataset.vocab import TYPES
from pledge_tui.ui import watching
from pledge_tui.ui.app import PledgeApp
from pledge_tui.ui.screens.edit import EditScreen
from pledge_tui.ui.widgets.member_table import CellRef, MemberTable
from pledge_tui.ui.widgets.source_picker import SourcePicker
from pledge_tui.views.filters import Filter
from pledge_tui.views.marks import MAJOR_MARK
from tests.app_helpers import cells_of, detail, on_cell, run_palette
from tests.edit_helpers import AT, app_on, choose, message, open_form, save, type_into
from tests.snapshot_apps import BUNDLED, members_screen, move_cursor, row_cells, row_of, settle, widget_text

SIZE = (120, 40)


pytestmark = pytest.mark.usefixtures("alice_editing")  # every write: alice's, at AT


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return Path(shutil.copy(BUNDLED, tmp_path / "mine.json"))


def another_writer(path: Path, member_id: str, type_slug: str, status: str, *, by: str = "anna",
                   **fields: Any) -> None:
    """A `set` from another process, through the one write path."""
    commit(str(path), lambda t: edits.set_commitment(t, member_id, type_slug, status, sources=["S12"],
                                                     today="2026-03-10", **fields), by=by, at=AT)


async def look(pilot: Pilot[Any]) -> None:
    """One tick of the watch, and the reload it starts."""
    app = pilot.app
    assert isinstance(app, PledgeApp)
    app.check_file()
    await app.workers.wait_for_complete()
    await settle(pilot)


def header(app: PledgeApp) -> str:
    return widget_text(app.query_one("#header"))


async def test_a_set_from_elsewhere_is_shown_marked_and_named_and_the_view_kept(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("t", "down", "space", "escape")  # Air ticked
        await settle(pilot)
        screen = members_screen(app)
        move_cursor(app, row_of(app, "BE"), TYPES.index("air-patrol"))
        await settle(pilot)
        before = list(app.query_one(MemberTable).member_ids)
        assert row_cells(app, row_of(app, "BE"))[3] == STATUS_TERMS.glyph("pledged")
        another_writer(data, "BE", "air-patrol", "conditional", conditions=["parliament"])
        await look(pilot)
        assert row_cells(app, row_of(app, "BE"))[3] == STATUS_TERMS.glyph("conditional")
        assert cells_of(await on_cell(pilot, "BE", 1))[1] == f"  {STATUS_TERMS.glyph('conditional')}{MAJOR_MARK} "
        assert screen.cursor == CellRef("BE", "air-patrol") and screen.view_filter == Filter(types=("air-patrol",))
        assert app.query_one(MemberTable).member_ids == before
        assert app.query_one(MemberTable).cursor_row == row_of(app, "BE")
        entry = app.dataset.history[-1]
        note = app.notes[-1]
        assert note["title"] == "mine.json changed on disk"
        assert note["message"].startswith("1 cell changed (Belgium · Air); recorded by anna (entry ")
        assert str(entry.id) in note["message"]
        assert f"{MAJOR_MARK} 1 cell changed on disk since 12:00 UTC" in header(app)
        line = widget_text(app.query_one("#cell-line"))
        assert f"{MAJOR_MARK} changed on disk at 12:00 UTC, by anna (entry {entry.id})" in " ".join(line.split())
        assert f"{MAJOR_MARK} changed on disk at 12:00 UTC, by anna" in detail(app)
        assert "changed on disk since 12:00 UTC (ctrl+p: Clear on-disk marks)" in widget_text(app.query_one("#legend"))
        await run_palette(pilot, "Clear on-disk marks")
        assert screen.disk is None
        assert row_cells(app, row_of(app, "BE"))[3] == STATUS_TERMS.glyph("conditional")


async def test_the_watch_by_its_own_clock_sees_a_change_within_two_seconds(data: Path) -> None:
    app = app_on(data, watch_interval=0.5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        another_writer(data, "PL", "logistics", "conditional")
        for _ in range(200):  # a deadline, not a fixed wait: 2 s is the promise; 20 s for a loaded machine
            await pilot.pause(0.1)
            if members_screen(app).disk is not None:
                break
        poland = app.dataset.member("PL")
        assert poland is not None and poland.commitments["logistics"].status == "conditional"
        assert members_screen(app).disk is not None


async def test_an_invalid_file_keeps_the_last_good_data_and_is_read_again_when_it_changes(data: Path) -> None:
    good = data.read_bytes()
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        shown = app.dataset
        data.write_text('{"meta": {', encoding="utf-8")  # half a file, as in the middle of a `git pull`
        await look(pilot)
        assert app.dataset is shown and app.is_running
        assert app.query_one(MemberTable).row_count == 37
        problem = members_screen(app).file_problem
        assert problem is not None and "not valid JSON" in problem
        assert "cannot be read now" in header(app) and "37 of 37 members" in header(app)
        assert app.notes[-1]["title"] == "Data file cannot be read" and app.notes[-1]["severity"] == "warning"
        count = len(app.notes)
        await look(pilot)  # unchanged since: not read again, not said again
        assert len(app.notes) == count
        data.unlink()
        await look(pilot)
        assert "no such file" in (members_screen(app).file_problem or "")
        data.write_bytes(good)
        another_writer(data, "PL", "logistics", "conditional")
        await look(pilot)
        assert members_screen(app).file_problem is None
        assert "cannot be read" not in header(app)
        poland = app.dataset.member("PL")
        assert poland is not None and poland.commitments["logistics"].status == "conditional"


async def test_a_touch_or_the_same_bytes_say_nothing(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        shown = app.dataset
        os.utime(data, ns=(10**9, 10**9))
        data.write_bytes(data.read_bytes())
        await look(pilot)
        assert app.dataset is shown and app.notes == [] and members_screen(app).disk is None


async def test_a_hand_edit_is_said_to_have_no_history_entry(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        raw = json.loads(data.read_text(encoding="utf-8"))
        doc = next(d for d in raw["commitments"].values() if d["member"] == "PL" and d["type"] == "logistics")
        doc["summary"] = "Edited by hand."
        data.write_text(json.dumps(raw, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        await look(pilot)
        assert "1 cell changed (Poland · Logistics); no new history entry records it" in app.notes[-1]["message"]
        disk = members_screen(app).disk
        assert disk is not None and disk.marks.mark("PL", "logistics") == "~"  # wording only


async def test_the_browsers_own_save_is_not_a_change_on_disk(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        choose(form, "conditional")
        form.query_one(SourcePicker).cite("S12")
        await save(pilot)
        assert not isinstance(app.screen, EditScreen)
        count = len(app.notes)
        await look(pilot)
        assert len(app.notes) == count and members_screen(app).disk is None


async def test_a_save_over_another_writers_changes_says_what_moved_and_whose(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        another_writer(data, "IT", "funding", "pledged", by="carol", summary="Carol's change.")
        choose(form, "conditional")
        form.query_one(SourcePicker).cite("S12")
        await save(pilot)
        refreshed = next(n for n in app.notes if n["title"] == "View refreshed")
        assert "1 cell changed (Italy · Funding); recorded by carol (entr" in refreshed["message"]
        assert "Poland" not in refreshed["message"]  # the browser's own change is not theirs
        disk = members_screen(app).disk
        assert disk is not None and disk.marks.mark("IT", "funding") and not disk.marks.mark("PL", "logistics")


async def test_an_open_form_whose_record_changed_on_disk_shows_theirs_beside_yours(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        choose(form, "conditional")
        form.query_one(SourcePicker).cite("S64")
        another_writer(data, "PL", "logistics", "considering", by="bob", summary="Bob's summary.",
                       conditions=["ceasefire"])
        await look(pilot)
        assert app.screen is form
        compare = form.query_one("#form-compare")
        assert compare.display
        heading = str(form.query_one("#compare-heading", Static).visual)
        assert "Changed by bob at 2026-03-10 09:00 UTC (entry " in heading
        theirs = " ".join(str(form.query_one("#compare-theirs", Static).visual).split())
        yours = " ".join(str(form.query_one("#compare-yours", Static).visual).split())
        assert "Status: considering" in theirs and "Summary: Bob's summary." in theirs
        assert "Conditions: ceasefire" in theirs and "Sources: " in theirs and "S12" in theirs
        assert "≠ Status: conditional" in yours and "Summary: Bob's summary." in yours  # theirs kept: not typed
        assert "was changed on disk by bob" in message(form)
        type_into(form, "#edit-summary", "Alice's summary.")
        await settle(pilot)
        assert "≠ Summary: Alice's summary." in " ".join(str(form.query_one("#compare-yours", Static).visual).split())
        after_bob = data.read_bytes()
        await save(pilot)  # refused once: no lost update
        assert app.screen is form and data.read_bytes() == after_bob
        await save(pilot)  # knowingly
        assert not isinstance(app.screen, EditScreen)
    poland = store.load(str(data)).dataset.member("PL")
    assert poland is not None
    saved = poland.commitments["logistics"]
    assert saved.status == "conditional" and saved.summary == "Alice's summary." and saved.conditions == ("ceasefire",)


async def test_a_refused_save_shows_their_whole_record(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The conflict found by the save itself (no reload came first): summary, conditions, sources and all."""
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        another_writer(data, "PL", "logistics", "considering", by="bob", summary="Bob's summary.",
                       conditions=["parliament"], quantity="two trains")
        choose(form, "conditional")
        form.query_one(SourcePicker).cite("S64")
        await save(pilot)
        assert app.screen is form and form.query_one("#form-compare").display
        theirs = " ".join(str(form.query_one("#compare-theirs", Static).visual).split())
        for words in ("Status: considering", "Summary: Bob's summary.", "Conditions: parliament",
                      "Quantity: two trains", "Stated on: 2026-01-06", "Sources: S27, S64, S126, S128, S12"):
            assert words in theirs, words


async def test_an_open_form_takes_a_change_to_another_record_quietly(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        another_writer(data, "IT", "funding", "pledged", by="carol", summary="Carol's change.")
        await look(pilot)
        assert not form.query_one("#form-compare").display
        assert form.base is app.loaded  # the save now works on the data shown
        choose(form, "conditional")
        form.query_one(SourcePicker).cite("S12")
        await save(pilot)
        assert not isinstance(app.screen, EditScreen)
        assert not [n for n in app.notes if n["title"] == "View refreshed"]


async def test_a_reload_read_before_a_save_showed_newer_data_is_dropped(data: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        another_writer(data, "PL", "logistics", "conditional")
        stale = store.load(str(data))
        newer = store.load(str(data))

        def read_during_a_save(shown: Any) -> Any:
            app.call_from_thread(app.show_loaded, newer)  # a save finished while this read ran
            return stale

        monkeypatch.setattr(watching, "read_again", read_during_a_save)
        await look(pilot)
        assert app.loaded is newer and members_screen(app).disk is None


async def test_the_palette_reloads_the_file(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await run_palette(pilot, "Reload the data file")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.notes[-1]["message"] == "mine.json is as shown: nothing changed"
        another_writer(data, "PL", "logistics", "conditional")
        await run_palette(pilot, "Reload the data file")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.notes[-1]["title"] == "mine.json changed on disk"
