"""`history`, `diff` and `changes` as JSON, for scripts.

Slugs, not labels (a script compares values); text as the views hold it (control characters already
removed). The JSON is UTF-8 text, but every character that `sanitize` would strip (C1 controls, DEL,
bidi overrides, zero-width spaces, line and paragraph separators) is written as a `\\uXXXX` escape:
the values load back exactly, and the output stays inert when it is printed to a terminal.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pledge_tui.views.fields import MISSING, FieldChange, kinds_of

if TYPE_CHECKING:  # (types only: `history` and `blame` should not import the views of `diff` and the rest)
    from pledge_tui.views.blame import Blame, BlameLine
    from pledge_tui.views.changes import ChangesSince, HistoryLine
    from pledge_tui.views.diff import CellChange, CellState, DatasetDiff, EventChange, MemberChange
    from pledge_tui.views.present import SourceLine
    from pledge_tui.views.said import SaidSince

_INERT = {code: f"\\u{code:04x}" for code in (
    0x7F, *range(0x80, 0xA0), 0x061C, 0x200B, 0x200E, 0x200F, *range(0x2028, 0x202F), 0x2060,
    *range(0x2066, 0x206A), 0xFEFF)}
_INERT_CHARACTER = re.compile("[" + "".join(re.escape(chr(code)) for code in _INERT) + "]")
"""Any character of `_INERT`: one scan in C finds whether there is any to escape (`str.translate` with a
dict looked every character of the output up, 0.7 s for the 12 MB of `history` at 10,000 entries)."""


_INERT_UTF8 = {chr(code).encode("utf-8"): escape.encode("ascii") for code, escape in _INERT.items()}
_INERT_SEQUENCE = re.compile(b"|".join(re.escape(seq) for seq in _INERT_UTF8))
"""The same characters in UTF-8 bytes, for JSON encoded to bytes (`encoded`)."""
_NOT_LEADING = bytes(byte for byte in range(256) if byte not in {seq[0] for seq in _INERT_UTF8})
"""Every byte that starts none of those sequences."""


def _has_inert(data: bytes) -> bool:
    """True when `data` holds a sequence of `_INERT_UTF8`. The regular expression scans 11 MB in 25 ms; this
    finds the few bytes that can start one (`bytes.translate` deletes the rest, in C: 6 ms) and tries the
    expression at each of them (`\\xe2` starts a dash or a quotation mark too: hundreds, not millions)."""
    match, find = _INERT_SEQUENCE.match, data.find
    for lead in set(data.translate(None, _NOT_LEADING)):
        at = find(lead)
        while at >= 0:
            if match(data, at):
                return True
            at = find(lead, at + 1)
    return False


def _escape_inert(match: re.Match[str]) -> str:
    return _INERT[ord(match.group())]


def dumps(value: Any, *, pretty: bool = False) -> str:
    """JSON text with a final newline; invisible and control characters escaped (see the module doc)."""
    text = json.dumps(value, ensure_ascii=False, indent=2 if pretty else None)
    if _INERT_CHARACTER.search(text) is not None:
        text = _INERT_CHARACTER.sub(_escape_inert, text)
    return text + "\n"


def encoded(value: Any, *, pretty: bool = False) -> bytes | None:
    """`dumps`'s text as UTF-8 bytes, without its final newline (the writer adds it: joining them would
    copy 11 MB at 10,000 entries), made by msgspec when it is loaded already (a long history is read with
    it, `dataset.log_trusted`) and laid out as `json.dumps` lays it out (`formats.listing.render_json` does
    the same); None without msgspec, or for a value `json` alone can write (a lone surrogate, as its escape).
    Only for a value that holds no float (`model.FloatFreeEntries`): msgspec writes `1e16` and `null` where
    `json` writes `1e+16` and `Infinity`.
    At 10,000 entries `json.dumps`, the search for characters to escape and the text's round trip through
    `str` took 90 of the 410 ms of `history --format json`; this takes 40."""
    msgspec = sys.modules.get("msgspec")
    if msgspec is None:
        return None
    try:
        data: bytes = msgspec.json.format(msgspec.json.encode(value), indent=2 if pretty else 0)
    except (UnicodeEncodeError, TypeError):
        return None
    if _has_inert(data):
        data = _INERT_SEQUENCE.sub(lambda match: _INERT_UTF8[match.group()], data)
    return data


def history_entry_json(line: HistoryLine) -> dict[str, Any]:
    """One history entry: its fields (the recorded clock `at`, the said clock `said`), the fields it
    changed, and the whole records before and after."""
    out: dict[str, Any] = {
        "id": line.id, "at": line.at, "said": line.said, "by": line.by, "action": line.action,
        "table": line.table, "key": line.key, "member": line.member_id, "type": line.type,
        "changed": [c.field for c in line.changes], "sources": list(line.sources), "note": line.note,
        "undoes": line.undoes, "undone_by": line.undone_by,
    }
    if line.table == "commitments":
        out["status_before"], out["status_after"] = line.status_before, line.status_after
    out["before"], out["after"] = line.before, line.after
    return out


def render_history(lines: Sequence[HistoryLine], total: int = 0, *, pretty: bool = False) -> str:
    """A JSON array of history entries, in the order given (newest first); `total` is for the other
    formats' count line (a script counts the array)."""
    return dumps(history_json(lines), pretty=pretty)


