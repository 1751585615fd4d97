"""The kept models of large validated files (`dataset.model_cache`, README "Decisions"): a read command builds
the model of bytes it has read before from the entry, and gets the very dataset the decoder builds; a
missing, corrupt or foreign entry changes nothing but the time taken; `validate` and the write path never
read nor write one.

The store keeps entries only for files of `store.TYPED_FROM_BYTES` (1 MB) or more; these tests lower that
to 0 so that small generated files take the same path. $XDG_CACHE_HOME is each test's own folder."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from pledge_tui.dataset import decode, kept, model_cache, store, validated
from pledge_tui.dataset.validate import build_dataset
from tests.clones import v3_file
from tests.common import BUNDLED, BUNDLED_LOG, own_cache_folder
from tests.dataset_helpers import set_status, shape
from tests.strategies import valid_datasets_v2, valid_datasets_v3


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder, and every file counted as large."""
    monkeypatch.setattr(store, "TYPED_FROM_BYTES", 0)
    return own_cache_folder(tmp_path, monkeypatch)


def entry_of(cache: Path, path: Path) -> Path:
    return cache / f"{model_cache.PREFIX}{hashlib.sha256(path.read_bytes()).hexdigest()}"


def round_trip(dataset: Any) -> Any:
    """What a later read builds from the entry of `dataset` (through `marshal`, as the entry holds it)."""
    return model_cache._dataset(marshal.loads(marshal.dumps(model_cache._payload(dataset))))


