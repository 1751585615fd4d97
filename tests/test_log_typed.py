"""The typed read of a history log (`dataset.log_typed`, the merge driver's path for large logs) agrees with
`log.parse_log` and `validate.check_log_entries`: it vouches for a log only if they accept it, with the same
entries, and leaves everything else to them (which word the problems)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pledge_tui.dataset import log, log_typed
from pledge_tui.dataset.validate import check_log_entries
from tests.clones import every_kind_of_entry
from tests.strategies import FUZZ

LOG = every_kind_of_entry().log_bytes()


def slow(data: bytes) -> list[dict[str, Any]] | None:
    """What `parse_log` and `check_log_entries` accept: the entries, or None for any problem."""
    try:
        rows, problems = log.parse_log("log", data)
    except Exception:  # (a byte-order mark: the file as a whole)
        return None
    if problems or check_log_entries(rows, None)[1]:
        return None
    return [doc for _, doc in rows]


def test_a_valid_log_takes_the_typed_path_and_gives_the_same_entries() -> None:
    entries = log_typed.checked_entries(LOG)
    assert entries is not None and entries == slow(LOG)
    assert {e["action"] for e in entries} >= {"baseline", "set", "add-source", "add-event", "undo", "merge"}
    assert any("renumbered" in e for e in entries)
    assert log_typed.checked_entries(LOG + b'{"torn": ') == entries, "a torn last line is passed over"


LINES = LOG.split(b"\n")[:-1]
DAMAGE: list[Callable[[dict[str, Any]], dict[str, Any]]] = [
    lambda doc: {**doc, "extra": 1},
    lambda doc: {k: v for k, v in doc.items() if k != "note"},
    lambda doc: {**doc, "after": 1.5},
    lambda doc: {**doc, "after": {**(doc["after"] or {}), "x": 0.25}},
    lambda doc: {**doc, "at": "2026-02-30T00:00:00Z"},
    lambda doc: {**doc, "at": "1999-01-01T00:00:00Z"},
    lambda doc: {**doc, "parents": [doc["id"], doc["id"]]},
    lambda doc: {**doc, "parents": ["h0", "h1", "h2"]},
    lambda doc: {**doc, "parents": "h0123456789"},
    lambda doc: {**doc, "action": "undo"},
    lambda doc: {**doc, "undoes": doc["id"]},
    lambda doc: {**doc, "sources": []},
    lambda doc: {**doc, "sources": ["S1", "S1"]},
    lambda doc: {**doc, "by": ""},
    lambda doc: {**doc, "key": "a\nb"},
    lambda doc: {**doc, "table": "nothing"},
    lambda doc: {**doc, "before": doc["after"]},
    lambda doc: {**doc, "renumbered": {}},
    lambda doc: {**doc, "renumbered": {"sources": {"S9": "S1"}}},
    lambda doc: {**doc, "id": "x"},
]
RAW: list[Callable[[bytes], bytes]] = [
    lambda line: line.replace(b'"note":', b'"note":"twice","note":', 1),
    lambda line: line.replace(b'"by":', b'"by\\u003a":', 1),
    lambda line: b"",
    lambda line: b"  ",
    lambda line: line + b" " + line,
    lambda line: line[:-1],
    lambda line: b"\xef\xbb\xbf" + line,
    lambda line: line.replace(b'"', b'"\xff', 1),
    lambda line: line.replace(b'"note":"', b'"note":"\\ud800', 1),
    lambda line: line.replace(b'"note":"', b'"note":NaN,"x":"', 1),
    lambda line: b"[" + line + b"]",
    lambda line: line + b"\r",
]


@FUZZ
@given(st.integers(0, len(LINES) - 1), st.integers(0, len(DAMAGE) + len(RAW) - 1))
def test_a_damaged_log_is_vouched_for_only_if_the_field_by_field_path_accepts_it(at: int, which: int) -> None:
    lines = list(LINES)
    if which < len(DAMAGE):
        lines[at] = json.dumps(DAMAGE[which](json.loads(lines[at])), ensure_ascii=False).encode("utf-8")
    else:
        lines[at] = RAW[which - len(DAMAGE)](lines[at])
    data = b"\n".join(lines) + b"\n"
    typed = log_typed.checked_entries(data)
    if typed is not None:
        assert typed == slow(data)
