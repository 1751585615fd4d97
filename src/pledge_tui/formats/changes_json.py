"""`history`, `diff` and `changes` as JSON, for scripts.

Slugs, not labels (a script compares values); text as the views hold it (control characters already
removed). The JSON is UTF-8 text, but every character that `sanitize` would strip (C1 controls, DEL,
bidi overrides, zero-width spaces, line and paragraph separators) is written as a `\\uXXXX` escape:
the values load back exactly, and the output stays inert when it is printed to a terminal.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pledge_tui.views.changes import ChangesSince, HistoryLine
from pledge_tui.views.diff import CellChange, CellState, DatasetDiff, EventChange, MemberChange
from pledge_tui.views.present import SourceLine

_INERT = {code: f"\\u{code:04x}" for code in (
    0x7F, *range(0x80, 0xA0), 0x061C, 0x200B, 0x200E, 0x200F, *range(0x2028, 0x202F), 0x2060,
    *range(0x2066, 0x206A), 0xFEFF)}


def dumps(value: Any, *, pretty: bool = False) -> str:
    """JSON text with a final newline; invisible and control characters escaped (see the module doc)."""
    return json.dumps(value, ensure_ascii=False, indent=2 if pretty else None).translate(_INERT) + "\n"


def history_entry_json(line: HistoryLine) -> dict[str, Any]:
    """One history entry: its fields, the fields it changed, and the whole records before and after."""
    out: dict[str, Any] = {
        "id": line.id, "at": line.at, "by": line.by, "action": line.action, "table": line.table,
        "key": line.key, "member": line.member_id, "type": line.type,
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
    return dumps([history_entry_json(line) for line in lines], pretty=pretty)


def _state(state: CellState | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {"status": state.status, "conditions": list(state.conditions), "lead": state.lead,
            "summary": state.summary}


def cell_json(change: CellChange) -> dict[str, Any]:
    """A changed cell: what it was, what it is, and which reported fields differ."""
    return {"member": change.member_id, "name": change.member_name, "type": change.type, "change": change.kind,
            "fields": list(change.fields), "old": _state(change.old), "new": _state(change.new)}


def member_json(change: MemberChange) -> dict[str, Any]:
    """A member added or removed."""
    return {"change": change.kind, "id": change.id, "name": change.name, "role": change.role}


def source_json(source: SourceLine, kind: str) -> dict[str, Any]:
    """A source added or removed."""
    return {"change": kind, "id": source.id, "publisher": source.publisher, "title": source.title,
            "date": source.date, "url": source.url, "tier": source.tier}


def event_json(change: EventChange) -> dict[str, Any]:
    """An event added or removed."""
    return {"change": change.kind, "id": change.id, "date": change.date, "title": change.title,
            "sources": list(change.sources)}


def render_diff(diff: DatasetDiff, old_name: str, new_name: str, *, pretty: bool = False) -> str:
    """One JSON object: the two sides' names, then cells, members, sources and events."""
    return dumps({
        "old": old_name, "new": new_name,
        "cells": [cell_json(c) for c in diff.cells],
        "members": [member_json(m) for m in diff.members],
        "sources": [source_json(s.source, s.kind) for s in diff.sources],
        "events": [event_json(e) for e in diff.events],
    }, pretty=pretty)


def render_changes(changes: ChangesSince, *, pretty: bool = False) -> str:
    """One JSON object: the window, whether history covers it, then cells (with their entries), members
    added or removed, sources added, and the other entries (`records`: members' texts, sources, events,
    the dataset information)."""
    return dumps({
        "since": changes.since, "from": changes.moment, "history_starts": changes.history_starts,
        "history_covers_since": changes.covers_since, "entries": changes.entry_count,
        "cells": [{**cell_json(c.change), "entries": [history_entry_json(e) for e in c.entries]}
                  for c in changes.cells],
        "members": [member_json(m) for m in changes.members],
        "sources_added": [source_json(s, "added") for s in changes.sources_added],
        "records": [history_entry_json(line) for line in changes.records],
    }, pretty=pretty)
