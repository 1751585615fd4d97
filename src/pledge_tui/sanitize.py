"""The one sanitiser for untrusted data text, and the one folding rule for comparing it.

Displaying (`clean_text`, `clean_line`): the table, detail pane, notifications, help, palette, the
`list`/`show` output and the Markdown snapshot all go through here. Rich and Textual strip only a few
control characters (BEL, BS, VT, FF, CR); ESC and the C1 range pass through, so a caveat pasted from
the web could clear the screen, retitle the terminal, plant an OSC 8 link or write the clipboard
(OSC 52). Removing the control characters themselves defuses every such sequence: what is left of it
is inert printable text. Bidirectional overrides are removed too (they can make text read differently
from what it is), as are invisible zero-width spaces and soft hyphens. Text comes out in Unicode NFC,
so the same word pasted on macOS (NFD) and typed elsewhere is the same string.

Comparing (`fold`): search and member look-up ignore case, accents, Unicode normalisation form,
zero-width joiners and non-joiners, soft hyphens and runs of spaces.

Markup is a separate concern: display code never parses data as markup (`rich.text.Text`, or
`markup=False`); this module only makes the characters safe.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_REMOVED = (
    *range(0x00, 0x09),  # C0 controls, keeping tab and newline
    0x0B, 0x0C,
    *range(0x0E, 0x20),
    0x7F,  # DEL
    *range(0x80, 0xA0),  # C1 controls (0x9B is a one-byte CSI)
    0x00AD,  # soft hyphen: invisible, except that some terminals draw it
    0x061C, 0x200E, 0x200F,  # bidi marks
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2066, 0x206A),  # bidi isolates
    0x200B, 0x2060, 0xFEFF,  # zero-width space, word joiner, BOM
)
"""Every character the display removes: THE list (the snapshot's fast path is derived from it)."""

_LINE_BREAKS = "\r\u2028\u2029"
"""Line breaks other than `\\n`: each becomes `\\n` (so words stay apart) rather than vanishing."""


def _char_class(codes: tuple[int, ...], extra: str = "") -> str:
    """A regular-expression character class of `codes` (merged into ranges) plus `extra` (class syntax)."""
    ranges: list[list[int]] = []
    for code in sorted(set(codes)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return f"[{body}{extra}]"


@cache
def needs_cleaning() -> re.Pattern[str]:
    """Any character `clean_text` would remove or replace: one C-speed scan decides whether to do any work.

    This module's patterns are compiled on first use (`_pattern`): compiling them was a millisecond and a
    half of every command's start, and `list --format json` never uses them."""
    return re.compile(_char_class(_REMOVED, _LINE_BREAKS + "\ud800-\udfff"))


_pattern = cache(re.compile)
"""A pattern of this module, compiled on first use (its text is the key)."""

_SURROGATES = "[\ud800-\udfff]"
_BREAKS = "\r\n|[" + _LINE_BREAKS + "]"
_KEEP_LINES = dict.fromkeys(_REMOVED)
_ONE_LINE = str.maketrans("\n\t", "  ")


def clean_text(text: str) -> str:
    """The text as it may be shown: control and invisible formatting characters removed, every line
    break as `\\n` (tabs kept), lone surrogates as U+FFFD (so it can always be written as UTF-8), NFC."""
    if needs_cleaning().search(text) is not None:
        text = _pattern(_BREAKS).sub("\n", _pattern(_SURROGATES).sub("\ufffd", text)).translate(_KEEP_LINES)
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """Like `clean_text`, for places that show one line: line breaks and tabs become spaces."""
    return clean_text(text).translate(_ONE_LINE)


# --- folding, for search and look-up --------------------------------------------------------------

_MARKS = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
"""Combining diacritical marks (the accents of Latin, Greek and Cyrillic letters after NFKD)."""

_INVISIBLE = ("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2060-\u2064\u3164"
              "\ufe00-\ufe0f\uffa0]")
"""Characters drawn as nothing that the display keeps (they matter inside emoji and some scripts):
joiners and non-joiners, variation selectors, fillers. Search ignores them."""

_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "\u0131": "i", "ŀ": "l", "ŧ": "t",
                          "æ": "ae", "œ": "oe", "þ": "th"})
"""Letters that carry their accent in the letter itself (NFKD cannot take it off), already case-folded."""


def fold(text: str) -> str:
    """Text reduced for comparison: cleaned, compatibility-decomposed (full-width letters, ligatures),
    accents and invisible characters dropped, case-folded, runs of white space as one space, trimmed.

    `fold("  TÜRKİYE ") == fold("turkiye")`; NFC and NFD spellings fold alike.
    """
    if text.isascii():
        if not text.isprintable():  # controls (tab and newline too): rare, and translate is slow
            text = text.translate(_KEEP_LINES)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", clean_text(text))
    bare = _pattern(_INVISIBLE).sub("", _pattern(_MARKS).sub("", decomposed)).casefold().translate(_LETTERS)
    return " ".join(unicodedata.normalize("NFC", bare).split())


# --- rules for validation ---------------------------------------------------------------------------

_BLANK_LETTERS = frozenset("\u115f\u1160\u2800\u3164\uffa0")
"""Characters classed as letters or symbols that every font draws as blank (Hangul fillers, blank braille)."""


def has_visible_text(text: str) -> bool:
    """True when the text shows at least one visible character once cleaned (so not only spaces,
    controls, zero-width or combining characters, or blank fillers). Validation requires it of names."""
    for ch in clean_text(text):
        if ch.isspace() or ch in _BLANK_LETTERS:
            continue
        if unicodedata.category(ch) not in ("Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Cn", "Co"):
            return True
    return False


def is_ascii_digits(text: str) -> bool:
    """True for a non-empty run of `0`-`9` only. `str.isdigit` and the regex `\\d` also accept Arabic-Indic,
    Devanagari or full-width digits, which `int()` reads but which then sort after every real date."""
    return text.isascii() and text.isdigit()
