"""A history log validated before is read without its checks (`dataset.log_trusted`, README "Decisions"):
the entries are the ones the checks build from the same bytes, only bytes that passed are trusted, and
only read commands trust.

Every test here runs with its own $XDG_CACHE_HOME (the `cache` fixture)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pledge_tui.dataset import log, log_trusted, store, validated
from pledge_tui.errors import DataError
from tests.clones import EDITS, edited_clone_file, every_kind_of_entry, set_cell, v3_clone
from tests.common import CliRunner, own_cache_folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder for this test (in this process and in the processes it starts)."""
    return own_cache_folder(tmp_path, monkeypatch)


LOG = every_kind_of_entry().log_bytes()


def test_the_trusted_entries_are_the_checked_ones() -> None:
    trusted = log_trusted.trusted_entries(LOG)
    assert trusted is not None
    assert tuple(trusted) == log._checked("log", LOG)
    assert [e.seq for e in trusted] == list(range(1, len(trusted) + 1))
    assert {e.action for e in trusted} >= {"baseline", "set", "add-source", "add-event", "undo", "merge"}
    assert tuple(log_trusted.trusted_entries(LOG + b'{"torn": ') or ()) == tuple(trusted), \
        "a torn last line is passed over, as the checks pass over it"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["PL", "IT"]), st.sampled_from(["logistics", "training", "monitoring"]),
                          st.sampled_from(["considering", "ruled-out"]), st.text(max_size=30)),
                min_size=1, max_size=6))
def test_for_any_edits_the_trusted_entries_are_the_checked_ones(edits: list[tuple[str, str, str, str]]) -> None:
    clone = v3_clone()
    for member, type_, status, note in edits:
        set_cell(clone, member, type_, status, ["S1"], note=note)
    data = clone.log_bytes()
    assert tuple(log_trusted.trusted_entries(data) or ()) == log._checked("log", data)


def _saved(tmp_path: Path) -> Path:
    clone = v3_clone()
    set_cell(clone, "PL", "logistics", "considering", ["S1"], note="first",
             summary="Kept \u2028 inert \u202e and \x7f escaped — in JSON.")
    return clone.save(tmp_path / "d.json")


def _log_entry(cache: Path, path: Path) -> Path:
    digest = hashlib.sha256(Path(log.log_path(str(path))).read_bytes()).hexdigest()
    return cache / f"log-{digest}"