def history_json(lines: Sequence[HistoryLine]) -> list[dict[str, Any]]:
    """`render_history`'s value."""
    return [history_entry_json(line) for line in lines]


_ENTRY_FIELDS = ("id", "at", "said", "by", "action", "table", "key", "member", "type", "changed", "sources", "note",
                 "undoes", "undone_by")
_history_structs: tuple[Any, Any] | None = None


def encoded_history(lines: Sequence[HistoryLine], *, pretty: bool = False) -> bytes | None:
    """`encoded(history_json(lines))`, for lines whose records hold no float (`model.FloatFreeEntries`): the
    same bytes (tests/test_log_trusted.py compares them), each entry made as a msgspec Struct with
    `history_entry_json`'s keys in its order instead of a dict (half the time: 6 ms at 10,000 entries).
    None without msgspec."""
    global _history_structs
    msgspec = sys.modules.get("msgspec")
    if msgspec is None:
        return None
    if _history_structs is None:
        _history_structs = (
            msgspec.defstruct("CellEntry", [(f, Any) for f in (*_ENTRY_FIELDS, "status_before", "status_after",
                                                                "before", "after")], gc=False),
            msgspec.defstruct("OtherEntry", [(f, Any) for f in (*_ENTRY_FIELDS, "before", "after")], gc=False))
    cell, other = _history_structs
    entries = [
        cell(line.id, line.at, line.said, line.by, line.action, line.table, line.key, line.member_id, line.type,
             [c.field for c in line.changes], line.sources, line.note, line.undoes, line.undone_by,
             line.status_before, line.status_after, line.before, line.after)
        if line.table == "commitments" else
        other(line.id, line.at, line.said, line.by, line.action, line.table, line.key, line.member_id, line.type,
              [c.field for c in line.changes], line.sources, line.note, line.undoes, line.undone_by, line.before,
              line.after)
        for line in lines]
    return encoded(entries, pretty=pretty)


def _value(value: Any) -> Any:
    return None if value is MISSING else list(value) if isinstance(value, tuple) else value


def field_json(change: FieldChange) -> dict[str, Any]:
    """One field that changed: its name, its kind (`status`, ..., `wording`), the stored values before and
    after (null when absent), and for a list the items that came and went."""
    out: dict[str, Any] = {"field": change.field, "kind": change.kind, "old": _value(change.old_value),
                           "new": _value(change.new_value)}
    if change.added or change.removed:
        out["added"], out["removed"] = list(change.added), list(change.removed)
    return out


def _changes(changes: Sequence[FieldChange]) -> list[dict[str, Any]]:
    return [field_json(c) for c in changes]


