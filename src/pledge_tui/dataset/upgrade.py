"""Schema version 3 from versions 1 and 2 (README "Editing"; the lead's design note, "Upgrades").

The first write to an older file upgrades it, with one `upgrade` entry:
- version 2 -> 3: the `history` table moves to the history log. Every record as it was before the first
  version-2 entry gets a `baseline` entry (dated at that entry's time, by its author), then the version-2
  entries follow, converted: each gets its id, its `parents` (the entry before it for the same record)
  and `undoes` names an id instead of a document number. A history that does not replay is converted just
  the same (`validate` then names the records it does not explain).
- version 1 -> 3: events are numbered `E1`, `E2`, ... in document-id order (as the version-2 upgrade did)
  and every record gets a `baseline` entry, dated at the start of the file's `as_of` date (the data is as
  of then; the upgrade's time when that is earlier) and made by `pledge-tui`.
Everything but the `upgrade` entry is derived from the file alone, so two clones that upgrade the same file
get the same baseline and converted entries (same ids): a merge then joins them without a fork.

The reader of a version-2 file (`validate.build_dataset`) uses `convert_v2` too, so that its entries have
the ids the upgrade will give them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pledge_tui.dataset.ids import record_digest, with_id
from pledge_tui.dataset.model import natural_key

Doc = dict[str, Any]
Tables = dict[str, dict[str, Doc]]

RECORD_TABLES = ("meta", "sources", "members", "commitments", "events")
"""The tables of records, in the order baseline entries are written."""
BASELINE_NOTE = "as the data was when history began"
BASELINE_BY = "pledge-tui"
"""Who a baseline entry of a file without history is by: nobody's change, the record as pledge-tui found it."""
BY_UPGRADE_V2 = "schema version 2 -> 3: history moved to the history log, entry ids added"


_NUMBERS = re.compile(r"(\d+)")


def natural_order(key: str) -> tuple[Any, ...]:
    """`S2` before `S10`: the key cut into text and numbers (a key without a number, most of them, at once)."""
    parts = _NUMBERS.split(key)
    if len(parts) == 1 and not key.isdigit():
        return (key,)
    return tuple(int(part) if part.isdigit() else part for part in parts)


def history_began(tables: Mapping[str, Mapping[str, Doc]], at: str) -> str:
    """When a file without history begins its history: the start of its `as_of` date (the data is as of
    then), or `at` (the upgrade's time) when that is earlier or `as_of` is unreadable. Derived from the file
    alone, so that two clones that upgrade the same file give the same baselines (same ids: a merge then
    joins nothing)."""
    meta = next(iter(tables.get("meta", {}).values()), {})
    as_of = meta.get("as_of") if isinstance(meta, Mapping) else None
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?", as_of) if isinstance(as_of, str) else None
    if match is None:
        return at
    return min(at, f"{match.group(1)}-{match.group(2)}-{match.group(3) or '01'}T00:00:00Z")


def baseline_entry(table: str, key: str, doc: Mapping[str, Any], *, at: str, by: str) -> Doc:
    """The entry that records `doc` as it was when history began (its own sources, when it has any)."""
    sources = doc.get("sources") if table in ("members", "commitments", "events") else None
    return with_id({"at": at, "by": by, "action": "baseline", "table": table, "key": key, "before": None,
                    "after": copy.deepcopy(dict(doc)), "sources": list(sources) if isinstance(sources, list) else [],
                    "note": BASELINE_NOTE, "parents": []})


def records(tables: Mapping[str, Mapping[str, Doc]]) -> dict[tuple[str, str], Doc]:
    """Every record by (table, natural key), in document-id order per table; documents too broken to have a
    key are passed over (validation reports them)."""
    out: dict[tuple[str, str], Doc] = {}
    for table in RECORD_TABLES:
        docs = tables.get(table, {})
        numbered = all(map(str.isdigit, docs))  # (always, in a valid file: then sorted in C)
        for doc_id in sorted(docs, key=int) if numbered else sorted(docs, key=lambda i: int(i) if i.isdigit() else 0):
            doc = docs[doc_id]
            try:
                out[(table, natural_key(table, doc))] = doc
            except (KeyError, TypeError):
                continue
    return out