def test_a_read_command_remembers_a_log_that_passed_and_trusts_it_next_time(
        tmp_path: Path, cache: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _saved(tmp_path)
    first = cli("--data", str(path), "history", "--format", "json")
    assert first.returncode == 0, first.stderr
    assert _log_entry(cache, path).read_text(encoding="utf-8") == validated.stamp()
    monkeypatch.setattr(log, "_checked", lambda *a: pytest.fail("a log validated before was checked again"))
    loaded = store.load(str(path), trust_cache=True).dataset
    assert len(loaded.history) > 2 and loaded.history[-1].note == "first"
    again = cli("--data", str(path), "history", "--format", "json")
    assert again.stdout == first.stdout, "msgspec's bytes (a log checked before) are json's"
    assert "\\u2028" in again.stdout and "\\u202e" in again.stdout and "\\u007f" in again.stdout


def test_a_log_that_changed_since_is_checked_again(tmp_path: Path, cache: Path, cli: CliRunner) -> None:
    path = _saved(tmp_path)
    assert cli("--data", str(path), "history").returncode == 0
    log_file = Path(log.log_path(str(path)))
    log_file.write_bytes(log_file.read_bytes() + b'{"action":"set"}\n')
    done = cli("--data", str(path), "history")
    assert done.returncode == 1 and "d.history.jsonl" in done.stderr and "Traceback" not in done.stderr


def test_a_log_that_fails_is_not_remembered_and_validate_never_trusts(tmp_path: Path, cache: Path,
                                                                       cli: CliRunner) -> None:
    path = _saved(tmp_path)
    log_file = Path(log.log_path(str(path)))
    log_file.write_bytes(log_file.read_bytes() + b'{"action":"set"}\n')
    with pytest.raises(DataError):
        len(store.load(str(path), trust_cache=True).dataset.history)
    assert not _log_entry(cache, path).exists()
    validated.remember(hashlib.sha256(log_file.read_bytes()).hexdigest(), "log")  # a forged entry ...
    assert cli("--data", str(path), "validate").returncode == 1, "... never reaches validate"


def test_a_data_file_entry_never_vouches_for_a_log(tmp_path: Path, cache: Path) -> None:
    path = _saved(tmp_path)
    digest = hashlib.sha256(Path(log.log_path(str(path))).read_bytes()).hexdigest()
    validated.remember(digest)  # as if a data file had these bytes
    assert not validated.is_validated(digest, "log")
    assert validated.is_validated(digest, "data")


def test_the_skims_give_the_same_entries_whole() -> None:
    skims = log_trusted.skimmed(LOG)
    trusted = log_trusted.trusted_entries(LOG)
    assert skims is not None and trusted is not None
    assert [skim.entry() for skim in skims] == list(trusted)
    assert [(s.id, s.at, s.action, s.table, s.key, s.undoes, s.seq) for s in skims] == \
        [(e.id, e.at, e.action, e.table, e.key, e.undoes, e.seq) for e in trusted]


@settings(max_examples=20, deadline=None)
@given(EDITS, st.integers(min_value=1, max_value=31))
def test_at_any_moment_the_skimmed_history_rebuilds_the_same_dataset(edits: list[tuple[str, str, str]],
                                                                    day: int) -> None:
    import tempfile

    from pledge_tui.dataset.replay import dataset_at, history_starts, keyed_documents
    from pledge_tui.views.blame import blame

    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(Path(folder) / "cache"))
        path = edited_clone_file(Path(folder), edits)
        assert len(store.load(str(path), trust_cache=True).dataset.history) > 0  # checked, remembered
        skimmed = store.load(str(path), trust_cache=True).dataset
        whole = store.load(str(path)).dataset
        assert skimmed.history.skim() is not None and whole.history.skim() is None  # type: ignore[attr-defined]
        moment = f"2026-04-{day:02d}T10:00:00Z"
        assert history_starts(skimmed) == history_starts(whole)
        then, then_whole = dataset_at(skimmed, moment), dataset_at(whole, moment)
        assert keyed_documents(then) == keyed_documents(then_whole)
        for member_id in ("PL", "IT"):
            member = whole.member(member_id)
            assert member is not None
            assert blame(skimmed, member) == blame(whole, member)
            assert blame(skimmed, member, "logistics") == blame(whole, member, "logistics")
        assert not skimmed.history.loaded, "only the entries shown were read whole"  # type: ignore[attr-defined]
        assert tuple(then.history) == tuple(then_whole.history)


def test_a_record_with_a_float_is_read_as_json_reads_it() -> None:
    line = LOG.split(b"\n")[-2]
    with_float = line.replace(b'"after":{', b'"after":{"x":1e16,"y":1e999,', 1)
    assert with_float != line
    data = LOG + with_float + b"\n"
    assert log_trusted.trusted_entries(data) is None, "msgspec would not write it back as json does"
    skims = log_trusted.skimmed(data)
    assert skims is not None
    after = skims[-1].entry().after
    assert after is not None and after["x"] == 1e16 and after["y"] == float("inf")


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers(-10**15, 10**15)
                    | st.text(st.sampled_from(["a", "é", "—", "\n", "\t", '"', "\\", "\x00", "\x7f", "\x85",
                                               "\u061c", "\u200b", "\u2028", "\u202e", "\u2066", "\ufeff", "😀"])),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                    max_leaves=12), st.booleans())
def test_the_history_json_bytes_are_dumps_text(value: object, pretty: bool) -> None:
    import msgspec  # noqa: F401 (loaded: `encoded` takes msgspec)

    from pledge_tui.formats import changes_json

    data = changes_json.encoded(value, pretty=pretty)
    assert data is not None
    assert data.decode("utf-8") + "\n" == changes_json.dumps(value, pretty=pretty)


def test_the_history_structs_write_what_the_dicts_write() -> None:
    """`encoded_history` makes each entry a Struct with `history_entry_json`'s keys in its order: on the
    bundled data's history (every table, every kind of entry) the bytes are the dicts' bytes."""
    import msgspec  # noqa: F401 (loaded: `encoded` takes msgspec)

    from pledge_tui.formats import changes_json
    from pledge_tui.views.changes import history_lines
    from tests.common import BUNDLED

    lines = history_lines(store.load(str(BUNDLED)).dataset)
    assert {line.table for line in lines} >= {"commitments", "members", "sources", "events", "meta"}
    for pretty in (False, True):
        assert changes_json.encoded_history(lines, pretty=pretty) == \
            changes_json.encoded(changes_json.history_json(lines), pretty=pretty)
