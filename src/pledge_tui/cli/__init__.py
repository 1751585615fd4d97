"""The command line: `main` (in-process, returns the exit code) and `entry` (the console script)."""

from __future__ import annotations

from pledge_tui.cli.main import HANDLERS, build_parser, entry, main

__all__ = ["HANDLERS", "build_parser", "entry", "main"]
