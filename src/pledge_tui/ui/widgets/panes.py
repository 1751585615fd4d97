"""The small panes around the matrix: header, filter line, empty state, cell line and legend.

Each is a widget with reactives bound to the screen's state (`data_bind`) and a `render` that formats
what `views.present` and `views.browse` build: when the state changes, the pane repaints itself.
Data text is only ever put into `Content` as plain text, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from pledge_tui.dataset.catalogue import CHANGED, NONE, TOUCHED, field_words
from pledge_tui.dataset.model import Dataset
from pledge_tui.dataset.vocab import STATUSES, TYPES
from pledge_tui.sanitize import clean_line
from pledge_tui.ui.styles import MUTED, STRONG, WARNING, legend, status_text
from pledge_tui.ui.widgets.member_table import CellRef, fit
from pledge_tui.views.browse import View, capped, mode_words, status_meaning
from pledge_tui.views.present import cell, count_in_words, data_age, filter_in_words, label

if TYPE_CHECKING:
    from pledge_tui.views.reload import DiskMarks
    from pledge_tui.views.timeline import SinceMarks

# The views of the marks (views.marks, views.reload, views.timeline, with views.diff and views.changes) are
# imported where a mark is drawn: there is none on the first screen (the app makes them on a reload, a save
# or `--since`, importing the same modules).

NO_CELL = CellRef(None, TYPES[0])
EDITING = mode_words(read_only=False)


@dataclass(frozen=True, slots=True)
class Part:
    """One fact of a header line, in forms from the longest to the shortest ("" leaves it out)."""

    forms: tuple[str, ...]
    style: str
    ranks: tuple[int, ...] = ()
    """When each shorter form is taken, one rank per step (`forms[i]` -> `forms[i + 1]`): the lower, the
    sooner, so the least important facts go first."""


SEPARATOR = " · "


def fit_parts(parts: Sequence[Part], width: int) -> Content:
    """The parts joined by " · ", each in the longest form that lets the line fit `width` cells: of the
    steps still possible (a part's next shorter form), the lowest-ranked is taken first, until the line
    fits. A line that still does not fit is cut with an ellipsis by the stylesheet."""
    chosen = [0] * len(parts)

    def used() -> int:
        texts = [p.forms[c] for p, c in zip(parts, chosen, strict=True) if p.forms[c]]
        return sum(cell_len(t) for t in texts) + cell_len(SEPARATOR) * max(0, len(texts) - 1)

    while used() > width:
        steps = [(p.ranks[c], i) for i, (p, c) in enumerate(zip(parts, chosen, strict=True)) if c < len(p.ranks)]
        if not steps:
            break
        chosen[min(steps)[1]] += 1
    pieces: list[Content | str | tuple[str, str]] = []
    for part, choice in zip(parts, chosen, strict=True):
        if part.forms[choice]:
            if pieces:
                pieces.append(SEPARATOR)
            pieces.append((part.forms[choice], part.style))
    return Content.assemble(*pieces)


class ViewHeader(Widget):
    """Two lines: the members shown, the change counts, the file and mode, the title; then the data's date
    and age and the attributed figure.

    Each line drops its least important parts first as the terminal narrows (`fit_parts`): the title,
    the figure's explanation, the word "editing", the figure's sources, the data's age; the count, the
    change counts, the file's problem and the date are never dropped. The filter and the sort have
    their own line (`FilterLine`), which wraps.
    """

    dataset: reactive[Dataset | None] = reactive(None, init=False, always_update=True)
    """The data shown (bound to the screen's; never compared, as the screen's is not)."""
    view: reactive[View | None] = reactive(None, init=False)
    since: reactive[SinceMarks | None] = reactive(None, init=False)
    """The changed-since marks: the header says how many of the cells shown changed."""
    disk: reactive[DiskMarks | None] = reactive(None, init=False)
    """The changed-on-disk marks: the header says how many of the cells shown changed."""
    file_problem: reactive[str | None] = reactive(None, init=False)
    """Why the file as it is now could not be read (the data shown is the last good one), or None."""

    def __init__(self, file_name: str, mode: str, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.file_name = clean_line(file_name)
        self.mode = mode
        self.today = today

    def render(self) -> Content:
        """Two lines, each fitted to the width."""
        width = max(1, self.content_size.width)
        return Content("\n").join([fit_parts(self.first_line(), width), fit_parts(self.second_line(), width)])

    def first_line(self) -> list[Part]:
        """The count, the change counts, the file's problem, the file and mode, the title."""
        everyone = self.dataset.members if self.dataset is not None else ()
        shown = self.view.members if self.view is not None else ()
        parts = [Part((count_in_words(shown, everyone), count_in_words(shown, everyone, short=True)), STRONG, (2,))]
        if self.disk is not None:
            from pledge_tui.views.marks import MAJOR_MARK

            parts.append(Part((f"{MAJOR_MARK} {self.disk.in_words(shown)}",
                               f"{MAJOR_MARK} {self.disk.marks.count_in(shown)} on disk"), WARNING, (3,)))
        if self.since is not None:
            from pledge_tui.views.marks import MAJOR_MARK
            from pledge_tui.views.timeline import marked_in_words

            marked = marked_in_words(self.since, shown)
            parts.append(Part((f"{MAJOR_MARK} {marked}", f"{MAJOR_MARK} {self.since.count_in(shown)} since "
                               f"{self.since.since}"), WARNING, (3,)))
        if self.file_problem is not None:
            parts.append(Part((f"{self.file_name} cannot be read now ({self.file_problem})",
                               "the file cannot be read now"), WARNING, (4,)))
        name = fit(self.file_name, FILE_NAME_WIDTH).rstrip()
        style = MUTED if self.mode == EDITING else WARNING
        parts.append(Part((f"{name}{SEPARATOR}{self.mode}", name, ""), style, (1, 3)) if self.mode == EDITING else
                     Part((f"{name}{SEPARATOR}{self.mode}", self.mode), style, (3,)))
        if self.dataset is not None:
            parts.append(Part((clean_line(capped(self.dataset.meta.title, 200)[0]), ""), STRONG, (0,)))
        return parts

    def second_line(self) -> list[Part]:
        """The data's date and age, the attributed figure."""
        if self.dataset is None:
            return []
        meta = self.dataset.meta
        figure = meta.reported_commitments
        age = data_age(meta.as_of, self.today)
        sources = ", ".join(figure.sources)
        return [
            Part((f"Data as of {meta.as_of} ({age})", f"As of {meta.as_of} ({age})", f"As of {meta.as_of}"), STRONG,
                 (2, 5)),
            Part((f"Reported: {figure.count} countries committed ({figure.date}; {sources}), never named, so no "
                  f"list here is \"the {figure.count}\"",
                  f"Reported: {figure.count} countries committed ({figure.date}; {sources}), never named",
                  f"Reported {figure.count} ({figure.date}; {sources}), never named",
                  f"{figure.count} reported ({figure.date}), never named"), MUTED, (1, 3, 4)),
        ]


FILE_NAME_WIDTH = 40
"""Cells of the file's name in the header (a longer name is cut with an ellipsis)."""


class FilterLine(Widget):
    """The active filters and search in words, and the sort, at every width (it wraps rather than cuts)."""

    view: reactive[View | None] = reactive(None, init=False, layout=True)
    """`layout`: the line's height follows its words."""

    def render(self) -> Content:
        """`Filter: types: Air; status: pledged (x clears) · Sort: name`, or that nothing is filtered."""
        sort = Content.assemble((" · Sort: ", STRONG), label("sorts", self.view.sort if self.view else "name"),
                                (" (o)", MUTED))
        if self.view is None or self.view.filter.is_empty:
            return Content.assemble(("No filter", STRONG), (": every member is shown", MUTED), sort)
        return Content.assemble(("Filter: ", STRONG), (filter_in_words(self.view.filter), WARNING),
                                (" (x clears it)", MUTED), sort)


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

    dataset: reactive[Dataset | None] = reactive(None, init=False, always_update=True)
    """The data shown (bound to the screen's; never compared, as the screen's is not)."""
    cell: reactive[CellRef] = reactive(NO_CELL, init=False)
    since: reactive[SinceMarks | None] = reactive(None, init=False)
    """The changed-since marks: a marked cell says so after its status."""
    disk: reactive[DiskMarks | None] = reactive(None, init=False)
    """The changed-on-disk marks: a marked cell says when and by whom."""

    def render(self) -> Content:
        """The cell, or that no member is selected."""
        member = self.dataset.member(self.cell.member_id) if self.dataset and self.cell.member_id else None
        if member is None:
            return Content.styled("No member selected.", MUTED)
        shown = cell(member, self.cell.type)
        parts: list[Content | str | tuple[str, str]] = [
            (f"{shown.member_name[:60]} · {shown.type_label}: ", STRONG),
            status_text(shown.status, lead=shown.lead),
        ]
        parts += [(f" · {mark} {words}", WARNING) for mark, words in cell_marks(shown.member_id, shown.type,
                                                                               self.since, self.disk)]
        if shown.disclosed:
            conditions = ", ".join(shown.condition_labels) or NONE
            parts += [f" · {field_words('conditions')}: {conditions}",
                      f" · {field_words('sources')}: {', '.join(shown.sources)}",
                      (f" ({label('statuses', shown.status)}: {status_meaning(shown.status)})", MUTED)]
        else:
            parts.append((f" — {status_meaning(shown.status)}", MUTED))
        return Content.assemble(*parts)


def cell_marks(member_id: str, type_slug: str, since: SinceMarks | None,
               disk: DiskMarks | None) -> list[tuple[str, str]]:
    """A cell's marks in words, as the cell line and the detail pane say them: (mark, words) for a change
    on disk ("changed on disk at 14:02, by anna (entry 41)") and for a change since the marks' date."""
    found: list[tuple[str, str]] = []
    note = disk.note(member_id, type_slug) if disk is not None else None
    if disk is not None and note is not None:
        from pledge_tui.views.marks import MAJOR_MARK

        found.append((disk.marks.mark(member_id, type_slug) or MAJOR_MARK, note))
    mark = since.mark(member_id, type_slug) if since is not None else None
    if since is not None and mark is not None:
        found.append((mark, since.mark_words(member_id, type_slug).removeprefix(f"{mark} ")))
    return found


OTHERWISE = TOUCHED.label.removesuffix(" since")
"""The `~` mark in the legend's short line: "otherwise changed" (its date is the `Δ` mark's, just before it)."""


class Legend(Widget):
    """One line under the matrix: each status's glyph and label, and the lead mark; hovering over it
    shows what each status means (so do the help screen and the summary panel). With changed-since or
    changed-on-disk marks on, a second line explains the marks."""

    since: reactive[SinceMarks | None] = reactive(None, init=False)
    disk: reactive[DiskMarks | None] = reactive(None, init=False)

    def on_mount(self) -> None:
        """The meanings, one line per status and one per changed-since mark, as the tooltip."""
        self.tooltip = "\n".join([*(f"{label('statuses', s)}: {status_meaning(s)}" for s in STATUSES),
                                  *(f"{m.glyph} {m.label}: {m.meaning}" for m in (CHANGED, TOUCHED))])

    def render(self) -> Content:
        """The legend (its colours follow the theme by themselves), and the marks' meaning when marks are on."""
        if self.since is None and self.disk is None:
            return legend()
        from pledge_tui.views.marks import MAJOR_MARK, MINOR_MARK
        from pledge_tui.views.timeline import CHANGED_MARK, TOUCHED_MARK

        parts: list[Content | str | tuple[str, str]] = [legend(), "\n"]
        if self.disk is not None:
            parts += [(f"{MAJOR_MARK} {MINOR_MARK} (highlighted) {self.disk.words}", WARNING),
                      (" (ctrl+p: Clear on-disk marks)", MUTED)]
        if self.since is not None:
            if self.disk is not None:
                parts.append(" · ")
            parts += [(f"{CHANGED_MARK} {CHANGED.label} {self.since.since}", WARNING), " · ",
                      (f"{TOUCHED_MARK} {OTHERWISE}", WARNING), (" (ctrl+p: Clear changed-since marks)", MUTED)]
        return Content.assemble(*parts)
