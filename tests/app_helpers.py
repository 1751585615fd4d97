"""Helpers for the browser's Pilot tests: an app that records what it shows, copies and opens; typing a
burst of keys; running a palette command; reading the filter line and the detail pane."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from pledge_tui.dataset.vocab import TYPES
from pledge_tui.ui import app as app_module
from pledge_tui.ui.app import PledgeApp
from pledge_tui.ui.screens.edit import EditScreen
from pledge_tui.ui.widgets.detail import DetailPane
from pledge_tui.ui.widgets.member_table import MemberTable
from pledge_tui.views.filters import Filter, apply_filter
from tests.snapshot_apps import bundled, make_app, move_cursor, settle, widget_text

APP_CSS = str(Path(app_module.__file__).with_name(PledgeApp.CSS_PATH))
SNAPSHOT_NAME = "pledge-snapshot-20261124-120000.md"  # FIXED_NOW in tests/snapshot_apps.py


class RecordingApp(PledgeApp):
    """The browser, keeping every notification it shows, what it copies and the addresses it opens."""

    CSS_PATH = APP_CSS  # Textual resolves a relative CSS_PATH against the subclass's own module

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes: list[dict[str, Any]] = []
        self.copied: list[str] = []
        self.opened: list[str] = []

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        self.notes.append({"message": message, "title": title, "severity": severity, "markup": markup})
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def copy_to_clipboard(self, text: str) -> None:
        self.copied.append(text)
        super().copy_to_clipboard(text)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.opened.append(url)  # never starts a real web browser in a test


def app_for(tmp_path: Path | None = None, export_dir: Path | None = None) -> RecordingApp:
    app = make_app(export_dir=export_dir or tmp_path or ".", app_class=RecordingApp)
    assert isinstance(app, RecordingApp)
    return app


def expected(f: Filter, sort: str = "name") -> list[str]:
    """The ids the core shows for `f` and `sort` on the frozen fixture, in order."""
    return [m.id for m in apply_filter(bundled().dataset.members, f, sort)]


def filter_line(app: PledgeApp) -> str:
    return " ".join(widget_text(app.query_one("#filter-line")).split())


def detail(app: PledgeApp) -> str:
    return app.query_one("#detail", DetailPane).content().plain


KEY_NAMES = {" ": "space", ":": "colon", "-": "minus", "/": "slash"}


def post_keys(app: PledgeApp, *keys: tuple[str, str | None]) -> None:
    """Queue key events all at once, as a terminal delivers keys typed fast, pasted or sent over a slow link."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type into the focused input in one burst (no idle wait per key), then let the app settle."""
    assert isinstance(pilot.app, PledgeApp)
    post_keys(pilot.app, *((KEY_NAMES.get(ch, ch), ch) for ch in text))
    await settle(pilot)


async def run_palette(pilot: Pilot[Any], command: str) -> None:
    """Open the palette, type `command`, wait for it to be the highlighted hit, run it."""
    app = pilot.app
    await pilot.press("ctrl+p")
    for _ in range(100):
        await pilot.pause(0.02)
        if isinstance(app.screen, CommandPalette):
            break
    assert isinstance(app.screen, CommandPalette)
    await type_text(pilot, command)
    results = app.screen.query_one(CommandList)
    for _ in range(200):
        await pilot.pause(0.02)
        if results.option_count and results.highlighted is not None:
            prompt = str(results.get_option_at_index(results.highlighted).prompt)
            if prompt.startswith(command):
                break
    else:
        raise AssertionError(f"palette did not offer {command!r}")
    await pilot.press("enter")
    for _ in range(100):
        await pilot.pause(0.02)
        if not isinstance(app.screen, CommandPalette):
            break
    await settle(pilot)
    assert not isinstance(app.screen, CommandPalette)


# --- the edit form ---------------------------------------------------------------------------------


def row_of(app: PledgeApp, member_id: str) -> int:
    return app.query_one(MemberTable).member_ids.index(member_id)


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
