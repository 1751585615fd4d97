"""The timeline screen (`T`) driven with Pilot: order, `f`, `enter` to the member, escape; one SVG snapshot.

The data is the frozen fixture with nine changes made through the write path (tests/timeline_data.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from pledge_tui.dataset import store
from pledge_tui.dataset.model import LoadedDataset
from pledge_tui.ui.app import PledgeApp
from pledge_tui.ui.screens.members import MembersScreen
from pledge_tui.ui.screens.timeline import TimelineScreen
from pledge_tui.ui.widgets.filters import FacetList, SearchBox
from pledge_tui.ui.widgets.member_table import CellRef, MemberTable
from pledge_tui.ui.widgets.said_chart import SaidChartView
from pledge_tui.ui.widgets.timeline_list import TimelineList
from pledge_tui.views.chart import said_chart
from pledge_tui.views.filters import Filter, apply_filter
from pledge_tui.views.timeline import rows_about, timeline_rows
from tests.app_helpers import RecordingApp, run_palette, type_text
from tests.factories import write
from tests.history_factory import Editor
from tests.snapshot_apps import make_app, screen_text, settle, widget_text
from tests.timeline_data import ref

SIZE = (120, 40)
SnapCompare = Callable[..., bool]


def recording(loaded: LoadedDataset) -> RecordingApp:
    app = make_app(loaded, app_class=RecordingApp)
    assert isinstance(app, RecordingApp)
    return app


async def open_timeline(pilot: Pilot[None]) -> TimelineScreen:
    await settle(pilot)
    await pilot.press("T")
    for _ in range(50):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, TimelineScreen):
            break
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TimelineScreen)
    return screen


async def search(pilot: Pilot[None], text: str) -> None:
    """Filter the matrix by a search, as the analyst does (`/`, the text, enter)."""
    await settle(pilot)
    await pilot.press("slash")
    await type_text(pilot, text)
    await pilot.press("enter")


async def highlight(pilot: Pilot[None], screen: TimelineScreen, ref: str) -> None:
    timeline = screen.query_one(TimelineList)
    timeline.move_to(next(i for i, r in enumerate(timeline.rows) if r.ref == ref))
    await pilot.pause()


async def back_on_members(pilot: Pilot[None]) -> MembersScreen:
    for _ in range(50):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, MembersScreen):
            break
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MembersScreen)
    return screen


# --- opening, order, closing ---------------------------------------------------------------------------


async def test_T_opens_the_timeline_newest_first(loaded: LoadedDataset) -> None:
    app = make_app(loaded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        timeline = screen.query_one(TimelineList)
        assert list(timeline.rows) == list(timeline_rows(loaded.dataset))
        assert app.focused is timeline and timeline.cursor_row == 0
        text = screen_text(app)
        assert "Timeline · 41 rows: 31 events, 10 changes · newest first · columns: said, recorded (UTC)" in text
        lines = text.splitlines()
        first = next(i for i, line in enumerate(lines) if "2026-03-25 09:30" in line)
        assert f"undo of {ref(9)}, Estonia (EE), Training" in lines[first] and "ana" in lines[first]
        assert lines[first].startswith(" 2025-04-30 2026-03-25 09:30 UTC change ")  # said (as undone to), recorded
        assert "2026-03-24 16:45" in lines[first + 1] and "change" in lines[first + 1]
        event = next(line for line in lines if line[33:40].strip() == "event")
        assert event[12:33].strip() == ""  # an event has a said date only
        detail = widget_text(screen.query_one("#timeline-detail-body"))
        assert f"{ref(10)} · undo · said 2025-04-30 · recorded 2026-03-25 09:30 UTC · by ana" in detail
        assert '[S88] Ukrainska Pravda, "' in detail and "About: Estonia" in detail
        assert "2025-04-30, tier B (established outlet or wire)" in " ".join(detail.split())
        await pilot.press("down", "down")
        await pilot.pause()
        assert f"{ref(8)} · edit-member" in widget_text(screen.query_one("#timeline-detail-body"))
        await pilot.press("end")
        await pilot.pause()
        assert timeline.highlighted == timeline.rows[-1] and timeline.highlighted.ref == "E1"


@pytest.mark.parametrize("key", ["escape", "T"])
async def test_escape_or_T_closes_it_leaving_the_matrix_as_it_was(loaded: LoadedDataset, key: str) -> None:
    app = make_app(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "right")
        await settle(pilot)
        before = app.query_one(MemberTable).highlighted
        screen = await open_timeline(pilot)
        await pilot.press("down")
        await pilot.press(key)
        members = await back_on_members(pilot)
        assert screen not in app.screen_stack
        assert members.query_one(MemberTable).highlighted == before
        assert app.focused is members.query_one(MemberTable)


async def test_the_palette_opens_it(loaded: LoadedDataset) -> None:
    app = make_app(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_palette(pilot, "Timeline")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)


# --- f: only the members shown -------------------------------------------------------------------------


async def test_f_keeps_the_rows_about_the_members_shown(loaded: LoadedDataset) -> None:
    app = make_app(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "turkiye")
        screen = await open_timeline(pilot)
        timeline = screen.query_one(TimelineList)
        everything = timeline_rows(loaded.dataset)
        await pilot.press("down")  # #9, not about Türkiye: the cursor goes to the first row kept
        await pilot.press("f")
        await pilot.pause()
        kept = rows_about(everything, [m for m in loaded.dataset.members if m.id == "TR"])
        assert list(timeline.rows) == list(kept) and {ref(6), ref(5), ref(4), "E31"} <= {r.ref for r in kept}
        assert timeline.cursor_row == 0
        header = widget_text(screen.query_one("#timeline-header"))
        assert f'Timeline · {len(kept)} of 41 rows · only about the 1 of 37 members shown (search: "turkiye")' in header
        await highlight(pilot, screen, ref(5))
        await pilot.press("f")
        await pilot.pause()
        assert list(timeline.rows) == list(everything)
        assert timeline.highlighted is not None and timeline.highlighted.ref == ref(5)  # the cursor stays on its row
        assert "f: only the members shown" in widget_text(screen.query_one("#timeline-header"))


async def test_f_with_nothing_shown_says_so(loaded: LoadedDataset) -> None:
    app = make_app(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "zzzq")
        screen = await open_timeline(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert len(screen.query_one(TimelineList).rows) == 0
        assert "No event or change is about the members shown" in widget_text(screen.query_one("#timeline-detail-body"))
        await pilot.press("enter")  # nothing highlighted: nowhere to go, no error
        await pilot.pause()
        assert app.screen is screen


# --- enter: to the member ------------------------------------------------------------------------------


async def test_enter_on_a_cell_change_goes_to_the_member_and_type(loaded: LoadedDataset) -> None:
    app = recording(loaded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        await highlight(pilot, screen, ref(6))
        await pilot.press("enter")
        members = await back_on_members(pilot)
        table = members.query_one(MemberTable)
        assert table.highlighted == CellRef("TR", "naval-demining") and members.cursor == table.highlighted
        assert app.focused is table and members.view_filter == Filter()
        assert app.notes[-1]["message"] == f"{ref(6)}: Türkiye" and app.notes[-1]["title"] == "From the timeline"
        assert "Türkiye · Sea:" in widget_text(members.query_one("#cell-line"))


async def test_enter_loosens_a_filter_that_hides_the_member(loaded: LoadedDataset) -> None:
    app = recording(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "down", "space", "escape", "slash")  # type: Air; the Netherlands has no Air record
        await type_text(pilot, "land")
        await pilot.press("enter")
        await settle(pilot)
        assert "NL" in [m.id for m in apply_filter(loaded.dataset.members, Filter(search="land"))]
        screen = await open_timeline(pilot)
        await highlight(pilot, screen, ref(7))  # the Netherlands' Ground record removed
        await pilot.press("enter")
        members = await back_on_members(pilot)
        assert members.view_filter == Filter(search="land")  # the type went, the search stayed
        assert members.query_one(MemberTable).highlighted == CellRef("NL", "ground-forces")
        assert members.query_one(SearchBox).value == "land"
        assert not any("[x]" in str(o.prompt) for o in members.query_one("#facet-types", FacetList).options)
        note = app.notes[-1]["message"]
        assert note == f"{ref(7)}: Netherlands. It was hidden by the filter, so this was removed from it: type: Air"


async def test_enter_on_an_event_goes_to_the_first_member_shown_it_is_about(loaded: LoadedDataset) -> None:
    app = recording(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_palette(pilot, "Filter type: Funding")
        screen = await open_timeline(pilot)
        await highlight(pilot, screen, "E18")
        e18 = screen.query_one(TimelineList).highlighted
        assert e18 is not None
        column = app.query_one(MemberTable).cursor_column
        await pilot.press("enter")
        members = await back_on_members(pilot)
        shown = [m.id for m in members.view.members]
        first = next(i for i in shown if i in e18.about)
        assert members.query_one(MemberTable).highlighted_id == first
        assert members.query_one(MemberTable).cursor_column == column  # an event has no type: the column stays
        assert members.view_filter == Filter(types=("funding",))
        assert f"(the first of {len(e18.about)} members it is about)" in app.notes[-1]["message"]


async def test_enter_on_a_row_about_no_member_stays(loaded: LoadedDataset) -> None:
    app = recording(loaded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        await highlight(pilot, screen, ref(1))  # the upgrade
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert app.notes[-1]["message"] == f"{ref(1)} is about no member: nowhere to go"


# --- data text is literal -------------------------------------------------------------------------------


async def test_hostile_text_on_the_timeline_is_literal(tmp_path: Path) -> None:
    editor = Editor()
    editor.add_event("E3", title="[bold red]x[/] [@click=app.quit]y[/] \x1b[2J", summary="[link=http://evil]z[/link]")
    editor.set("PL", "air-patrol", by="[red]mallory[/]", note="price [/] oops")
    hostile = store.load(str(write(tmp_path / "hostile.json", editor.raw)))
    app = make_app(hostile)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        text = screen_text(app)
        assert "[red]mallory[/]" in text
        await highlight(pilot, screen, "E3")
        detail = widget_text(screen.query_one("#timeline-detail-body"))
        assert "[bold red]x[/] [@click=app.quit]y[/] [2J" in detail and "[link=http://evil]z[/link]" in detail
        await highlight(pilot, screen, hostile.dataset.history[1].id)  # the `set`
        assert "note: price [/] oops" in widget_text(screen.query_one("#timeline-detail-body"))
        await pilot.click(TimelineList)
        assert app.is_running


# --- the look --------------------------------------------------------------------------------------------


def test_snapshot_timeline(snap_compare: SnapCompare, loaded: LoadedDataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """The timeline at 120x40 on the fixture with history: the chart over time above the list (glyph columns
    by the month said), the two clocks' columns, a cell change highlighted, its detail below."""
    monkeypatch.delenv("NO_COLOR", raising=False)

    async def run_before(pilot: Pilot[None]) -> None:
        screen = await open_timeline(pilot)
        await highlight(pilot, screen, ref(6))

    app: PledgeApp = make_app(loaded)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# --- the chart over time (issue 20) ----------------------------------------------------------------------


