"""Reading the data file: strict, read-only, and byte-identical afterwards."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from pledge_tui.dataset import store
from pledge_tui.errors import DataError
from pledge_tui.paths import bundled_data_path, resolve_data_path
from tests.factories import raw_dataset, write


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_load_builds_the_dataset_and_hashes_the_bytes(tmp_path: Path) -> None:
    path = write(tmp_path / "d.json", raw_dataset())
    loaded = store.load(str(path))
    assert len(loaded.dataset.members) == 4
    assert loaded.sha256 == digest(path)


def test_reading_leaves_the_file_byte_identical(tmp_path: Path) -> None:
    path = write(tmp_path / "d.json", raw_dataset())
    before, mtime = digest(path), path.stat().st_mtime_ns
    store.load(str(path))
    db = store.open_database(str(path))
    assert len(db.table("members")) == 4
    db.close()
    assert digest(path) == before and path.stat().st_mtime_ns == mtime


def test_the_tinydb_view_refuses_to_write(tmp_path: Path) -> None:
    path = write(tmp_path / "d.json", raw_dataset())
    before = digest(path)
    db = store.open_database(str(path))
    with pytest.raises(PermissionError):
        db.table("members").insert({"id": "XX"})
    assert digest(path) == before


def test_a_missing_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "missing.json"
    with pytest.raises(DataError, match="no such file"):
        store.load(str(path))
    assert not path.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b"{ this is not json", "is not valid JSON"),
        (b'{"meta": {', "is not valid JSON"),
        (b"\xef\xbb\xbf{}", "byte-order mark"),
        (b'{"a": "\xff"}', "not valid UTF-8 (line 1"),
        (b'{"meta": NaN}', "NaN is not allowed"),
        (b'{"meta": -Infinity}', "-Infinity is not allowed"),
        (b'{"meta": {}, "meta": {}}', "appears twice"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_unreadable_content_is_one_clear_error(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(DataError) as caught:
        store.load(str(path))
    message = str(caught.value)
    assert words in message and message.startswith(str(path)) and "\n" not in message
    assert path.read_bytes() == content


def test_a_folder_is_not_a_data_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is a folder"):
        store.load(str(tmp_path))


def test_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.json"
    os.symlink(loop, loop)
    with pytest.raises(DataError, match="symbolic link loop"):
        store.load(str(loop))


def test_invalid_data_lists_every_problem(tmp_path: Path) -> None:
    raw = raw_dataset()
    raw["members"]["1"]["role"] = "observer"
    raw["sources"]["1"]["tier"] = "Z"
    path = write(tmp_path / "d.json", raw)
    with pytest.raises(DataError) as caught:
        store.load(str(path))
    assert len(caught.value.problems) == 2
    assert "and 1 more problem" in str(caught.value)


def test_data_path_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_data_path("x.json", {"PLEDGE_TUI_DATA": "env.json"}) == "x.json"
    assert resolve_data_path(None, {"PLEDGE_TUI_DATA": "env.json"}) == "env.json"
    assert resolve_data_path(None, {}) == str(bundled_data_path())
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "commitments.json").write_text("{}")
    assert resolve_data_path(None, {}) == os.path.join("data", "commitments.json")


def test_the_bundled_copy_exists() -> None:
    assert bundled_data_path().is_file()
    json.loads(bundled_data_path().read_text(encoding="utf-8"))
