"""The one sanitiser for displaying untrusted data text (table, detail pane, notifications, help,
palette, and the `list`/`show` output).

Rich and Textual strip only a few control characters (BEL, BS, VT, FF, CR); ESC and the C1 range
pass through, so a caveat pasted from the web could clear the screen, retitle the terminal, plant
an OSC 8 link or write the clipboard (OSC 52). Removing the control characters themselves defuses
every such sequence: what is left of it is inert printable text. Bidirectional overrides are removed
too (they can make text read differently from what it is), as are invisible zero-width spaces.

Markup is a separate concern: display code never parses data as markup (`rich.text.Text`, or
`markup=False`); this module only makes the characters safe.
"""

from __future__ import annotations

_REMOVED = [
    *range(0x00, 0x09),  # C0 controls, keeping tab and newline
    0x0B, 0x0C, 0x0D,
    *range(0x0E, 0x20),
    0x7F,  # DEL
    *range(0x80, 0xA0),  # C1 controls (0x9B is a one-byte CSI)
    0x061C, 0x200E, 0x200F,  # bidi marks
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2066, 0x206A),  # bidi isolates
    0x200B, 0x2060, 0xFEFF,  # zero-width space, word joiner, BOM
]
_KEEP_LINES = {code: None for code in _REMOVED}
_ONE_LINE = {**_KEEP_LINES, 0x09: " ", 0x0A: " ", 0x0D: " ", 0x2028: " ", 0x2029: " "}


def clean_text(text: str) -> str:
    """Remove control and invisible formatting characters; keep newlines and tabs."""
    return text.translate(_KEEP_LINES)


def clean_line(text: str) -> str:
    """Like `clean_text`, for places that show one line: line breaks and tabs become spaces."""
    return text.replace("\r\n", " ").translate(_ONE_LINE)
