"""The detail pane: the highlighted member's card, or one type across the members shown (`v` switches).

It formats `views.browse.member_focus` (the card of `views.present`, with the highlighted commitment
first; under each commitment its changes from `views.cell_history`) or `views.browse.type_column`;
it reads no data anywhere else. Every field is cut at
`browse.FIELD_LIMIT` characters, and says so, so that a field of several megabytes cannot freeze the
browser each time the cursor crosses its member.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from pledge_tui.dataset.catalogue import LEAD, field_title, field_words
from pledge_tui.dataset.model import Dataset
from pledge_tui.sanitize import clean_line
from pledge_tui.ui.styles import HEADING, MUTED, STRONG, WARNING, status_glyph, status_label, status_words
from pledge_tui.ui.widgets.member_table import CellRef, fit
from pledge_tui.ui.widgets.panes import NO_CELL
from pledge_tui.views.browse import MemberFocus, TypeColumn, View, capped, member_focus, status_meaning, type_column
from pledge_tui.views.cell_history import CellHistory, cell_histories
from pledge_tui.views.describe import clock_words, entry_line, entry_ref
from pledge_tui.views.freshness import Freshness, cell_freshness
from pledge_tui.views.present import NOT_DISCLOSED_TITLE, Cell, SourceLine, label
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
    the highlighted type's status, conditions and lead for every member shown."""

    HELP = "The highlighted member in full, or (v) the highlighted type across the members shown."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Up", show=False, tooltip="Scroll up"),
        Binding("down,j", "scroll_down", "Down", show=False, tooltip="Scroll down"),
        Binding("pageup,ctrl+u", "page_up", "Page up", show=False, tooltip="Scroll up a page"),
        Binding("pagedown,ctrl+d", "page_down", "Page down", show=False, tooltip="Scroll down a page"),
        Binding("home", "scroll_home", "Top", show=False, tooltip="The top of the pane"),
        Binding("end", "scroll_end", "Bottom", show=False, tooltip="The bottom of the pane"),
    ]

    cell: reactive[CellRef] = reactive(NO_CELL, init=False)
    """The highlighted cell (bound to the screen's cursor)."""
    view: reactive[View | None] = reactive(None, init=False)
    """What is shown (bound to the screen's view): the "type" mode lists its members."""
    mode: reactive[DetailMode] = reactive("member", init=False)
    """"member" (the card) or "type" (the highlighted type across the members shown)."""
    since: reactive[SinceMarks | None] = reactive(None, init=False)
    """The changed-since marks (bound to the screen's): the card says which of its cells changed."""

    def __init__(self, dataset: Dataset, *, today: date | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.dataset = dataset
        self.today = today
        """The day sources' ages are counted to (None: no ages shown)."""

    def compose(self) -> ComposeResult:
        """One body, repainted whole."""
        yield Static(id="detail-body", markup=False)

    def on_mount(self) -> None:
        """Paint what the bound state says once it is there."""
        self._paint()

    def on_resize(self) -> None:
        """Measure the body again at the new width (a body set during the first layout kept its old height)."""
        self.query_one("#detail-body", Static).refresh(layout=True)

    def watch_cell(self, old: CellRef, new: CellRef) -> None:
        """Another cell: another card (from its top) or, in type mode, another column."""
        if self.mode == "member" or old.type != new.type:
            self._paint(from_top=old.member_id != new.member_id or old.type != new.type)

    def watch_view(self) -> None:
        """Another view: the type mode lists other members."""
        if self.mode == "type":
            self._paint()

    def watch_since(self) -> None:
        """Marks on, off or for another date."""
        self._paint()

    def watch_mode(self) -> None:
        """Member card <-> type across the members."""
        self._paint(from_top=True)

    def repaint(self) -> None:
        """Paint again (the dataset was replaced after a save or a reload)."""
        self._paint()

    def _paint(self, from_top: bool = False) -> None:
        if not self.is_mounted:
            return
        self.query_one("#detail-body", Static).update(self.content())
        if from_top:
            self.scroll_home(animate=False, immediate=True)

    def content(self) -> Content:
        """What the pane shows now."""
        if self.mode == "type":
            members = self.view.members if self.view is not None else ()
            return format_column(type_column(members, self.cell.type), self.cell.member_id)
        member = self.dataset.member(self.cell.member_id) if self.cell.member_id else None
        if member is None:
            return Content.styled("No member selected.", MUTED)
        return format_card(member_focus(self.dataset, member, self.cell.type), self.since,
                           cell_histories(self.dataset, member.id), today=self.today)


# --- formatters -------------------------------------------------------------------------------------


def format_card(focus: MemberFocus, since: SinceMarks | None = None,
                histories: Mapping[str, CellHistory] | None = None, *, today: date | None = None) -> Content:
    """The card with the highlighted commitment first; with `since`, each changed cell says so (`Δ` or `~`);
    with `today`, each commitment its newest source and how old it is; under each commitment, its changes
    (`histories`, by type), newest first, each with both clocks."""
    card = focus.card
    history = histories or {}
    dataset, member = card.origin
    fresh = cell_freshness(dataset, member, today) if today is not None else {}

    def changed(item: Cell) -> Parts:
        if since is None or not since.changed(card.id, item.type):
            return []
        return [(f"  {since.mark_words(card.id, item.type)}", WARNING)]

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
              (f"{field_title('sources')}\n", HEADING)]
    for source in card.sources:
        parts += _source(source)
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


def _source(source: SourceLine) -> Parts:
    """The source as every view lists it (`SourceLine.parts`), the id strong and a tier C in warning, then
    the address on its own line."""
    tier_style = WARNING if source.tier == "C" else MUTED
    styles = {"id": STRONG, "tier": tier_style}
    parts: Parts = [field(text).stylize(styles[kind]) if kind in styles else field(text)
                    for kind, text in source.parts()]
    parts.append("\n")
    if source.url:
        parts += ["  ", field(source.url).stylize(MUTED), "\n"]
    return parts


def format_column(column: TypeColumn, current: str | None) -> Content:
    """One type across the members shown: a count by status, then each member's status, lead and
    conditions (the highlighted member marked), then the members that disclosed nothing, in one paragraph."""
    shown = len(column.cells) + column.more
    parts: Parts = [(f"{column.type_label} across the {shown} member{'s' if shown != 1 else ''} shown\n", HEADING),
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
