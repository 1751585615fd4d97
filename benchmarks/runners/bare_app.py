"""Baseline app for the settled-screen runner: what Textual costs for a comparable first screen.

    python bare_app.py DATA

A Textual app with one line of text, a `DataTable` of the data file's member names (one column, in file
order) and a `Footer`, reading DATA with plain `json` (no validation, no model). It is what the issue
calls "a bare Textual app with a line, a DataTable of the same members and a Footer": the floor for a
first screen that shows every member, against which `pledge-tui`'s settled first screen is compared.

Names go in as `rich.text.Text` (no markup parsing; the same cell cost as `str`, textual8-facts §3).
`q` quits, so the Footer shows a key as pledge-tui's does.
"""

from __future__ import annotations

import json
import sys
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static


class BareApp(App[None]):
    """One line, a one-column DataTable of names, a Footer."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        yield Static(f"{len(self.names)} members", markup=False)
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[Any] = self.query_one(DataTable)
        table.add_column("Member")
        table.add_rows([(Text(name),) for name in self.names])


def main(argv: list[str]) -> int:
    """Read the member names with plain json and run the app."""
    if len(argv) != 1:
        print("usage: bare_app.py DATA", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        raw = json.load(handle)
    BareApp([doc["name"] for doc in raw["members"].values()]).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
