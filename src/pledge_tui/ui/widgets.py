"""The browser's sidebar widgets: the facet lists and the search box (the matrix is in member_table)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input, SelectionList
from textual.widgets.selection_list import Selection

from pledge_tui.views.filters import Facet


class FacetList(SelectionList[str]):
    """A checkbox list for one filter facet, with a live count of matching members per value."""

    BINDINGS = [
        Binding("escape", "app.focus_table", "Back to table", show=False),
        Binding("space", "toggle_value", "Toggle", show=False),
    ]

    def __init__(self, facet: Facet, slugs: Sequence[str], labels: dict[str, str],
                 on_toggle: Callable[[Facet, str], None], **kwargs: object) -> None:
        self.facet: Facet = facet
        self.on_toggle = on_toggle
        self.slugs = tuple(slugs)
        self.labels = labels
        super().__init__(*(Selection(Text(labels[s]), s, False) for s in slugs), **kwargs)  # type: ignore[arg-type]
        self._shown_counts: dict[str, int] = {}

    def show_counts(self, counts: dict[str, int], selected: Sequence[str]) -> None:
        """Refresh the prompts ("Air  4") and the ticks without moving the highlight.

        Only prompts whose count changed are replaced: each replacement re-measures the list.
        """
        width = max(len(label) for label in self.labels.values()) + 1
        for index, slug in enumerate(self.slugs):
            count = counts.get(slug, 0)
            if self._shown_counts.get(slug) == count:
                continue
            self._shown_counts[slug] = count
            prompt = Text(f"{self.labels[slug]:<{width}}")
            prompt.append(f"{count:>3}", style="bold" if count else "dim")
            self.replace_option_prompt_at_index(index, prompt)
        wanted = set(selected)
        with self.prevent(SelectionList.SelectedChanged, SelectionList.SelectionToggled):
            for slug in self.slugs:
                if (slug in wanted) != (slug in self.selected):
                    self.toggle(slug)

    def action_toggle_value(self) -> None:
        """Space: toggle the highlighted value in the filter, within this key's handling.

        Calling back directly (not through SelectionList's chain of three messages) lets the filtered
        table appear in the very next frame, not one or two frames later. The tick follows from
        `show_counts`, which the filter change calls.
        """
        if self.highlighted is not None:
            self.on_toggle(self.facet, self.slugs[self.highlighted])

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        """A click toggled a value: apply it the same way as `space`."""
        event.stop()
        self.on_toggle(self.facet, event.selection.value)


class SearchBox(Input):
    """Live search; `enter` or `escape` returns to the table and keeps the text."""

    BINDINGS = [Binding("escape", "app.focus_table", "Back to table", show=False)]

    def __init__(self, on_change: Callable[[str], None], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.on_change = on_change

    def watch_value(self, value: str) -> None:
        """Each keystroke filters at once (a `Changed` message would land a frame later)."""
        self.on_change(value)
