"""History is append-only across commits (README "Editing"): `validate --against REV` compares the history log
as it was at an earlier revision with the log now.

The proof (`proof.check`) sees one version of the files; whoever removes an entry together with everything
that depended on it (the record put back, its `heads` document pointed at the entry before) leaves a file
that proves. Only an earlier version can tell: every entry it had must still be in the log, byte for byte
the same content (compared in canonical JSON, so `true` is never taken for `1`). Entries are matched by id;
order is not compared, because a merge lays both sides' new entries out by time, between each other.

Pure: the two logs' parsed lines in, the problems out (table `history`, record `entry h…`, so that a line
reads `LOG: history entry h3f9a2c10b: deleted since HEAD`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pledge_tui.dataset.rawio import canonical
from pledge_tui.errors import Problem

Rows = Sequence[tuple[int, Any]]
"""A log's parsed lines: (line number, value)."""


def _by_id(rows: Rows) -> dict[str, tuple[int, Mapping[str, Any]]]:
    """Each entry that has an id, by its id (the first line that has it), with its line number."""
    out: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for line, doc in rows:
        if isinstance(doc, dict) and isinstance(doc.get("id"), str):
            out.setdefault(doc["id"], (line, doc))
    return out


def _differing_fields(earlier: Mapping[str, Any], now: Mapping[str, Any]) -> list[str]:
    return sorted(name for name in {*earlier, *now}
                  if name not in earlier or name not in now or canonical(earlier[name]) != canonical(now[name]))


def compare(earlier: Rows, now: Rows, revision: str) -> list[Problem]:
    """Every entry of the `earlier` log (at `revision`) that is missing from the log `now` (`deleted since
    REV`) or whose content changed (`altered since REV`, with the fields that differ), in the earlier log's
    order. A line of the earlier log that is not an entry with an id is looked for as it is."""
    found: list[Problem] = []
    current = _by_id(now)
    lines_now = {canonical(doc) for _, doc in now}
    for line, doc in earlier:
        if not (isinstance(doc, dict) and isinstance(doc.get("id"), str)):
            if canonical(doc) not in lines_now:
                found.append(Problem(f"line {line} of the log at {revision} is not in the log any more "
                                     f"(deleted or altered since {revision})", "history"))
            continue
        entry_id = doc["id"]
        kept = current.get(entry_id)
        if kept is None:
            found.append(Problem(f"deleted since {revision} (history is append-only: an entry is never removed, "
                                 "a change is reverted with pledge-tui undo)", "history", f"entry {entry_id[:40]}"))
        elif canonical(kept[1]) != canonical(doc):
            fields = ", ".join(name[:40] for name in _differing_fields(doc, kept[1]))
            found.append(Problem(f"altered since {revision} (line {kept[0]} now; {fields} differ): history is "
                                 "append-only, an entry never changes", "history", f"entry {entry_id[:40]}"))
    return found
