"""The browser's first screen pays only for what it paints (issue 22: the settled first screen at 35 members
within 1.3x of a bare Textual app; benchmarks/PROFILE.md): the modules it imports, and the garbage
collector's passes while Textual builds it.

What only a later action needs is imported when that action first runs: the views of what changed
(`views.reload` for a reload or a save, `views.timeline` for `--since` and the timeline, with `views.diff`,
`views.changes`, `views.marks` and `dataset.replay` under them), `views.describe` for a card that has changes to
list, and the screens of the help, the edit form, the save path and the export. Each check runs in a fresh
interpreter, so that another test's imports cannot hide one that came back onto the start's path.
"""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest
from textual import events
from textual.screen import Screen

from pledge_tui import collector
from pledge_tui.ui.screens.members import MembersScreen
from tests.app_helpers import RecordingApp
from tests.common import FROZEN
from tests.snapshot_apps import bundled, make_app, settle

LATER = (
    "pledge_tui.views.reload", "pledge_tui.views.diff", "pledge_tui.views.changes", "pledge_tui.views.describe",
    "pledge_tui.views.marks", "pledge_tui.views.timeline", "pledge_tui.dataset.replay",
    "pledge_tui.ui.editing", "pledge_tui.ui.undoing", "pledge_tui.ui.screens.edit", "pledge_tui.ui.screens.help",
    "pledge_tui.ui.screens.timeline", "pledge_tui.ui.screens.since", "pledge_tui.formats.snapshot",
)
"""Modules the first screen does not need: each is imported where it is first used."""

FIRST_SCREEN = """
import asyncio, sys
from pledge_tui.dataset import store
from pledge_tui.ui.app import PledgeApp

async def first_screen():
    app = PledgeApp(store.load(sys.argv[1]), watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        text = "\\n".join(strip.text for strip in app.screen._compositor.render_strips())
        print("the card is painted" if "Highlighted:" in text and "Caveats" in text else text)
        print(" ".join(m for m in sorted(sys.modules) if m.startswith("pledge_tui")))

asyncio.run(first_screen())
"""


def loaded_modules(code: str, *args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()


def test_importing_the_browser_leaves_the_later_views_out() -> None:
    modules = loaded_modules("import sys, pledge_tui.ui.app; print(' '.join(sorted(sys.modules)))")[-1].split()
    assert "pledge_tui.ui.screens.members" in modules  # the check sees the browser's own modules
    assert [m for m in LATER if m in modules] == []


def test_the_painted_first_screen_leaves_the_later_views_out() -> None:
    """The whole first screen, painted at 120x40 with the first member's card in the detail pane (the
    frozen data has no history, so the card lists no change)."""
    said, modules = loaded_modules(FIRST_SCREEN, str(FROZEN))[-2:]
    assert said == "the card is painted"
    assert "pledge_tui.views.cell_history" in modules.split()  # the card asked for its changes
    assert [m for m in LATER if m in modules.split()] == []


def test_pause_resumes_only_what_was_running_and_only_once() -> None:
    assert gc.isenabled()
    resume = collector.pause()
    assert not gc.isenabled()
    inner = collector.pause()  # already paused: its resume leaves the collector off
    inner()
    assert not gc.isenabled()
    resume()
    assert gc.isenabled()
    gc.disable()
    try:
        resume()  # a second call does nothing
        assert not gc.isenabled()
    finally:
        gc.enable()


class CollectorWatchingApp(RecordingApp):
    """The browser, noting whether the collector runs while its screen is mounted."""

    collecting_at_mount: bool | None = None

    def on_mount(self) -> None:
        self.collecting_at_mount = gc.isenabled()
        super().on_mount()


async def test_the_collector_is_paused_while_the_first_screen_is_built_and_runs_after() -> None:
    watching = CollectorWatchingApp(bundled(), watch_interval=None)
    async with watching.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert watching.collecting_at_mount is False
        assert gc.isenabled()
    assert gc.isenabled()


async def test_the_first_showing_skips_the_restyle_of_every_widget_and_later_ones_do_not(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Shown the first time, the members screen's widgets were all styled as they were mounted, just before:
    Textual's restyle of all of them on resuming is left out (about 10 ms of the start; the SVG snapshots show
    the screen unchanged). A later resume that asks for it gets it."""
    asked: list[bool] = []
    resume = Screen._on_screen_resume

    def noting(screen: Screen[object], event: events.ScreenResume) -> None:
        if isinstance(screen, MembersScreen):
            asked.append(event.refresh_styles)
        resume(screen, event)

    monkeypatch.setattr(Screen, "_on_screen_resume", noting)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.post_message(events.ScreenResume())  # as Textual's mode switch sends it
        await settle(pilot)
    assert asked == [False, True]
