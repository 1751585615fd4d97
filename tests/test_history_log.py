"""The history log of schema version 3 (dataset/log.py) and the two-step write (dataset/commit.py): where the
log is, what a line is, that readers read only its last line, roll-forward after a writer killed between
its two steps, a torn last line, a failed second step, a missing log, the clock, `init` and the package."""

from __future__ import annotations

import functools
import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from pledge_tui.dataset import edits, files, ids, log, proof, rawio, store
from pledge_tui.dataset.commit import ReadsLog, commit, prepare
from pledge_tui.errors import DataError, RefusedError, WriteError
from tests.clones import read_log, v3_file
from tests.common import BUNDLED, BUNDLED_LOG, ROOT, CliRunner
from tests.dataset_helpers import set_status

AT = "2026-03-10T09:00:00Z"


def log_of(path: Path) -> Path:
    return Path(log.log_path(str(path)))


def proved(path: Path) -> list[str]:
    """Every problem `validate`'s proof finds in the file and its log."""
    rows, problems = log.parse_log(str(log_of(path)), log_of(path).read_bytes())
    found = proof.check(rawio.parse_json(str(path), path.read_bytes()), rows)
    return [p.describe(str(path)) for p in [*problems, *found.problems]]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return v3_file(tmp_path / "d.json")


def test_the_log_sits_beside_the_data_file_and_beside_a_links_target(tmp_path: Path) -> None:
    assert log.log_path("data/commitments.json") == "data/commitments.history.jsonl"
    assert log.log_path("data/mine") == "data/mine.history.jsonl"
    assert log.log_name("sub/x.JSON") == "sub/x.JSON.history.jsonl"
    (tmp_path / "real").mkdir()
    target = v3_file(tmp_path / "real" / "d.json")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert log.log_path(str(link)) == str(tmp_path / "real" / "d.history.jsonl")
    commit(str(link), set_status("considering"), by="ann", at=AT)
    assert read_log(target)[-1]["action"] == "set" and not (tmp_path / "link.history.jsonl").exists()


def test_each_line_is_the_entrys_canonical_json_and_its_id_is_its_hash(data: Path) -> None:
    commit(str(data), set_status("considering", summary="Z\u00fcrich \u2013 \u201cquoted\u201d"), by="ann", at=AT)
    lines = log_of(data).read_bytes().split(b"\n")
    assert lines[-1] == b"" and all(lines[:-1])
    for line in lines[:-1]:
        entry = json.loads(line)
        assert line.decode() == json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert entry["id"] == "h" + rawio.sha256_hex(rawio.canonical(
            {k: v for k, v in entry.items() if k != "id"}).encode())[:10]
    assert "Z\u00fcrich \u2013 \u201cquoted\u201d".encode() in lines[-2]


def test_reading_commands_never_parse_the_log_beyond_its_last_line(cli: CliRunner, data: Path) -> None:
    commit(str(data), set_status("considering"), by="ann", at=AT)
    *lines, last = log_of(data).read_bytes().splitlines(keepends=True)
    log_of(data).write_bytes(b"not json at all\n" * len(lines) + last)  # every line but the last broken
    loaded = store.load(str(data))
    assert not loaded.dataset.history.loaded  # type: ignore[attr-defined]
    for args in (("list",), ("show", "PL"), ("export",), ("list", "--format", "json")):
        done = cli("--data", str(data), *args)
        assert done.returncode == 0 and done.stderr == "", (args, done.stderr)
    done = cli("--data", str(data), "history")
    assert done.returncode == 1 and "d.history.jsonl: history line 1: is not valid JSON" in done.stderr
    with pytest.raises(DataError, match="history line 1"):
        len(loaded.dataset.history)


def test_a_writer_killed_between_its_two_steps_is_rolled_forward_by_readers_and_the_next_write(data: Path) -> None:
    """Simulated: the next write's entry appended to the log by hand, the data file left as it was."""
    before = data.read_bytes()
    raw = rawio.parse_json(str(data), before)
    pending = prepare(str(data), raw, set_status("considering"), at=AT, by="killed")
    with log_of(data).open("ab") as handle:
        handle.write(log.lines_of(pending.entries))
    loaded = store.load(str(data))  # a reader rolls it forward, in memory
    assert loaded.dataset.member("PL").status("logistics") == "considering"  # type: ignore[union-attr]
    assert loaded.dataset.heads[("commitments", "PL/logistics")].entry == pending.entries[-1]["id"]
    assert data.read_bytes() == before, "reading never writes"
    assert proved(data) != [], "until a write makes it permanent, the proof sees the file behind its log"
    commit(str(data), set_status("ruled-out", member="IT", type_="training"), by="ann", at=AT)
    written = json.loads(data.read_text(encoding="utf-8"))
    assert {(d["member"], d["type"], d["status"]) for d in written["commitments"].values()} >= {
        ("PL", "logistics", "considering"), ("IT", "training", "ruled-out")}
    assert [e["by"] for e in read_log(data)][-2:] == ["killed", "ann"]
    assert proved(data) == []


