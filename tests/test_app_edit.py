"""Editing in the browser (README "Editing in the browser", issue 10 items 4 and 5), driven with Textual's Pilot.

Every test edits a copy of the frozen fixture (never the fixture itself) with the author and the clock
fixed ($PLEDGE_TUI_USER, $SOURCE_DATE_EPOCH), then reads the file back: what the form shows, what it
refuses and where it says so, what is written, what history records, what the browser shows after.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, RadioButton, Static

from pledge_tui.dataset import edits, files, store
from pledge_tui.dataset.commit import commit
from pledge_tui.dataset.history import find
from pledge_tui.dataset.model import LoadedDataset
from pledge_tui.dataset.vocab import TYPES
from pledge_tui.formats.snapshot import render_snapshot
from pledge_tui.ui import editing
from pledge_tui.ui.screens.edit import DiscardScreen, EditScreen, NewSourceScreen
from pledge_tui.ui.screens.help import HelpScreen
from pledge_tui.ui.widgets.detail import DetailPane
from pledge_tui.ui.widgets.form_field import FieldProblem
from pledge_tui.ui.widgets.member_table import CellRef, MemberTable
from pledge_tui.ui.widgets.source_picker import SourcePicker
from pledge_tui.views import cell_form
from pledge_tui.views.filters import Filter
from tests.app_helpers import RecordingApp, detail
from tests.clones import read_log
from tests.edit_helpers import AT, app_on, choose, message, open_form, save, type_into
from tests.factories import lock_held, mounted_tmpfs, raw_dataset_v2, write
from tests.hostile import FORBIDDEN_IN_DISPLAY
from tests.snapshot_apps import BUNDLED, FIXED_NOW, make_app, members_screen, move_cursor, row_of, screen_text, settle

SIZE = (120, 40)


pytestmark = pytest.mark.usefixtures("alice_editing")  # every write: alice's, at AT


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the frozen fixture (schema version 1: the first save upgrades it)."""
    return Path(shutil.copy(BUNDLED, tmp_path / "commitments.json"))


def raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def record(path: Path, key: str) -> dict[str, Any] | None:
    found = find(raw(path), "commitments", key)
    return found[1] if found else None


def entries(path: Path) -> list[dict[str, Any]]:
    """The history entries of the file (its log, from version 3 on), baselines left out, oldest first."""
    if "history" in raw(path):
        history = raw(path)["history"]
        return [history[k] for k in sorted(history, key=int)]
    return [e for e in read_log(path) if e["action"] != "baseline"]


def problems(screen: EditScreen | NewSourceScreen) -> dict[str, str]:
    """The problems shown beside the fields, by field."""
    return {p.id.removeprefix("problem-"): p.message for p in screen.query(FieldProblem)
            if p.id and p.id.startswith("problem-") and p.message}


def help_text(app: RecordingApp) -> str:
    return str(app.screen.query_one("#help-text", Static).visual)


# --- opening the form ---------------------------------------------------------------------------------


