"""The members screen: the matrix with its filters, detail pane and summary. It holds the view state.

State flows one way. The widgets say what the analyst did (messages: `FacetList.Toggled`,
`SearchBox.Edited`, `MemberTable.CursorMoved`); the screen turns that into its reactives (`view_filter`,
`sort`, `view`, `cursor`, `facet_counts`, ...); the panes are bound to those reactives (`data_bind`) and
repaint themselves. Filtering and sorting go through `filters.apply_filter`, the command line's path.
Things only the app can do (write a snapshot) go up to it as messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label

from pledge_tui.dataset.catalogue import NEWEST_SOURCE, VOCABULARIES
from pledge_tui.dataset.model import Dataset
from pledge_tui.dataset.vocab import CONDITIONS, SORTS, STATUSES, TYPES
from pledge_tui.errors import DataError
from pledge_tui.sanitize import clean_line
from pledge_tui.ui.widgets.detail import DetailMode, DetailPane, SourceLinks, history_log_problem
from pledge_tui.ui.widgets.filters import FacetList, FacetState, SearchBox
from pledge_tui.ui.widgets.key_bar import KeyBar
from pledge_tui.ui.widgets.member_table import CellRef, MemberTable
from pledge_tui.ui.widgets.panes import CellLine, EmptyState, FilterLine, Legend, ViewHeader
from pledge_tui.ui.widgets.summary import SummaryPanel
from pledge_tui.views import browse
from pledge_tui.views.browse import View, build_view, mode_words
from pledge_tui.views.filters import Facet, Filter, all_facet_counts
from pledge_tui.views.present import SourceLine, filter_in_words, label

if TYPE_CHECKING:
    from pledge_tui.ui.screens.timeline import Jump
    from pledge_tui.views.reload import DiskMarks
    from pledge_tui.views.timeline import SinceMarks, Timeline

# The views of what changed (views.timeline, views.reload, dataset.replay: their imports cost the first screen
# about 12 ms) are imported where the marks, the timeline or a jump from it are first made.

COUNT_DELAY = 0.02
"""Seconds between a filter change and the recount of the filter lists: past the next frame (60 a
second), so the filtered table is painted first. (`call_after_refresh` ran the count before that
paint whenever the screen went idle before the table's repaint request reached it.)"""

BoundWidget = TypeVar("BoundWidget", bound=Widget)

FACETS: dict[Facet, tuple[str, ...]] = {"types": TYPES, "statuses": STATUSES, "conditions": CONDITIONS}
FACET_KEYS: dict[Facet, str] = {"types": "t", "statuses": "s", "conditions": "c"}
"""The key that focuses each filter list (the bindings below), shown in its title: "Types (t)"."""


class MembersScreen(Screen[None]):
    """Browse the members as a member-by-type matrix, filter with the keyboard, read one cell or column."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (108, "-normal"), (150, "-wide")]
    AUTO_FOCUS = "MemberTable"

    BINDINGS: ClassVar[list[BindingType]] = [
        # `/` has priority: the app handles it as soon as it arrives, before it hands the keys that came
        # in the same burst (a paste, fast typing over ssh) to the focused widget, so they reach the
        # search box, in order. The search box itself keeps `/` as text (it consumes printable keys).
        Binding("slash", "focus_search", "Search", key_display="/", priority=True, id="search",
                tooltip="Focus the search box; typing filters live; enter or escape returns to the table, "
                        "keeping the text"),
        Binding("t", "focus_facet('types')", "Type", id="type",
                tooltip="Focus the type filter; space toggles the highlighted type"),
        Binding("s", "focus_facet('statuses')", "Status", id="status",
                tooltip="Focus the status filter; space toggles"),
        Binding("c", "focus_facet('conditions')", "Condition", id="condition",
                tooltip="Focus the condition filter; space toggles"),
        Binding("x", "clear_filters", "Clear", id="clear",
                tooltip="Clear all filters and the search; the filter lists' cursors go back to the top"),
        Binding("v", "toggle_detail_mode", "Member/type", id="detail-mode",
                tooltip="Switch the detail pane between the member and one type across the members shown (the type "
                        "ticked when exactly one is, else the highlighted one)"),
        Binding("z", "toggle_pane", "Detail", id="pane",
                tooltip="Hide or show the detail pane (and the summary panel): the matrix takes its room"),
        Binding("o", "cycle_sort", "Sort", id="sort",
                tooltip="Cycle the sort: name, strongest commitment first, most caveats first"),
        Binding("e", "export", "Export", id="export",
                tooltip="Export a snapshot of the current view to --export-dir as "
                        "pledge-snapshot-YYYYMMDD-HHMMSS.md, and say where"),
        Binding("g", "toggle_summary", "Summary", id="summary",
                tooltip="Toggle the summary panel: per type, a bar of members by status"),
        Binding("T", "timeline", "Timeline", id="timeline",
                tooltip="The timeline: events and recorded changes, newest first; f keeps those about the members "
                        "shown, enter goes to the member"),
        Binding("y", "copy_citation", "Copy", id="copy",
                tooltip="Copy the citations of the highlighted cell's sources (OSC 52)"),
        Binding("u", "open_source", "Open URL", id="open-url",
                tooltip="Open the highlighted cell's source in the web browser; with several, pick one in the "
                        "detail pane's list (enter opens it)"),
        Binding("n", "next_match(1)", "Next match", show=False, id="next-match",
                tooltip="The next member whose name or id holds the search text"),
        Binding("N", "next_match(-1)", "Previous match", show=False, id="previous-match",
                tooltip="The previous member whose name or id holds the search text"),
        Binding("enter", "edit_cell", "Edit", id="edit",
                tooltip="On a cell: open the edit form (not with --read-only)"),
        Binding("enter", "open_cell", "Open cell", show=False, id="open-cell",
                tooltip="On a cell, with --read-only: go to its details in the detail pane"),
        Binding("escape", "focus_table", "Back to table", show=False, id="back",
                tooltip="From the search box, a filter list, the detail pane or its sources, back to the table"),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="next-pane",
                tooltip="Move the focus to the next pane: search box, filter lists, matrix, detail pane, its sources"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, id="previous-pane",
                tooltip="Move the focus to the previous pane"),
    ]

    # `var`, not `reactive`: the screen itself draws nothing from these, so a change must not repaint
    # it (a whole-screen repaint per keystroke cost 8 ms at 120x40); the widgets bound to them repaint.
    view_filter: var[Filter] = var(Filter, init=False)
    """What is filtered; replaced (never mutated) on every change."""
    sort: var[str] = var("name", init=False)
    view: var[View] = var(lambda: View(Filter(), "name", ()), init=False)
    """The members shown with the filter and sort that chose them; every pane is bound to it."""
    facet_state: var[FacetState] = var(lambda: FacetState(Filter(), None), init=False)
    """The filter lists' ticks and live counts, computed just after the filtered table is painted."""
    cursor: var[CellRef] = var(CellRef(None, TYPES[0]), init=False)
    """The highlighted cell."""
    detail_mode: var[DetailMode] = var("member", init=False)
    show_summary: var[bool] = var(False, init=False)
    since: var[SinceMarks | None] = var(None, init=False)
    """The changed-since marks (`--since`, the palette), or None."""
    dataset: var[Dataset] = var(cast(Dataset, None), init=False, always_update=True)
    """The data shown: set at start (`set_reactive`, before anything reads it) and replaced whole by a save
    or a reload; every pane that reads it is bound to it. `always_update`: a new dataset is never compared
    with the old one (`==` would compare their histories, reading both logs whole: 5 s at 10,000 members)."""
    disk: var[DiskMarks | None] = var(None, init=False)
    """The cells changed on disk since they were last cleared (reloads, and saves that found another
    writer's changes), or None."""
    file_problem: var[str | None] = var(None, init=False)
    """Why the file as it is now cannot be read (the data shown is the last good one), or None."""
    show_pane: var[bool] = var(True, init=False)
    """`z`: the detail pane (or summary panel) is shown; hidden, the matrix takes its room."""

    @dataclass
    class ExportRequested(Message):
        """The analyst asked for a snapshot of this view (the app writes it)."""

        view: View
        since: str | None = None
        """Add the "Changes since DATE" section (a `--since` date)."""
        brief: bool = False
        """The brief form (`export --brief`)."""

    @dataclass
    class EditRequested(Message):
        """The analyst asked to edit a cell (the app opens the edit form)."""

        member_id: str
        type_slug: str

    def __init__(self, dataset: Dataset, today: date, *, read_only: bool = False, file_name: str = "",
                 mode: str = "", view_filter: Filter | None = None, sort: str = "name") -> None:
        super().__init__()
        self.today = today
        self.read_only = read_only
        """No editing: `enter` shows the cell's details instead, and neither footer nor help offer it."""
        self.file_name = file_name
        self.mode = mode or mode_words(read_only=read_only)
        start = view_filter or Filter()
        self.set_reactive(MembersScreen.dataset, dataset)
        self.set_reactive(MembersScreen.view_filter, start)
        self.set_reactive(MembersScreen.sort, sort)
        self.set_reactive(MembersScreen.view, build_view(dataset.members, start, sort))
        first = self.view.members[0].id if self.view.members else None
        self.set_reactive(MembersScreen.cursor, CellRef(first, TYPES[0]))  # the first frame shows its details
        # Counted now, not after the first paint: the first frame is the whole screen, counts included.
        self.set_reactive(MembersScreen.facet_state, FacetState(start, all_facet_counts(dataset.members, start)))
        self._timeline: tuple[Dataset, Timeline] | None = None
        """The timeline's rows, built on first use for the dataset shown (dropped when it is replaced)."""
        self._resumed = False
        """The screen has been shown once (`on_screen_resume`)."""

    # --- layout ---------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header and filter line; sidebar of filters, the matrix with its cell line, the detail pane (or
        summary); footer."""
        self._apply_breakpoint(self.app.size.width)
        yield self._bound(ViewHeader(self.file_name, self.mode, self.today, id="header"), dataset="dataset",
                          view="view", since="since", disk="disk", file_problem="file_problem")
        yield self._bound(FilterLine(id="filter-line"), view="view")
        with Horizontal(id="body"):
            with VerticalScroll(id="sidebar", can_focus=False):  # tab stops on its lists, not on the scroller
                with Vertical(classes="facet-section"):
                    yield SearchBox(self.view_filter.search, placeholder="Search (/)", id="search",
                                    select_on_focus=False)
                for facet, slugs in FACETS.items():
                    with Vertical(classes="facet-section"):
                        yield Label(f"{VOCABULARIES[facet].title()} ({FACET_KEYS[facet]})", classes="facet-title")
                        yield self._bound(FacetList(facet, slugs, id=f"facet-{facet}"), state="facet_state")
                yield Label("Counts: members that would match with that value ticked.", id="counts-note")
            with Vertical(id="main"):
                yield self._bound(MemberTable(id="members"), view="view", since="since", disk="disk")
                yield self._bound(EmptyState(id="empty"), view="view")
                yield self._bound(CellLine(id="cell-line"), dataset="dataset", cell="cursor", since="since",
                                  disk="disk")
                yield self._bound(Legend(id="legend"), since="since", disk="disk")
            yield self._bound(DetailPane(today=self.today, id="detail"), dataset="dataset", view="view", cell="cursor",
                              mode="detail_mode", since="since", disk="disk")
            with VerticalScroll(id="summary", can_focus=False):
                yield self._bound(SummaryPanel(id="summary-body"), view="view")
        yield KeyBar()

    def _apply_breakpoint(self, width: int) -> None:
        """The width class (`-narrow`, `-normal`, `-wide`) before the first layout: Textual sets it on the
        first resize, after a first frame drawn with none, which a real terminal showed for a moment."""
        chosen = next((name for least, name in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True) if width >= least),
                      None)
        for _least, name in self.HORIZONTAL_BREAKPOINTS:
            self.set_class(name == chosen, name)

    def _bound(self, widget: BoundWidget, **names: str) -> BoundWidget:
        """`data_bind` the widget's reactives to this screen's (widget name = screen name), with the
        values set at once: `data_bind` alone sets them only after the first frame, which then showed
        an empty table and blank panes for a moment."""
        for name, own in names.items():
            widget.set_reactive(getattr(type(widget), name), getattr(self, own))
        return widget.data_bind(**{name: getattr(MembersScreen, own) for name, own in names.items()})

    def on_mount(self) -> None:
        """The empty state, should the data hold no member at all."""
        self.set_class(not self.view.members, "-empty")
        self.set_class(self.since is not None or self.disk is not None, "-marks")

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown the first time, the screen skips Textual's restyle of every widget on it: each was styled as it
        was mounted, just before, with the classes and theme it has now, and the focus given on resuming
        restyles the widgets it concerns by itself (the 40 widgets styled twice cost about 10 ms of the start;
        the screen looks the same, as the SVG snapshots show). Textual calls this handler before Screen's own,
        which reads `refresh_styles`. Every later resume is left as Textual sends it (back from the help or a
        form: no restyle unless the popped screen was see-through)."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    # --- state ----------------------------------------------------------------------------------------

    def watch_view_filter(self) -> None:
        """A filter change makes a new view."""
        self.refresh_view()

    def watch_sort(self) -> None:
        """A sort change makes a new view (the highlighted member stays highlighted)."""
        self.refresh_view()

    def refresh_view(self) -> None:
        """Apply the filter and sort; the panes bound to the view repaint themselves."""
        self.view = build_view(self.dataset.members, self.view_filter, self.sort)
        self.set_class(not self.view.members, "-empty")
        # The live counts cost a pass over every member (40 ms at 10,000) and redrawing the filter lists
        # costs more than the table: the table is painted first and the lists just after, so a
        # keystroke's result is on screen within one frame at any size.
        self.set_timer(COUNT_DELAY, partial(self._count, self.view_filter))

    def _count(self, f: Filter) -> None:
        if f is self.view_filter:  # else another change came first; its own call brings the lists up to date
            self.facet_state = FacetState(f, all_facet_counts(self.dataset.members, f))

    def watch_dataset(self) -> None:
        """Another version of the data (a save, a reload): the marks and the view are made again with
        the same date, filter and sort (the cursor stays on its member and type); the panes bound to
        the dataset repaint themselves."""
        self._timeline = None
        self.refresh_since()
        self.refresh_stale()
        self.refresh_view()

    def watch_show_summary(self, show: bool) -> None:
        """Swap the detail pane for the summary panel."""
        self.set_class(show, "-show-summary")

    def watch_show_pane(self, show: bool) -> None:
        """`z`: hide the detail pane (or summary), or show it again; a hidden pane gives up the focus."""
        self.set_class(not show, "-hide-pane")
        if not show and isinstance(self.focused, (DetailPane, SourceLinks)):
            self.action_focus_table()

    def watch_disk(self, marks: DiskMarks | None) -> None:
        """Marks on or off: the legend grows a line for them."""
        self.set_class(marks is not None or self.since is not None, "-marks")

    @on(MemberTable.CursorMoved)
    def follow_cursor(self, event: MemberTable.CursorMoved) -> None:
        """The cell line and the detail pane follow the cursor (through `cursor`)."""
        self.cursor = event.cell

    @on(FacetList.Toggled)
    def toggle_value(self, event: FacetList.Toggled) -> None:
        """A filter list ticked or unticked a value."""
        self.toggle_filter(event.facet, event.slug)

    def toggle_filter(self, facet: Facet, slug: str) -> None:
        """Tick or untick one filter value (a filter list, or the palette)."""
        self.view_filter = self.view_filter.toggled(facet, slug)

    @on(SearchBox.Edited)
    def search_for(self, event: SearchBox.Edited) -> None:
        """Typing in the search box filters live."""
        self.view_filter = self.view_filter.with_search(event.text)

    @on(SearchBox.Submitted)
    def leave_search(self) -> None:
        """Enter returns to the table, keeping the text, on the first member the search names (if any):
        `n` and `N` go on from there."""
        self.action_focus_table()
        table = self.query_one(MemberTable)
        matches = browse.name_matches(table.members, self.view_filter.search)
        if matches and table.cursor_row not in matches:
            table.move_to(matches[0])

    # --- actions --------------------------------------------------------------------------------------

    # The focus actions move the focus at once (`set_focus`), not after a refresh as `Widget.focus()`
    # does: keys that arrive in the same burst must already go to the newly focused widget.

    def action_focus_search(self) -> None:
        """`/`: focus the search box; in a text box, `/` is text (Textual does not take `slash` for a
        printable key when it keeps priority bindings away from an input, so this says so itself)."""
        if isinstance(self.focused, Input):
            raise SkipAction()
        self.set_focus(self.query_one(SearchBox))

    def action_focus_facet(self, facet: Facet) -> None:
        """`t`, `s`, `c`: focus a facet list."""
        self.set_focus(self.query_one(f"#facet-{facet}", FacetList))

    def action_focus_table(self) -> None:
        """Back to the table."""
        self.set_focus(self.query_one(MemberTable))

    def action_clear_filters(self) -> None:
        """`x`: clear every filter and the search; the lists' cursors go back to their first value."""
        self.query_one(SearchBox).value = ""
        for facet_list in self.query(FacetList):
            facet_list.reset_cursor()
        self.view_filter = Filter()

    def action_cycle_sort(self) -> None:
        """`o`: name -> strongest commitment first -> most caveats first -> name."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.notify(f"Sorted by {label('sorts', self.sort)}", timeout=2, markup=False)

    def action_toggle_summary(self) -> None:
        """`g`: show or hide the summary panel (shown, in the pane's place, even when `z` hid the pane)."""
        self.show_summary = not self.show_summary or not self.show_pane
        self.show_pane = True

    def action_toggle_pane(self) -> None:
        """`z`: hide or show the detail pane (or the summary panel)."""
        self.show_pane = not self.show_pane

    def action_toggle_detail_mode(self) -> None:
        """`v`: the detail pane shows the member, or one type across the members shown (the type ticked
        when exactly one is, else the highlighted one)."""
        self.detail_mode = "type" if self.detail_mode == "member" or not self.show_pane else "member"
        self.show_pane = True
        if self.show_summary:
            self.show_summary = False

    def action_open_cell(self) -> None:
        """`enter` on a cell, read-only: its details in the detail pane."""
        if self.cursor.member_id is not None:
            self.set_focus(self.query_one(DetailPane))

    def action_edit_cell(self) -> None:
        """`enter` on a cell: ask the app for the edit form."""
        if self.cursor.member_id is None:
            self.notify("No member selected, so nothing to edit", timeout=3, markup=False)
            return
        self.post_message(self.EditRequested(self.cursor.member_id, self.cursor.type))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only: editing is neither run nor shown (`enter` then falls through to `open_cell`)."""
        return not (self.read_only and action == "edit_cell")

    def refresh_stale(self) -> None:
        """The stale filter resolved again for the data now shown (which members are stale may change)."""
        stale = self.view_filter.stale
        if stale is not None:
            from pledge_tui.views.freshness import stale_filter

            self.set_reactive(MembersScreen.view_filter,
                              self.view_filter._replace(stale=stale_filter(self.dataset, stale.months, self.today)))

    def action_export(self) -> None:
        """`e`: ask the app to write the snapshot of what is on screen (filter, search and sort)."""
        self.post_message(self.ExportRequested(self.view))

    def action_next_match(self, step: int) -> None:
        """`n`, `N`: the next or previous member whose name or id holds the search text."""
        table = self.query_one(MemberTable)
        matches = browse.name_matches(table.members, self.view_filter.search)
        row = browse.next_match(matches, table.cursor_row, step)
        if row is None:
            what = "No search text: press / to search" if not self.view_filter.search.strip() else \
                "No member shown has the search text in its name or id"
            self.notify(what, timeout=3, markup=False)
            return
        table.move_to(row)

    def action_copy_citation(self) -> None:
        """`y`: copy the citations of the highlighted cell's sources to the clipboard (OSC 52)."""
        sources = self._cell_sources()
        if not sources:
            self.notify("No member selected, so nothing to copy", timeout=3, markup=False)
            return
        self.app.copy_to_clipboard("\n".join(browse.citation(s) for s in sources))
        ids = ", ".join(s.id for s in sources)
        self.notify(f"Copied {len(sources)} citation{'s' if len(sources) != 1 else ''} ({ids}) to the clipboard",
                    title="Copied", timeout=4, markup=False)

    def action_open_source(self) -> None:
        """`u`: open the highlighted cell's source in the web browser; with several that have an address,
        go to the detail pane's list of sources on the first of them, to pick one with `enter`."""
        sources = [s for s in self._cell_sources() if browse.openable_url(s)]
        if not sources:
            self.notify("None of the highlighted cell's sources has a web address", timeout=4, markup=False)
            return
        if len(sources) == 1:
            self.open_source(sources[0])
            return
        self.show_pane, self.show_summary, self.detail_mode = True, False, "member"
        self.call_after_refresh(self.query_one(DetailPane).focus_source, sources[0].id)
        self.notify(f"{len(sources)} sources with an address ({', '.join(s.id for s in sources)}): up and down "
                    "choose, enter opens", title="Sources", timeout=5, markup=False)

    @on(SourceLinks.OpenRequested)
    def open_requested(self, event: SourceLinks.OpenRequested) -> None:
        """`enter` on a source in the detail pane."""
        self.open_source(event.source)

    def open_source(self, source: SourceLine) -> None:
        """Open a source's address in the web browser, or say why not."""
        url = browse.openable_url(source)
        if url is None:
            self.notify(f"{source.id} has no web address to open", timeout=4, markup=False)
            return
        self.app.open_url(url)
        self.notify(f"Opening {url}", title=f"Source {source.id}", timeout=4, markup=False)

    def _cell_sources(self) -> tuple[SourceLine, ...]:
        member = self.dataset.member(self.cursor.member_id) if self.cursor.member_id else None
        return browse.cell_sources(self.dataset, member, self.cursor.type) if member is not None else ()

    # --- what changed: the timeline and the changed-since marks -----------------------------------------

    def action_timeline(self) -> None:
        """`T`: the timeline over this screen; `enter` there comes back here on a member."""
        from pledge_tui.ui.screens.timeline import TimelineScreen  # here, as SinceScreen below: 7 ms of the start
        from pledge_tui.views.timeline import timeline_rows

        if isinstance(self.app.screen, TimelineScreen):  # the palette's "Timeline" on the timeline itself
            return
        if self._timeline is None or self._timeline[0] is not self.dataset:
            try:
                self._timeline = (self.dataset, timeline_rows(self.dataset))
            except DataError as exc:  # the history log, read now for the first time
                self.notify(history_log_problem(exc), title="No timeline", severity="error", timeout=12,
                            markup=False)
                return
        screen = TimelineScreen(self.dataset, self._timeline[1], self.view.members, filter_in_words(self.view_filter))
        self.app.push_screen(screen, callback=self.jump_to)

    def jump_to(self, jump: Jump | None) -> None:
        """Back from the timeline: the cursor on the first member the row leads to (the type too, for a
        cell). A member the filter hides is shown by loosening the filter as little as needed, and the
        analyst is told which parts went."""
        if jump is None:
            return
        shown = {m.id for m in self.view.members}
        member_id = next((i for i in jump.member_ids if i in shown), jump.member_ids[0])
        member = self.dataset.member(member_id)
        if member is None:
            return
        said = f"{jump.ref}: {member.name}"
        if len(jump.member_ids) > 1:
            said += f" (the first of {len(jump.member_ids)} members it is about)"
        if member_id not in shown:
            from pledge_tui.views.timeline import widened_filter

            widened, dropped = widened_filter(self.view_filter, member, self.dataset.members)
            if not widened.search and self.view_filter.search:
                self.query_one(SearchBox).value = ""
            self.view_filter = widened
            said += f". It was hidden by the filter, so this was removed from it: {'; '.join(dropped)}"
        table = self.query_one(MemberTable)
        row = next(i for i, m in enumerate(self.view.members) if m.id == member_id)
        table.move_to(row, TYPES.index(jump.type) if jump.type in TYPES else None)
        self.action_focus_table()
        self.notify(clean_line(said), title="From the timeline", timeout=6, markup=False)

    def watch_since(self, marks: SinceMarks | None) -> None:
        """Marks on or off: the legend grows a line for the mark."""
        self.set_class(marks is not None or self.disk is not None, "-marks")

    def marks_for(self, text: str) -> SinceMarks | None:
        """The marks for a date (already checked), through the replay and its checks that `changes --since`
        uses; a history that does not replay is said in a message, and gives no marks (None)."""
        from pledge_tui.dataset.replay import ReplayError
        from pledge_tui.views.timeline import since_marks

        try:
            return since_marks(self.dataset, text)
        except ReplayError as exc:
            self.notify(f"{clean_line(str(exc))}. `pledge-tui validate` names the problem.",
                        title="No changed-since marks", severity="error", timeout=12, markup=False)
            return None
        except DataError as exc:  # the history log, read now for the first time
            self.notify(history_log_problem(exc), title="No changed-since marks", severity="error", timeout=12,
                        markup=False)
            return None

    def mark_since(self, text: str | None) -> None:
        """Mark the cells changed since `text` (a `--since` date, already checked); None does nothing."""
        if text is None:
            return
        marks = self.marks_for(text)
        self.since = marks
        if marks is None:
            return
        count = len(marks.cells)
        note = marks.coverage_note
        self.notify(f"{count} cell{'s' * (count != 1)} {marks.words}" + (f". {note}" if note else ""),
                    title="Changed-since marks", severity="warning" if note else "information", timeout=6,
                    markup=False)

    def refresh_since(self) -> None:
        """The data changed under the screen (a save in the browser): the marks again, for the same date."""
        if self.since is not None:
            self.since = self.marks_for(self.since.since)

    def action_ask_since(self) -> None:
        """The palette's "Mark cells changed since...": ask for the date, then mark."""
        from pledge_tui.ui.screens.since import SinceScreen

        current = self.since.since if self.since is not None else ""
        self.app.push_screen(SinceScreen("Mark the cells changed since", current), callback=self.mark_since)

    def action_ask_stale(self) -> None:
        """The palette's "Keep members with stale sources...": ask for the months, then filter."""
        from pledge_tui.ui.screens.since import SinceScreen
        from pledge_tui.views.freshness import parse_stale

        current = str(self.view_filter.stale.months) if self.view_filter.stale is not None else ""
        self.app.push_screen(SinceScreen(f"Keep the members with a claim whose {NEWEST_SOURCE} is older than (months)",
                                         current, check=parse_stale, forms="a whole number of months, 1 to 1200",
                                         option="--stale"), callback=self.filter_stale)

    def filter_stale(self, text: str | None) -> None:
        """Keep the members with a disclosed cell whose newest source is older than `text` months (checked);
        None does nothing. The filter line says it; `x` clears it with the rest."""
        if text is None:
            return
        from pledge_tui.views.freshness import parse_stale, stale_filter

        self.view_filter = self.view_filter._replace(stale=stale_filter(self.dataset, parse_stale(text), self.today))

    def action_clear_stale(self) -> None:
        """The palette's "Clear the stale filter"."""
        if self.view_filter.stale is not None:
            self.view_filter = self.view_filter._replace(stale=None)

    def action_clear_since(self) -> None:
        """The palette's "Clear changed-since marks"."""
        self.since = None

    def action_clear_disk_marks(self) -> None:
        """The palette's "Clear on-disk marks"."""
        self.disk = None

    def action_export_brief(self) -> None:
        """The palette's "Export brief snapshot" of what is on screen."""
        self.post_message(self.ExportRequested(self.view, brief=True))

    def action_export_since(self) -> None:
        """The palette's "Export snapshot with changes since...": the marks' date, else ask for one."""
        if self.since is not None:
            self.post_message(self.ExportRequested(self.view, since=self.since.since))
            return

        def export(text: str | None) -> None:
            if text is not None:
                self.post_message(self.ExportRequested(self.view, since=text))

        from pledge_tui.ui.screens.since import SinceScreen

        self.app.push_screen(SinceScreen("Export the snapshot with the changes since"), callback=export)
