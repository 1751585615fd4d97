"""Choices whose state reads without colour: radio buttons and check boxes for the edit forms.

Textual's radio buttons draw `●` and its check boxes `X` whether they are on or off; only the colour
differs, so under NO_COLOR, in `tmux capture-pane` or for a colour-blind reader every choice looked
chosen (issue 15 found the same in the filter lists). These draw the mark only when on. `TickList`
is a list of `[x]`/`[ ]` lines (the filter lists' checkboxes): one tab stop for many values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Checkbox, OptionList, RadioButton
from textual.widgets.option_list import Option

from pledge_tui.dataset.catalogue import MARKS
from pledge_tui.ui.styles import STRONG
from pledge_tui.ui.widgets.filters import TICKED, UNTICKED


class Choice(RadioButton):
    """A radio button that shows `●` only when chosen."""

    BUTTON_INNER = " "  # off until chosen (the value's watcher does not run for the initial False)

    def watch_value(self) -> None:
        """The mark follows the value (then Textual's own handling)."""
        self.BUTTON_INNER = MARKS.glyph("chosen") if self.value else " "
        super().watch_value()


class Tick(Checkbox):
    """A check box that shows `x` only when ticked."""

    BUTTON_INNER = " "

    def watch_value(self) -> None:
        """The mark follows the value (then Textual's own handling)."""
        self.BUTTON_INNER = "x" if self.value else " "
        super().watch_value()


class TickList(OptionList):
    """Values as `[x]`/`[ ]` lines; `space` or `enter` ticks or unticks the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Tick", show=False, tooltip="Tick or untick the highlighted value"),
    ]

    def __init__(self, items: Sequence[tuple[str, str]], ticked: Iterable[str], *, id: str | None = None) -> None:
        self.items = tuple(items)
        """(value, label) pairs, in the order shown."""
        self._ticked = set(ticked)
        super().__init__(*(Option(self._prompt(v, t), id=v) for v, t in self.items), id=id, compact=True)

    def _prompt(self, value: str, text: str) -> Content:
        on_ = value in self._ticked
        return Content.assemble((TICKED, STRONG) if on_ else UNTICKED, " ", (text, STRONG) if on_ else text)

    @property
    def selected(self) -> tuple[str, ...]:
        """The ticked values, in the order shown."""
        return tuple(v for v, _t in self.items if v in self._ticked)

    class Toggled(Message):
        """A value was ticked or unticked."""

    def toggle(self, value: str) -> None:
        """Tick or untick one value."""
        self._ticked ^= {value}
        index = next(i for i, (v, _t) in enumerate(self.items) if v == value)
        self.replace_option_prompt_at_index(index, self._prompt(*self.items[index]))
        self.post_message(self.Toggled())

    @on(OptionList.OptionSelected)
    def _toggle_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is self and event.option.id is not None:
            event.stop()
            self.toggle(event.option.id)
