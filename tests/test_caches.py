"""The views' per-dataset indexes (views/caches.PerDataset, issue 26 item 4): built once per dataset, never
evicted by another dataset in use at the same time, and dropped with their dataset."""

from __future__ import annotations

import copy
import gc

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
    assert built == [id(first), id(second)] and len(cache) == 2


def test_a_value_goes_with_its_dataset() -> None:
    cache: PerDataset[list[str]] = PerDataset(lambda dataset: ["index"])
    first, second = _two_datasets()
    cache(first), cache(second)
    del first
    gc.collect()
    assert len(cache) == 1, "the first dataset's index was dropped with it; the second's is kept"
    del second
    gc.collect()
    assert len(cache) == 0


def test_the_cards_source_lines_are_each_datasets_own_when_used_in_turn() -> None:
    """The cards of two datasets shown at once (a save's before and after; a diff's two sides) each list
    their own dataset's source, whatever order they are built in."""
    first, second = _two_datasets()

    def titles(dataset: Dataset) -> list[str]:
        poland = dataset.member("PL")
        assert poland is not None
        return [line.title for line in present.member_card(dataset, poland).sources if line.id == "S1"]

    assert [titles(first), titles(second), titles(first)] == [["A report"], ["Another title"], ["A report"]]
