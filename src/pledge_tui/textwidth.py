"""How many terminal cells text takes, for the command line's aligned tables.

Rich's `cell_len` cannot be used here (the headless command line never imports Rich, for start-up
time), and the `wcwidth` package would be a dependency for twenty lines. The rule is the terminals'
one: East Asian wide and full-width characters take two cells, combining marks, zero-width and format
characters none, everything else one. `tests/test_present.py` checks it agrees with Rich's `cell_len`
on a corpus of hard cases (CJK, full-width, emoji, flags, combining marks).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ELLIPSIS = "…"


@lru_cache(maxsize=8192)
def char_width(ch: str) -> int:
    """Cells taken by one character: 0, 1 or 2."""
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return 1
    if code < 0x20 or 0x7F <= code < 0xA0 or 0x1160 <= code <= 0x11FF or 0xD800 <= code <= 0xDFFF:
        return 0
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


ZWJ = "\u200d"
VS16 = "\ufe0f"


def _widths(text: str) -> list[int]:
    """The cells each character adds, read as terminals draw emoji sequences: a character after a
    zero-width joiner joins the one before (adds nothing), so does a skin-tone modifier after an emoji,
    and VS16 turns a one-cell character into a
    two-cell emoji."""
    widths: list[int] = []
    joined = False
    for ch in text:
        if joined or ("\U0001f3fb" <= ch <= "\U0001f3ff" and widths and widths[-1] == 2):
            width = 0
        elif ch == VS16 and widths and widths[-1] == 1:
            width = 1
        else:
            width = char_width(ch)
        joined = ch == ZWJ and bool(widths)
        widths.append(width)
    return widths


def display_width(text: str) -> int:
    """Cells taken by `text` in a terminal."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(_widths(text))


def fit(text: str, width: int, *, ellipsis: str = ELLIPSIS) -> str:
    """`text` cut to at most `width` cells (ending in `ellipsis` when cut) and padded with spaces to `width`."""
    used = display_width(text)
    if used <= width:
        return text + " " * (width - used)
    room = width - display_width(ellipsis)
    kept: list[str] = []
    used = 0
    for ch, w in zip(text, _widths(text), strict=True):
        if used + w > room:
            break
        kept.append(ch)
        used += w
    cut = "".join(kept).rstrip() + ellipsis
    return cut + " " * (width - display_width(cut))
