"""The kept skims of large history logs checked before (`dataset.skim_cache`, README "Decisions"): `list --at`
and `blame` read a log's skim from its entry, and get what skimming the log gives; a missing, corrupt or
foreign entry changes nothing but the time taken; only bytes that passed the checks are ever kept.

Logs of `skim_cache.FROM_BYTES` (1 MiB) or more are kept; these tests lower that to 0 so that small logs take
the same path. $XDG_CACHE_HOME is each test's own folder."""

from __future__ import annotations

import hashlib
import marshal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings

from pledge_tui.dataset import kept, log, log_trusted, skim_cache, store
from pledge_tui.dataset.replay import dataset_at, history_starts, keyed_documents
from pledge_tui.views.blame import blame
from tests.clones import EDITS, edited_clone_file, every_kind_of_entry
from tests.common import own_cache_folder

LOG = every_kind_of_entry().log_bytes()
DIGEST = hashlib.sha256(LOG).hexdigest()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder, and every log counted as large."""
    monkeypatch.setattr(skim_cache, "FROM_BYTES", 0)
    return own_cache_folder(tmp_path, monkeypatch)


def _fields(skim: object) -> tuple[object, ...]:
    return tuple(getattr(skim, name) for name in ("id", "at", "action", "table", "key", "undoes", "seq"))


def _kept(data: bytes) -> list[skim_cache.KeptSkim]:
    digest = hashlib.sha256(data).hexdigest()
    skims = log_trusted.skimmed(data)
    assert skims is not None
    skim_cache.save(digest, data, skims)
    loaded = skim_cache.load(digest, data)
    assert loaded is not None
    return list(loaded)


def test_the_kept_skims_are_the_skims_and_give_the_same_entries(cache: Path) -> None:
    skims = log_trusted.skimmed(LOG)
    assert skims is not None
    kept_skims = _kept(LOG)
    assert [_fields(k) for k in kept_skims] == [_fields(s) for s in skims]
    assert [k.entry() for k in kept_skims] == [s.entry() for s in skims]
    assert [k.records() for k in kept_skims] == [s.records() for s in skims]
    assert [k.records() for k in kept_skims] == [(s.entry().before, s.entry().after) for s in skims]
    assert {k.action for k in kept_skims} >= {"baseline", "set", "add-source", "add-event", "undo", "merge"}


def test_a_torn_last_line_is_passed_over_as_the_skim_passes_it_over(cache: Path) -> None:
    data = LOG + b'{"torn": '
    assert [_fields(k) for k in _kept(data)] == [_fields(s) for s in log_trusted.skimmed(LOG) or ()]


def test_a_record_with_a_float_is_read_as_json_reads_it(cache: Path) -> None:
    line = LOG.split(b"\n")[-2]
    data = LOG + line.replace(b'"after":{', b'"after":{"x":1e16,"y":1e999,', 1) + b"\n"
    last = _kept(data)[-1]
    _, after = last.records()
    assert after is not None and after["x"] == 1e16 and after["y"] == float("inf")
    assert last.entry() == (log_trusted.skimmed(data) or [])[-1].entry()


@pytest.mark.parametrize("spoil", ["truncate", "garbage", "other stamp", "wrong shape", "columns of two lengths",
                                   "no entries", "past the end", "empty"])
def test_a_spoilt_entry_is_no_entry(cache: Path, spoil: str) -> None:
    _kept(LOG)
    entry = cache / f"{skim_cache.PREFIX}{DIGEST}"
    held = entry.read_bytes()
    header = kept.header()
    columns = marshal.loads(held[len(header):])
    spoilt = {"truncate": held[: len(held) - 40], "garbage": header + b"\xff" * 64,
              "other stamp": b"pledge-tui 0.0.0\n" + held[len(header):],
              "wrong shape": header + marshal.dumps((1, 2, 3)),
              "columns of two lengths": header + marshal.dumps((*columns[:7], columns[7][:-1])),
              "no entries": header + marshal.dumps(((),) * 8),
              "past the end": header + marshal.dumps((*columns[:7], (*columns[7][:-1], len(LOG)))),
              "empty": b""}[spoil]
    entry.write_bytes(spoilt)
    assert skim_cache.load(DIGEST, LOG) is None


def test_only_the_newest_entries_are_kept_and_small_logs_never(tmp_path: Path, cache: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    skims = log_trusted.skimmed(LOG)
    assert skims is not None
    digests = [hashlib.sha256(str(n).encode()).hexdigest() for n in range(skim_cache.KEEP + 2)]
    for digest in digests:
        skim_cache.save(digest, LOG, skims)
    names = sorted(p.name for p in cache.iterdir() if p.name.startswith(skim_cache.PREFIX))
    assert len(names) == skim_cache.KEEP and f"{skim_cache.PREFIX}{digests[-1]}" in names
    monkeypatch.setattr(skim_cache, "FROM_BYTES", len(LOG) + 1)
    skim_cache.save(DIGEST, LOG, skims)
    assert not (cache / f"{skim_cache.PREFIX}{DIGEST}").exists()
    skim_cache.save(DIGEST, LOG[:-1], skims[:-1])  # a line more than skims: refused
    skim_cache.save("../../escape", LOG, skims)
    assert skim_cache.load("../../escape", LOG) is None


def test_only_a_read_of_a_log_checked_before_keeps_its_skim(tmp_path: Path, cache: Path) -> None:
    path = edited_clone_file(tmp_path, [("PL", "logistics", "considering"), ("IT", "training", "ruled-out")])
    entry = cache / f"{skim_cache.PREFIX}{hashlib.sha256(Path(log.log_path(str(path))).read_bytes()).hexdigest()}"
    assert store.load(str(path)).dataset.history.skim() is None  # type: ignore[attr-defined]
    first = store.load(str(path), trust_cache=True).dataset
    assert first.history.skim() is None and len(first.history) > 0  # type: ignore[attr-defined]  # checked
    assert not entry.exists(), "checking the log keeps nothing"
    second = store.load(str(path), trust_cache=True).dataset.history.skim()  # type: ignore[attr-defined]
    assert second is not None and not isinstance(second[0], skim_cache.KeptSkim) and entry.exists()
    third = store.load(str(path), trust_cache=True).dataset.history.skim()  # type: ignore[attr-defined]
    assert third is not None and isinstance(third[0], skim_cache.KeptSkim)
    assert [_fields(k) for k in third] == [_fields(s) for s in second]


@settings(max_examples=15, deadline=None)
@given(EDITS)
def test_at_any_moment_the_kept_skim_rebuilds_and_blames_as_the_whole_history(
        edits: list[tuple[str, str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(Path(folder) / "cache"))
        patch.setattr(skim_cache, "FROM_BYTES", 0)
        path = edited_clone_file(Path(folder), edits)
        assert len(store.load(str(path), trust_cache=True).dataset.history) > 0  # checked, remembered
        assert store.load(str(path), trust_cache=True).dataset.history.skim() is not None  # type: ignore[attr-defined]
        kept_read = store.load(str(path), trust_cache=True).dataset
        whole = store.load(str(path)).dataset
        skims = kept_read.history.skim()  # type: ignore[attr-defined]
        assert skims is not None and isinstance(skims[0], skim_cache.KeptSkim)
        assert history_starts(kept_read) == history_starts(whole)
        for day in (1, 2, 3, 15, 31):
            moment = f"2026-04-{day:02d}T10:00:00Z"
            assert keyed_documents(dataset_at(kept_read, moment)) == keyed_documents(dataset_at(whole, moment))
        for member_id in ("PL", "IT"):
            member = whole.member(member_id)
            assert member is not None
            assert blame(kept_read, member) == blame(whole, member)
            assert blame(kept_read, member, "logistics") == blame(whole, member, "logistics")
        assert not kept_read.history.loaded  # type: ignore[attr-defined]


def test_blame_reads_whole_only_the_entries_it_walks_back_to(tmp_path: Path, cache: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    edits = [("PL", "logistics", status) for status in ("considering", "ruled-out") * 6]
    path = edited_clone_file(tmp_path, edits)
    assert len(store.load(str(path), trust_cache=True).dataset.history) > 0  # checked, remembered
    store.load(str(path), trust_cache=True).dataset.history.skim()  # type: ignore[attr-defined]  # kept
    dataset = store.load(str(path), trust_cache=True).dataset
    skims = dataset.history.skim()  # type: ignore[attr-defined]
    assert skims is not None and isinstance(skims[0], skim_cache.KeptSkim)
    read: list[str] = []
    whole = skim_cache.KeptSkim.entry

    def counted(self: skim_cache.KeptSkim) -> object:
        read.append(self.id)
        return whole(self)

    monkeypatch.setattr(skim_cache.KeptSkim, "entry", counted)
    member = dataset.member("PL")
    assert member is not None
    shown = blame(dataset, member)  # per cell: the newest entry of each
    logistics = next(line for line in shown.cells if line.field == "logistics")
    assert logistics.entry is not None and logistics.entry.action == "undo"  # (`_edited` ends with one)
    about = [s for s in skims if s.key == "PL/logistics" and s.action != "upgrade"]
    assert len(about) >= 12 and 0 < len(read) < len(about) / 2, "not every entry of the cell was read whole"


LIST_AT = """
import sys
from pledge_tui.cli.main import main
code = main(["--data", sys.argv[1], "list", "--format", "json", "--at", "2026-04-02T12:00:00Z",
             "--now", "2026-12-01T00:00:00Z"])
print("msgspec" in sys.modules, code, file=sys.stderr)
"""


def test_list_at_from_a_kept_skim_imports_no_msgspec(tmp_path: Path, cache: Path) -> None:
    path = edited_clone_file(tmp_path, [("PL", "logistics", "considering"), ("IT", "training", "ruled-out"),
                              ("PL", "logistics", "ruled-out")])
    env = {"XDG_CACHE_HOME": str(cache.parent.parent), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    outputs = []
    for _ in range(3):  # checked; skimmed and kept; read from the kept skim (FROM_BYTES lowered in the child)
        done = subprocess.run([sys.executable, "-c", "from pledge_tui.dataset import skim_cache\n"
                               "skim_cache.FROM_BYTES = 0\n" + LIST_AT, str(path)],
                              capture_output=True, text=True, env=env, check=False)
        outputs.append(done)
    assert [o.stderr.split()[-2:] for o in outputs] == [["True", "0"], ["True", "0"], ["False", "0"]]
    assert outputs[0].stdout == outputs[1].stdout == outputs[2].stdout and outputs[2].stdout.startswith("[")
