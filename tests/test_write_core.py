"""The one write path (`commit`), in process: all or nothing, the stored format, the lock, the optimistic
check, and the refusals that must leave the file as it was."""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from pledge_tui.dataset import edits, files, log, store
from pledge_tui.dataset.commit import ReadsLog, commit
from pledge_tui.errors import BusyError, ConflictError, DataError, RefusedError, UsageError, WriteError
from tests.clones import read_log, v3_file
from tests.common import BUNDLED, FROZEN
from tests.factories import lock_held, raw_dataset, raw_dataset_v2, write

AT = "2026-03-10T09:00:00Z"


def set_status(status: str, member: str = "PL", type_: str = "logistics", **kw: Any) -> Any:
    return functools.partial(edits.set_commitment, member=member, type_=type_, status=status,
                             sources=kw.pop("sources", ["S1"]), today="2026-03-10", **kw)


def state(path: Path) -> tuple[bytes, int, int]:
    """Bytes, inode and modification time: "unchanged" means all three."""
    info = path.stat()
    return path.read_bytes(), info.st_ino, info.st_mtime_ns


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(files.TEMP_SUFFIX))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A version-3 file and its log (the factory's version-2 dataset, upgraded)."""
    return v3_file(tmp_path / "d.json")


def test_a_change_is_written_validated_and_recorded(data: Path) -> None:
    logged = read_log(data)
    done = commit(str(data), set_status("considering", note="per S1"), by="ann", at=AT)
    assert done.entry_id is not None and not done.upgraded and done.loaded is not None
    raw = json.loads(data.read_text(encoding="utf-8"))
    assert raw["commitments"]["2"]["status"] == "considering"
    *old, entry = read_log(data)
    assert old == logged, "the log is appended to, never rewritten"
    assert (entry["id"], entry["action"], entry["key"], entry["by"], entry["at"], entry["note"], entry["sources"]) == (
        done.entry_id, "set", "PL/logistics", "ann", AT, "per S1", ["S1"])
    assert entry["before"]["status"] == "pledged" and entry["after"]["status"] == "considering"
    head = next(h for h in raw["heads"].values() if h["key"] == "PL/logistics")
    assert (head["entry"], head["at"], head["by"]) == (entry["id"], AT, "ann")
    assert entry["parents"] == [next(e["id"] for e in reversed(logged) if e["key"] == "PL/logistics")]
    assert done.loaded.sha256 == hashlib.sha256(data.read_bytes()).hexdigest()
    assert done.loaded.dataset.member("PL").status("logistics") == "considering"  # type: ignore[union-attr]
    assert leftovers(data.parent) == []


def test_the_file_is_written_in_the_stored_format(data: Path) -> None:
    summary = "Z\u00fcrich \u2013 \u201cquoted\u201d \u2713"
    commit(str(data), set_status("considering", summary=summary), by="ann", at=AT)
    text = data.read_bytes()
    assert text == (json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    assert summary.encode() in text


@pytest.mark.parametrize("path", [BUNDLED, FROZEN], ids=["bundled", "frozen"])
def test_rewriting_a_stored_file_unchanged_gives_the_same_bytes(path: Path) -> None:
    content = path.read_bytes()
    assert store.serialize(store.parse_json(str(path), content)) == content


def test_a_version_1_file_is_upgraded_by_its_first_write(tmp_path: Path) -> None:
    data = write(tmp_path / "v1.json", raw_dataset())
    done = commit(str(data), set_status("considering"), by="ann", at=AT)
    assert done.upgraded and done.entry_id is not None and done.upgrade_id is not None
    raw = json.loads(data.read_text(encoding="utf-8"))
    assert raw["meta"]["1"]["schema_version"] == 3 and [e["id"] for e in raw["events"].values()] == ["E1", "E2"]
    assert "history" not in raw and len(raw["heads"]) == 17
    actions = [e["action"] for e in read_log(data)]
    assert actions == ["baseline"] * 17 + ["upgrade", "set"]
    assert [e["id"] for e in read_log(data)][-2:] == [done.upgrade_id, done.entry_id]
    assert not commit(str(data), set_status("pledged"), by="ann", at=AT).upgraded


def test_a_version_2_file_is_upgraded_by_its_first_write(tmp_path: Path) -> None:
    data = write(tmp_path / "v2.json", raw_dataset_v2())
    done = commit(str(data), set_status("considering"), by="ann", at=AT)
    raw = json.loads(data.read_text(encoding="utf-8"))
    assert done.upgraded and raw["meta"]["1"]["schema_version"] == 3 and "history" not in raw
    actions = [e["action"] for e in read_log(data)]
    assert actions == ["baseline"] * 17 + ["set", "upgrade", "set"], "the version-2 entry moved to the log"


def test_a_change_that_changes_nothing_writes_nothing(data: Path, tmp_path: Path) -> None:
    before = state(data)
    done = commit(str(data), set_status("pledged"), by="ann", at=AT)
    assert done.entry_id is None and done.loaded is None
    assert state(data) == before
    v1 = write(tmp_path / "v1.json", raw_dataset())
    before = state(v1)
    assert commit(str(v1), set_status("pledged"), by="ann", at=AT).entry_id is None
    assert state(v1) == before, "no upgrade is written for a change that changes nothing"


def test_an_invalid_result_is_refused_with_every_problem_and_nothing_written(data: Path) -> None:
    before = state(data)
    with pytest.raises(RefusedError) as caught:
        commit(str(data), set_status("considering", stated_on="2026-13", summary="\u200b"), by="a\nb", at=AT)
    assert caught.value.exit_code == 1
    assert {(p.table, p.field) for p in caught.value.problems} == {
        ("commitments", "stated_on"), ("commitments", "summary"), ("history", "by")}
    assert "change refused, nothing written" in str(caught.value)
    assert state(data) == before and leftovers(data.parent) == []


def test_an_unreadable_file_is_reported_not_crashed_on(tmp_path: Path) -> None:
    raw = raw_dataset_v2()
    raw["commitments"] = ["not", "a", "table"]
    path = write(tmp_path / "broken.json", raw)
    before = state(path)
    with pytest.raises(DataError, match="commitments: expected an object of documents"):
        commit(str(path), set_status("considering"), by="ann", at=AT)
    assert state(path) == before


def test_the_packaged_copy_is_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "site-packages" / "pledge_tui"
    (package / "data").mkdir(parents=True)
    data = write(package / "data" / "commitments.json", raw_dataset_v2())
    monkeypatch.setattr(files, "PACKAGE_DIR", package)
    before = state(data)
    with pytest.raises(UsageError, match=r"inside the installed package.*pledge-tui init FILE") as caught:
        commit(str(data), set_status("considering"), by="ann", at=AT)
    assert caught.value.exit_code == 2 and state(data) == before
    link = tmp_path / "link.json"
    link.symlink_to(data)
    with pytest.raises(UsageError, match="installed package"):
        commit(str(link), set_status("considering"), by="ann", at=AT)
    assert not files.is_packaged_copy(str(BUNDLED)), "the repository's data file is the working copy"


def test_a_symbolic_link_is_written_through_and_the_mode_kept(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = write(tmp_path / "real" / "d.json", raw_dataset_v2())
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(os.path.relpath(real, tmp_path))
    commit(str(link), set_status("considering"), by="ann", at=AT)
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(real, tmp_path)
    assert json.loads(real.read_text(encoding="utf-8"))["commitments"]["2"]["status"] == "considering"
    assert (real.stat().st_mode & 0o777) == 0o640
    assert Path(files.lock_path(str(link))) == real.with_name("d.json.lock"), "the lock is beside the target"


def test_a_read_only_file_is_refused(data: Path) -> None:
    data.chmod(0o444)
    before = state(data)
    with pytest.raises(WriteError, match="the file is read-only"):
        commit(str(data), set_status("considering"), by="ann", at=AT)
    assert state(data) == before and leftovers(data.parent) == []


def test_a_full_disk_leaves_the_file_and_no_temporary_file(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def full(fd: int, chunk: Any) -> int:
        if fd > 2 and len(chunk) > 1000:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, chunk)

    monkeypatch.setattr("pledge_tui.dataset.files.os.write", full)
    before = state(data)
    with pytest.raises(WriteError, match="no space left on the device") as caught:
        commit(str(data), set_status("considering"), by="ann", at=AT)
    assert caught.value.exit_code == 1 and "\n" not in str(caught.value)
    assert state(data) == before and leftovers(data.parent) == []


def test_a_data_file_replaced_by_a_folder_before_the_save(data: Path) -> None:
    def swap_then_edit(tables: Any) -> Any:
        data.unlink()
        data.mkdir()
        return set_status("considering")(tables)

    with pytest.raises(WriteError, match="it is a folder, not a data file"):
        commit(str(data), swap_then_edit, by="ann", at=AT)
    assert data.is_dir() and list(data.iterdir()) == [] and leftovers(data.parent) == []
    with pytest.raises(DataError, match="is a folder"):
        commit(str(data), set_status("considering"), by="ann", at=AT)


def test_a_lock_file_that_cannot_be_used(data: Path) -> None:
    Path(files.lock_path(str(data))).mkdir()
    before = state(data)
    with pytest.raises(WriteError, match="lock file") as caught:
        commit(str(data), set_status("considering"), by="ann", at=AT)
    assert caught.value.exit_code == 1 and state(data) == before


def test_text_that_is_not_unicode_is_refused(data: Path) -> None:
    before = state(data)
    with pytest.raises(WriteError, match="unpaired surrogate"):
        commit(str(data), set_status("considering", summary="bad \udcff byte"), by="ann", at=AT)
    assert state(data) == before and leftovers(data.parent) == []


def test_a_busy_lock_times_out_with_exit_3(data: Path) -> None:
    before = state(data)
    with lock_held(data), pytest.raises(BusyError, match=r"busy: another pledge-tui is writing it") as caught:
        commit(str(data), set_status("considering"), by="ann", at=AT, timeout=0.3)
    assert caught.value.exit_code == 3 and state(data) == before
    assert commit(str(data), set_status("considering"), by="ann", at=AT, timeout=0.3).entry_id is not None


def test_a_waiting_writer_gets_the_lock_when_it_is_released(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at_the_lock = threading.Event()
    wait_for_lock = files._wait_for_lock

    def waits(fd: int, timeout: float) -> bool:
        at_the_lock.set()  # the writer has come to the lock (held below): from here on it waits
        return wait_for_lock(fd, timeout)

    monkeypatch.setattr(files, "_wait_for_lock", waits)
    outcome: list[object] = []

    def write() -> None:
        try:
            outcome.append(commit(str(data), set_status("considering"), by="ann", at=AT, timeout=30))
        except Exception as exc:  # reported below, not lost in the thread
            outcome.append(exc)

    with lock_held(data):
        waiting = threading.Thread(target=write)
        waiting.start()
        assert at_the_lock.wait(30), "the writer never came to the lock"
        assert waiting.is_alive() and outcome == []  # still waiting while the lock is held
        assert json.loads(data.read_text(encoding="utf-8"))["commitments"]["2"]["status"] == "pledged"
    waiting.join(30)
    assert not waiting.is_alive() and len(outcome) == 1 and not isinstance(outcome[0], Exception), outcome
    assert json.loads(data.read_text(encoding="utf-8"))["commitments"]["2"]["status"] == "considering"


def test_a_later_write_removes_what_a_killed_writer_left(data: Path) -> None:
    stale = data.parent / f".{data.name}.abc123{files.TEMP_SUFFIX}"
    stale.write_text("half a file")
    other = data.parent / f".other.json.abc123{files.TEMP_SUFFIX}"
    other.write_text("someone else's")
    commit(str(data), set_status("considering"), by="ann", at=AT)
    assert not stale.exists() and other.exists()


# --- the optimistic check (the browser's save) ---------------------------------------------------------


def test_a_save_over_another_writers_change_to_the_same_record_is_refused(data: Path) -> None:
    base = store.load(str(data))
    commit(str(data), set_status("considering"), by="bob", at="2026-03-10T10:00:00Z")
    after_bob = state(data)
    with pytest.raises(ConflictError) as caught:
        commit(str(data), set_status("ruled-out"), by="ann", at=AT, base=base)
    error = caught.value
    assert error.exit_code == 3 and (error.table, error.key, error.by, error.at) == (
        "commitments", "PL/logistics", "bob", "2026-03-10T10:00:00Z")
    bobs = read_log(data)[-1]["id"]
    assert f"PL/logistics was changed by bob at 2026-03-10T10:00:00Z (history entry {bobs})" in str(error)
    assert state(data) == after_bob


def test_a_save_after_another_writer_changed_other_records_is_applied_to_the_new_data(data: Path) -> None:
    base = store.load(str(data))
    commit(str(data), set_status("considering", member="IT", type_="training"), by="bob", at=AT)
    done = commit(str(data), set_status("ruled-out"), by="ann", at=AT, base=base)
    assert done.refreshed and done.entry_id == read_log(data)[-1]["id"] and done.loaded is not None
    member = done.loaded.dataset.member("IT")
    assert member is not None and member.status("training") == "considering", "bob's change is kept"
    same = commit(str(data), set_status("considering"), by="ann", at=AT, base=done.loaded)
    assert not same.refreshed


def test_a_change_made_outside_pledge_tui_is_a_conflict_too(data: Path) -> None:
    base = store.load(str(data))
    raw = json.loads(data.read_text(encoding="utf-8"))
    raw["commitments"]["2"]["summary"] = "Edited by hand."
    write(data, raw)
    with pytest.raises(ConflictError, match="changed outside pledge-tui"):
        commit(str(data), set_status("ruled-out"), by="ann", at=AT, base=base)


UNDO = ReadsLog(edits.undo)


def test_undo_through_commit(data: Path) -> None:
    first = commit(str(data), set_status("considering"), by="ann", at=AT)
    done = commit(str(data), UNDO, by="ann", at=AT)
    assert done.change is not None and done.change.undoes == first.entry_id
    assert json.loads(data.read_text(encoding="utf-8"))["commitments"]["2"]["status"] == "pledged"


def test_undo_of_a_source_still_cited_by_history_is_refused(data: Path) -> None:
    commit(str(data), functools.partial(edits.add_source, publisher="P", title="T", date="2026", url="", tier="A"),
           by="ann", at=AT)
    commit(str(data), set_status("considering", sources=["S4"]), by="ann", at=AT)
    commit(str(data), UNDO, by="ann", at=AT)
    before = state(data), state(Path(log.log_path(str(data))))
    with pytest.raises(RefusedError) as caught:
        commit(str(data), UNDO, by="ann", at=AT)
    assert {(p.table, p.field) for p in caught.value.problems} == {("history", "sources")}
    assert (state(data), state(Path(log.log_path(str(data))))) == before


@pytest.mark.parametrize(("content", "words"), [
    (b'{"meta": {}, "meta": {}}', "appears twice"), (b"\xef\xbb\xbf{}", "byte-order mark"),
    (b'{"meta": NaN}', "NaN is not allowed"), (b"", "is empty")])
def test_the_writer_reads_as_strictly_as_any_reader(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "d.json"
    path.write_bytes(content)
    with pytest.raises(DataError, match=words):
        commit(str(path), set_status("considering"), by="ann", at=AT)
    assert path.read_bytes() == content and leftovers(tmp_path) == []


def test_a_missing_data_file_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        commit(str(tmp_path / "missing.json"), set_status("considering"), by="ann", at=AT)
    assert list(tmp_path.iterdir()) == [], "not even a lock file"
