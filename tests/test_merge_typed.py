"""The merge driver's fast paths for large inputs (README "Team work"; store.validated_tables, log_typed,
fastjson, the plan's common case, the result's documents known valid) give what the field-by-field paths
give: the same bytes written, the same messages, the same exit codes, for clean merges, conflicts, results
that would not validate and bad input files.

Each case runs the driver on both files twice: once with every input read by the typed path (the threshold
at 0) and once with every fast path off (`json` in, `json` out, `ids.record_digest`)."""

from __future__ import annotations

import contextlib
import functools
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledge_tui.cli import team
from pledge_tui.cli.main import main
from pledge_tui.dataset import decode, edits, ids, log, log_typed, merge_v3, rawio, store
from tests.clones import Clone, add_event, add_source, branches, set_cell

Case = Callable[[], tuple[Clone, Clone, Clone]]


def _renumbered() -> tuple[Clone, Clone, Clone]:
    base, ours, theirs = branches()
    add_event(ours, "Vilnius talks", [add_source(ours, "Ours é")])
    set_cell(theirs, "IT", "monitoring", "considering", [add_source(theirs, "Theirs 😀")], note="a\nb")
    return base, ours, theirs


def _conflict() -> tuple[Clone, Clone, Clone]:
    base, ours, theirs = branches()
    set_cell(ours, "PL", "logistics", "considering", ["S1"])
    set_cell(theirs, "PL", "logistics", "ruled-out", ["S2"])
    set_cell(theirs, "US", "backstop", "pledged", ["S2"])
    return base, ours, theirs


def _joined() -> tuple[Clone, Clone, Clone]:
    base, ours, theirs = branches()
    set_cell(ours, "PL", "monitoring", "pledged", ["S1"], summary="Same.")
    set_cell(theirs, "PL", "monitoring", "pledged", ["S1"], summary="Same.")
    theirs.write(functools.partial(edits.edit_meta, as_of="2026-04", sources=["S1"]))
    return base, ours, theirs


def _invalid_result() -> tuple[Clone, Clone, Clone]:
    base, _, _ = branches()
    added = add_source(base, "Soon gone")
    ours, theirs = base.copy(by="ours"), base.copy(by="theirs")
    ours.undo()
    set_cell(theirs, "PL", "monitoring", "pledged", [added])
    return base, ours, theirs


CASES: dict[str, Case] = {"renumbered": _renumbered, "conflict": _conflict, "joined": _joined,
                          "invalid result": _invalid_result}


def _fast_paths_off(patch: pytest.MonkeyPatch) -> None:
    patch.setattr(store, "TYPED_FROM_BYTES", store.MAX_BYTES)
    patch.setattr(merge_v3, "_digester", lambda: ids.record_digest)
    patch.setattr(team, "_serialized", rawio.serialize)
    patch.setattr(team, "_log_lines", log.lines_of)


