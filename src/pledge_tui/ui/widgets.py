"""The browser's sidebar widgets: the facet lists and the search box (the matrix is in member_table)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, SelectionList
from textual.widgets.selection_list import Selection

from pledge_tui.filters import Facet


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
