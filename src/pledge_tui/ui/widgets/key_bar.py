"""The footer: the keys that fit, most needed first, so that Help and Quit are always on screen.

Textual's `Footer` lays the keys out in binding order and cuts the row at the screen's edge (at 80
columns it lost "? Help" and "q Quit" and drew "^p palettet" where the docked palette key overlapped
the others). This footer orders the keys by `FOOTER_ORDER` and leaves out, whole, those that do not fit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Label
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.screen import Screen

READ_ONLY = "read-only"
"""Shown first in the footer of a browser that does not edit (`--read-only`, the packaged copy)."""

FOOTER_ORDER = ("help", "help-f1", "quit", "quit-ctrl", "edit", "search", "type", "status", "condition", "clear",
                "pane", "detail-mode", "export", "sort", "summary", "copy", "open-url", "palette")
"""Binding ids, most needed first: the footer drops keys from the end of this list when space runs out."""


def _rank(binding: Binding) -> int:
    return FOOTER_ORDER.index(binding.id) if binding.id in FOOTER_ORDER else len(FOOTER_ORDER)


Shown = tuple[bool, tuple[tuple[Binding, str, bool, str], ...]]
"""What the bar shows: the read-only mark or not, and per key its binding, key display, enabled, tooltip."""


class KeyBar(Footer):
    """A compact footer that never cuts a key in half and always keeps Help and Quit."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._laid_out_for = 0
        self._shown: Shown | None = None
        """What the keys on the bar were made from (None: none made yet)."""
        # Laid out at once (Footer waits for the first "bindings changed" signal, one frame later): the
        # screen's and the app's keys are known from the start.
        self.set_reactive(Footer._bindings_ready, True)

    def shown(self, width: int) -> Shown:
        """The shown bindings of the focused widget's chain, one per action, by rank, as many as fit `width`."""
        active = [(b, enabled, tip) for _node, b, enabled, tip in self.screen.active_bindings.values() if b.show]
        read_only = bool(getattr(self.screen, "read_only", False))
        seen: set[str] = set()
        used = len(READ_ONLY) + 2 if read_only else 0
        keys: list[tuple[Binding, str, bool, str]] = []
        for binding, enabled, tooltip in sorted(active, key=lambda item: _rank(item[0])):
            if binding.action in seen:
                continue  # one key per action: the best-ranked one that is active (`q`, else `ctrl+q`)
            seen.add(binding.action)
            key_display = self.app.get_key_display(binding)
            needed = len(key_display) + 1 + len(binding.description) + 1  # compact: "k Desc" and a gap
            if used + needed > width:
                break
            used += needed
            keys.append((binding, key_display, enabled, tooltip or binding.tooltip or ""))
        return read_only, tuple(keys)

    def compose(self) -> ComposeResult:
        """The read-only mark, then the keys that fit (`shown`)."""
        if not self._bindings_ready:
            return
        width = self.app.size.width
        self._laid_out_for = width
        self._shown = read_only, keys = self.shown(width)
        if read_only:
            yield Label(Content(READ_ONLY), id="read-only-mark")
        for binding, key_display, enabled, tooltip in keys:
            key = FooterKey(binding.key, key_display, binding.description, binding.action, disabled=not enabled,
                            tooltip=tooltip)
            # Compact from the start, as the binding below makes it: else each key, once mounted, takes the
            # class and has its styles worked out again (13 keys: 7 ms before the first frame).
            key.set_class(True, "-compact", update=False)
            yield key.data_bind(compact=Footer.compact)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Made again only when the keys it would show differ: the focus settling on the matrix at start
        signals a change three times, and each remade all 13 keys for the same bar (about 12 ms each)."""
        if self._shown is not None and self.is_attached and screen is self.screen and \
                self.shown(self._laid_out_for) == self._shown:
            return
        super().bindings_changed(screen)

    def on_resize(self) -> None:
        """Fit the keys again to the new width."""
        if self.app.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)