def _drive(folder: Path, files: dict[str, tuple[bytes, bytes]], *, typed: bool,
           capsys: pytest.CaptureFixture[str]) -> list[Any]:
    """Both runs of the driver on copies of `files` (name -> data file, log); what each wrote and said."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name, (data, history) in files.items():
        (folder / f"{name}.json").write_bytes(data)
        (folder / f"{name}.history.jsonl").write_bytes(history)
    outcome: list[Any] = []
    with pytest.MonkeyPatch.context() as patch, contextlib.chdir(folder):
        if typed:
            patch.setattr(store, "TYPED_FROM_BYTES", 0)
        else:
            _fast_paths_off(patch)
        for suffix in (".json", ".history.jsonl"):
            code = main(["merge", *(f"{name}{suffix}" for name in ("base", "ours", "theirs"))])
            outcome.append((code, capsys.readouterr().err, (folder / f"ours{suffix}").read_bytes()))
    return outcome


def _files(base: Clone, ours: Clone, theirs: Clone) -> dict[str, tuple[bytes, bytes]]:
    return {name: (rawio.serialize(clone.tables), clone.log_bytes())
            for name, clone in (("base", base), ("ours", ours), ("theirs", theirs))}


def _agree(tmp_path: Path, files: dict[str, tuple[bytes, bytes]], capsys: pytest.CaptureFixture[str]) -> list[Any]:
    slow = _drive(tmp_path / "slow", files, typed=False, capsys=capsys)
    fast = _drive(tmp_path / "fast", files, typed=True, capsys=capsys)
    assert fast == slow
    return fast


@pytest.mark.parametrize("case", CASES)
def test_the_typed_paths_merge_as_the_field_by_field_paths_do(case: str, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    files = _files(*CASES[case]())
    for data, history in files.values():
        assert decode.check(data) is not None and log_typed.checked_entries(history) is not None, "typed path taken"
    outcome = _agree(tmp_path, files, capsys)
    if case == "conflict":
        assert outcome[0][0] == 1 and "conflict: " in outcome[0][1]
    if case == "invalid result":
        assert outcome[0][0] == 1 and "would not be valid" in outcome[0][1]


BAD_DATA = [
    lambda data: data.replace(b'"lead": false,', b'"lead": false,\n      "lead": true,', 1),
    lambda data: data.replace(b'"lead": false', b'"lead": 0.5', 1),
    lambda data: data.replace(b'"lead": false', b'"lead": NaN', 1),
    lambda data: b"\xef\xbb\xbf" + data,
    lambda data: data.replace(b'"status": "', b'"status": "x', 1),
    lambda data: data.replace(b'"sources": [', b'"sources": ["S99", ', 1),
]
BAD_LOG = [
    lambda data: data.replace(b"\n", b"\n\n", 1),
    lambda data: data.replace(b'"note":', b'"note":"","note":', 1),
    lambda data: data.replace(b'"after":{', b'"after":{"x":0.5,', 1),
    lambda data: data.replace(b'"at":"2', b'"at":"1', 1),
    lambda data: data.replace(b'"note":"', b'"note":"\\ud800', 1),
]


@pytest.mark.parametrize("side", ["base", "ours", "theirs"])
@pytest.mark.parametrize("damage", range(len(BAD_DATA) + len(BAD_LOG)))
def test_a_bad_input_is_refused_the_same_way(side: str, damage: int, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    files = _files(*_renumbered())
    data, history = files[side]
    if damage < len(BAD_DATA):
        files[side] = (BAD_DATA[damage](data), history)
        assert files[side][0] != data
    else:
        files[side] = (data, BAD_LOG[damage - len(BAD_DATA)](history))
        assert files[side][1] != history
    _agree(tmp_path, files, capsys)


ops = st.lists(st.tuples(st.sampled_from(["add-source", "set", "add-event", "undo"]), st.integers(0, 3),
                         st.integers(0, 3)), max_size=6)


def _play(clone: Clone, who: str, program: list[tuple[str, int, int]]) -> None:
    for n, (op, a, b) in enumerate(program):
        clone.at = f"2026-03-11T09:{10 + n:02d}:{0 if who == 'ours' else 30:02d}Z"
        if op == "add-source":
            add_source(clone, f"{who} {n}")
        elif op == "add-event":
            add_event(clone, f"{who} event {n}", ["S1"])
        elif op == "undo" and clone.entries[-1]["action"] not in ("baseline", "undo", "merge"):
            clone.undo()
        elif op == "set":
            set_cell(clone, ("PL", "IT", "US")[a % 3], ("monitoring", "training")[b % 2],
                     ("pledged", "considering")[(a + b) % 2], [f"S{1 + b % 3}"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(ours_ops=ops, theirs_ops=ops)
def test_random_edits_merge_the_same_either_way(ours_ops: list[tuple[str, int, int]],
                                                theirs_ops: list[tuple[str, int, int]], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    base, ours, theirs = branches()
    _play(ours, "ours", ours_ops)
    _play(theirs, "theirs", theirs_ops)
    _agree(tmp_path, _files(base, ours, theirs), capsys)
