"""What the browser needs from the terminal it runs in, checked before anything is drawn.

Started without a terminal (standard input from a pipe, output to a file), Textual would run until
killed, writing escape codes into the file. And Textual sizes the screen with
`shutil.get_terminal_size`, which believes exported `COLUMNS` and `LINES` over the terminal itself:
values that disagree with the real window garbled the layout, and a huge one made the app lay out
millions of cells, spinning at 100% CPU and ignoring `ctrl+q`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from typing import TextIO

from pledge_tui.errors import UsageError

SIZE_VARIABLES = ("COLUMNS", "LINES")


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # a closed stream
        return False


def require_terminal(stdin: TextIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> None:
    """Raise `UsageError` (exit 2) unless standard input, output and error are all a terminal."""
    streams = {
        "standard input": sys.stdin if stdin is None else stdin,
        "standard output": sys.stdout if stdout is None else stdout,
        "standard error": sys.stderr if stderr is None else stderr,
    }
    missing = [name for name, stream in streams.items() if not _is_terminal(stream)]
    if missing:
        names = " and ".join(missing) if len(missing) < 3 else "standard input, output and error"
        raise UsageError(f"the browser needs a terminal, but {names} {'is' if len(missing) == 1 else 'are'} "
                         "not one; in scripts use `pledge-tui list`, `show` or `export`")


def measure_the_real_terminal(environ: MutableMapping[str, str] | None = None) -> None:
    """Drop exported `COLUMNS` and `LINES`, so that the screen takes the terminal's real size (and
    follows it when the window is resized)."""
    env = os.environ if environ is None else environ
    for name in SIZE_VARIABLES:
        env.pop(name, None)