def test_an_entry_that_does_not_follow_its_records_head_is_not_rolled_forward(data: Path) -> None:
    raw = rawio.parse_json(str(data), data.read_bytes())
    stray = prepare(str(data), raw, set_status("considering"), at=AT, by="x").entries[-1]
    forged = {**stray, "parents": ["h0000000000"]}
    with log_of(data).open("ab") as handle:
        handle.write(log.entry_line({**forged, "id": ids.entry_id(forged)}))
    assert store.load(str(data)).dataset.member("PL").status("logistics") == "pledged"  # type: ignore[union-attr]


def test_a_torn_last_line_is_passed_over_and_removed_by_the_next_write(data: Path) -> None:
    whole = log_of(data).read_bytes()
    with log_of(data).open("ab") as handle:
        handle.write(b'{"action":"set","after":{"conditi')  # a writer killed in the middle of its append
    loaded = store.load(str(data))
    assert len(loaded.dataset.history) == len(whole.splitlines())
    assert proved(data) == [], "a torn line is what a kill leaves, not a problem"
    commit(str(data), set_status("considering"), by="ann", at=AT)
    assert log_of(data).read_bytes().startswith(whole) and b"conditi\n" not in log_of(data).read_bytes()
    assert proved(data) == []


def test_when_the_data_file_cannot_be_replaced_the_entry_is_taken_back(data: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from pledge_tui.dataset import storage

    before = data.read_bytes(), log_of(data).read_bytes()

    def full(self: object, tables: object, **_: object) -> None:
        raise WriteError(f"{data}: cannot be written: no space left on the device (the file is unchanged)")

    monkeypatch.setattr(storage.AtomicJSONStorage, "write", full)
    with pytest.raises(WriteError, match="no space left"):
        commit(str(data), set_status("considering"), by="ann", at=AT)
    assert (data.read_bytes(), log_of(data).read_bytes()) == before


def test_a_read_only_data_file_is_refused_before_the_log_is_touched(data: Path) -> None:
    before = log_of(data).read_bytes()
    data.chmod(0o444)
    try:
        with pytest.raises(WriteError, match="read-only"):
            commit(str(data), set_status("considering"), by="ann", at=AT)
    finally:
        data.chmod(0o644)
    assert log_of(data).read_bytes() == before


def test_a_version_3_file_without_its_log(cli: CliRunner, data: Path) -> None:
    log_of(data).unlink()
    before = data.read_bytes()
    with pytest.raises(DataError, match="history log of a schema-version-3 data file is missing"):
        commit(str(data), set_status("considering"), by="ann", at=AT)
    assert data.read_bytes() == before and not log_of(data).exists()
    assert cli("--data", str(data), "list").returncode == 0
    done = cli("--data", str(data), "history")
    assert done.returncode == 1 and "d.history.jsonl: no such file" in done.stderr


def test_a_write_reads_no_more_of_the_log_than_its_last_line(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def whole_log(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole log was read")

    monkeypatch.setattr(log, "parse_log", whole_log)
    monkeypatch.setattr(log, "read_entries", whole_log)
    for n in range(3):
        assert commit(str(data), set_status(("considering", "pledged")[n % 2]), by="ann", at=AT).entry_id


def test_undo_and_adopt_read_the_whole_log(data: Path) -> None:
    commit(str(data), set_status("considering"), by="ann", at=AT)
    done = commit(str(data), ReadsLog(edits.undo), by="ann", at=AT)
    assert done.change is not None and done.change.key == "PL/logistics"


def test_a_clock_behind_the_newest_entry_borrows_its_time_and_says_so(cli: CliRunner, data: Path) -> None:
    ahead = {"SOURCE_DATE_EPOCH": "1773136800", "PLEDGE_TUI_USER": "ann"}  # 2026-03-10T10:00:00Z
    behind = {"SOURCE_DATE_EPOCH": "1773133200", "PLEDGE_TUI_USER": "bob"}  # an hour earlier
    assert cli("--data", str(data), "set", "PL", "logistics", "considering", "--source", "S1", env=ahead).stderr \
        .count("\n") == 1
    done = cli("--data", str(data), "set", "IT", "training", "pledged", "--source", "S1", env=behind)
    assert done.returncode == 0
    warning, said = done.stderr.splitlines()
    assert warning == ("pledge-tui: warning: this machine's clock (2026-03-10T09:00:00Z) is behind the newest history "
                       "entry (2026-03-10T10:00:00Z); the change is recorded at 2026-03-10T10:00:00Z instead, so that "
                       "history never goes backwards (check the clock)")
    assert said.startswith("pledge-tui: set IT/training") and read_log(data)[-1]["at"] == "2026-03-10T10:00:00Z"


def test_init_copies_the_data_file_and_its_log_and_never_overwrites(cli: CliRunner, tmp_path: Path) -> None:
    done = cli("init", "mine.json")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "mine.json").read_bytes() == BUNDLED.read_bytes()
    assert (tmp_path / "mine.history.jsonl").read_bytes() == BUNDLED_LOG.read_bytes()
    (tmp_path / "other.history.jsonl").write_text("someone's\n")
    done = cli("init", "other.json")
    assert done.returncode == 2 and "other.history.jsonl already exists" in done.stderr
    assert not (tmp_path / "other.json").exists() and (tmp_path / "other.history.jsonl").read_text() == "someone's\n"
    assert cli("--data", "mine.json", "set", "PL", "air-patrol", "pledged", "--source", "S2", "--summary", "x",
               env={"PLEDGE_TUI_USER": "ann"}).returncode == 0
    assert cli("--data", "mine.json", "validate").returncode == 0


def test_the_package_ships_the_data_file_and_its_log() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert shipped == {"data/commitments.json": "pledge_tui/data/commitments.json",
                       "data/commitments.history.jsonl": "pledge_tui/data/commitments.history.jsonl"}
    assert all((ROOT / name).is_file() for name in shipped)


def test_a_hand_edited_record_is_refused_by_the_write_until_adopted(data: Path) -> None:
    raw = json.loads(data.read_text(encoding="utf-8"))
    raw["commitments"]["2"]["summary"] = "Changed by hand."
    data.write_bytes(rawio.serialize(raw))
    with pytest.raises(RefusedError) as refused:
        commit(str(data), set_status("considering"), by="ann", at=AT)
    (problem,) = refused.value.problems
    head = raw["heads"][next(k for k, h in raw["heads"].items() if h["key"] == "PL/logistics")]["entry"]
    assert problem.describe(str(data)) == (f'{data}: commitments "PL/logistics": differs from the result of history '
                                           f"entry {head}; record it with pledge-tui adopt")
    commit(str(data), set_status("ruled-out", member="IT", type_="training"), by="ann", at=AT)  # others: fine
    commit(str(data), ReadsLog(functools.partial(edits.adopt, sources=["S2"], note="seen in the press")), by="ann",
           at=AT)
    assert commit(str(data), set_status("considering"), by="ann", at=AT).entry_id
    assert proved(data) == []


def test_files_append_lines_cuts_a_torn_line_first(tmp_path: Path) -> None:
    target = tmp_path / "x.jsonl"
    target.write_bytes(b"one\ntw")
    assert files.append_lines(str(target), b"three\n") == 4
    assert target.read_bytes() == b"one\nthree\n"
    files.truncate_to(str(target), 4)
    assert target.read_bytes() == b"one\n"
    target.write_bytes(b"")
    files.append_lines(str(target), b"a\n")
    assert target.read_bytes() == b"a\n"
    os.chmod(target, 0o444)
    try:
        with pytest.raises(WriteError, match="read-only"):
            files.append_lines(str(target), b"b\n")
    finally:
        os.chmod(target, 0o644)


def _entries_checked_field_by_field(rows: list[tuple[int, Any]]) -> Any:
    """`validate.check_log_entries` with its compiled predicates never passing: every entry checked field by
    field, as before they existed."""
    from pledge_tui.dataset import validate

    saved = list(validate._ENTRY_CHECKS)
    validate._ENTRY_CHECKS[:] = [((lambda doc: False), (lambda doc: False))]
    try:
        return validate.check_log_entries(rows, None)
    finally:
        validate._ENTRY_CHECKS[:] = saved


_MUTATIONS: list[tuple[str, Any]] = [
    ("id", "h123"), ("id", None), ("at", "2026-03-10 09:00"), ("by", "two\nlines"), ("by", 3), ("action", "sett"),
    ("action", "undo"), ("table", "people"), ("key", ""), ("before", []), ("after", "x"), ("sources", "S1"),
    ("sources", ["S1", "S1"]), ("note", None), ("parents", "h0123456789"), ("parents", [1]), ("undoes", "h0123456789"),
    ("undoes", "nope"), ("renumbered", {}), ("extra", 1), ("id", "H0123456789"),
]


@pytest.mark.parametrize(("field", "value"), [*_MUTATIONS, ("-id", None), ("-parents", None), (None, None)])
def test_log_entries_checked_by_the_compiled_predicates_are_checked_exactly_as_field_by_field(
        data: Path, field: str | None, value: Any) -> None:
    from pledge_tui.dataset.validate import check_log_entries

    rows, _ = log.parse_log("log", log_of(data).read_bytes())
    undo = next(doc for _, doc in rows if doc["action"] != "upgrade")
    rows = [*rows, (len(rows) + 1, {**undo, "action": "undo", "undoes": undo["id"]})]
    if field is not None:
        line, doc = rows[-2]
        changed = dict(doc)
        if field.startswith("-"):
            del changed[field[1:]]
        else:
            changed[field] = value
        rows[-2] = (line, changed)
    assert check_log_entries(rows, None) == _entries_checked_field_by_field(rows)