async def test_enter_on_a_cell_opens_the_form_with_the_record(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        pl = app.dataset.member("PL")
        assert pl is not None
        logistics = pl.commitments["logistics"]
        values = form.values()
        assert values == cell_form.CellValues("pledged", logistics.summary, (), True, "", logistics.stated_on, (), "")
        text = screen_text(app)
        assert "Edit Poland (PL), Logistics" in text and "[ ] ceasefire" in text
        hint = str(form.query_one("#field-sources .field-hint", Static).visual)
        assert hint.startswith("The record already cites S27, S64, S126, S128; the sources picked here are added")
        assert "^s Save" in text and "esc Cancel" in text and "^n New source" in text
        assert not form.query_one(f"#status-{cell_form.REMOVE}", RadioButton).disabled


async def test_a_cell_without_record_starts_blank_and_cannot_be_removed(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "AL", "air-patrol")
        assert form.values() == cell_form.CellValues(None, "", (), False, "", "2026-11-24", (), "")
        assert form.query_one(f"#status-{cell_form.REMOVE}", RadioButton).disabled
        assert "no record (not disclosed)" in screen_text(app)


# --- every field by keys, then save -------------------------------------------------------------------


async def test_every_field_by_keys_then_save_writes_the_file_history_and_view(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "AL", "air-patrol")
        await pilot.press("down", "enter")  # status: the second choice
        await pilot.press("tab", *"Air policing offered.")  # summary
        await pilot.press("tab", "down", "space", "down", "down", "space")  # conditions: 2nd and 4th
        await pilot.press("tab", "space")  # lead
        await pilot.press("tab", *"4 jets")  # quantity
        await pilot.press("tab", *"2026-03")  # date (the box's text is selected on focus: typing replaces it)
        await pilot.press("tab", *"S12", "enter")  # sources: search, cite the first match
        await pilot.press("tab", "tab", *"from the MoD")  # note (past the list of matches)
        await pilot.pause()
        assert form.values() == cell_form.CellValues("conditional", "Air policing offered.",
                                                      ("peace-deal", "us-backstop"), True, "4 jets", "2026-03",
                                                      ("S12",), "from the MoD")
        await save(pilot)
        assert not isinstance(app.screen, EditScreen)
        assert record(data, "AL/air-patrol") == {
            "member": "AL", "type": "air-patrol", "status": "conditional", "summary": "Air policing offered.",
            "conditions": ["peace-deal", "us-backstop"], "lead": True, "quantity": "4 jets", "stated_on": "2026-03",
            "sources": ["S12"]}
        upgrade, entry = entries(data)
        assert upgrade["action"] == "upgrade"
        assert {k: entry[k] for k in ("action", "key", "by", "at", "sources", "note", "before")} == {
            "action": "set", "key": "AL/air-patrol", "by": "alice", "at": AT, "sources": ["S12"],
            "note": "from the MoD", "before": None}
        assert app.notes[-1]["message"].startswith(f"Saved Albania (AL), Air (history entry {entry['id']})")
        # The view shows the new data, the cursor where it was.
        assert members_screen(app).cursor == CellRef("AL", "air-patrol")
        assert app.query_one(MemberTable).row_cells(row_of(app, "AL"))[3].strip() == "◐*"
        shown = detail(app)
        assert "Air: conditional" in shown and "Changes, newest first:" in shown
        assert "alice" in shown and "not disclosed → conditional" in shown and "note: from the MoD" in shown
        assert app.loaded.sha256 == store.load(str(data)).sha256


async def test_saving_keeps_the_filter_sort_cursor_and_since_marks(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"pol", "enter", "o")
        members_screen(app).mark_since("2026-01-01")
        since = members_screen(app).since
        assert since is not None and not since.cells
        form = await open_form(pilot, "PL", "logistics")
        choose(form, "conditional")
        form.query_one(SourcePicker).cite("S12")
        await save(pilot)
        await settle(pilot)
        screen = members_screen(app)
        assert screen.view_filter.search == "pol" and screen.sort == "strongest"
        assert screen.cursor == CellRef("PL", "logistics")
        assert app.query_one(MemberTable).member_ids == ["PL"]
        marks = screen.since
        assert marks is not None and marks.cells == {("PL", "logistics")}  # the marks follow the new data


async def test_cancel_when_nothing_was_typed_closes_at_once_and_writes_nothing(data: Path) -> None:
    before = data.read_bytes()
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, "PL", "logistics")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is members_screen(app)
    assert data.read_bytes() == before


async def test_escape_asks_before_discarding_what_was_typed(data: Path) -> None:
    before = data.read_bytes()
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        await pilot.press("tab", *"More: ")
        await pilot.press("escape")
        await pilot.pause()
        discard = app.screen  # a local: mypy would keep app.screen narrowed across the keys below
        assert isinstance(discard, DiscardScreen)
        assert "Discard your changes?" in screen_text(app)
        assert discard.what == "Your changes to Poland (PL), Logistics have not been saved."
        await pilot.press("n")  # back to the form, nothing lost
        await pilot.pause()
        back = app.screen
        assert back is form and form.values().summary.startswith("More: Tusk")
        await pilot.press("ctrl+q")  # quitting with unsaved changes is refused too
        await pilot.pause()
        assert app.is_running and app.notes[-1]["title"] == "Not quitting"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is members_screen(app)
    assert data.read_bytes() == before


