"""Apps for the browser's tests (snapshot, Pilot and injection tests), and helpers that read the screen.

Every app is built with a fixed "today" and a fixed export clock and with the theme pinned, so that
what it draws never depends on the day the tests run or on the machine's settings.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.app import App
from textual.widget import Widget

from pledge_tui.dataset import store
from pledge_tui.dataset.model import LoadedDataset
from pledge_tui.ui.app import PledgeApp
from pledge_tui.ui.screens.members import MembersScreen
from pledge_tui.ui.widgets.member_table import MemberTable
from tests.common import FROZEN

BUNDLED = FROZEN
"""The data the browser tests read: the frozen March 2026 fixture, never the live file."""
TODAY = date(2026, 11, 24)
FIXED_NOW = datetime(2026, 11, 24, 12, 0, 0, tzinfo=UTC)
THEME = "textual-dark"

_loaded: LoadedDataset | None = None


def bundled() -> LoadedDataset:
    """The bundled dataset (read once per test session; it is immutable)."""
    global _loaded
    if _loaded is None:
        _loaded = store.load(str(BUNDLED))
    return _loaded


def fixed_clock() -> datetime:
    """The export clock of every test app."""
    return FIXED_NOW


def make_app(loaded: LoadedDataset | None = None, export_dir: str | Path = ".",
             app_class: type[PledgeApp] = PledgeApp, *, read_only: bool = False,
             watch_interval: float | None = None, **options: Any) -> PledgeApp:
    """A browser on `loaded` (default: the bundled data), with today and the clock fixed and the theme pinned.

    The file is not watched unless `watch_interval` is given: a test that changes the file calls
    `app.check_file()` itself, so a reload never lands between two steps of a test by the clock."""
    app = app_class(loaded or bundled(), str(export_dir), today=TODAY, clock=fixed_clock, read_only=read_only,
                    watch_interval=watch_interval, **options)
    app.theme = THEME
    return app


# --- the apps of the snapshot tests ---------------------------------------------------------------


def start_app() -> PledgeApp:
    """The browser as it opens."""
    return make_app()


def poland_row() -> int:
    """Poland's row in the default (name) order."""
    ids = [m.id for m in sorted(bundled().dataset.members, key=lambda m: (m.name.casefold(), m.id))]
    return ids.index("PL")


# --- reading the screen ---------------------------------------------------------------------------


def screen_text(app: App[Any]) -> str:
    """The whole screen (toasts and modal screens included) as plain text, one line per row."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def widget_text(widget: Widget) -> str:
    """What a widget draws, as plain text (its rendered lines, trailing blanks removed)."""
    region = widget.size.region
    return "\n".join(strip.text.rstrip() for strip in widget.render_lines(region))


def table_ids(app: PledgeApp) -> list[str]:
    """Member ids in the table's row order."""
    return app.query_one(MemberTable).member_ids


def row_cells(app: PledgeApp, row: int) -> list[str]:
    """One row's cells as shown (plain text, stripped): name, role, one glyph per type."""
    return [cell.strip() for cell in app.query_one(MemberTable).row_cells(row)]


def table_names(app: PledgeApp) -> list[str]:
    """The name cells, as shown (plain text)."""
    return [row_cells(app, r)[0] for r in range(app.query_one(MemberTable).row_count)]


def row_of(app: PledgeApp, member_id: str) -> int:
    """The matrix row of a member."""
    return app.query_one(MemberTable).member_ids.index(member_id)


def move_cursor(app: PledgeApp, row: int, column: int | None = None) -> None:
    """Put the table's cursor on `row` (and `column`), as the arrow keys would, without pressing them one by one."""
    app.query_one(MemberTable).move_to(row, column)


def members_screen(app: PledgeApp) -> MembersScreen:
    """The screen that holds the view state."""
    return app.members_screen


async def settle(pilot: object) -> None:
    """Let the app settle, including the filter lists' recount that follows a filter change a frame later."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot) and isinstance(pilot.app, PledgeApp)
    await pilot.pause()
    screen = pilot.app.members_screen
    for _ in range(300):
        if screen.facet_state.filter == screen.view_filter:
            break
        await pilot.pause(0.01)
    await pilot.pause()


async def move_to_poland(pilot: object) -> None:
    """`run_before` for the snapshot of Poland's detail pane: the cursor on Poland's Logistics cell."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot) and isinstance(pilot.app, PledgeApp)
    await pilot.pause()
    move_cursor(pilot.app, poland_row(), 6)
    await settle(pilot)


def pressing(*keys: str) -> Callable[[object], Awaitable[None]]:
    """A `run_before` that presses `keys` and lets the app settle (the filter lists follow a frame later)."""

    async def run_before(pilot: object) -> None:
        from textual.pilot import Pilot

        assert isinstance(pilot, Pilot)
        await pilot.pause()
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


# --- the live browser: a change made on disk while it is open -------------------------------------------


def changed_on_disk_app(folder: Path, **options: Any) -> PledgeApp:
    """The browser on a copy of the frozen fixture in `folder` (`mine.json`), with the changed-since marks
    of 2026-03-01; `changed_on_disk` (its `run_before`) then changes the file as another analyst would."""
    import shutil

    data = Path(shutil.copy(BUNDLED, folder / "mine.json"))
    return make_app(store.load(str(data)), since="2026-03-01", **options)


def changed_on_disk(*keys: str, after: tuple[str, ...] = ()) -> Callable[[object], Awaitable[None]]:
    """A `run_before`: press `keys`, then another writer sets Belgium's Ground and Air cells (as anna, at a
    fixed time), the browser reads the file again, and `after` is pressed."""

    async def run_before(pilot: object) -> None:
        from textual.pilot import Pilot

        from pledge_tui.dataset import edits
        from pledge_tui.dataset.commit import Edit, commit
        from pledge_tui.dataset.history import Change, Tables

        def edit_of(type_slug: str, status: str, summary: str | None) -> Edit:
            def edit(tables: Tables) -> Change:
                return edits.set_commitment(tables, "BE", type_slug, status, sources=["S72"], today="2026-03-10",
                                            conditions=["parliament"], summary=summary)

            return edit

        assert isinstance(pilot, Pilot) and isinstance(pilot.app, PledgeApp)
        app = pilot.app
        await pilot.pause()
        await pilot.press(*keys)
        await settle(pilot)
        ground = edit_of("ground-forces", "considering", "Would join a ground element only with a parliamentary "
                         "mandate.")
        for edit in (ground, edit_of("air-patrol", "conditional", None)):
            commit(app.loaded.path, edit, by="anna", at="2026-03-10T09:00:00Z")
        app.check_file()
        await app.workers.wait_for_complete()
        await settle(pilot)
        await pilot.press(*after)
        await settle(pilot)
        app.clear_notifications()  # the toast would hide the pane under it

    return run_before