def _state(state: CellState | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {"status": state.status, "conditions": list(state.conditions), "lead": state.lead,
            "summary": state.summary, "quantity": state.quantity, "stated_on": state.stated_on,
            "sources": list(state.sources)}


def cell_json(change: CellChange) -> dict[str, Any]:
    from pledge_tui.views.diff import cell_mark

    """A changed cell: what it was, what it is, what moved (`kinds`) and every field that differs."""
    return {"member": change.member_id, "name": change.member_name, "type": change.type, "change": change.kind,
            "kinds": list(change.kinds), "mark": cell_mark(change).glyph, "fields": list(change.fields),
            "old": _state(change.old), "new": _state(change.new), "changes": _changes(change.changes)}


def member_json(change: MemberChange) -> dict[str, Any]:
    """A member added, removed or changed (with the fields that differ)."""
    return {"change": change.kind, "id": change.id, "name": change.name, "role": change.role,
            "kinds": list(change.kinds), "changes": _changes(change.changes)}


def source_json(source: SourceLine, kind: str, changes: Sequence[FieldChange] = ()) -> dict[str, Any]:
    """A source added, removed or changed (with the fields that differ)."""
    out = {"change": kind, "id": source.id, "publisher": source.publisher, "title": source.title,
           "date": source.date, "url": source.url, "tier": source.tier}
    return {**out, "kinds": kinds_of(changes), "changes": _changes(changes)} if kind == "changed" else out


def event_json(change: EventChange) -> dict[str, Any]:
    """An event added, removed or changed (with the fields that differ)."""
    return {"change": change.kind, "id": change.id, "date": change.date, "title": change.title,
            "sources": list(change.sources), "kinds": list(change.kinds), "changes": _changes(change.changes)}


def _meta(changes: Sequence[FieldChange]) -> dict[str, Any] | None:
    return {"kinds": list(kinds_of(changes)), "changes": _changes(changes)} if changes else None


def _diff(diff: DatasetDiff) -> dict[str, Any]:
    return {
        "cells": [cell_json(c) for c in diff.cells],
        "members": [member_json(m) for m in diff.members],
        "sources": [source_json(s.source, s.kind, s.changes) for s in diff.sources],
        "events": [event_json(e) for e in diff.events],
        "meta": _meta(diff.meta),
    }


def render_diff(diff: DatasetDiff, old_name: str, new_name: str, *, pretty: bool = False) -> str:
    """One JSON object: the two sides' names, then cells, members, sources, events and `meta` (the
    dataset information; null when it did not change)."""
    return dumps({"old": old_name, "new": new_name, **_diff(diff)}, pretty=pretty)


def render_changes(changes: ChangesSince, *, pretty: bool = False) -> str:
    """One JSON object: the window (recorded clock), whether history covers it, then the diff of then and
    now as `diff` writes it, each cell, member, source, event and the dataset information with the
    `entries` that made its change; `sources_added` repeats the added sources' ids and details."""
    def entries(table: str, key: str) -> list[dict[str, Any]]:
        return [history_entry_json(e) for e in changes.entries_of(table, key)]

    body = _diff(changes.diff)
    for cell in body["cells"]:
        cell["entries"] = entries("commitments", f"{cell['member']}/{cell['type']}")
    for table, items in (("members", body["members"]), ("sources", body["sources"]), ("events", body["events"])):
        for item in items:
            item["entries"] = entries(table, item["id"])
    if body["meta"] is not None:
        body["meta"]["entries"] = entries("meta", "meta")
    return dumps({
        "clock": "recorded", "since": changes.since, "from": changes.moment,
        "history_starts": changes.history_starts, "history_covers_since": changes.covers_since,
        "entries": changes.entry_count, **body,
        "sources_added": [source_json(s, "added") for s in changes.sources_added],
    }, pretty=pretty)


def render_said(said: SaidSince, *, pretty: bool = False) -> str:
    """One JSON object: the said clock's date, then the cells stated on or after it, each with `stated_on`
    (said) and `recorded_at` with `entry` (the entry that set it; null: baseline)."""
    return dumps({
        "clock": "said", "said_since": said.since, "disclosed": said.disclosed,
        "cells": [{"member": c.member_id, "name": c.member_name, "type": c.type, "status": c.status,
                   "conditions": list(c.conditions), "lead": c.lead, "stated_on": c.said, "recorded_at": c.recorded,
                   "entry": c.entry, "sources": list(c.sources)} for c in said.cells],
    }, pretty=pretty)


def _blame_json(line: BlameLine) -> dict[str, Any]:
    entry = line.entry
    return {"field": line.field, "value": line.value, "baseline": line.baseline, "recorded": line.recorded,
            "entry": None if entry is None else {"id": entry.id, "at": entry.at, "said": entry.said, "by": entry.by,
                                                 "action": entry.action, "sources": list(entry.sources),
                                                 "note": entry.note}}


def render_blame(blame: Blame, *, pretty: bool = False) -> str:
    """One JSON object: the member (and type), then per value the entry that set it (`entry`: id, when,
    who, sources, note; null with `baseline` true when no entry did)."""
    return dumps({"member": blame.member_id, "name": blame.member_name, "type": blame.type,
                  "fields": [_blame_json(line) for line in blame.fields],
                  "cells": [_blame_json(line) for line in blame.cells]}, pretty=pretty)
