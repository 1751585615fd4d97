"""The timeline screen (`T`): events and history entries, newest first (README "What changed").

A thin shell over `views.timeline`: the rows are built headless (`timeline_rows`), `f` keeps those
about the members the members screen shows (`rows_about`), and `enter` closes the screen with the
members the row leads to (`Jump`); the members screen puts its cursor there. The list is a line-API
widget, so the screen costs the same however long the history is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static

from pledge_tui.dataset.catalogue import CHART_TITLE
from pledge_tui.dataset.model import Dataset, Member
from pledge_tui.sanitize import clean_line
from pledge_tui.ui.styles import HEADING, MUTED, STRONG, WARNING
from pledge_tui.ui.widgets.key_bar import KeyBar
from pledge_tui.ui.widgets.said_chart import SaidChartView
from pledge_tui.ui.widgets.source_picker import source_prompt
from pledge_tui.ui.widgets.timeline_list import TimelineList
from pledge_tui.views.chart import said_chart
from pledge_tui.views.describe import RECORDED, SAID
from pledge_tui.views.present import count_in_words, source_line
from pledge_tui.views.timeline import Timeline, TimelineRow, jump_candidates

CHART_FROM_HEIGHT = 34
"""Screen rows from which the chart is shown when the timeline opens (below, `c` shows it)."""
ABOUT_LIMIT = 12
"""Members named in the detail area's "About" line; beyond it, how many more."""


@dataclass(frozen=True, slots=True)
class Jump:
    """Where `enter` on a row leads: the members it is about (best first) and, for a cell, the type."""

    member_ids: tuple[str, ...]
    type: str | None
    ref: str
    """The row (`E18`, `#12`), for the message said on arrival."""


