"""Markdown and YAML for untrusted text: the escaping every Markdown format shares, and GFM tables.

Every piece of data text in a Markdown output is untrusted (it is pasted from news reports). Two
functions escape it, `md_cell` for table cells and `md_inline` for everything else, and one builds
YAML strings, `yaml_string`; `table` lays out a GFM table whose every cell goes through `md_cell`.
Nothing else escapes by hand: the snapshot (formats/snapshot.py) and the history, changes and diff
documents (formats/changes_md.py) both write through here, so the escaping rules of README "The Markdown snapshot"
hold in every section of every Markdown output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from pledge_tui.sanitize import clean_text

# --- escaping ----------------------------------------------------------------------------------

_MARKDOWN_SPECIALS = "\\`*_[]#!~|$"
"""Characters that can open an inline construct: escapes, code spans, emphasis, links and images,
strikethrough, math (GitHub renders `$...$`), and the table pipe; `#` also ends an ATX heading. The
backslash is in the same single-pass table, so no order issue arises. Parentheses are left alone
for readability ("Albania (AL)"): a link or image destination needs a `]` right before the `(`, and
every `]` is escaped."""

_ESCAPES: dict[int, str] = {ord(c): "\\" + c for c in _MARKDOWN_SPECIALS}
_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
_INLINE_ESCAPES = {**_ESCAPES, ord("\n"): " ", ord("\t"): " "}
_CELL_ESCAPES = {**_ESCAPES, ord("\n"): "<br>"}

_NEEDS_INLINE_ESCAPES = re.compile("[" + "".join(re.escape(chr(code)) for code in _INLINE_ESCAPES) + "]")
_NEEDS_CELL_ESCAPES = re.compile("[" + "".join(re.escape(chr(code)) for code in _CELL_ESCAPES) + "]")
"""Whether a text holds any character its table changes: most text holds none, and the search (in C, a
few nanoseconds a character) is four times faster than `str.translate` with a dict, which looks every
character up (the snapshot escapes some 100,000 texts at 10,000 members)."""

_BLOCK_START = re.compile(r"(?=[-+=])|\d+(?=[.)])")
"""What could still open a block (list item, thematic break, setext underline, ordered list) at the
start of a value once the inline specials are escaped: `#`, `*`, `_`, backtick, `~`, `|`, `>` and
`<` already are."""


_clean = clean_text
"""Every piece of data text is cleaned by the one sanitiser: controls removed, line breaks as `\\n`,
lone surrogates as U+FFFD (so the snapshot can always be encoded as UTF-8), NFC."""

_PLAIN_URL = re.compile(r"https?://[!-;=?-_a-~]+", re.IGNORECASE)
"""An http(s) address of visible ASCII other than `<`, `>` and backtick: an autolink as it stands."""


_AUTOLINK_START = re.compile(r"(?i)(?:https?|ftp|mailto|xmpp)(?=:)|www(?=\.)|(?<=\S)@")
"""Where GitHub's extended autolinks start: a scheme's colon, `www.`, and every `@` after a character that
is not a space (an e-mail's, and the one of `mailto:@host`, which cmark-gfm links although no local part
comes before it: found by the hypothesis test of tests/test_github_render.py). An `@` after a space or at
the start starts no link, and a comment there could start an HTML block. Not only at word starts: after
`_` (escaped `\\_`, a word character to `\\b`) GitHub still links `_www.x.org` and `a_https://x.org`."""

NODE_BREAK = "<!-- -->"
"""An empty HTML comment: renders as nothing (GitHub's sanitiser removes it) but ends cmark-gfm's text
node, which is the only thing that stops its e-mail autolinks (see `_no_autolinks`)."""


def _defused(match: re.Match[str]) -> str:
    return NODE_BREAK + "@" if match.group() == "@" else match.group() + "\\"


def _no_autolinks(escaped: str) -> str:
    """Escaped text with every bare address defused, so that data text never becomes a link on GitHub.

    `www.` and `scheme:` links are found by cmark-gfm (GitHub's renderer) while it reads the source, so
    `https\\://` and `www\\.` (render as typed) stop them. E-mail addresses (and `mailto:`/`xmpp:` ones)
    are found afterwards, in the text with escapes and entities already decoded, within one text node:
    no escape stops them, so an empty comment before the `@` splits the node (`mail<!-- -->@example.org`).
    """
    if ":" not in escaped and "@" not in escaped and "www." not in escaped.lower():
        return escaped  # most text: three scans in C instead of the regular expression
    return _AUTOLINK_START.sub(_defused, escaped)


@lru_cache(maxsize=16384)
def md_cell(text: str) -> str:
    """Data text as one GFM table cell: pipes escaped, line breaks as `<br>`, no other HTML, no links.

    Escaping `|` as `\\|` keeps the cell count intact: GFM splits cells on unescaped pipes before it
    parses the inline content, and treats `\\|` as a literal pipe even after another backslash.
    """
    cleaned = _clean(text).strip()
    return _no_autolinks(cleaned.translate(_CELL_ESCAPES) if _NEEDS_CELL_ESCAPES.search(cleaned) else cleaned)


@lru_cache(maxsize=16384)
def md_inline(text: str) -> str:
    """Data text for a heading, paragraph or list item: one line that cannot start a block.

    Line breaks and tabs become spaces (a new line could start a heading, list, fence or thematic
    break), the text is stripped (leading spaces could make indented code), inline constructs are
    backslash-escaped, HTML characters become entities, bare addresses cannot autolink, and a leading
    `-`, `+`, `=` or `1.` is escaped in case the value is the first thing on a line or in a list item.
    """
    cleaned = _clean(text)
    if _NEEDS_INLINE_ESCAPES.search(cleaned):
        cleaned = cleaned.translate(_INLINE_ESCAPES)
    escaped = _no_autolinks(cleaned.strip())
    start = _BLOCK_START.match(escaped)
    return escaped if start is None else escaped[: start.end()] + "\\" + escaped[start.end():]


_YAML_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}


def _yaml_char(ch: str) -> str:
    """One character inside a YAML double-quoted scalar."""
    if ch in _YAML_NAMED:
        return _YAML_NAMED[ch]
    code = ord(ch)
    printable = (0x20 <= code < 0x7F or 0xA0 <= code < 0xD800 or 0xE000 <= code <= 0xFFFD or code >= 0x10000)
    # NEL, LS and PS are line breaks to YAML 1.1 and the BOM is a stream marker: spell them out too.
    if printable and code not in (0x2028, 0x2029, 0xFEFF):
        return ch
    if code <= 0xFF:
        return f"\\x{code:02X}"
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar that loads back as the cleaned text, whatever the text holds."""
    return '"' + "".join(_yaml_char(ch) for ch in _clean(text)) + '"'


def yaml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(yaml_string(v) for v in values) + "]"


def autolink(url: str) -> str:
    """A source's address as a CommonMark autolink `<...>`, or as plain escaped text.

    Backslash escapes do not work inside an autolink, so the characters that would end or break it
    (spaces, `<`, `>`, controls) are percent-encoded instead; anything that is not http(s) stays text.
    """
    if _PLAIN_URL.fullmatch(url) and url.split("://", 1)[1][:1] != "/":
        return f"<{url}>"
    encoded = "".join(
        ch if ch.isprintable() and not ch.isspace() and ch not in "<>`" else _percent(ch)
        for ch in _clean(url).strip()
    )
    if re.match(r"https?://[^/]", encoded, re.IGNORECASE):
        return f"<{encoded}>"
    return md_inline(url)


def _percent(ch: str) -> str:
    return "".join(f"%{byte:02X}" for byte in ch.encode("utf-8"))



def table(header: Sequence[str], rows: Iterable[Sequence[str]], *, numeric: bool = False, blank: str = "") -> list[str]:
    """A GFM table, as lines; every cell (header included) goes through `md_cell`.

    With `numeric`, every column after the first is right-aligned; `blank` stands in a cell that would
    otherwise be empty (the change documents write a dash).
    """
    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(md_cell(c) or blank for c in cells) + " |"

    delimiter = ["---:" if numeric and i else "---" for i in range(len(header))]
    return [row(header), "| " + " | ".join(delimiter) + " |", *(row(r) for r in rows)]
