"""The detail pane: the highlighted member's card, or one type across the members shown (`v` switches).

It formats `views.browse.member_focus` (the card of `views.present`, with the highlighted commitment
first; under each commitment its changes from `views.cell_history`) or `views.browse.type_column`;
it reads no data anywhere else. Every field is cut at
`browse.FIELD_LIMIT` characters, and says so, so that a field of several megabytes cannot freeze the
browser each time the cursor crosses its member.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pledge_tui.dataset.catalogue import LEAD, field_title, field_words
from pledge_tui.dataset.model import Dataset, Member
from pledge_tui.errors import DataError
from pledge_tui.sanitize import clean_line
from pledge_tui.ui.styles import HEADING, MUTED, STRONG, WARNING, status_glyph, status_label, status_words
from pledge_tui.ui.widgets import post_to_screen
from pledge_tui.ui.widgets.member_table import CellRef, fit
from pledge_tui.ui.widgets.panes import NO_CELL, cell_marks
from pledge_tui.views.browse import (
    MemberFocus,
    TypeColumn,
    View,
    capped,
    link_target,
    member_focus,
    status_meaning,
    type_column,
)
from pledge_tui.views.cell_history import CellHistory, cell_histories
from pledge_tui.views.freshness import Freshness, cell_freshness
from pledge_tui.views.present import NOT_DISCLOSED_TITLE, Cell, SourceLine, label

if TYPE_CHECKING:  # the marks' types only: their views are imported when marks are first made (ui/app.py)
    from pledge_tui.views.reload import DiskMarks
    from pledge_tui.views.timeline import SinceMarks

DetailMode = Literal["member", "type"]

STATUS_LABEL_WIDTH = 12
"""Wide enough for "conditional" and "not disclosed": the type mode's conditions line up."""

Parts = list[Content | str | tuple[str, str]]


def field(text: str) -> Content:
    """A data field as plain text, cut at the field limit with a note saying how much was left out."""
    kept, cut = capped(text)
    if not cut:
        return Content(kept)
    return Content.assemble(kept, (f" [… {cut:,} more characters not shown; `pledge-tui show` prints them]",
                                   WARNING))


