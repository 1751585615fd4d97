"""Counted nouns in messages ("1 cell", "3 history entries"): one rule, in a module that imports nothing, for
the merge driver's summary lines (which would otherwise import the change formats and their views) as for
`changes_text`."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """"1 cell", "3 cells", "2 history entries" (`many` when the plural is not noun + s)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"
