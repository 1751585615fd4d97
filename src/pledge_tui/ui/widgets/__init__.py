"""The browser's widgets: each paints itself from reactives bound to its screen, and says what the
analyst did with a message to its screen."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


def post_to_screen(widget: Widget, message: Message) -> None:
    """Post `message` straight to the screen that owns the view state, rather than bubbling it up.

    A bubbled message waits one turn of the event loop per container it passes through; the screen,
    idle meanwhile, paints the keystroke's echo first and the filtered table a frame (up to 17 ms)
    later. Posted straight to the screen, the state changes before that paint, so the character typed
    and the table it filters appear together. The screen still handles it with `@on`.
    """
    if widget.is_attached:
        widget.screen.post_message(message)