async def test_the_chart_shows_the_commitments_by_month_said(loaded: LoadedDataset) -> None:
    app = make_app(loaded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        chart = screen.query_one(SaidChartView)
        assert chart.display and chart.chart is not None
        text = widget_text(chart).strip()
        total = sum(len(m.commitments) for m in loaded.dataset.members)
        assert text.startswith(f"Commitments by the month they were said ({total} disclosed, every member)")
        lines = text.splitlines()
        months = said_chart(loaded.dataset.members, loaded.dataset.meta.as_of).months
        assert [str(m.total) for m in months if m.total] == lines[1].split()  # the totals row
        assert "● pledged  ◐ conditional  ○ considering  ✕ ruled out" in lines[-1]  # the glyphs say the status
        assert any("●" in line for line in lines[2:-2]) and "2025" in lines[-1]
        await pilot.press("c")
        await pilot.pause()
        assert not chart.display
        await pilot.press("c")
        await pilot.pause()
        assert chart.display


async def test_the_chart_follows_f(loaded: LoadedDataset) -> None:
    app = make_app(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "poland")
        await pilot.press("escape")
        screen = await open_timeline(pilot)
        await pilot.press("f")
        await pilot.pause()
        chart = screen.query_one(SaidChartView)
        poland = loaded.dataset.member("PL")
        assert poland is not None
        words = f"Commitments by the month they were said ({len(poland.commitments)} disclosed, of the members shown)"
        assert widget_text(chart).strip().startswith(words)


async def test_on_a_short_screen_the_chart_waits_for_c(loaded: LoadedDataset) -> None:
    app = make_app(loaded)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_timeline(pilot)
        assert not screen.query_one(SaidChartView).display
        await pilot.press("c")
        await pilot.pause()
        assert screen.query_one(SaidChartView).display
