"""Text boxes that keep what is typed exactly and show control characters as visible symbols.

The edit form stores text literally (as `set --summary` does), but Textual's `Input` and `TextArea`
would hand an ESC, a C1 control or a bidi override pasted from the web straight to the terminal, which
could clear the screen, retitle the window, plant a link or reorder what the analyst reads. These
boxes draw each character the display would remove (`sanitize.needs_cleaning`) as one visible symbol
(`␛` for ESC, `␀`..`␟` for the other C0 controls, `�` for the rest), one for one, so the value is
kept as typed, the cursor stays where it is, and the analyst sees that something is there.
Markup is never parsed: the text is drawn as Rich `Text`.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, TextArea

from pledge_tui.sanitize import needs_cleaning

SUBSTITUTE = "\ufffd"


def _symbol(character: str) -> str:
    code = ord(character)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ... ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return SUBSTITUTE


def visible_controls(text: str, *, one_line: bool = False) -> str:
    """`text` with every character the display removes drawn as one visible symbol (same length);
    `one_line`: line breaks and tabs too (a one-line box has no other way to show them)."""
    if one_line and ("\n" in text or "\t" in text):
        text = text.replace("\n", "\u2424").replace("\t", "\u2409")  # ␤ ␉
    if needs_cleaning().search(text) is None:
        return text
    return needs_cleaning().sub(lambda match: _symbol(match.group()), text)


class LiteralInput(Input):
    """A one-line text box that shows control characters as symbols (the value keeps them)."""

    @property
    def _value(self) -> Text:
        return Text(visible_controls(self.value, one_line=True), no_wrap=True, overflow="ignore", end="")


class LiteralTextArea(TextArea):
    """A text area that shows control characters as symbols (the text keeps them)."""

    def get_line(self, line_index: int) -> Text:
        """The line as drawn: control characters as symbols, never markup."""
        return Text(visible_controls(self.document.get_line(line_index)), end="", no_wrap=True)
