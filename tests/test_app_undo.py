"""The browser's "Undo my last save" (`U`, and a palette command; README "Editing", issue 19 item 7), driven with
Pilot: it undoes the newest entry this session saved, by its id, through the same undo as `pledge-tui undo`, after
a question that says what it reverts (which record, who, when, what); it refuses when the record changed since
or when nothing was saved in this session; a read-only browser does not offer it."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, Static

from pledge_tui.dataset import edits
from pledge_tui.dataset.commit import commit
from pledge_tui.dataset.history import find
from pledge_tui.ui.screens.edit import EditScreen
from pledge_tui.ui.screens.help import HelpScreen
from pledge_tui.ui.screens.undo import UndoSaveScreen
from pledge_tui.ui.widgets.source_picker import SourcePicker
from tests.app_helpers import RecordingApp, run_palette
from tests.clones import read_log
from tests.edit_helpers import AT, app_on, open_form, save
from tests.snapshot_apps import BUNDLED, settle

SIZE = (120, 40)


pytestmark = pytest.mark.usefixtures("alice_editing")  # every write: alice's, at AT


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the frozen fixture (schema version 1: the first save upgrades it)."""
    return Path(shutil.copy(BUNDLED, tmp_path / "commitments.json"))


def status(path: Path, key: str) -> str | None:
    found = find(json.loads(path.read_text(encoding="utf-8")), "commitments", key)
    return found[1]["status"] if found else None


async def save_status(pilot: Pilot[Any], member: str, type_slug: str, new_status: str) -> str:
    """Open the form on a cell, choose a status, cite S12, save; the id of the entry written."""
    form = await open_form(pilot, member, type_slug)
    form.query_one(f"#status-{new_status}", RadioButton).value = True
    form.query_one(SourcePicker).cite("S12")
    await save(pilot)
    assert not isinstance(pilot.app.screen, EditScreen)
    entry_id: str = read_log(Path(pilot.app.loaded.path))[-1]["id"]  # type: ignore[attr-defined]
    return entry_id


async def press_undo(pilot: Pilot[Any]) -> None:
    """`U`, then wait for the dry run (a worker thread) and the question or the notice."""
    await pilot.press("U")
    await wait_for_undo(pilot)


async def wait_for_undo(pilot: Pilot[Any]) -> None:
    for _ in range(200):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, UndoSaveScreen) or not pilot.app.workers:
            break
    await settle(pilot)


async def answer(pilot: Pilot[Any], key: str) -> None:
    await pilot.press(key)
    for _ in range(200):
        await pilot.pause(0.02)
        if not pilot.app.workers:
            break
    await settle(pilot)


def question(app: RecordingApp) -> str:
    assert isinstance(app.screen, UndoSaveScreen)
    return str(app.screen.query_one("#undo-text", Static).visual)