# --- checks beside the fields ------------------------------------------------------------------------


async def test_problems_are_shown_beside_their_fields_and_nothing_is_written(data: Path) -> None:
    before = data.read_bytes()
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "AL", "air-patrol")
        await save(pilot)
        assert app.screen is form
        assert problems(form) == {"status": "choose a status", "summary": "must not be empty",
                                  "sources": "cite at least one source: no source, no change"}
        assert message(form) == "Not saved: check status, summary, sources (nothing was written)"
        choose(form, "pledged")
        type_into(form, "#edit-summary", "Jets.")
        type_into(form, "#edit-stated_on", "2026-02-30")
        type_into(form, "#edit-quantity", "\u200b")
        await save(pilot)
        assert problems(form) == {"stated_on": "impossible date '2026-02-30'",
                                  "quantity": "must not be empty (use null when there is nothing to say)",
                                  "sources": "cite at least one source: no source, no change"}
        type_into(form, "#edit-stated_on", "2026-02")
        type_into(form, "#edit-quantity", "")
        form.query_one(SourcePicker).cite("S12")
        await save(pilot)
        assert not isinstance(app.screen, EditScreen)
    assert data.read_bytes() != before and record(data, "AL/air-patrol") is not None


async def test_what_the_write_path_refuses_is_shown_beside_the_field(data: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The form's own checks switched off: the whole-dataset validation still refuses, field by field."""
    monkeypatch.setattr(cell_form, "problems", lambda values, exists: {})
    before = data.read_bytes()
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        type_into(form, "#edit-stated_on", "2026")
        type_into(form, "#edit-summary", " ")
        form.query_one(SourcePicker).cite("S12")
        await save(pilot)
        assert app.screen is form
        assert problems(form) == {"stated_on": "malformed date '2026' (expected YYYY-MM or YYYY-MM-DD)",
                                  "summary": "must not be empty"}
        assert message(form) == "Not saved: the data would not validate (see summary, stated on); nothing was written"
        assert app.notes[-1]["severity"] == "error"
    assert data.read_bytes() == before


async def test_removing_a_record_needs_a_note_then_unsets_it(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        choose(form, cell_form.REMOVE)
        form.query_one(SourcePicker).cite("S12")
        await save(pilot)
        assert problems(form) == {"note": "removing a record needs a note saying why"}
        type_into(form, "#edit-note", "retracted by the MoD")
        await save(pilot)
        assert not isinstance(app.screen, EditScreen)
        assert record(data, "PL/logistics") is None
        assert entries(data)[-1]["action"] == "unset" and entries(data)[-1]["note"] == "retracted by the MoD"
        assert app.query_one(MemberTable).row_cells(row_of(app, "PL"))[2 + TYPES.index("logistics")].strip() == "·"
        assert "Highlighted: Logistics" in detail(app) and "pledged → not disclosed" in detail(app)


# --- sources ------------------------------------------------------------------------------------------


async def test_sources_are_found_by_publisher_and_cited_and_uncited(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        picker = form.query_one(SourcePicker)
        picker.query_one("#source-search", Input).focus()
        await pilot.press(*"polskie radio rules out", "enter")  # cites the first match
        await pilot.pause()
        first_cited = picker.cited  # a local: mypy would keep picker.cited narrowed across the keys below
        assert first_cited == ("S27",)
        await pilot.press(*["backspace"] * 10, "down")  # "polskie radio": down to the list of matches
        await pilot.pause()
        matches = picker.query_one("#source-matches", OptionList)
        assert app.focused is matches
        ids = [matches.get_option_at_index(i).id for i in range(matches.option_count)]
        other = next(i for i in ids if i != "S27")
        await pilot.press(*["down"] * ids.index(other), "enter")  # another Polskie Radio report
        await pilot.pause()
        both_cited = picker.cited
        assert both_cited == ("S27", other)
        await pilot.press("shift+tab", "shift+tab")  # back to the cited list, on its first source
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert picker.cited == (other,)


async def test_a_new_source_from_the_sub_form_is_written_and_cited(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        await pilot.press("ctrl+n")
        await pilot.pause()
        sub = app.screen
        assert isinstance(sub, NewSourceScreen)
        await save(pilot)
        assert problems(sub) == {"publisher": "must not be empty", "title": "must not be empty",
                                 "date": "malformed date '' (expected YYYY, YYYY-MM or YYYY-MM-DD)",
                                 "tier": "choose a tier"}
        await pilot.press(*"Reuters", "tab", *"Poland confirms the hub", "tab", *"2026-03-09", "tab",
                          *"https://example.org/hub", "tab", "down", "enter", "tab", *"Names the hub's lead")
        assert sub.source().note == "Names the hub's lead"
        await save(pilot)
        assert app.screen is form
        (new_id,) = form.query_one(SourcePicker).cited
        added = raw(data)["sources"]
        assert any(d["id"] == new_id and d["publisher"] == "Reuters" and d["tier"] == "B" for d in added.values())
        assert all("note" not in d for d in added.values()), "the note belongs to the history, not the source"
        assert "added to the data file and cited" in message(form)
        choose(form, "conditional")
        await save(pilot)
        assert [e["action"] for e in entries(data)] == ["upgrade", "add-source", "set"]
        assert (entries(data)[1]["key"], entries(data)[1]["note"]) == (new_id, "Names the hub's lead")
        assert entries(data)[-1]["sources"] == [new_id]


async def test_a_note_alone_makes_the_new_source_form_ask_before_discarding(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, "PL", "logistics")
        await pilot.press("ctrl+n")
        await pilot.pause()
        sub = app.screen
        assert isinstance(sub, NewSourceScreen) and not sub.is_dirty()
        type_into(sub, "#new-note", "why")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardScreen)


# --- read-only ----------------------------------------------------------------------------------------


async def test_read_only_does_not_edit_and_says_so(data: Path) -> None:
    app = app_on(data, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert footer.startswith(" read-only ") and "Edit" not in footer
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, DetailPane) and not isinstance(app.screen, EditScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app)
        assert "open the edit form" not in text and "In the edit form" not in text
        assert "go to its details in the detail pane" in text


async def test_the_packaged_copy_is_always_read_only(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "PACKAGE_DIR", data.parent)  # the copy "inside the installed package"
    app = app_on(data)
    assert app.read_only
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, EditScreen)
        assert "read-only" in screen_text(app).splitlines()[-1]


async def test_help_in_an_editing_browser_lists_the_form_keys(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = help_text(app)
        assert "open the edit form" in text and "In the edit form" in text and "ctrl+s" in text


# --- two writers ----------------------------------------------------------------------------------------


async def test_two_browsers_on_the_same_cell_the_second_save_is_refused_and_nothing_is_lost(
        data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = app_on(data), app_on(data)
    async with first.run_test(size=SIZE, notifications=True) as one, second.run_test(size=SIZE) as two:
        form_one = await open_form(one, "PL", "logistics")
        form_two = await open_form(two, "PL", "logistics")
        type_into(form_two, "#edit-summary", "Bob's summary.")
        choose(form_two, "considering")
        form_two.query_one(SourcePicker).cite("S64")
        monkeypatch.setenv("PLEDGE_TUI_USER", "bob")
        await save(two)
        assert not isinstance(second.screen, EditScreen)
        monkeypatch.setenv("PLEDGE_TUI_USER", "alice")
        choose(form_one, "conditional")
        form_one.query_one(SourcePicker).cite("S12")
        after_bob = data.read_bytes()
        await save(one)
        assert first.screen is form_one and data.read_bytes() == after_bob  # refused, nothing written
        text = message(form_one)
        assert "Poland (PL), Logistics was changed by bob at 2026-03-10T09:00:00Z" in text
        assert "nothing was written" in text
        assert form_one.values().status == "conditional" and form_one.values().sources == ("S12",)  # kept
        assert "Bob's summary." in detail(first)  # the view shows their version
        assert "Edit Poland (PL), Logistics  now: ○* considering" in screen_text(first)
        await save(one)  # knowingly, on top of theirs: only what alice changed
        assert not isinstance(first.screen, EditScreen)
    saved = record(data, "PL/logistics")
    assert saved is not None and saved["summary"] == "Bob's summary." and saved["status"] == "conditional"
    assert [e["by"] for e in entries(data)][-2:] == ["bob", "alice"]


async def test_another_writer_changing_another_record_is_kept_and_the_view_refreshed(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        commit(str(data), lambda t: edits.set_commitment(t, "IT", "funding", "pledged", sources=["S12"],
                                                         today="2026-03-10", summary="Carol's change."),
               by="carol", at=AT)
        choose(form, "conditional")
        form.query_one(SourcePicker).cite("S12")
        await save(pilot)
        assert not isinstance(app.screen, EditScreen)
        assert {n["title"] for n in app.notes} >= {"Saved", "View refreshed"}
        italy = app.dataset.member("IT")
        assert italy is not None and italy.commitments["funding"].summary == "Carol's change."
        assert members_screen(app).cursor == CellRef("PL", "logistics")
    assert record(data, "IT/funding") is not None and record(data, "PL/logistics")["status"] == "conditional"  # type: ignore[index]


# --- faults ------------------------------------------------------------------------------------------------


async def fault(pilot: Pilot[Any], form: EditScreen) -> str:
    choose(form, "conditional")
    form.query_one(SourcePicker).cite("S12")
    await save(pilot)
    assert pilot.app.screen is form
    return message(form)


async def test_a_busy_lock_is_a_notification_and_the_form_stays(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editing, "LOCK_TIMEOUT", 0.2)
    before = data.read_bytes()
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        with lock_held(data):
            text = await fault(pilot, form)
        assert "busy: another pledge-tui is writing it" in text and "what you typed is kept" in text
        assert app.notes[-1]["severity"] == "error" and "\n" not in text
        await save(pilot)  # the lock is free again: the same form saves
        assert not isinstance(app.screen, EditScreen)
    assert data.read_bytes() != before


async def test_a_read_only_file_is_refused_in_one_line(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        data.chmod(0o444)
        before = data.read_bytes()
        try:
            text = await fault(pilot, form)
        finally:
            data.chmod(0o644)
        assert "cannot be written: the file is read-only" in text and data.read_bytes() == before


async def test_a_folder_in_place_of_the_data_file_is_refused_in_one_line(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        kept = data.with_suffix(".kept")
        data.rename(kept)
        data.mkdir()
        text = await fault(pilot, form)
        assert str(data) in text and "folder" in text and "Traceback" not in text
        assert app.is_running


@contextlib.contextmanager
def made_read_only(folder: Path) -> Iterator[None]:
    """The folder becomes read-only for the app: by its permission bits, or, as root (whom the bits do not
    stop), by remounting the tmpfs it is on read-only (`folder` must then be a mount point)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=False, capture_output=True)


@pytest.fixture
def data_in_own_folder(tmp_path: Path) -> Iterator[Path]:
    """A copy of the fixture alone in a folder that `made_read_only` can make read-only: as root, a small
    tmpfs mounted for the test (skipped where mounting is not permitted)."""
    folder = tmp_path / "folder"
    folder.mkdir()
    with mounted_tmpfs(folder, "4m") if os.geteuid() == 0 else contextlib.nullcontext(folder):
        yield Path(shutil.copy(BUNDLED, folder / "commitments.json"))


async def test_a_read_only_folder_is_refused_in_one_line(data_in_own_folder: Path) -> None:
    data = data_in_own_folder
    before = data.read_bytes()
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        with made_read_only(data.parent):
            text = await fault(pilot, form)
        assert "cannot" in text and "the data file is unchanged" in text and "Traceback" not in text
        assert app.is_running and app.screen is form
    assert data.read_bytes() == before


# --- hostile text ------------------------------------------------------------------------------------------


HOSTILE_FIELDS = {
    "summary": "[bold]x[/] [@click=app.quit]q[/] \x1b]0;pwned\x07 \x1b[2J \u202eevil\u202c | # *a* " + "y" * 100_000,
    "quantity": "[link=https://evil.example]two[/link] \x9b31m \u2066x\u2069",
    "note": "<script>alert(1)</script> \x1b]52;c;ZWNobw==\x07 [/] ```",
}


async def test_hostile_text_in_every_field_is_stored_literally_and_shown_literally(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, "PL", "logistics")
        for name, text in HOSTILE_FIELDS.items():
            type_into(form, f"#edit-{name}", text)
        form.query_one("#edit-note", Input).post_message(events.Paste(" pasted \x1b[31m"))
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        sub = app.screen
        assert isinstance(sub, NewSourceScreen)
        publisher, title = "[b]Wire[/b] \x1b[1A", "# Title | \u202eright-to-left [@click=app.quit]x[/]"
        type_into(sub, "#new-publisher", publisher)
        type_into(sub, "#new-title", title)
        type_into(sub, "#new-date", "2026-03")
        sub.query_one("#tier-C", RadioButton).value = True
        await pilot.pause()
        shown = screen_text(app)
        assert not any(ch in shown for ch in FORBIDDEN_IN_DISPLAY)
        assert "[b]Wire[/b] ␛[1A" in shown  # literal brackets; the control character as a visible symbol
        await save(pilot)
        assert app.screen is form
        shown = screen_text(app)
        assert "[bold]x[/] [@click=app.quit]q[/] ␛]0;pwned␇" in shown
        assert not any(ch in shown for ch in FORBIDDEN_IN_DISPLAY)
        await save(pilot)
        assert not isinstance(app.screen, EditScreen) and app.is_running
        saved = record(data, "PL/logistics")
        assert saved is not None
        assert saved["summary"] == HOSTILE_FIELDS["summary"] and saved["quantity"] == HOSTILE_FIELDS["quantity"]
        assert entries(data)[-1]["note"] == HOSTILE_FIELDS["note"] + " pasted \x1b[31m"
        source = next(d for d in raw(data)["sources"].values() if d["title"] == title)
        assert source["publisher"] == publisher
        shown = screen_text(app)
        assert not any(ch in shown for ch in FORBIDDEN_IN_DISPLAY)
        assert "[bold]x[/]" in detail(app) and "more characters not shown" in detail(app)
        exported = render_snapshot(app.loaded, Filter(), "name", FIXED_NOW)  # what `e` writes
        assert "pwned" in exported and not any(ch in exported for ch in FORBIDDEN_IN_DISPLAY)


# --- history in the detail pane ------------------------------------------------------------------------------


async def test_the_detail_pane_lists_each_commitments_changes_newest_first(tmp_path: Path) -> None:
    raw_v2 = raw_dataset_v2()
    path = write(tmp_path / "v2.json", raw_v2)
    for n, note in enumerate(["[bold]first[/] \x1b]0;t\x07", "second"]):
        commit(str(path), _set_with_note(n, note), by=f"analyst-{n}", at=f"2026-03-1{n + 1}T08:00:00Z")
    loaded: LoadedDataset = store.load(str(path))
    app = make_app(loaded, app_class=RecordingApp)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        move_cursor(app, row_of(app, "PL"), TYPES.index("logistics"))
        await settle(pilot)
        text = detail(app)
        changes = text[text.index("Changes, newest first:"):text.index("Stance")]
        lines = [line.strip() for line in changes.splitlines()[1:] if line.strip()]
        first, second = (e["id"] for e in entries(path)[-2:])
        assert lines[0].startswith("recorded 2026-03-12 08:00 UTC · said 2026-01-06  analyst-1  pledged → conditional; "
                                   "conditions: none → ceasefire")
        assert lines[1] == f"{second} · sources: S2 · note: second"
        assert lines[2].startswith("recorded 2026-03-11 08:00 UTC · said 2026-01-06  analyst-0  summary changed")
        assert lines[3] == f"{first} · sources: S2 · note: [bold]first[/] ]0;t"
        assert lines[4].startswith("recorded 2026-03-10 09:00 UTC · said 2026-01-06  analyst  considering → pledged")
        assert not any(ch in text for ch in FORBIDDEN_IN_DISPLAY)


def _set_with_note(n: int, note: str) -> Any:
    """Entry n: the first sets a summary, the second moves the status and adds a condition."""

    def edit(tables: Any) -> Any:
        return edits.set_commitment(tables, "PL", "logistics", "conditional" if n else "pledged", sources=["S2"],
                                    today="x", summary=None if n else "v0.", conditions=["ceasefire"] if n else None,
                                    note=note)
    return edit
