"""The browser: a thin Textual shell over the headless core.

Filtering, sorting and the snapshot go through exactly the functions the command line uses
(`filters.apply_filter`, `export.render_snapshot`, `export.write_snapshot`); this module only keeps
the view state (filter, sort, panels) and paints it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Label, Static

from pledge_tui.dataset.model import LoadedDataset, Member
from pledge_tui.dataset.vocab import (
    CONDITION_LABELS,
    CONDITIONS,
    SORT_LABELS,
    SORTS,
    STATUS_LABELS,
    STATUSES,
    TYPE_LABELS,
    TYPES,
)
from pledge_tui.errors import ExportError
from pledge_tui.sanitize import clean_line
from pledge_tui.ui.help import HelpScreen
from pledge_tui.ui.member_table import MemberTable
from pledge_tui.ui.render import Palette, SummaryBars, detail_text, header_text, legend
from pledge_tui.ui.widgets import FacetList, SearchBox
from pledge_tui.views.filters import Facet, Filter, all_facet_counts, apply_filter

FACET_LABELS: dict[Facet, dict[str, str]] = {
    "types": dict(TYPE_LABELS),
    "statuses": dict(STATUS_LABELS),
    "conditions": dict(CONDITION_LABELS),
}
FACET_SLUGS: dict[Facet, tuple[str, ...]] = {"types": TYPES, "statuses": STATUSES, "conditions": CONDITIONS}
FACET_TITLES: dict[Facet, str] = {"types": "Types (t)", "statuses": "Statuses (s)", "conditions": "Conditions (c)"}


def utc_now() -> datetime:
    """The export clock (replaced in tests)."""
    return datetime.now(UTC).replace(microsecond=0)


class PledgeApp(App[None]):
    """Browse the coalition as a member-by-type matrix, filter with the keyboard, export a snapshot."""

    CSS_PATH = "pledge_tui.tcss"
    AUTO_FOCUS = "MemberTable"
    TITLE = "pledge-tui"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"), (108, "-normal"), (150, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("t", "focus_facet('types')", "Type"),
        Binding("s", "focus_facet('statuses')", "Status"),
        Binding("c", "focus_facet('conditions')", "Condition"),
        Binding("x", "clear_filters", "Clear"),
        Binding("o", "cycle_sort", "Sort"),
        Binding("e", "export", "Export"),
        Binding("g", "toggle_summary", "Summary"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    view_filter: reactive[Filter] = reactive(Filter, init=False)
    """What is filtered; replaced (never mutated) on every change."""
    sort: reactive[str] = reactive("name", init=False)
    show_summary: reactive[bool] = reactive(False, init=False)

    def __init__(self, loaded: LoadedDataset, export_dir: str = ".", *, today: date | None = None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__()
        self.loaded = loaded
        self.dataset = loaded.dataset
        self.export_dir = export_dir
        self.today = today or date.today()
        self.clock = clock
        self.shown: list[Member] = list(self.dataset.members)
        self.palette = Palette.from_variables(self.get_css_variables())
        self._painted_detail: object = None
        """What the detail pane shows (member id, palette); a repeat is not re-rendered."""
        self._painted_header: object = None

    # --- layout ---------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header, sidebar of filters, the matrix, the detail pane (or summary), footer."""
        yield Static(id="header")
        with Horizontal(id="body"):
            with VerticalScroll(id="sidebar"):
                yield SearchBox(self.search_for, placeholder="Search (/)", id="search", select_on_focus=False)
                for facet in FACET_SLUGS:
                    yield Label(FACET_TITLES[facet], classes="facet-title")
                    yield FacetList(facet, FACET_SLUGS[facet], FACET_LABELS[facet], self.toggle_facet,
                                    id=f"facet-{facet}")
            with Vertical(id="main"):
                yield MemberTable(id="members")
                yield Static(Text("No members match these filters.\nPress x to clear them.", justify="center"),
                             id="empty")
                yield Static(id="legend")
            with VerticalScroll(id="detail"):
                yield Static(id="detail-body")
            with VerticalScroll(id="summary"):
                yield Static(id="summary-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Paint the first view once everything exists."""
        self.theme_changed_signal.subscribe(self, self._on_theme_changed)
        self.watch(self.screen, "focused", self._on_focus_changed, init=False)
        self.query_one("#legend", Static).update(legend(self.palette))
        self.refresh_view()
        self.query_one(MemberTable).focus()
        self.call_after_refresh(self._show_highlighted_member)

    def _show_highlighted_member(self) -> None:
        """Fill the detail pane again once the first layout has settled.

        On a narrow terminal the breakpoint class moves the detail pane under the matrix only after the
        first layout; content set before that was left half-drawn in a real terminal (seen in tmux at
        80x24; headless screenshots render from scratch and never showed it).
        """
        self._painted_detail = None
        self.post_message(MemberTable.MemberHighlighted(self.query_one(MemberTable).highlighted_id))

    def _on_theme_changed(self, _theme: object) -> None:
        self.palette = Palette.from_variables(self.get_css_variables())
        self.query_one("#legend", Static).update(legend(self.palette))
        self.refresh_view()

    def _on_focus_changed(self, focused: Widget | None) -> None:
        """On a narrow terminal the sidebar is an overlay shown only while it has the focus."""
        sidebar = self.query_one("#sidebar")
        inside = focused is not None and (focused is sidebar or sidebar in focused.ancestors)
        self.screen.set_class(inside, "-sidebar-focus")

    # --- state -> screen ------------------------------------------------------------------------------

    def watch_view_filter(self) -> None:
        """A filter change repaints everything that depends on it."""
        self.refresh_view()

    def watch_sort(self) -> None:
        """A sort change reorders the table (the highlighted member stays highlighted)."""
        self.refresh_view()

    def watch_show_summary(self, show: bool) -> None:
        """Swap the detail pane for the summary panel."""
        self.screen.set_class(show, "-show-summary")
        self._paint_summary()

    def refresh_view(self) -> None:
        """Apply the filter and sort (the CLI's code path) and repaint table, counts and header."""
        f = self.view_filter
        self.shown = apply_filter(self.dataset.members, f, self.sort)
        table = self.query_one(MemberTable)
        table.populate(self.shown, self.palette, keep=table.highlighted_id)
        self.screen.set_class(not self.shown, "-empty")
        header_key = (len(self.shown), self.sort, self.palette)
        if header_key != self._painted_header:
            self._painted_header = header_key
            self.query_one("#header", Static).update(
                header_text(self.dataset, len(self.shown), SORT_LABELS[self.sort], self.today, self.palette))
        self._paint_summary()
        # The live counts cost a pass over every member (40 ms at 10,000): paint the table first and
        # count just after, so a keystroke's result is on screen within one frame at any size.
        self.call_after_refresh(self._show_counts, f)

    def _show_counts(self, f: Filter) -> None:
        if f != self.view_filter:
            return  # another change came first; its own call brings the counts up to date
        counts = all_facet_counts(self.dataset.members, f)
        for facet in FACET_SLUGS:
            self.query_one(f"#facet-{facet}", FacetList).show_counts(counts[facet], getattr(f, facet))

    def _paint_summary(self) -> None:
        if self.show_summary:  # the bars take the panel's width each time it is drawn (even if resized)
            self.query_one("#summary-body", Static).update(SummaryBars(tuple(self.shown), self.palette))

    def on_member_table_member_highlighted(self, event: MemberTable.MemberHighlighted) -> None:
        """The detail pane follows the cursor."""
        if (event.member_id, self.palette) == self._painted_detail:
            return  # same member after a filter or sort change: the pane is already right
        self._painted_detail = (event.member_id, self.palette)
        body = self.query_one("#detail-body", Static)
        member = self.dataset.member(event.member_id) if event.member_id else None
        if member is None:
            body.update(Text("No member selected.", style=self.palette.muted))
        else:
            body.update(detail_text(self.dataset, member, self.palette))
            self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    def search_for(self, text: str) -> None:
        """Typing in the search box filters live."""
        self.view_filter = self.view_filter.with_search(text)

    def on_input_submitted(self, event: SearchBox.Submitted) -> None:
        """Enter returns to the table, keeping the text."""
        self.action_focus_table()

    # --- actions --------------------------------------------------------------------------------------

    def toggle_facet(self, facet: Facet, slug: str) -> None:
        """Add or remove one filter value."""
        self.view_filter = self.view_filter.toggled(facet, slug)

    # The focus actions move the focus at once (`Screen.set_focus`), not later as `Widget.focus()` does:
    # keys that arrive in the same burst as `/` (typed fast, pasted, or over a slow link) must already
    # go to the search box; otherwise "/queen" ran `q` and quit.

    def action_focus_search(self) -> None:
        """`/`: focus the search box."""
        self.screen.set_focus(self.query_one(SearchBox))

    def action_focus_facet(self, facet: Facet) -> None:
        """`t`, `s`, `c`: focus a facet list."""
        self.screen.set_focus(self.query_one(f"#facet-{facet}", FacetList))

    def action_focus_table(self) -> None:
        """Back to the table (escape in the search box or a facet list)."""
        self.screen.set_focus(self.query_one(MemberTable))

    def action_clear_filters(self) -> None:
        """`x`: clear every filter and the search."""
        self.query_one(SearchBox).value = ""
        self.view_filter = Filter()

    def action_cycle_sort(self) -> None:
        """`o`: name -> strongest commitment first -> most caveats first -> name."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.notify(f"Sorted by {SORT_LABELS[self.sort]}", timeout=2, markup=False)

    def action_toggle_summary(self) -> None:
        """`g`: show or hide the summary panel."""
        self.show_summary = not self.show_summary

    def action_help(self) -> None:
        """`?`, `f1`: the help screen."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_export(self) -> None:
        """`e`: write the snapshot of what is on screen (filter, search and sort) and say where."""
        from pledge_tui.formats import snapshot as export  # on first use: not needed to paint the screen

        now = self.clock()
        text = export.render_snapshot(self.loaded, self.view_filter, self.sort, now)
        destination = Path(self.export_dir) / export.snapshot_filename(now)
        try:
            written = export.write_snapshot(text, destination, data_path=self.loaded.path)
        except ExportError as exc:
            self.notify(clean_line(str(exc)), title="Export failed", severity="error", markup=False, timeout=8)
            return
        self.notify(f"{len(self.shown)} members written to {written}", title="Snapshot exported",
                    markup=False, timeout=6)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette: Export snapshot, Clear filters, one command per type and status, the sorts."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Export snapshot", "Write a Markdown snapshot of the current view", self.action_export)
        yield SystemCommand("Clear filters", "Remove every filter and the search", self.action_clear_filters)
        for type_slug in TYPES:
            yield SystemCommand(f"Filter type: {TYPE_LABELS[type_slug]}",
                                f"Toggle the {type_slug} type filter", partial(self.toggle_facet, "types", type_slug))
        for status in STATUSES:
            yield SystemCommand(f"Filter status: {STATUS_LABELS[status]}",
                                f"Toggle the {status} status filter", partial(self.toggle_facet, "statuses", status))
        for sort in SORTS:
            yield SystemCommand(f"Sort: {SORT_LABELS[sort]}", "Order the members", partial(setattr, self, "sort", sort))
        yield SystemCommand("Toggle summary panel", "Per type, a bar of members by status",
                            self.action_toggle_summary)


def run_browser(loaded: LoadedDataset, export_dir: str = ".") -> int:
    """Run the browser until the analyst quits; returns the exit code."""
    app = PledgeApp(loaded, export_dir)
    app.run()
    return app.return_code or 0
