"""Hostile strings: what an analyst might paste from the web into a shared data file."""

from __future__ import annotations

HOSTILE: list[str] = [
    # Rich and Textual markup, balanced and not
    "[bold]bold[/bold]", "[b]x[/]", "[/]", "[/", "[", "]", "[red]unclosed", "[b + c", "\\[escaped]", "trailing\\",
    "[@click=app.quit]click me[/]", "[@click='app.quit']q[/]", "[link=https://evil.example]y[/link]",
    "[link='https://evil.example']y[/link]", "[on red]x", "[#ff0000]x[/]", "[dim italic reverse blink]x",
    ":warning: :poop:",
    # ANSI / OSC: clear screen, title, OSC 8 link, OSC 52 clipboard, cursor moves
    "\x1b[2J\x1b[H cleared", "\x1b]0;pwned title\x07", "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]52;c;ZWNobyBwd25lZA==\x07", "\x1b[31mred\x1b[0m", "\x1b[1A\x1b[2K", "\x1bP+q\x1b\\",
    # C0 and C1 controls
    "bell\x07", "back\x08space", "nul\x00byte", "\x9b31m C1 CSI", "\x9d0;title\x9c", "\x85next line",
    "\x7f delete",
    # bidi overrides and invisible characters
    "\u202eevil.exe\u202c", "\u2066isolate\u2069", "\u200bzero\u200bwidth\u200b", "\ufeffbom", "\u2060join",
    # line breaks of every kind
    "line\nbreak", "crlf\r\nbreak", "cr\ronly", "tab\tbed", "\u2028sep\u2029",
    # Markdown specials
    "| pipe | table |", "# heading", "---", "```code```", "<script>alert(1)</script>", "[x](https://evil.example)",
    "![img](x.png)", "*em* _em_ **strong**", "&amp; &lt;", "> quote", "1. list", "- item", "<br>",
    # regex metacharacters, quotes, very long
    ".*+?^$()[]{}|\\", "\"quoted\" 'single'", "%s %d {0} {name}", "é ü ß Ω 中文 🇺🇦 👩‍👩‍👧",
    "x" * 10_000,
    # issue 14: Unicode forms, invisible joiners, wide characters, formulas, bare addresses
    "Tu\u0308rkiye NFD", "Pol\u200dand joined", "Ital\u200cy non-joined", "soft\u00adhyphen", "\u200b\u200d\u2060",
    "中文中文中文中文中文中文中文中文", "\uff26\uff55\uff4c\uff4c width", "e\u0301\u0301\u0301 marks", "🏳️\u200d🌈 flag",
    "=HYPERLINK(\"https://evil.example\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1",
    "see https://evil.example and www.evil.example", "mail spy@evil.example",
    "\u0662\u0660\u0662\u0666-\u0660\u0661 digits",
]
"""At least 60 strings, each of which has broken some terminal tool or renderer somewhere."""

FORBIDDEN_IN_DISPLAY = [chr(c) for c in [*range(0, 9), *range(11, 32), 127, *range(0x80, 0xA0)]] + [
    "\u202e", "\u202c", "\u2066", "\u2069", "\u200b", "\ufeff", "\u2060"]
"""Characters that must never reach a terminal from the data."""
