"""The help screen, generated from the bindings themselves, so it cannot drift from the footer.

Each row is one action of one binding table: its keys as typed and its tooltip (the longer
description the footer shows on hover). The README's key table is the same rows as Markdown
(`markdown_table`); a test checks that the README still matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.keys import format_key, key_to_character
from textual.screen import ModalScreen
from textual.widgets import Static

from pledge_tui.dataset.catalogue import CAVEATS, CHANGED, LEAD, TOUCHED
from pledge_tui.dataset.vocab import STATUSES
from pledge_tui.ui.screens.edit import DiscardScreen, EditScreen
from pledge_tui.ui.screens.members import MembersScreen
from pledge_tui.ui.screens.timeline import TimelineScreen
from pledge_tui.ui.screens.undo import UndoSaveScreen
from pledge_tui.ui.styles import HEADING, MUTED, STRONG, status_text
from pledge_tui.ui.widgets.detail import DetailPane, SourceLinks
from pledge_tui.ui.widgets.filters import FacetList
from pledge_tui.ui.widgets.member_table import MemberTable
from pledge_tui.ui.widgets.source_picker import CitedList
from pledge_tui.ui.widgets.timeline_list import TimelineList
from pledge_tui.views.browse import status_meaning


@dataclass(frozen=True, slots=True)
class KeyRow:
    """One line of the key table."""

    section: str
    keys: tuple[str, ...]
    """As typed: `/`, `t`, `ctrl+q`, `pagedown`."""
    text: str
    action: str = ""
    """The action the keys run."""


def key_name(key: str) -> str:
    """A key as the analyst types it: `?` for question_mark, `/` for slash; names stay names."""
    for character in (key_to_character(key), format_key(key)):
        if character is not None and len(character) == 1 and character.isprintable() and character != " ":
            return character
    return key


def _rows(section: str, bindings: Iterable[BindingType]) -> list[KeyRow]:
    """One row per action, its keys in the order declared; the tooltip, else the description."""
    by_action: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for binding in bindings:
        assert isinstance(binding, Binding), "bindings are declared as Binding objects"
        if binding.system:
            continue
        keys = by_action.setdefault(binding.action, [])
        keys += [key_name(k.strip()) for k in binding.key.split(",") if key_name(k.strip()) not in keys]
        texts.setdefault(binding.action, binding.tooltip or binding.description)
    return [KeyRow(section, tuple(keys), texts[action], action) for action, keys in by_action.items()]


EDITING_ACTIONS = frozenset({"edit_cell", "undo_own_save"})
"""What a read-only browser neither runs nor offers."""
READ_ONLY_ACTIONS = frozenset({"open_cell"})
"""What `enter` does only in a read-only browser."""


def key_rows(app_bindings: Sequence[BindingType], *, editable: bool | None = None) -> list[KeyRow]:
    """Every key of the browser, by where it works. `editable`: the help of an editing browser (True)
    leaves out what only a read-only one does, and that of a read-only browser (False) leaves editing
    out; None (the README) lists both."""
    rows = [
        *_rows("Anywhere", [*MembersScreen.BINDINGS, *app_bindings]),
        *_rows("In the matrix", MemberTable.BINDINGS),
        *_rows("In a filter list", FacetList.BINDINGS),
        *_rows("In the detail pane", DetailPane.BINDINGS),
        *_rows("On a source in the detail pane", SourceLinks.BINDINGS),
        *_rows("On the timeline (T)", [*TimelineScreen.BINDINGS, *TimelineList.BINDINGS]),
    ]
    if editable is False:
        return [r for r in rows if r.action not in EDITING_ACTIONS]
    if editable:
        rows = [r for r in rows if r.action not in READ_ONLY_ACTIONS]
    return [*rows, *_rows("In the edit form", [*EditScreen.BINDINGS, *CitedList.BINDINGS]),
            *_rows("Before discarding changes", DiscardScreen.BINDINGS),
            *_rows("Before undoing your last save (U)", UndoSaveScreen.BINDINGS)]


def markdown_table(app_bindings: Sequence[BindingType]) -> str:
    """The README's key table: the same rows as the help screen."""
    lines = ["| where | key | action |", "|---|---|---|"]
    for row in key_rows(app_bindings):
        keys = ", ".join(f"`{k}`" for k in row.keys).replace("`|`", "`\\|`")
        lines.append(f"| {row.section} | {keys} | {row.text} |")
    return "\n".join(lines) + "\n"


class HelpScreen(ModalScreen[None]):
    """The keys, then what each status means; escape, q, ? or f1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark,f1", "dismiss", "Close help")]

    def __init__(self, *, editable: bool = True) -> None:
        super().__init__()
        self.editable = editable
        """False in a read-only browser: editing is left out."""

    def compose(self) -> ComposeResult:
        """The key table from the bindings, then the status meanings (`Content`: nothing parsed as markup)."""
        parts: list[Content | str | tuple[str, str]] = [("pledge-tui keys\n", STRONG)]
        section = ""
        rows = key_rows(type(self.app).BINDINGS, editable=self.editable)
        width = max(len(" / ".join(r.keys)) for r in rows) + 2
        for row in rows:
            if row.section != section:
                section = row.section
                parts.append((f"\n{section}\n", HEADING))
            parts += [(f"  {' / '.join(row.keys):<{width}}", STRONG), f"{row.text}\n"]
        parts.append(("\nStatuses\n", HEADING))
        for status in STATUSES:
            parts += ["  ", status_text(status), f": {status_meaning(status)}\n"]
        parts += [f"  {mark.glyph} {mark.label}: {mark.meaning}\n" for mark in (LEAD, CAVEATS, CHANGED, TOUCHED)]
        parts.append(("\nPress escape to close.", MUTED))
        with VerticalScroll(id="help-body"):
            yield Static(Content.assemble(*parts), id="help-text")
