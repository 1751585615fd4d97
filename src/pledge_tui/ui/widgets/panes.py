"""The small panes around the matrix: header, filter line, empty state, cell line and legend.

Each is a widget with reactives bound to the screen's state (`data_bind`) and a `render` that formats
what `views.present` and `views.browse` build: when the state changes, the pane repaints itself.
Data text is only ever put into `Content` as plain text, never parsed as markup.
"""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from pledge_tui.dataset.catalogue import CHANGED, NONE, TOUCHED, field_words
from pledge_tui.dataset.model import Dataset
from pledge_tui.dataset.vocab import STATUSES, TYPES
from pledge_tui.sanitize import clean_line
from pledge_tui.ui.styles import MUTED, STRONG, WARNING, legend, status_text
from pledge_tui.ui.widgets.member_table import CellRef
from pledge_tui.views.browse import View, capped, status_meaning
from pledge_tui.views.present import cell, count_in_words, data_age, filter_in_words, label
from pledge_tui.views.timeline import CHANGED_MARK, TOUCHED_MARK, SinceMarks, marked_in_words

NO_CELL = CellRef(None, TYPES[0])


class ViewHeader(Widget):
    """Members shown of the total, the data's date and age, the sort, the title; then the attributed figure.

    Lines are cut with an ellipsis rather than wrapped, so the header keeps its height at any width;
    the most-needed facts come first. The filter itself has its own line (`FilterLine`), which wraps.
    """

    view: reactive[View | None] = reactive(None, init=False)
    since: reactive[SinceMarks | None] = reactive(None, init=False)
    """The changed-since marks: the header says how many of the cells shown changed."""

    def __init__(self, dataset: Dataset, today: date, *, recorded: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.dataset = dataset
        self.today = today
        self.recorded = recorded
        """"as recorded at DATE" (`--at`): said first, so the past is never taken for the present."""

    def render(self) -> Content:
        """Two lines, from the view and the dataset's meta."""
        meta = self.dataset.meta
        figure = meta.reported_commitments
        shown = self.view.members if self.view is not None else ()
        sort = label("sorts", self.view.sort if self.view is not None else "name")
        marked = () if self.since is None else ((f" · {CHANGED_MARK} {marked_in_words(self.since, shown)}", WARNING),)
        past = ((f"{self.recorded} (read-only) · ", WARNING),) if self.recorded else ()
        first = Content.assemble(
            *past,
            (count_in_words(shown, self.dataset.members), STRONG),
            *marked,
            f" · data as of {meta.as_of} ({data_age(meta.as_of, self.today)}) · sort: {sort} · ",
            (clean_line(capped(meta.title, 200)[0]), STRONG),
        )
        second = Content.styled(
            f"Reported: {figure.count} countries committed ({figure.date}; {', '.join(figure.sources)}), "
            f"never named, so no list here is \"the {figure.count}\"", MUTED)
        return Content("\n").join([first, second])


class FilterLine(Widget):
    """The active filters and search in words, at every width (it wraps rather than cuts)."""

    view: reactive[View | None] = reactive(None, init=False, layout=True)
    """`layout`: the line's height follows its words."""

    def render(self) -> Content:
        """`Filter: types: Air; status: pledged (x clears)`, or that nothing is filtered."""
        if self.view is None or self.view.filter.is_empty:
            return Content.assemble(("No filter", STRONG), (": every member is shown.", MUTED))
        return Content.assemble(("Filter: ", STRONG), (filter_in_words(self.view.filter), WARNING),
                                ("  (x clears it)", MUTED))


class EmptyState(Widget):
    """Shown instead of the matrix when nothing matches: it names the filter that matched nothing."""

    view: reactive[View | None] = reactive(None, init=False)

    def render(self) -> Content:
        """Two centred lines."""
        words = filter_in_words(self.view.filter) if self.view is not None else "no filter"
        return Content.assemble(("No members match these filters", WARNING), f" ({words}).\n",
                                "Press x to clear them.")


class CellLine(Widget):
    """Under the matrix: the highlighted cell in one line (member, type, status and what it means,
    conditions, lead, sources)."""

    cell: reactive[CellRef] = reactive(NO_CELL, init=False)
    since: reactive[SinceMarks | None] = reactive(None, init=False)
    """The changed-since marks: a marked cell says so after its status."""

    def __init__(self, dataset: Dataset, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.dataset = dataset

    def render(self) -> Content:
        """The cell, or that no member is selected."""
        member = self.dataset.member(self.cell.member_id) if self.cell.member_id else None
        if member is None:
            return Content.styled("No member selected.", MUTED)
        shown = cell(member, self.cell.type)
        parts: list[Content | str | tuple[str, str]] = [
            (f"{shown.member_name[:60]} · {shown.type_label}: ", STRONG),
            status_text(shown.status, lead=shown.lead),
        ]
        if self.since is not None and self.since.changed(shown.member_id, shown.type):
            parts.append((f" · {self.since.mark_words(shown.member_id, shown.type)}", WARNING))
        if shown.disclosed:
            conditions = ", ".join(shown.condition_labels) or NONE
            parts += [f" · {field_words('conditions')}: {conditions}",
                      f" · {field_words('sources')}: {', '.join(shown.sources)}",
                      (f" ({label('statuses', shown.status)}: {status_meaning(shown.status)})", MUTED)]
        else:
            parts.append((f" — {status_meaning(shown.status)}", MUTED))
        return Content.assemble(*parts)


OTHERWISE = TOUCHED.label.removesuffix(" since")
"""The `~` mark in the legend's short line: "otherwise changed" (its date is the `Δ` mark's, just before it)."""


class Legend(Widget):
    """One line under the matrix: each status's glyph and label, and the lead mark; hovering over it
    shows what each status means (so do the help screen and the summary panel). With changed-since
    marks on, a second line explains the mark."""

    since: reactive[SinceMarks | None] = reactive(None, init=False)

    def on_mount(self) -> None:
        """The meanings, one line per status and one per changed-since mark, as the tooltip."""
        self.tooltip = "\n".join([*(f"{label('statuses', s)}: {status_meaning(s)}" for s in STATUSES),
                                  *(f"{m.glyph} {m.label}: {m.meaning}" for m in (CHANGED, TOUCHED))])

    def render(self) -> Content:
        """The legend (its colours follow the theme by themselves), and the mark's meaning when marks are on."""
        if self.since is None:
            return legend()
        since = self.since.since
        return Content.assemble(legend(), "\n", (f"{CHANGED_MARK} {CHANGED.label} {since}", WARNING), " · ",
                                (f"{TOUCHED_MARK} {OTHERWISE}", WARNING),
                                (" (ctrl+p: Clear changed-since marks)", MUTED))