class DetailPane(VerticalScroll, can_focus=True):
    """Everything about the highlighted member, the highlighted commitment first; or, in "type" mode,
    one type's status, conditions and lead for every member shown (the type ticked when exactly one is,
    else the highlighted one). Under the card, its sources as a list: `enter` on one opens it."""

    HELP = ("The highlighted member in full, or (v) one type across the members shown. Enter goes to the "
            "sources; enter on a source opens it.")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Up", show=False, tooltip="Scroll up"),
        Binding("down,j", "scroll_down", "Down", show=False, tooltip="Scroll down"),
        Binding("pageup,ctrl+u", "page_up", "Page up", show=False, tooltip="Scroll up a page"),
        Binding("pagedown,ctrl+d", "page_down", "Page down", show=False, tooltip="Scroll down a page"),
        Binding("home", "scroll_home", "Top", show=False, tooltip="The top of the pane"),
        Binding("end", "scroll_end", "Bottom", show=False, tooltip="The bottom of the pane"),
        Binding("enter", "to_sources", "Sources", show=False,
                tooltip="To the member's sources: enter on one opens its address in the web browser"),
    ]

    dataset: reactive[Dataset | None] = reactive(None, init=False, always_update=True)
    """The data shown (bound to the screen's; never compared, as the screen's is not)."""
    cell: reactive[CellRef] = reactive(NO_CELL, init=False)
    """The highlighted cell (bound to the screen's cursor)."""
    view: reactive[View | None] = reactive(None, init=False)
    """What is shown (bound to the screen's view): the "type" mode lists its members."""
    mode: reactive[DetailMode] = reactive("member", init=False)
    """"member" (the card) or "type" (one type across the members shown)."""
    since: reactive[SinceMarks | None] = reactive(None, init=False)
    """The changed-since marks (bound to the screen's): the card says which of its cells changed."""
    disk: reactive[DiskMarks | None] = reactive(None, init=False)
    """The changed-on-disk marks (bound to the screen's): the card says which of its cells changed, when
    and by whom."""

    def __init__(self, *, today: date | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        """The day sources' ages are counted to (None: no ages shown)."""
        self._log_problem_said: int | None = None
        """The data (its id) whose unreadable history log the pane has said: once per data."""

    def compose(self) -> ComposeResult:
        """The body, repainted whole, then the card's sources."""
        yield Static(id="detail-body", markup=False)
        yield SourceLinks(id="detail-sources", compact=True)

    def on_mount(self) -> None:
        """Paint what the bound state says once it is there."""
        self._paint()

    def on_resize(self) -> None:
        """Measure the body again at the new width (a body set during the first layout kept its old height)."""
        self.query_one("#detail-body", Static).refresh(layout=True)

    @property
    def shown_type(self) -> str:
        """The type the "type" mode shows: the one ticked when exactly one is, else the highlighted cell's."""
        ticked = self.view.filter.types if self.view is not None else ()
        return ticked[0] if len(ticked) == 1 else self.cell.type

    def watch_cell(self, old: CellRef, new: CellRef) -> None:
        """Another cell: another card (from its top) or, in type mode, another column."""
        if self.mode == "member" or old.type != new.type:
            self._paint(from_top=old.member_id != new.member_id or old.type != new.type)

    def watch_view(self) -> None:
        """Another view: the type mode lists other members (or, with one type ticked, that type)."""
        if self.mode == "type":
            self._paint()

    def watch_dataset(self) -> None:
        """Another version of the data (a save, a reload): the same member or column, as it is now."""
        self._paint()

    def watch_since(self) -> None:
        """Marks on, off or for another date."""
        self._paint()

    def watch_disk(self) -> None:
        """Changed-on-disk marks on, off or more of them."""
        self._paint()

    def watch_mode(self) -> None:
        """Member card <-> type across the members."""
        self._paint(from_top=True)

    def _paint(self, from_top: bool = False) -> None:
        if not self.is_mounted:
            return
        self.query_one("#detail-body", Static).update(self.content())
        sources = self.query_one(SourceLinks)
        sources.show(self.card_sources())
        if from_top:
            self.scroll_home(animate=False, immediate=True)

    def member(self) -> Member | None:
        """The highlighted member, in the data shown."""
        if self.dataset is None or self.cell.member_id is None:
            return None
        return self.dataset.member(self.cell.member_id)

    def content(self) -> Content:
        """What the pane's body shows now (the sources follow it as a list)."""
        if self.mode == "type":
            members = self.view.members if self.view is not None else ()
            return format_column(type_column(members, self.shown_type), self.cell.member_id)
        member = self.member()
        if member is None or self.dataset is None:
            return Content.styled("No member selected.", MUTED)
        try:
            histories = cell_histories(self.dataset, member.id)
        except DataError as exc:  # the history log is read when first needed, no longer as the browser starts
            histories = None
            if self._log_problem_said != id(self.dataset):
                self._log_problem_said = id(self.dataset)
                self.notify(history_log_problem(exc), title="No history shown", severity="error", timeout=12,
                            markup=False)
        return format_card(member_focus(self.dataset, member, self.cell.type), self.since, histories, self.disk,
                           today=self.today)

    def card_sources(self) -> tuple[SourceLine, ...]:
        """The sources listed under the card (none in type mode)."""
        member = self.member()
        if self.mode == "type" or member is None or self.dataset is None:
            return ()
        return member_focus(self.dataset, member, self.cell.type).card.sources

    def action_to_sources(self) -> None:
        """`enter`: to the sources (the first of the highlighted cell's, else the first)."""
        self.focus_source(None)

    def focus_source(self, source_id: str | None) -> bool:
        """Focus the source list on `source_id` (None: the highlighted cell's first source, else the first);
        False when the card lists no source."""
        sources = self.query_one(SourceLinks)
        if not sources.option_count:
            return False
        if source_id is None:
            member = self.member()
            record = member.commitments.get(self.cell.type) if member is not None else None
            source_id = next(iter(record.sources), None) if record is not None else None
        sources.highlight_source(source_id)
        self.screen.set_focus(sources)
        return True

    @on(OptionList.OptionHighlighted, "#detail-sources")
    def follow_source(self, event: OptionList.OptionHighlighted) -> None:
        """Keep the highlighted source on screen: the list is as tall as its sources, so it is this pane
        that scrolls."""
        sources = self.query_one(SourceLinks)
        region = sources.option_region(event.option_index)
        if region is not None and sources.has_focus:  # not when the list is merely refilled for another card
            self.scroll_to_region(region.translate(sources.virtual_region.offset), animate=False, immediate=True)


class SourceLinks(OptionList):
    """The card's sources, one option each (id, publisher, date, tier; title; address as an OSC 8 link);
    `enter` or a click opens the highlighted one's address in the web browser."""

    HELP = "Enter opens the highlighted source's address in the web browser; escape goes back to the table."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", show=False,
                tooltip="Open the highlighted source's address in the web browser"),
        Binding("up,k", "cursor_up", "Up", show=False, tooltip="The source above"),
        Binding("down,j", "cursor_down", "Down", show=False, tooltip="The source below"),
    ]

    @dataclass
    class OpenRequested(Message):
        """The analyst asked to open a source (the screen opens it, or says why it cannot)."""

        source: SourceLine

    def __init__(self, *, id: str | None = None, compact: bool = False) -> None:
        super().__init__(id=id, compact=compact)
        self._shown: tuple[SourceLine, ...] = ()

    def show(self, sources: tuple[SourceLine, ...]) -> None:
        """List `sources` (nothing is redrawn when they are the ones listed)."""
        if sources == self._shown:
            return
        highlighted = self._shown[self.highlighted].id if self.highlighted is not None and self._shown else None
        self._shown = sources
        self.set_options(Option(source_prompt(s), id=s.id) for s in sources)
        self.display = bool(sources)
        self.highlight_source(highlighted)

    def highlight_source(self, source_id: str | None) -> None:
        """Highlight `source_id` when it is listed, else the first source."""
        if not self._shown:
            return
        self.highlighted = next((i for i, s in enumerate(self._shown) if s.id == source_id), 0)

    def option_region(self, index: int) -> Region | None:
        """Where an option is drawn, in the list's own coordinates."""
        self._update_lines()
        y = self._index_to_line.get(index)
        return None if y is None else Region(0, y, self.size.width, self._heights[index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """`enter` or a click: ask for the source to be opened."""
        event.stop()
        post_to_screen(self, self.OpenRequested(self._shown[event.option_index]))


def source_prompt(source: SourceLine) -> Content:
    """The source as every view lays it out (`SourceLine.parts`: `[S24] Publisher, "Title", date, tier B
    (established outlet or wire)`), the id strong and a tier C in warning, then the address on its own line
    as a link (OSC 8: terminals that know it open it on a click, even when it wraps)."""
    tier_style = WARNING if source.tier == "C" else MUTED
    styles = {"id": STRONG, "tier": tier_style}
    parts: Parts = [field(text).stylize(styles[kind]) if kind in styles else field(text)
                    for kind, text in source.parts()]
    if source.url:
        url = link_target(source)
        parts += ["\n  ", field(source.url).stylize(Style(link=url)) if url else field(source.url).stylize(MUTED)]
    return Content.assemble(*parts)


# --- formatters -------------------------------------------------------------------------------------


def history_log_problem(error: DataError) -> str:
    """What the browser says when a view needs the history and its log cannot be read (the browser starts
    without reading the log; the data shown is valid, only its history is not)."""
    return f"{clean_line(error.summary())[:300]}. `pledge-tui validate` names every problem."


def format_card(focus: MemberFocus, since: SinceMarks | None = None,
                histories: Mapping[str, CellHistory] | None = None, disk: DiskMarks | None = None, *,
                today: date | None = None) -> Content:
    """The card with the highlighted commitment first; with `since` or `disk`, each changed cell says so
    (`Δ` or `~`; changed on disk, when and by whom); with `today`, each commitment its newest source and how
    old it is; under each commitment, its changes (`histories`, by type), newest first, each with both
    clocks. The sources follow the card as a list (`SourceLinks`)."""
    card = focus.card
    history = histories or {}
    dataset, member = card.origin
    fresh = cell_freshness(dataset, member, today) if today is not None else {}

    def changed(item: Cell) -> Parts:
        return [(f"  {mark} {words}", WARNING) for mark, words in cell_marks(card.id, item.type, since, disk)]

    def _commitment(item: Cell, meaning: bool = False) -> Parts:
        return commitment_parts(item, meaning, fresh.get(item.type))

    identity = " · ".join((card.id, card.role_label, *card.blocs))
    parts: Parts = [field(card.name).stylize(STRONG), (f"  {identity}\n\n", MUTED)]
    parts += [(f"Highlighted: {focus.focus.type_label}", HEADING), *changed(focus.focus), "\n",
              *_commitment(focus.focus, meaning=True), *_changes(history.get(focus.focus.type), card.id,
                                                                 focus.focus.type), "\n"]
    parts += [(f"{field_title('stance')}\n", HEADING), field(card.stance), "\n\n",
              (f"{field_title('caveats')}\n", HEADING)]
    for caveat in card.caveats:
        parts += ["• ", field(caveat), "\n"]
    if not card.caveats:
        parts.append(("None recorded.\n", MUTED))
    parts += ["\n", ("Other commitments\n" if focus.focus.disclosed else "Commitments\n", HEADING)]
    for commitment in focus.others:
        lines = _commitment(commitment)
        lines[3:3] = changed(commitment)  # after glyph, type and status
        parts += [*lines, *_changes(history.get(commitment.type), card.id, commitment.type)]
    if not focus.others:
        parts.append(("None.\n" if focus.focus.disclosed else "Nothing disclosed for any type.\n", MUTED))
    if card.undisclosed:
        parts.append((f"{NOT_DISCLOSED_TITLE}: {', '.join(card.undisclosed)}\n", MUTED))
    parts += ["\n", (f"{field_title('summit_2025_09_04')}: ", HEADING), f"{card.attendance_label}\n",
              (f"{field_title('approval')}: ", HEADING), f"{card.approval_label}\n\n",
              (field_title("sources"), HEADING),
              (" (enter, then enter on one, opens it)" if card.sources else ": none", MUTED)]
    return Content.assemble(*parts)


def commitment_parts(commitment: Cell, meaning: bool = False, newest: Freshness | None = None) -> Parts:
    """One commitment: status, lead, date, then summary, conditions, quantity and sources, indented; with
    `newest`, the newest source's date and age after the sources."""
    parts: Parts = [status_glyph(commitment.status, lead=commitment.lead), (f" {commitment.type_label}: ", STRONG),
                    status_words(commitment.status, lead=commitment.lead)]
    if meaning:
        parts.append((f" — {status_meaning(commitment.status)}", MUTED))
    if not commitment.disclosed:
        return [*parts, "\n"]
    parts += [(f"  ({field_words('stated_on')} {commitment.stated_on})\n", MUTED), "  ", field(commitment.summary),
              "\n"]
    if commitment.condition_labels:
        parts += [(f"  {field_title('conditions')}: ", MUTED), f"{'; '.join(commitment.condition_labels)}\n"]
    if commitment.quantity:
        parts += [(f"  {field_title('quantity')}: ", MUTED), field(commitment.quantity), "\n"]
    parts.append((f"  {field_title('sources')}: {', '.join(commitment.sources)}"
                  + (f" · {newest.words}" if newest is not None else "") + "\n", MUTED))
    return parts


CHANGE_WIDTH = 80
"""About how many characters a field change's values take on a history line (`describe.change_words`)."""
NOTE_LIMIT = 300
"""Characters of a change's note shown in the pane (`pledge-tui history` prints it whole)."""


def _changes(history: CellHistory | None, member_id: str, type_slug: str) -> Parts:
    """A commitment's changes, newest first: when and who, then what moved from what to what; the
    sources cited and the note on the line below."""
    if history is None:
        return []
    from pledge_tui.views.describe import clock_words, entry_line, entry_ref  # with the first change shown

    parts: Parts = [("  Changes, newest first:\n", MUTED)]
    for line in history.lines:
        parts += ["    ", (f"{clock_words(recorded=line.at, said=line.said)}  ", MUTED), field(line.by).stylize(STRONG),
                  "  ",
                  Content(entry_line(line, CHANGE_WIDTH)), "\n"]
        below = [f"{field_words('sources')}: {', '.join(line.sources)}"] if line.sources else []
        if line.undone_by is not None:
            below.append(f"undone by {entry_ref(line.undone_by)}")
        parts += ["      ", (" · ".join([entry_ref(line.id), *below]), MUTED)]
        if line.note.strip():
            note, cut = capped(clean_line(line.note), NOTE_LIMIT)
            parts += [(" · note: ", MUTED), Content(note + ("…" if cut else ""))]
        parts.append("\n")
    if history.older:
        parts.append((f"    … {history.older} older: pledge-tui history {member_id} --type {type_slug}\n", MUTED))
    return parts


def format_column(column: TypeColumn, current: str | None) -> Content:
    """One type across the members shown: a count by status, then each member's status, lead and
    conditions (the highlighted member marked), then the members that disclosed nothing, in one paragraph."""
    parts: Parts = [(f"{column.type_label} across the members shown ({column.shown_words})\n", HEADING),
                    (" · ".join(f"{n} {status_label}" for _s, status_label, n in column.counts) + "\n\n", MUTED)]
    silent: list[str] = []
    for item in column.cells:
        if not item.disclosed:
            silent.append(item.member_name)
            continue
        marker = "▶ " if item.member_id == current else "  "
        parts += [marker, status_glyph(item.status, lead=item.lead), " ",
                  (fit(item.member_name, 20), STRONG if item.member_id == current else ""), " ",
                  status_label(item.status), " " * (STATUS_LABEL_WIDTH - len(label("statuses", item.status)))]
        if item.lead:
            parts.append((f"  {LEAD.label}", STRONG))
        if item.condition_labels:
            parts.append((f"  if: {', '.join(item.condition_labels)}", MUTED))
        parts.append("\n")
    if silent:
        parts += ["\n", (f"{NOT_DISCLOSED_TITLE} ({len(silent)}): ", STRONG), f"{', '.join(silent)}\n"]
    if column.more:
        parts.append((f"\n… and {column.more:,} more members shown; filter to narrow the list.\n", WARNING))
    return Content.assemble(*parts)
