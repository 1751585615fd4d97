"""Helpers for the browser's Pilot tests: an app that records what it shows, copies and opens; typing a
burst of keys; running a palette command; reading the filter line and the detail pane."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from pledge_tui.ui import app as app_module
from pledge_tui.ui.app import PledgeApp
from pledge_tui.ui.widgets.detail import DetailPane, SourceLinks
from pledge_tui.ui.widgets.member_table import MemberTable
from pledge_tui.views.filters import Filter, apply_filter
from tests.snapshot_apps import bundled, make_app, settle, widget_text

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
    """The detail pane's text: the body, then the sources listed under it."""
    pane = app.query_one("#detail", DetailPane)
    sources = pane.query_one(SourceLinks)
    prompts = [str(sources.get_option_at_index(i).prompt) for i in range(sources.option_count)]
    return "\n".join([pane.content().plain, *prompts])


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


async def on_cell(pilot: Pilot[None], member_id: str, type_index: int) -> str:
    """Put the cursor on a cell; return that row's line of the matrix as drawn."""
    assert isinstance(pilot.app, PledgeApp)
    table = pilot.app.query_one(MemberTable)
    table.move_to(table.member_ids.index(member_id), type_index)
    await settle(pilot)
    name = pilot.app.dataset.member(member_id).name  # type: ignore[union-attr]
    return next(line for line in widget_text(table).splitlines() if line.startswith(f" {name}"))



def cells_of(line: str) -> list[str]:
    """The ten 5-cell type columns of a matrix line (the name and role columns are 28 wide)."""
    return [line[28 + 5 * i: 33 + 5 * i] for i in range(10)]


def summary_lines(app: PledgeApp) -> list[str]:
    return widget_text(app.query_one("#summary-body")).split("\n")