def no_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make decoding the file fail the test: the model must come from the entry."""
    def refuse(_data: bytes) -> None:
        raise AssertionError("the file was decoded although its model was kept")

    monkeypatch.setattr(decode, "trusted", refuse)


@given(valid_datasets_v2())
def test_a_kept_version_2_model_is_the_decoded_one(raw: dict[str, Any]) -> None:
    decoded = decode.trusted(store.serialize(raw))
    assert decoded is not None
    if model_cache.keeps(decoded):
        assert shape(round_trip(decoded)) == shape(decoded)
    else:  # a version-2 history is not plain tuples: such a file is decoded each time (and upgraded by a write)
        assert decoded.history


@given(valid_datasets_v3())
def test_a_kept_version_3_model_is_the_decoded_one(raw: dict[str, Any]) -> None:
    data = store.serialize(raw)
    decoded = decode.trusted(data)
    full, problems = build_dataset(json.loads(data))
    assert decoded is not None and full is not None, problems
    assert shape(round_trip(decoded)) == shape(decoded) == shape(full)


def test_a_second_read_builds_the_model_from_its_entry(tmp_path: Path, cache: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = v3_file(tmp_path / "d.json")
    first = store.load(str(path), trust_cache=True)  # validated in full and remembered: not kept yet
    assert not entry_of(cache, path).exists()
    second = store.load(str(path), trust_cache=True)  # read again: its model is kept
    assert entry_of(cache, path).is_file()
    no_decoding(monkeypatch)
    third = store.load(str(path), trust_cache=True)
    assert shape(third.dataset) == shape(second.dataset) == shape(first.dataset) and third.sha256 == first.sha256


def test_the_browsers_reloads_keep_no_model(tmp_path: Path, cache: Path) -> None:
    path = v3_file(tmp_path / "d.json")
    store.load(str(path), trust_cache=True)
    store.load(str(path), trust_cache=True, keep_model=False)
    assert not entry_of(cache, path).exists()


def test_the_bundled_data_is_kept_with_its_heads(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "commitments.json"
    data.write_bytes(BUNDLED.read_bytes())
    (tmp_path / BUNDLED_LOG.name).write_bytes(BUNDLED_LOG.read_bytes())
    first = store.load(str(data), trust_cache=True)
    store.load(str(data), trust_cache=True)
    assert first.dataset.heads and entry_of(cache, data).is_file()
    no_decoding(monkeypatch)
    second = store.load(str(data), trust_cache=True)
    assert shape(second.dataset) == shape(first.dataset)
    assert [entry.id for entry in second.dataset.history] == [entry.id for entry in first.dataset.history]


@pytest.mark.parametrize("spoil", ["truncate", "garbage", "other stamp", "wrong shape", "empty"])
def test_a_spoilt_entry_is_ignored_and_the_file_decoded(tmp_path: Path, cache: Path, spoil: str) -> None:
    path = v3_file(tmp_path / "d.json")
    first = store.load(str(path), trust_cache=True)
    store.load(str(path), trust_cache=True)
    entry = entry_of(cache, path)
    held = entry.read_bytes()
    header = kept.header()
    spoilt = {"truncate": held[: len(held) - 40], "garbage": header + b"\xff" * 64,
              "other stamp": b"pledge-tui 0.0.0\n" + held[len(header):],
              "wrong shape": header + marshal.dumps((1, 2, 3)), "empty": b""}[spoil]
    entry.write_bytes(spoilt)
    assert model_cache.load(first.sha256) is None
    again = store.load(str(path), trust_cache=True)
    assert shape(again.dataset) == shape(first.dataset)


def test_only_the_newest_entries_are_kept(tmp_path: Path, cache: Path) -> None:
    loaded = store.load(str(v3_file(tmp_path / "d.json")), trust_cache=True)
    digests = [hashlib.sha256(str(n).encode()).hexdigest() for n in range(model_cache.KEEP + 2)]
    for digest in digests:
        model_cache.save(digest, loaded.dataset)
    entries = [p for p in cache.iterdir() if p.name.startswith(model_cache.PREFIX)]
    assert len(entries) == model_cache.KEEP
    assert (cache / f"{model_cache.PREFIX}{digests[-1]}").is_file()
    for n, entry in enumerate(sorted(entries, reverse=True)):  # by name, now: the times decide
        os.utime(entry, ns=(n * 10**9, n * 10**9))
    newest = sorted(entries, reverse=True)[1:]
    model_cache.save(loaded.sha256, loaded.dataset)
    assert sorted(p for p in cache.iterdir() if p.name.startswith(model_cache.PREFIX)) == sorted(
        [*newest, entry_of(cache, tmp_path / "d.json")])
    assert validated.is_validated(loaded.sha256)  # (the validated files' entries are not these)


def test_an_entry_is_named_by_the_digest_only(tmp_path: Path, cache: Path) -> None:
    dataset = store.load(str(v3_file(tmp_path / "d.json")), trust_cache=True).dataset
    model_cache.save("../../escape", dataset)
    assert model_cache.load("../../escape") is None
    assert not (tmp_path / "escape").exists()


def test_a_small_file_is_not_kept(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "TYPED_FROM_BYTES", 1024 * 1024)
    path = v3_file(tmp_path / "d.json")
    store.load(str(path), trust_cache=True)
    store.load(str(path), trust_cache=True)
    assert validated.is_validated(hashlib.sha256(path.read_bytes()).hexdigest())
    assert not entry_of(cache, path).exists()


def test_validate_and_writes_neither_read_nor_keep_entries(tmp_path: Path, cache: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """`validate` and the write path load without `trust_cache`; the write path remembers the bytes it wrote
    as validated (`validated`), but keeps no model: the next read keeps it."""
    from pledge_tui.dataset.commit import commit

    data = v3_file(tmp_path / "d.json")
    store.load(str(data))
    assert not cache.exists()
    commit(str(data), set_status("considering"), by="ann", at="2026-03-10T09:00:00Z")
    assert validated.is_validated(hashlib.sha256(data.read_bytes()).hexdigest())
    assert not any(p.name.startswith(model_cache.PREFIX) for p in cache.iterdir())
    read = store.load(str(data), trust_cache=True)
    assert entry_of(cache, data).is_file()
    no_decoding(monkeypatch)
    assert shape(store.load(str(data), trust_cache=True).dataset) == shape(read.dataset)
