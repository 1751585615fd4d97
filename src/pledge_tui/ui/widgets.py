"""The browser's widgets: the member matrix, the facet lists and the search box."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Input, SelectionList
from textual.widgets.selection_list import Selection

from pledge_tui.filters import Facet
from pledge_tui.model import Member
from pledge_tui.ui.render import Palette, name_cell, status_cell
from pledge_tui.vocab import ROLE_SHORT, TYPE_SHORT, TYPES

NAME_WIDTH = 18


class MemberTable(DataTable[Text]):
    """One row per member: name, role, and a narrow status column per contribution type."""

    HELP = "The members shown. Up/down moves; the detail pane follows the highlighted member."

    @dataclass
    class MemberHighlighted(Message):
        """The highlighted member changed (None when the table is empty)."""

        member_id: str | None

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._members: list[Member] = []

    def on_mount(self) -> None:
        """Columns are fixed: the matrix reads the same whatever the filter."""
        # No cell padding (80 columns must hold the matrix): widths carry the spacing instead.
        self.add_column(Text(" Member"), key="name", width=NAME_WIDTH + 2)
        self.add_column(Text("Role"), key="role", width=8)
        for type_slug in TYPES:
            self.add_column(Text(TYPE_SHORT[type_slug], justify="center"), key=type_slug, width=5)

    @property
    def highlighted_id(self) -> str | None:
        """Id of the member under the cursor."""
        if not self._members or not 0 <= self.cursor_row < len(self._members):
            return None
        return self._members[self.cursor_row].id

    def populate(self, members: Sequence[Member], palette: Palette, keep: str | None) -> None:
        """Show `members`; keep the cursor on member `keep` if it is still shown, else the first row."""
        self._members = list(members)
        self.clear()
        for m in members:
            self.add_row(name_cell(m, NAME_WIDTH), Text(ROLE_SHORT[m.role]),
                         *(status_cell(m, t, palette) for t in TYPES), key=m.id)
        row = next((i for i, m in enumerate(members) if m.id == keep), 0)
        if members:
            self.move_cursor(row=row, animate=False)
        self.post_message(self.MemberHighlighted(self.highlighted_id))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Translate the table's event into one that names the member."""
        event.stop()
        self.post_message(self.MemberHighlighted(self.highlighted_id))


class FacetList(SelectionList[str]):
    """A checkbox list for one filter facet, with a live count of matching members per value."""

    BINDINGS = [Binding("escape", "app.focus_table", "Back to table", show=False)]

    @dataclass
    class Toggled(Message):
        """The analyst toggled a value."""

        facet: Facet
        slug: str

    def __init__(self, facet: Facet, slugs: Sequence[str], labels: dict[str, str], **kwargs: object) -> None:
        self.facet: Facet = facet
        self.slugs = tuple(slugs)
        self.labels = labels
        super().__init__(*(Selection(Text(labels[s]), s, False) for s in slugs), **kwargs)  # type: ignore[arg-type]

    def show_counts(self, counts: dict[str, int], selected: Sequence[str]) -> None:
        """Refresh the prompts ("Air  4") and the ticks without moving the highlight."""
        width = max(len(label) for label in self.labels.values()) + 1
        for index, slug in enumerate(self.slugs):
            prompt = Text(f"{self.labels[slug]:<{width}}")
            prompt.append(f"{counts.get(slug, 0):>3}", style="bold" if counts.get(slug) else "dim")
            self.replace_option_prompt_at_index(index, prompt)
        wanted = set(selected)
        with self.prevent(SelectionList.SelectedChanged, SelectionList.SelectionToggled):
            for slug in self.slugs:
                if (slug in wanted) != (slug in self.selected):
                    self.toggle(slug)

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        """Report the toggle with the facet it belongs to."""
        event.stop()
        self.post_message(self.Toggled(self.facet, event.selection.value))


class SearchBox(Input):
    """Live search; `enter` or `escape` returns to the table and keeps the text."""

    BINDINGS = [Binding("escape", "app.focus_table", "Back to table", show=False)]
