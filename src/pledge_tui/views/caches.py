"""Values built once per dataset and dropped with it: the views' indexes.

A view that answers many questions about one dataset (the detail pane's history lines, the timeline's
"who is this event about", the cards' source lines) builds an index once and keeps it. Kept per dataset,
not "for the last dataset asked about": two datasets in use at once (the browser's data and a `diff`'s
older side, the data before and after a save) no longer evict each other's index, and an index goes
when its dataset does (a weak reference), so an old dataset is never kept alive by a cache.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from pledge_tui.dataset.model import Dataset

Value = TypeVar("Value")


class PerDataset(Generic[Value]):
    """`build(dataset)`, called once per dataset; the value is forgotten when the dataset is.

    The value must not refer to the dataset itself (it would keep it alive): refer to its parts.
    Keyed by identity (a dataset holds dicts and cannot be hashed), with a weak reference whose
    callback removes the entry as the dataset goes, before its id can be given to another object.
    """

    def __init__(self, build: Callable[[Dataset], Value]) -> None:
        self._build = build
        self._built: dict[int, tuple[weakref.ref[Dataset], Value]] = {}

    def __call__(self, dataset: Dataset) -> Value:
        key = id(dataset)
        entry = self._built.get(key)
        if entry is not None and entry[0]() is dataset:
            return entry[1]
        value = self._build(dataset)
        built = self._built

        def forget(_gone: weakref.ref[Dataset]) -> None:
            built.pop(key, None)

        built[key] = (weakref.ref(dataset, forget), value)
        return value

    def __len__(self) -> int:
        """How many datasets have a value now (for tests)."""
        return len(self._built)
