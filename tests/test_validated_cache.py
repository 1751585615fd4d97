"""The cache of validated files (`dataset.validated`, README "Decisions"): a read command skips validating bytes
it validated in full before, and nothing else changes. Keyed by the bytes' SHA-256 and the program's stamp; the
write path and `validate` never consult it; any failure of the cache falls back to full validation, silently.

Every test here runs with $XDG_CACHE_HOME in its own temporary folder (tests/conftest.py sets one for the whole
session; these set their own), never the developer's ~/.cache."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from pledge_tui.dataset import decode, log, rawio, store, validated
from pledge_tui.dataset.commit import prepare
from pledge_tui.dataset.trusted import build_trusted
from pledge_tui.dataset.validate import build_dataset
from pledge_tui.errors import DataError
from tests.clones import v3_file
from tests.common import BUNDLED, CliRunner, own_cache_folder
from tests.dataset_helpers import set_status, shape
from tests.factories import raw_dataset_v2, write
from tests.strategies import valid_datasets_v2, valid_datasets_v3


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder for this test (in this process and in the processes it starts)."""
    return own_cache_folder(tmp_path, monkeypatch)


def invalid_v2() -> dict[str, Any]:
    raw = raw_dataset_v2()
    raw["members"]["1"]["role"] = "overlord"
    return raw


def digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def forge(cache: Path, path: Path, content: str | None = None) -> Path:
    """An entry saying that `path`'s bytes were validated (with the real stamp unless `content` is given)."""
    cache.mkdir(parents=True, exist_ok=True)
    entry = cache / digest_of(path)
    entry.write_text(validated.stamp() if content is None else content, encoding="utf-8")
    return entry


def test_a_valid_file_is_remembered_and_read_again_the_same(tmp_path: Path, cache: Path) -> None:
    path = write(tmp_path / "d.json", raw_dataset_v2())
    first = store.load(str(path), trust_cache=True)
    entry = cache / digest_of(path)
    assert entry.read_text(encoding="utf-8") == validated.stamp()
    assert validated.is_validated(first.sha256)
    second = store.load(str(path), trust_cache=True)
    assert shape(second.dataset) == shape(first.dataset) and second.sha256 == first.sha256


def test_nothing_is_remembered_without_trust(tmp_path: Path, cache: Path) -> None:
    """`validate` and the write path load without `trust_cache`: they validate in full and leave the cache as it is."""
    path = write(tmp_path / "d.json", raw_dataset_v2())
    store.load(str(path))
    assert not cache.exists()


def test_an_invalid_file_is_refused_after_a_valid_file_of_the_same_path_was_cached(
        tmp_path: Path, cache: Path, cli: CliRunner) -> None:
    path = write(tmp_path / "d.json", raw_dataset_v2())
    assert cli("--data", str(path), "list", "--format", "json").returncode == 0
    assert any(cache.iterdir())
    write(path, invalid_v2())
    with pytest.raises(DataError, match="overlord"):
        store.load(str(path), trust_cache=True)
    result = cli("--data", str(path), "list", "--format", "json")
    assert result.returncode == 1 and "overlord" in result.stderr and result.stdout == ""


def test_an_entry_for_other_bytes_or_an_old_stamp_does_not_apply(tmp_path: Path, cache: Path) -> None:
    good = write(tmp_path / "good.json", raw_dataset_v2())
    store.load(str(good), trust_cache=True)
    bad = write(tmp_path / "bad.json", invalid_v2())
    with pytest.raises(DataError, match="overlord"):
        store.load(str(bad), trust_cache=True)
    forge(cache, bad, validated.stamp().replace(validated.APP_FOLDER, "pledge-tui-0.0.1", 1))  # another version
    with pytest.raises(DataError, match="overlord"):
        store.load(str(bad), trust_cache=True)


@pytest.mark.parametrize("content", ["", "garbage\n", "\x00" * 10])
def test_a_corrupt_entry_is_validated_again_and_replaced(tmp_path: Path, cache: Path, content: str) -> None:
    path = write(tmp_path / "d.json", raw_dataset_v2())
    entry = forge(cache, path, content)
    loaded = store.load(str(path), trust_cache=True)
    assert loaded.dataset.meta.schema_version == 2
    assert entry.read_text(encoding="utf-8") == validated.stamp()


