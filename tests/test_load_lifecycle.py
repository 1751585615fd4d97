"""What `store.load` does beyond reading: the collector paused, the dataset frozen and kept to the exit
(benchmarks/PROFILE.md: freeing it object by object cost 40 ms at 10,000 members), and let go for the browser."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from pledge_tui.dataset import store
from pledge_tui.errors import DataError
from tests.factories import raw_dataset, write


def test_the_last_two_loads_are_kept_frozen_until_unpinned(tmp_path: Path) -> None:
    paths = [write(tmp_path / f"d{i}.json", raw_dataset()) for i in range(3)]
    for path in paths:
        store.load(str(path))
    assert [kept.path for kept in store._KEPT] == [str(paths[1]), str(paths[2])]
    assert gc.get_freeze_count() > 0 and gc.isenabled()
    store.unpin()
    assert store._KEPT == []


def test_the_collector_resumes_after_a_refused_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(DataError):
        store.load(str(path))
    assert gc.isenabled()
    with store.collector_paused(freeze=True):
        assert not gc.isenabled()
    assert gc.isenabled()