class TimelineScreen(Screen[Jump | None]):
    """Events and history entries, newest first; `f` keeps those about the members shown; `enter` goes there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "toggle_shown", "Only shown", id="timeline-shown",
                tooltip="Keep only the events and changes about the members the current filter shows, or all"),
        Binding("c", "toggle_chart", "Chart", id="timeline-chart",
                tooltip=f"Show or hide the chart: {CHART_TITLE.lower()}, stacked by status"),
        Binding("enter", "jump", "Go to member", id="timeline-jump",
                tooltip="Back to the matrix with the cursor on the member (and type) of the highlighted row"),
        Binding("escape,T", "close", "Back", id="timeline-close", tooltip="Close the timeline"),
    ]

    AUTO_FOCUS = "TimelineList"

    only_shown: var[bool] = var(False, init=False)
    """`f`: only the rows about the members shown."""
    show_chart: var[bool] = var(True, init=False)
    """`c`: the chart over time above the list (shown at first when the screen has the rows for it)."""

    def __init__(self, dataset: Dataset, rows: Timeline, shown: Sequence[Member],
                 filter_words: str) -> None:
        super().__init__()
        self.dataset = dataset
        self.all_rows = rows
        self.shown = shown
        self.filter_words = filter_words
        self._about: Timeline | None = None

    def compose(self) -> ComposeResult:
        """Header, the list, the highlighted row in full, the keys."""
        yield Static(self._header(), id="timeline-header")
        chart = SaidChartView(id="timeline-chart")
        chart.set_reactive(SaidChartView.chart, said_chart(self.dataset.members, self.dataset.meta.as_of))
        chart.set_reactive(SaidChartView.scope, "disclosed, every member")
        yield chart
        timeline = TimelineList(id="timeline-list")
        timeline.set_reactive(TimelineList.rows, self.all_rows)
        yield timeline
        with VerticalScroll(id="timeline-detail", can_focus=False):
            yield Static(id="timeline-detail-body", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        """An empty timeline says so in the detail area; the chart is hidden at first on a short screen."""
        if self.app.size.height < CHART_FROM_HEIGHT:
            self.show_chart = False
        self._show(self.query_one(TimelineList).highlighted)

    def watch_show_chart(self, show: bool) -> None:
        """`c`: the chart over time, or more rows of the list."""
        self.set_class(not show, "-no-chart")

    def action_toggle_chart(self) -> None:
        """`c`."""
        self.show_chart = not self.show_chart

    @property
    def rows(self) -> Sequence[TimelineRow]:
        """The rows shown now."""
        return self.query_one(TimelineList).rows

    def _header(self) -> Content:
        if not self.only_shown:
            return Content.assemble(("Timeline", STRONG), f" · {self.all_rows.in_words()} · newest first · "
                                    f"columns: {SAID}, {RECORDED} (UTC) · ", ("f", STRONG),
                                    (": only the members shown", MUTED))
        if self._about is None:
            self._about = self.all_rows.about_members(self.shown)
        return Content.assemble(("Timeline", STRONG), f" · {len(self._about)} of {len(self.all_rows)} rows · ",
                                (f"only about the {count_in_words(self.shown, self.dataset.members)}", WARNING),
                                f" ({self.filter_words}) · ", ("f", STRONG), (": all", MUTED))

    def watch_only_shown(self, only: bool) -> None:
        """`f`: the rows about the members shown, or every row."""
        header = self._header()
        self.query_one(TimelineList).rows = self._about if only and self._about is not None else self.all_rows
        self.query_one("#timeline-header", Static).update(header)
        chart = self.query_one(SaidChartView)
        chart.chart = said_chart(self.shown if only else self.dataset.members, self.dataset.meta.as_of)
        chart.scope = "disclosed, of the members shown" if only else "disclosed, every member"

    def action_toggle_shown(self) -> None:
        """`f`."""
        self.only_shown = not self.only_shown

    def action_close(self) -> None:
        """`escape`, `T`: back to the matrix as it was."""
        self.dismiss(None)

    def action_jump(self) -> None:
        """`enter`: back to the matrix, on the member (and type) the row is about."""
        row = self.query_one(TimelineList).highlighted
        if row is None:
            return
        candidates = jump_candidates(row, self.dataset, self.shown)
        if not candidates:
            what = "no member" if not row.about and row.member_id is None else "a member no longer in the data"
            self.notify(f"{row.ref} is about {what}: nowhere to go", timeout=4, markup=False)
            return
        self.dismiss(Jump(tuple(candidates), row.type, row.ref))

    @on(TimelineList.Highlighted)
    def follow(self, event: TimelineList.Highlighted) -> None:
        """The detail area shows the highlighted row."""
        self._show(event.row)

    def _show(self, row: TimelineRow | None) -> None:
        body = self.query_one("#timeline-detail-body", Static)
        if row is None:
            words = ("No event or change is about the members shown; f shows them all." if self.only_shown
                     else "Nothing on the timeline: the data has no events and no history.")
            body.update(Content.styled(words, MUTED))
            return
        body.update(format_row(row, self.dataset))
        self.query_one("#timeline-detail", VerticalScroll).scroll_home(animate=False, immediate=True)


def format_row(row: TimelineRow, dataset: Dataset) -> Content:
    """A row in full: reference, kind, date, who; what; the details; the sources; the members it is about."""
    clocks = " · ".join([*([f"{SAID} {row.said}"] if row.said else []),
                         *([f"{RECORDED} {row.recorded}"] if row.recorded else [])])
    head = f"{row.ref} · {row.kind if row.kind == 'event' else row.action} · {clocks}"
    if row.who:
        head += f" · by {row.who}"
    parts: list[Content | str | tuple[str, str]] = [(head + "\n", MUTED), (row.what + "\n", STRONG)]
    for line in row.details:
        parts.append(f"{line}\n")
    for source_id in row.sources:
        source = dataset.sources.get(source_id)
        if source is None:
            parts.append((f"[{source_id}] (no longer in the data)\n", MUTED))
            continue
        parts.append(source_prompt(source_line(source), widths={}))
        parts.append("\n")
    names = sorted(filter(None, map(dataset.member, row.about)), key=lambda m: m.name_key)
    if names:
        listed = ", ".join(clean_line(m.name) for m in names[:ABOUT_LIMIT])
        more = f" and {len(names) - ABOUT_LIMIT} more" if len(names) > ABOUT_LIMIT else ""
        parts += [("About: ", HEADING), f"{listed}{more}\n"]
    return Content.assemble(*parts)
