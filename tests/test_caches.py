"""The views' per-dataset indexes (views/caches.PerDataset, issue 26 item 4): built once per dataset, never
evicted by another dataset in use at the same time, and dropped with their dataset."""

from __future__ import annotations

import copy
import gc
import weakref

from pledge_tui.dataset.model import Dataset
from pledge_tui.views import present
from pledge_tui.views.caches import PerDataset
from tests import factories as F


def _two_datasets() -> tuple[Dataset, Dataset]:
    """The factory's data, and a copy in which source S1 has another title (Poland's logistics cites it)."""
    raw = F.raw_dataset()
    other = copy.deepcopy(raw)
    (s1,) = [doc for doc in other["sources"].values() if doc["id"] == "S1"]
    s1["title"] = "Another title"
    return F.dataset(raw), F.dataset(other)


def test_each_dataset_is_built_once_and_two_in_use_do_not_evict_each_other() -> None:
    built: list[int] = []

    def build(dataset: Dataset) -> int:
        built.append(id(dataset))
        return len(built)

    cache: PerDataset[int] = PerDataset(build)
    first, second = _two_datasets()
    answers = [cache(first), cache(second), cache(first), cache(second), cache(first)]
    assert answers == [1, 2, 1, 2, 1]
    assert built == [id(first), id(second)]


class _Index:
    """A value that can be referred to weakly (a list cannot)."""


def test_a_value_goes_with_its_dataset() -> None:
    cache: PerDataset[_Index] = PerDataset(lambda dataset: _Index())
    first, second = _two_datasets()
    values = [weakref.ref(cache(first)), weakref.ref(cache(second))]
    gc.disable()  # (no cycle: each is freed as its dataset is, without the cyclic collector)
    try:
        del first
        assert values[0]() is None and values[1]() is not None, "the first dataset's index went with it only"
        del second
        assert values[1]() is None
    finally:
        gc.enable()


def test_the_cards_source_lines_are_each_datasets_own_when_used_in_turn() -> None:
    """The cards of two datasets shown at once (a save's before and after; a diff's two sides) each list
    their own dataset's source, whatever order they are built in."""
    first, second = _two_datasets()

    def titles(dataset: Dataset) -> list[str]:
        poland = dataset.member("PL")
        assert poland is not None
        return [line.title for line in present.member_card(dataset, poland).sources if line.id == "S1"]

    assert [titles(first), titles(second), titles(first)] == [["A report"], ["Another title"], ["A report"]]
