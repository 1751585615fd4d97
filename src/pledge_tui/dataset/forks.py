"""Merge conflicts as the history keeps them (README "Team work"): a record whose history has two heads.

When two clones changed a record differently, the merge driver keeps OURS's record and head in the data
file, and the log keeps both sides' entries: the record's history forks, and `validate` says so until
`pledge-tui resolve` joins the two heads with a `resolve` entry. The log is therefore the truth about which
conflicts are open; the list the driver keeps in the git directory (`merge_v3.Conflict.as_json`) only adds
what the merge saw, and is used for a fork it knows (`open_conflicts`). A conflict already resolved has no
fork any more and is not listed; a fork the list does not know (a list from another merge, or none outside
git) is described from the log alone: OURS is the head the data file's `heads` table names, THEIRS the other,
and the base the newest entry both descend from.

Pure: the data file's tables and the log's entries (as stored) in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pledge_tui.dataset.merge_v3 import Conflict, HeadRef, key_order

Entry = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Fork:
    """One record whose history has more than one head."""

    table: str
    key: str
    ours: Entry
    """The head the data file's `heads` table names (the record the file holds), else the later in the log."""
    theirs: tuple[Entry, ...]
    """The other heads, in log order: one, unless merges went on without resolving."""
    base: Entry | None
    """The newest entry that OURS and the first of THEIRS both descend from (None: they share none)."""


@dataclass(frozen=True, slots=True)
class OpenConflict:
    """A conflict as `conflicts` lists it."""

    conflict: Conflict
    listed: bool
    """True when the merge's list described it; False when only the log does."""
    heads: int
    """How many heads the record's history has (2, unless merges went on without resolving)."""


def _usable(entry: Any) -> bool:
    return (isinstance(entry, Mapping) and isinstance(entry.get("id"), str) and isinstance(entry.get("table"), str)
            and isinstance(entry.get("key"), str) and isinstance(entry.get("parents", []), list)
            and entry.get("action") != "upgrade")


def _ancestors(entry: Entry, by_id: Mapping[str, Entry]) -> set[str]:
    """The ids of `entry` and of every entry it descends from."""
    seen: set[str] = set()
    stack = [entry]
    while stack:
        current = stack.pop()
        if current["id"] in seen:
            continue
        seen.add(current["id"])
        stack += [by_id[p] for p in current.get("parents") or () if isinstance(p, str) and p in by_id]
    return seen


def _named_heads(tables: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    return {(h["table"], h["key"]): h["entry"] for h in tables.get("heads", {}).values()
            if isinstance(h, Mapping) and isinstance(h.get("table"), str) and isinstance(h.get("key"), str)
            and isinstance(h.get("entry"), str)}


def forks(tables: Mapping[str, Any], entries: Iterable[Any]) -> list[Fork]:
    """Every record whose history has two heads or more, in the order of the tables and keys."""
    chains: dict[tuple[str, str], list[Entry]] = {}
    by_id: dict[str, Entry] = {}
    position: dict[str, int] = {}
    for n, entry in enumerate(entries):
        if _usable(entry) and entry["id"] not in by_id:
            by_id[entry["id"]] = entry
            position[entry["id"]] = n
            chains.setdefault((entry["table"], entry["key"]), []).append(entry)
    named = _named_heads(tables)
    found: list[Fork] = []
    for (table, key), chain in sorted(chains.items(), key=lambda item: key_order(item[0])):
        parents = {p for entry in chain for p in entry.get("parents") or ()}
        heads = [entry for entry in chain if entry["id"] not in parents]
        if len(heads) < 2:
            continue
        ours = next((h for h in heads if h["id"] == named.get((table, key))), heads[-1])
        theirs = tuple(h for h in heads if h is not ours)
        shared = _ancestors(ours, by_id) & _ancestors(theirs[0], by_id)
        base = by_id[max(shared, key=position.__getitem__)] if shared else None
        found.append(Fork(table, key, ours, theirs, base))
    return found


def head_ref(entry: Entry) -> HeadRef:
    return HeadRef(str(entry["id"]), str(entry.get("at")), str(entry.get("by")))


def _kept_heads(item: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The (OURS, THEIRS) head entry ids a listed conflict names."""

    def entry(ref: Any) -> str | None:
        return ref["entry"] if isinstance(ref, Mapping) and isinstance(ref.get("entry"), str) else None

    return entry(item.get("ours_head")), entry(item.get("theirs_head"))


def _from_list(item: Mapping[str, Any]) -> Conflict:
    def ref(value: Any) -> HeadRef | None:
        if not isinstance(value, Mapping):
            return None
        return HeadRef(str(value.get("entry")), str(value.get("at")), str(value.get("by")))

    def record(value: Any) -> dict[str, Any] | None:
        return dict(value) if isinstance(value, Mapping) else None

    return Conflict(str(item["table"]), str(item["key"]), record(item.get("base")), record(item.get("ours")),
                    record(item.get("theirs")), ref(item.get("ours_head")), ref(item.get("theirs_head")))


def _from_log(fork: Fork) -> Conflict:
    other = fork.theirs[0]
    return Conflict(fork.table, fork.key, fork.base.get("after") if fork.base is not None else None,
                    fork.ours.get("after"), other.get("after"), head_ref(fork.ours), head_ref(other))


def open_conflicts(tables: Mapping[str, Any], entries: Iterable[Any], kept: Sequence[Any] = ()) -> list[OpenConflict]:
    """The conflicts still open: each fork of the log, described by the merge's list (`kept`, the git
    directory's `conflicts.json`) when the list has that record with the same heads on the same sides, else by
    the log."""
    listed = {(str(item.get("table")), str(item.get("key")), _kept_heads(item)): item for item in kept
              if isinstance(item, Mapping) and isinstance(item.get("table"), str) and isinstance(item.get("key"), str)}
    out = []
    for fork in forks(tables, entries):
        item = listed.get((fork.table, fork.key, (fork.ours["id"], fork.theirs[0]["id"])))
        conflict = _from_list(item) if item is not None else _from_log(fork)
        out.append(OpenConflict(conflict, item is not None, 1 + len(fork.theirs)))
    return out
