"""Values built once per dataset and dropped with it: the views' indexes.

A view that answers many questions about one dataset (the detail pane's history lines, the timeline's
"who is this event about", the cards' source lines) builds an index once and keeps it. Kept per dataset,
not "for the last dataset asked about": two datasets in use at once (the browser's data and a `diff`'s
older side, the data before and after a save) no longer evict each other's index, and an index goes
when its dataset does: the dataset itself holds it (`Dataset.derived`), so an old dataset is never kept
alive by a cache. (It was a table of weak references here; `weakref` is a millisecond of every command's
start.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from pledge_tui.dataset.model import Dataset

Value = TypeVar("Value")


class PerDataset(Generic[Value]):
    """`build(dataset)`, called once per dataset; the value is kept by the dataset and goes with it.

    The value should not refer to the dataset itself: it would make a cycle, which only the cyclic
    collector frees; refer to its parts."""

    def __init__(self, build: Callable[[Dataset], Value]) -> None:
        self._build = build

    def __call__(self, dataset: Dataset) -> Value:
        return dataset.derived(self, self._build)
