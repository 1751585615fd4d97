"""The question before "Undo my last save" (`U`): what the undo would revert (which record, who saved it,
when, what it changed), and `y` to undo it, `n` or `escape` to keep it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from pledge_tui.ui.styles import MUTED, STRONG
from pledge_tui.ui.undoing import UndoPreview


class UndoSaveScreen(ModalScreen[bool]):
    """"Undo your last save?": dismissed with True to undo it, False to keep it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Undo it", tooltip="Undo the save: a new history entry puts the record back"),
        Binding("n,escape", "answer(False)", "Keep it", tooltip="Keep the save; nothing is written"),
    ]

    def __init__(self, preview: UndoPreview) -> None:
        super().__init__()
        self.preview = preview

    def compose(self) -> ComposeResult:
        """The question, what it reverts, the keys (`Content`: nothing from the data is read as markup)."""
        p = self.preview
        already = ("\nThe record is already as it was before it: the undo only marks the save undone.\n"
                   if p.changes_nothing else "")
        with Vertical(id="undo-box"):
            yield Static(Content.assemble(
                ("Undo your last save?\n", STRONG),
                (p.subject, STRONG), "\n",
                f"history entry {p.entry_id}, saved by {p.by} at {p.at}\n",
                p.what, "\n", already, "\n",
                ("A new history entry puts the record back as it was; history keeps both.\n", MUTED),
                ("y", STRONG), " undoes it, ", ("n", STRONG), " or ", ("escape", STRONG), " keeps it."), id="undo-text")

    def action_answer(self, undo: bool) -> None:
        """Close the question with the answer."""
        self.dismiss(undo)
