"""The sidebar's widgets: one checkbox list per filter facet, and the search box.

Both only *say* what the analyst did (messages up to the screen, which owns the filter); what they
show follows the screen's filter and live counts through `data_bind`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from pledge_tui.dataset.vocab import NOT_DISCLOSED
from pledge_tui.ui.styles import MUTED, STRONG
from pledge_tui.ui.widgets import post_to_screen
from pledge_tui.views.filters import Facet, Filter
from pledge_tui.views.present import label

TICKED = "[x]"
UNTICKED = "[ ]"
"""Checkboxes that read the same without colour (NO_COLOR, a screen reader, `tmux capture-pane`)."""

LABEL_WIDTH = 16
"""Wide enough for the longest label ("outside Ukraine", "not disclosed"): the counts line up in every list."""

FacetCounts = Mapping[Facet, Mapping[str, int]]
"""Live counts: per facet, per value, how many members would match with that value ticked alone."""


@dataclass(frozen=True, slots=True)
class FacetState:
    """What the filter lists show: the filter (the ticks) and the live counts computed for it."""

    filter: Filter
    counts: FacetCounts | None


class FacetList(OptionList):
    """The values of one facet as checkboxes, each with its live count; `space` or `enter` toggles."""

    HELP = "Space or enter ticks or unticks the highlighted value; the count is how many members would match."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "select", "Toggle", show=False, tooltip="Tick or untick the highlighted value"),
        Binding("up,k", "cursor_up", "Up", show=False, tooltip="The value above"),
        Binding("down,j", "cursor_down", "Down", show=False, tooltip="The value below"),
        Binding("pageup,ctrl+u", "page_up", "Page up", show=False, tooltip="Up a page"),
        Binding("pagedown,ctrl+d", "page_down", "Page down", show=False, tooltip="Down a page"),
        Binding("home", "first", "First", show=False, tooltip="The first value"),
        Binding("end", "last", "Last", show=False, tooltip="The last value"),
    ]

    state: reactive[FacetState] = reactive(lambda: FacetState(Filter(), None), init=False)
    """The screen's filter and live counts, set together just after the filtered table is painted:
    re-rendering the lists costs more than the table, so they follow one frame later."""

    @dataclass
    class Toggled(Message):
        """The analyst ticked or unticked a value."""

        facet: Facet
        slug: str

    def __init__(self, facet: Facet, slugs: Sequence[str], *, id: str | None = None) -> None:
        self.facet: Facet = facet
        self.slugs = tuple(slugs)
        self._prompts: list[Content] = [self._prompt(s, False, None, False) for s in self.slugs]
        super().__init__(*(Option(p) for p in self._prompts), id=id, compact=True)

    def _prompt(self, slug: str, ticked: bool, count: int | None, types_chosen: bool) -> Content:
        """`[x] Air          9`: the checkbox, the one label, the live count.

        The "not disclosed" count is left out until a type is chosen: every member has some type it
        disclosed nothing about, so without a type it always equals the number shown and says nothing.
        """
        box = Content.styled(TICKED, STRONG) if ticked else Content(UNTICKED)
        name = Content.styled(f"{label(self.facet, slug):<{LABEL_WIDTH}}", STRONG if ticked else "")
        informative = count is not None and (slug != NOT_DISCLOSED or types_chosen)
        number = Content.styled(f"{count:>4}", STRONG if count else MUTED) if informative else Content("   -")
        return Content.assemble(box, " ", name, number)

    def _show(self) -> None:
        """Replace the prompts whose tick or count changed (each replacement re-measures the list)."""
        chosen: tuple[str, ...] = getattr(self.state.filter, self.facet)
        counts = (self.state.counts or {}).get(self.facet)
        for index, slug in enumerate(self.slugs):
            prompt = self._prompt(slug, slug in chosen, None if counts is None else counts.get(slug, 0),
                                  bool(self.state.filter.types))
            if not prompt.is_same(self._prompts[index]):
                self._prompts[index] = prompt
                self.replace_option_prompt_at_index(index, prompt)

    def watch_state(self) -> None:
        """The ticks and counts follow the screen's filter."""
        self._show()

    def on_mount(self) -> None:
        """Show the state bound at start."""
        self._show()

    @property
    def ticked(self) -> list[str]:
        """The ticked values, in list order."""
        chosen: tuple[str, ...] = getattr(self.state.filter, self.facet)
        return [s for s in self.slugs if s in chosen]

    def action_select(self) -> None:
        """Space, enter or a click: ask the screen to toggle the highlighted value."""
        if self.highlighted is not None:
            post_to_screen(self, self.Toggled(self.facet, self.slugs[self.highlighted]))

    def reset_cursor(self) -> None:
        """Back to the first value (after `x`, so that `t space` never toggles a value left highlighted)."""
        self.highlighted = 0
        self.scroll_home(animate=False)


class SearchBox(Input):
    """Live search: each keystroke says what the search text now is."""

    HELP = "Typing filters live; enter or escape returns to the table, keeping the text."

    @dataclass
    class Edited(Message):
        """The search text changed."""

        text: str

        def can_replace(self, message: Message) -> bool:
            """Fast typing (a paste, a burst over ssh) filters once, for the last text (toolong's messages)."""
            return isinstance(message, SearchBox.Edited)

    def watch_value(self, value: str) -> None:
        """Say what the text is now."""
        post_to_screen(self, self.Edited(value))