def _in_baseline_order(keys: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(keys, key=lambda tk: (RECORD_TABLES.index(tk[0]) if tk[0] in RECORD_TABLES else 99,
                                        natural_order(tk[1])))


@dataclass(frozen=True, slots=True)
class Converted:
    """A version-2 history as version-3 entries."""

    baselines: tuple[Doc, ...]
    """The baseline entries of the records the history touches (whose first entry had a record before)."""
    entries: tuple[Doc, ...]
    """The version-2 entries converted, in document-id order."""
    ids: Mapping[str, str]
    """Version-2 document id -> the entry's id."""


def convert_v2(history: Mapping[str, Doc] | Sequence[tuple[str, Doc]]) -> Converted:
    """The version-2 history (document id -> entry) as version-3 entries: baselines of the records it
    touches, then each entry with its id, parents and `undoes` as an id. Entries are taken as they are
    (a broken one keeps its broken fields; validation reports it)."""
    rows = sorted(history.items() if isinstance(history, Mapping) else history,
                  key=lambda row: int(row[0]) if str(row[0]).isdigit() else 0)
    first = rows[0][1] if rows else {}
    at, by = str(first.get("at", "")), str(first.get("by", ""))
    firsts: dict[tuple[Any, Any], Doc] = {}
    for _, doc in rows:
        if doc.get("action") != "upgrade":
            firsts.setdefault((doc.get("table"), doc.get("key")), doc)
    baselines = {tk: baseline_entry(tk[0], tk[1], doc["before"], at=at, by=by)
                 for tk, doc in firsts.items() if isinstance(doc.get("before"), dict)}
    last: dict[tuple[Any, Any], str] = {tk: entry["id"] for tk, entry in baselines.items()}
    ids: dict[str, str] = {}
    converted: list[Doc] = []
    for doc_id, doc in rows:
        entry = {k: copy.deepcopy(v) for k, v in doc.items() if k != "undoes"}
        tk = (doc.get("table"), doc.get("key"))
        chained = doc.get("action") != "upgrade"
        entry["parents"] = [last[tk]] if chained and tk in last else []
        undoes = doc.get("undoes")
        if undoes is not None:
            entry["undoes"] = ids.get(str(undoes), str(undoes))
        entry = with_id(entry)
        ids[str(doc_id)] = entry["id"]
        if chained:
            last[tk] = entry["id"]
        converted.append(entry)
    ordered = [baselines[tk] for tk in _in_baseline_order(baselines)]
    return Converted(tuple(ordered), tuple(converted), ids)


def heads_of(entries: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], Mapping[str, Any]]:
    """The newest entry of each (table, key) in log order (upgrades are part of no record's history), in
    the order the keys first appear."""
    heads: dict[tuple[str, str], Mapping[str, Any]] = {}
    for entry in entries:
        if entry.get("action") != "upgrade":
            heads[(entry["table"], entry["key"])] = entry
    return heads


def head_document(entry: Mapping[str, Any]) -> Doc:
    """The `heads` document that makes `entry` the head of its record."""
    return {"table": entry["table"], "key": entry["key"], "entry": entry["id"], "at": entry["at"], "by": entry["by"],
            "digest": record_digest(entry["table"], entry.get("after"))}


def heads_table(entries: Iterable[Mapping[str, Any]]) -> dict[str, Doc]:
    """The `heads` table for a log of `entries`: documents numbered "1", "2", ... in key order of first
    appearance."""
    return {str(n): head_document(entry) for n, entry in enumerate(heads_of(entries).values(), start=1)}


@dataclass(frozen=True, slots=True)
class Upgraded:
    """A file brought to version 3: its tables, and the log that begins its history."""

    tables: Tables
    entries: tuple[Doc, ...]
    """The whole new log: baselines, converted entries (from version 2), the `upgrade` entry."""
    from_version: int


def to_v3(raw: Mapping[str, Any], version: int, *, at: str, by: str) -> Upgraded:
    """A version-1 or version-2 file's tables as version 3, with the log that begins its history (see the
    module's docstring). `at` and `by` are the writer's: the upgrade entry's (and, from version 1, the
    baselines')."""
    tables: Tables = {name: dict(docs) for name, docs in raw.items() if name != "history"}
    if version == 1:
        events = sorted(tables.get("events", {}).items(), key=lambda item: int(item[0]))
        tables["events"] = {doc_id: {**doc, "id": f"E{n}"} for n, (doc_id, doc) in enumerate(events, start=1)}
    tables["meta"] = {doc_id: {**doc, "schema_version": 3} for doc_id, doc in tables.get("meta", {}).items()}
    current = records(tables)
    began = history_began(tables, at)
    if version == 1:
        baselines = [baseline_entry(t, k, current[(t, k)], at=began, by=BASELINE_BY)
                     for t, k in _in_baseline_order(current)]
        numbered = f"events numbered E1..E{len(tables['events'])}" if tables["events"] else "no events to number"
        note = f"schema version 1 -> 3: {numbered}, history log begun"
        log, upgrade_at = baselines, at
    else:
        history = raw.get("history", {})
        converted = convert_v2(history)
        touched = {(b["table"], b["key"]) for b in converted.baselines}
        touched |= {(e.get("table"), e.get("key")) for e in converted.entries if e.get("action") != "upgrade"}
        first = converted.entries[0] if converted.entries else None
        base_at, base_by = (first["at"], first["by"]) if first else (began, BASELINE_BY)
        untouched = [baseline_entry(t, k, current[(t, k)], at=base_at, by=base_by)
                     for t, k in _in_baseline_order(set(current) - touched)]
        by_key = {(b["table"], b["key"]): b for b in [*converted.baselines, *untouched]}
        log = [*(by_key[tk] for tk in _in_baseline_order(by_key)), *converted.entries]
        newest = max((e["at"] for e in converted.entries if isinstance(e.get("at"), str)), default="")
        note, upgrade_at = BY_UPGRADE_V2, max(at, newest)
    upgrade_entry = with_id({"at": upgrade_at, "by": by, "action": "upgrade", "table": "meta", "key": "meta",
                             "before": None, "after": None, "sources": [], "note": note, "parents": []})
    entries = (*log, upgrade_entry)
    tables["heads"] = heads_table(entries)
    return Upgraded(tables, entries, version)