def test_an_unusable_cache_folder_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  cli: CliRunner) -> None:
    """Tests run as root, where permissions do not stop a write: the cache "folder" is under a regular file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = write(tmp_path / "d.json", raw_dataset_v2())
    expected = cli("--data", str(path), "list", "--format", "json", env={"XDG_CACHE_HOME": str(tmp_path / "ok")})
    for _ in range(2):
        result = cli("--data", str(path), "list", "--format", "json")
        assert result.returncode == 0 and result.stderr == "" and result.stdout == expected.stdout
    assert store.load(str(path), trust_cache=True).dataset.meta.schema_version == 2
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME", raising=False)
    assert validated.cache_folder() is None and not validated.is_validated(digest_of(path))
    validated.remember(digest_of(path))  # nowhere to write: nothing happens


def test_validate_and_writes_never_trust_the_cache(tmp_path: Path, cache: Path, cli: CliRunner) -> None:
    """A forged entry makes the read commands take an invalid file for valid (the cache is trusted, by design),
    but `validate` and a write still validate in full and refuse it, leaving the file as it was."""
    path = write(tmp_path / "d.json", invalid_v2())
    forge(cache, path)
    assert cli("--data", str(path), "list", "--format", "json").returncode == 0  # proves the entry is used
    before = path.read_bytes()
    checked = cli("validate", str(path))
    assert checked.returncode == 1 and "overlord" in checked.stderr
    written = cli("--data", str(path), "set", "PL", "logistics", "considering", "--source", "S1")
    assert written.returncode == 1 and "overlord" in written.stderr
    assert path.read_bytes() == before


def test_the_bundled_data_is_built_the_same_from_the_cache(tmp_path: Path, cache: Path) -> None:
    full = store.load(str(BUNDLED), trust_cache=True)
    assert validated.is_validated(full.sha256)
    again = store.load(str(BUNDLED), trust_cache=True)
    assert shape(again.dataset) == shape(full.dataset)


def test_a_file_the_log_rolls_forward_is_read_so_from_the_cache_too_and_not_remembered(
        tmp_path: Path, cache: Path) -> None:
    """Only the file's own bytes are vouched for. A writer killed between its two steps left an entry in the log
    that the file does not show: a read rolls it forward whether or not the file's bytes were validated before,
    and a rolled-forward dataset (not the file's) is not what is remembered."""
    data = v3_file(tmp_path / "d.json")
    pending = prepare(str(data), rawio.parse_json(str(data), data.read_bytes()), set_status("considering"),
                      at="2026-03-10T09:00:00Z", by="killed")
    with Path(log.log_path(str(data))).open("ab") as handle:
        handle.write(log.lines_of(pending.entries))
    loaded = store.load(str(data), trust_cache=True)
    assert loaded.dataset.member("PL").status("logistics") == "considering"  # type: ignore[union-attr]
    assert not validated.is_validated(digest_of(data))
    twin = v3_file(tmp_path / "twin.json")  # the same bytes, with a log that has nothing pending
    assert digest_of(twin) == digest_of(data)
    assert store.load(str(twin), trust_cache=True).dataset.member("PL").status("logistics") != "considering"  # type: ignore[union-attr]
    assert validated.is_validated(digest_of(data))
    loaded = store.load(str(data), trust_cache=True)
    assert loaded.dataset.member("PL").status("logistics") == "considering"  # type: ignore[union-attr]
    assert loaded.dataset.heads[("commitments", "PL/logistics")].entry == pending.entries[-1]["id"]


@given(valid_datasets_v2())
def test_trusted_version_2_builds_what_build_dataset_builds(raw: dict[str, Any]) -> None:
    data = store.serialize(raw)  # as stored (keys sorted): both paths read the same bytes
    full, problems = build_dataset(json.loads(data))
    assert full is not None, problems
    assert shape(build_trusted(json.loads(data))) == shape(full)
    assert shape(decode.trusted(data)) == shape(full)


@given(valid_datasets_v3())
def test_trusted_version_3_builds_what_build_dataset_builds(raw: dict[str, Any]) -> None:
    data = store.serialize(raw)  # as stored (keys sorted): both paths read the same bytes
    full, problems = build_dataset(json.loads(data))
    assert full is not None, problems
    assert shape(build_trusted(json.loads(data))) == shape(full)
    assert shape(decode.trusted(data)) == shape(full)


def test_an_entry_is_named_by_the_digest_only(tmp_path: Path, cache: Path) -> None:
    assert not validated.is_validated("../../etc/passwd")
    validated.remember("../escape")
    assert not cache.exists() or not any(cache.iterdir())
    assert not os.path.exists(tmp_path / "escape")


def test_a_write_remembers_the_bytes_it_wrote_and_a_reload_builds_them_without_the_checks(
        tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The write path validated the whole dataset it wrote: the browser that watches the file reads those
    bytes (a teammate's `set`) without validating them again, and builds the same dataset."""
    from pledge_tui.dataset import validate
    from pledge_tui.dataset.commit import commit

    data = v3_file(tmp_path / "d.json")
    done = commit(str(data), set_status("considering"), by="ann", at="2026-03-10T09:00:00Z")
    assert validated.is_validated(digest_of(data))
    assert done.loaded is not None and done.loaded.sha256 == digest_of(data)
    full = store.load(str(data))
    monkeypatch.setattr(validate, "build_dataset", lambda *a, **k: pytest.fail("validated again"))
    trusted = store.load(str(data), trust_cache=True)
    assert shape(trusted.dataset) == shape(full.dataset)
    assert trusted.dataset.member("PL").status("logistics") == "considering"  # type: ignore[union-attr]


def test_a_refused_write_remembers_nothing(tmp_path: Path, cache: Path, cli: CliRunner) -> None:
    path = write(tmp_path / "d.json", raw_dataset_v2())
    refused = cli("--data", str(path), "set", "PL", "logistics", "considering", "--source", "S404")
    assert refused.returncode != 0
    assert not cache.exists() or not any(cache.iterdir())
