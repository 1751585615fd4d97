"""The help screen: every key of the browser, from the same table the footer uses."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, str], ...] = (
    ("/", "Search: typing filters live; enter or escape returns to the table, keeping the text"),
    ("t", "Focus the type filter; space toggles the highlighted type"),
    ("s", "Focus the status filter; space toggles"),
    ("c", "Focus the condition filter; space toggles"),
    ("x", "Clear all filters and the search"),
    ("o", "Cycle the sort: name, strongest commitment first, most caveats first"),
    ("e", "Export a Markdown snapshot of the current view to the export folder"),
    ("g", "Toggle the summary panel: per type, a bar of members by status"),
    ("up / down", "Move through the members; the detail pane follows"),
    ("escape", "From a filter list or the search box, back to the table"),
    ("? / f1", "This help"),
    ("q / ctrl+q", "Quit"),
    ("ctrl+p", "Command palette: export, clear filters, one command per type and status filter"),
)
"""The key table of spec section 6, shown here and in the README."""


class HelpScreen(ModalScreen[None]):
    """A modal listing the keys; any of escape, q, ? or f1 closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        """A two-column key table (Rich `Table` of `Text`, so nothing is parsed as markup)."""
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2), expand=True)
        table.add_column("Key", no_wrap=True)
        table.add_column("Action", ratio=1)
        for key, action in KEYS:
            table.add_row(Text(key, style="bold"), Text(action))
        with VerticalScroll(id="help-body"):
            yield Static(Text("pledge-tui keys", style="bold"), id="help-title")
            yield Static(table)
            yield Static(Text("Glyphs: ● pledged  ◐ conditional  ○ considering  ✕ ruled out  · not disclosed"
                              "  * lead nation  ! has caveats\nPress escape to close."), id="help-foot")
