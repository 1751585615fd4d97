"""A merge conflict in words (README "Team work"): what the merge driver prints on standard error, and
`pledge-tui conflicts` as a table or JSON.

A conflict is one record, three versions (base, ours, theirs) and, for a version-3 file, the history entry at
the head of each side (id, who, when). The versions are told by the fields that differ between them (all of
a record's fields when it is absent on a side), each value as JSON, cut to 80 characters and escaped to
ASCII, so that nothing quoted from the data can drive the terminal.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from pledge_tui.dataset.forks import OpenConflict
from pledge_tui.dataset.merge_v3 import HeadRef
from pledge_tui.formats.changes_json import dumps
from pledge_tui.sanitize import clean_line
from pledge_tui.views.describe import time_words


class Versions(Protocol):
    """A conflict of either schema version (`merge.Conflict`, `merge_v3.Conflict`): one record, three versions."""

    @property
    def table(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def base(self) -> Mapping[str, Any] | None: ...
    @property
    def ours(self) -> Mapping[str, Any] | None: ...
    @property
    def theirs(self) -> Mapping[str, Any] | None: ...


def shown(value: Any) -> str:
    """A value as JSON, escaped to ASCII, cut to 80 characters."""
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 80 else text[:79] + "…"


def versions(conflict: Versions) -> tuple[tuple[str, Mapping[str, Any] | None], ...]:
    return ("base", conflict.base), ("ours", conflict.ours), ("theirs", conflict.theirs)


def differing_fields(conflict: Versions) -> list[str]:
    """The fields whose values are not the same in the three versions (every field when a version is
    absent), in alphabetical order."""
    present = [doc for _, doc in versions(conflict) if doc is not None]
    return sorted({f for doc in present for f in doc
                   if len({shown(d.get(f)) for d in present}) > 1 or len(present) < 3})


def version_words(doc: Mapping[str, Any] | None, fields: Sequence[str]) -> str:
    """One version of the record by the fields that differ: `status="pledged" lead=true`, or "absent"."""
    if doc is None:
        return "absent"
    return " ".join(f"{f}={shown(doc.get(f))}" for f in fields if f in doc) or "(no field differs)"


def record_words(conflict: Versions) -> str:
    """The record as messages name it: `commitments PL/logistics`, `members PL`, `meta`."""
    key = conflict.key if conflict.table != "events" or not conflict.key.startswith("{") else "(an event)"
    return "meta" if conflict.table == "meta" else f"{conflict.table} {clean_line(key)}"


def resolve_key(conflict: Versions) -> str:
    """The KEY `resolve` takes for it: `PL/logistics` for a commitment, `meta`, else `TABLE KEY`."""
    if conflict.table == "commitments":
        return clean_line(conflict.key)
    return record_words(conflict)


def head_words(ref: HeadRef | None) -> str:
    if ref is None:
        return "no history entry"
    return f"history entry {clean_line(ref.entry)} by {clean_line(ref.by)} at {time_words(ref.at)}"


def render_table(found: Sequence[OpenConflict]) -> str:
    """Each open conflict: the record, the three versions by the fields that differ, each side's head
    entry, and the command that resolves it; then how many there are."""
    if not found:
        return "no conflicts\n"
    lines: list[str] = []
    for item in found:
        conflict = item.conflict
        fields = differing_fields(conflict)
        more = f"; its history has {item.heads} heads" if item.heads > 2 else ""
        lines.append(f"{record_words(conflict)}: changed differently on both sides (the file holds ours{more})")
        for name, doc in versions(conflict):
            lines.append(f"  {name + ':':<8}{version_words(doc, fields)}")
            if name != "base":
                lines.append(f"  {'':<8}{head_words(conflict.ours_head if name == 'ours' else conflict.theirs_head)}")
        key = resolve_key(conflict)
        quoted = key if " " not in key else f'"{key}"'
        lines.append(f"  resolve: pledge-tui resolve {quoted} --ours (or --theirs)")
    count = len(found)
    lines.append(f"{count} conflict{'s' if count != 1 else ''}")
    return "\n".join(lines) + "\n"


def _head_json(ref: HeadRef | None) -> dict[str, str] | None:
    return None if ref is None else {"entry": ref.entry, "by": ref.by, "at": ref.at}


def render_json(found: Sequence[OpenConflict], *, pretty: bool = False) -> str:
    """A JSON array, one object per open conflict: the record (`table`, `key`, and `resolve_key`, what
    `resolve` takes), the three versions whole, each side's head entry, how many heads the history has, and
    whether the merge's list described it (`listed`) or only the history log does."""
    return dumps([{"table": item.conflict.table, "key": item.conflict.key, "resolve_key": resolve_key(item.conflict),
                   "base": item.conflict.base, "ours": item.conflict.ours, "theirs": item.conflict.theirs,
                   "ours_head": _head_json(item.conflict.ours_head),
                   "theirs_head": _head_json(item.conflict.theirs_head), "heads": item.heads, "listed": item.listed}
                  for item in found], pretty=pretty)
