"""Driving the edit form in Pilot tests: open it on a cell, fill its fields, save (shared by the edit, live and
view tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, TextArea

from pledge_tui.dataset import store
from pledge_tui.dataset.vocab import TYPES
from pledge_tui.ui.screens.edit import EditScreen, NewSourceScreen
from pledge_tui.ui.widgets.form_field import FieldProblem
from tests.app_helpers import RecordingApp
from tests.common import AT
from tests.snapshot_apps import make_app, move_cursor, row_of, settle

__all__ = ["AT", "app_on", "choose", "message", "open_form", "save", "type_into"]
"""(AT, the moment of the edit tests' writes, lives in tests/common.py beside EPOCH, which the conftest's
`alice_editing` sets; the edit tests take it from here with the rest.)"""


def app_on(path: Path, **options: Any) -> RecordingApp:
    """The browser on the data file at `path` (loaded as the command line loads it), recording what it does."""
    app = make_app(store.load(str(path)), app_class=RecordingApp, **options)
    assert isinstance(app, RecordingApp)
    return app


async def open_form(pilot: Pilot[Any], member_id: str, type_slug: str) -> EditScreen:
    app = pilot.app
    assert isinstance(app, RecordingApp)
    await settle(pilot)
    move_cursor(app, row_of(app, member_id), TYPES.index(type_slug))
    await settle(pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, EditScreen)
    return app.screen


async def save(pilot: Pilot[Any]) -> None:
    """ctrl+s, then wait for the save (a worker thread) and the screen to settle."""
    await pilot.press("ctrl+s")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def message(screen: EditScreen | NewSourceScreen) -> str:
    return screen.query_one("#form-message", FieldProblem).message


def choose(screen: EditScreen, status: str) -> None:
    screen.query_one(f"#status-{status}", RadioButton).value = True


def type_into(screen: EditScreen | NewSourceScreen, selector: str, text: str) -> None:
    widget = screen.query_one(selector)
    if isinstance(widget, TextArea):
        widget.text = text
    else:
        assert isinstance(widget, Input)
        widget.value = text