async def test_u_undoes_your_last_save_after_saying_what_it_reverts(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        saved = await save_status(pilot, "PL", "logistics", "conditional")
        assert status(data, "PL/logistics") == "conditional"
        await press_undo(pilot)
        text = question(app)
        assert text.startswith("Undo your last save?\nPoland (PL), Logistics\n")
        assert f"history entry {saved}, saved by alice at 2026-03-10 09:00 UTC\n" in text
        assert "pledged → conditional" in text
        assert "y undoes it, n or escape keeps it." in text
        assert app.screen.preview.cell == ("PL", "logistics")  # type: ignore[attr-defined]
        before = data.read_bytes()
        assert read_log(data)[-1]["id"] == saved, "the question writes nothing"
        await answer(pilot, "y")
        assert not isinstance(app.screen, UndoSaveScreen)
        assert status(data, "PL/logistics") == "pledged"
        undo = read_log(data)[-1]
        assert (undo["action"], undo["undoes"], undo["by"], undo["key"]) == ("undo", saved, "alice", "PL/logistics")
        assert data.read_bytes() != before
        assert app.notes[-1]["message"] == (f"Undid your save of Poland (PL), Logistics: history entry {undo['id']} "
                                            f"reverts {saved}")
        assert app.dataset.member("PL").commitments["logistics"].status == "pledged"  # type: ignore[union-attr]
        await press_undo(pilot)  # the undo is not a save of yours to undo
        assert app.notes[-1]["title"] == "Nothing to undo" and read_log(data)[-1] == undo


async def test_n_or_escape_keeps_the_save_and_writes_nothing(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        await save_status(pilot, "PL", "logistics", "conditional")
        before = data.read_bytes(), Path(app.loaded.path).with_name("commitments.history.jsonl").read_bytes()
        for key in ("n", "escape"):
            await press_undo(pilot)
            assert isinstance(app.screen, UndoSaveScreen)
            await answer(pilot, key)
            assert not isinstance(app.screen, UndoSaveScreen)
        assert (data.read_bytes(), data.with_name("commitments.history.jsonl").read_bytes()) == before


async def test_each_u_undoes_the_save_before(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        first = await save_status(pilot, "PL", "logistics", "conditional")
        second = await save_status(pilot, "IT", "training", "pledged")
        for saved in (second, first):
            await press_undo(pilot)
            assert f"history entry {saved}, saved by alice" in question(app)
            await answer(pilot, "y")
            assert read_log(data)[-1]["undoes"] == saved
        assert status(data, "PL/logistics") == "pledged"


async def test_nothing_saved_in_this_session_is_said_and_nothing_is_asked(data: Path) -> None:
    commit(str(data), functools.partial(edits.set_commitment, member="PL", type_="logistics", status="considering",
                                        sources=["S12"], today="2026-03-10"), by="bob", at=AT)
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        await press_undo(pilot)
        assert not isinstance(app.screen, UndoSaveScreen)
        assert app.notes[-1]["title"] == "Nothing to undo"
        assert app.notes[-1]["message"].startswith("You have not saved anything in this browser session")
        assert read_log(data)[-1]["by"] == "bob", "someone else's entry is never undone from here"


async def test_a_record_changed_since_your_save_is_not_undone(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        await save_status(pilot, "PL", "logistics", "conditional")
        commit(str(data), functools.partial(edits.set_commitment, member="PL", type_="logistics", status="ruled-out",
                                            sources=["S12"], today="2026-03-10"), by="bob", at=AT)
        later = read_log(data)[-1]
        await press_undo(pilot)
        assert not isinstance(app.screen, UndoSaveScreen)
        note = app.notes[-1]
        assert note["title"] == "Not undone" and note["severity"] == "error"
        assert note["message"] == (f"Not undone: Poland (PL), Logistics was changed by bob at 2026-03-10 09:00 UTC "
                                   f"(history entry {later['id']}) after your save; undoing it would lose that "
                                   "change, so nothing was written")
        assert read_log(data)[-1] == later and status(data, "PL/logistics") == "ruled-out"


async def test_a_save_undone_elsewhere_is_said_and_forgotten(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        saved = await save_status(pilot, "PL", "logistics", "conditional")

        def run(tables: Any, entries: Any) -> Any:
            return edits.undo(tables, entries, entry=saved)

        from pledge_tui.dataset.commit import ReadsLog

        commit(str(data), ReadsLog(run), by="bob", at=AT)  # `pledge-tui undo ENTRY` in another terminal
        await press_undo(pilot)
        assert app.notes[-1]["message"].startswith(f"Not undone: history entry {saved} is undone already")
        await press_undo(pilot)
        assert app.notes[-1]["title"] == "Nothing to undo"


async def test_the_palette_command_does_the_same(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        saved = await save_status(pilot, "PL", "logistics", "conditional")
        await run_palette(pilot, "Undo my last save")
        await wait_for_undo(pilot)
        assert f"history entry {saved}" in question(app)
        await answer(pilot, "y")
        assert read_log(data)[-1]["undoes"] == saved


async def test_a_read_only_browser_does_not_offer_it(data: Path) -> None:
    app = app_on(data, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Undo my last save" not in commands and "Timeline" in commands
        await pilot.press("U")
        await settle(pilot)
        assert not isinstance(app.screen, UndoSaveScreen) and app.notes == []
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Undo your last save" not in str(app.screen.query_one("#help-text", Static).visual)
    editing = app_on(data)
    async with editing.run_test(size=SIZE) as pilot:
        assert "Undo my last save" in [c.title for c in editing.get_system_commands(editing.screen)]
        await pilot.press("question_mark")
        await settle(pilot)
        assert "Undo your last save in this browser" in str(editing.screen.query_one("#help-text", Static).visual)


async def test_u_in_the_search_box_is_a_letter(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "U")
        await settle(pilot)
        assert app.query_one("#search", Input).value == "U"
        assert app.notes == [] and not isinstance(app.screen, UndoSaveScreen)


async def test_not_while_an_edit_form_is_open(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        await save_status(pilot, "PL", "logistics", "conditional")
        form = await open_form(pilot, "IT", "training")
        await run_palette(pilot, "Undo my last save")  # the palette opens over the form (ctrl+p has priority)
        await wait_for_undo(pilot)
        assert app.screen is form and app.notes[-1]["title"] == "Not now"
        assert status(data, "PL/logistics") == "conditional"
