"""The browser's colour themes: which names Textual knows.

Its own small module so that `pledge-tui config set theme NAME` (cli/configure.py) can check a name without
importing the browser, and the command line still reaches Textual only through `ui/` (an import contract).
"""

from __future__ import annotations

from pledge_tui.errors import UsageError


def check_theme(theme: str, source: str | None = None) -> None:
    """A usage error (exit 2, before anything is drawn) for a theme Textual does not have; `source` says
    where the name came from (`--theme`, `$PLEDGE_TUI_THEME`, `config file`; None: the name was just typed)."""
    from textual.theme import BUILTIN_THEMES

    if theme not in BUILTIN_THEMES:
        names = ", ".join(sorted(BUILTIN_THEMES))
        where = f" ({source})" if source is not None else ""
        raise UsageError(f"unknown theme {theme[:60]!r}{where}; the themes are: {names}")
