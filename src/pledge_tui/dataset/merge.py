"""Three-way merge of data files of schema versions 1 and 2, record by record (README "Team work"): the core of
the git merge driver for files from before version 3 (`merge_v3` merges version 3, data file and log).

git's own merge works on lines, and a JSON file edited by two analysts conflicts on lines that have
nothing to do with each other (two history entries appended at the same place, a comma). Here every
table is merged by natural key (`MEMBER/TYPE` for a commitment, the id of a member, source or event):

- a record changed on one side only takes that side's version (added, changed or removed);
- a record changed the same way on both sides is taken once;
- a record changed differently on both sides is a conflict: OURS's version is kept and the conflict
  is reported (table, key, and the base, ours and theirs versions);
- the history keeps every entry of both sides, once each (an entry both sides have, from their
  common past or a cherry-pick, is one entry), in time order, renumbered 1, 2, ..., with every
  `undoes` pointing at the same entry as before. When both sides upgraded the same version-1 file,
  both `upgrade` entries stay: each records what happened on its side.

Pure: `merge` takes the three parsed files and returns the merged tables and the conflicts;
`merge_and_validate` refuses a result that would not validate (`MergeError`, which `merge_v3` raises
too); the driver (cli/team.py) writes it
with the data layer's atomic writer. Documents keep OURS's document ids, so the
file's diff against OURS shows only what came from THEIRS.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pledge_tui.dataset.history import Doc, Tables
from pledge_tui.dataset.model import natural_key
from pledge_tui.dataset.validate import build_dataset, schema_version_of
from pledge_tui.errors import PledgeError

RECORD_TABLES = ("meta", "members", "commitments", "sources", "events")
"""Every table merged by record; `history` is merged as a log."""


class MergeError(PledgeError):
    """The files cannot be merged (an input is not a data file, or the result would not validate): the
    driver exits 1 and leaves OURS as it was, so git reports a conflict."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class Conflict:
    """One record changed differently on both sides (None: the record is absent on that side)."""

    table: str
    key: str
    base: Doc | None
    ours: Doc | None
    theirs: Doc | None


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged file's tables, the conflicts (OURS's version kept for each), and what came in."""

    tables: Tables
    conflicts: tuple[Conflict, ...]
    taken_from_theirs: int
    """Records whose version came from THEIRS."""
    history_added: int
    """History entries THEIRS brought that OURS did not have."""


# --- the inputs ----------------------------------------------------------------------------------


def _upgraded(raw: Mapping[str, Any]) -> Tables:
    """A version-1 file's tables as version 2 (event ids in document-id order, empty history), the
    way the first write command upgrades it; a version-2 file's tables as they are."""
    tables: Tables = {name: dict(docs) for name, docs in raw.items()}
    if not tables or schema_version_of(raw) == 2:
        return tables
    events = sorted(tables.get("events", {}).items(), key=lambda item: int(item[0]))
    tables["events"] = {doc_id: {**doc, "id": f"E{n}"} for n, (doc_id, doc) in enumerate(events, start=1)}
    tables["meta"] = {doc_id: {**doc, "schema_version": 2} for doc_id, doc in tables.get("meta", {}).items()}
    tables["history"] = {}
    return tables


def _key(table: str, doc: Doc, version: int) -> str:
    """A record's natural key; a version-1 event, which has no id, is known by its content."""
    if table == "events" and version == 1:
        return json.dumps(doc, sort_keys=True, ensure_ascii=False)
    return natural_key(table, doc)


def _keyed(tables: Tables, table: str, version: int) -> dict[str, tuple[str, Doc]]:
    """A table's documents by natural key, in document-id order: key -> (doc id, document)."""
    docs = sorted(tables.get(table, {}).items(), key=lambda item: int(item[0]))
    return {_key(table, doc, version): (doc_id, doc) for doc_id, doc in docs}


# --- records -------------------------------------------------------------------------------------


def _merge_table(table: str, base: Tables, ours: Tables, theirs: Tables, version: int,
                 conflicts: list[Conflict]) -> tuple[dict[str, Doc], int]:
    """One table merged by key; returns the documents (OURS's ids kept, THEIRS's additions numbered
    after them) and how many records came from THEIRS."""
    b, o, t = (_keyed(side, table, version) for side in (base, ours, theirs))
    merged: dict[str, Doc] = {}
    added: list[Doc] = []
    from_theirs = 0
    for key in [*o, *(k for k in t if k not in o)]:
        base_doc, our_doc, their_doc = (side[key][1] if key in side else None for side in (b, o, t))
        if our_doc == their_doc or their_doc == base_doc:
            chosen = our_doc
        elif our_doc == base_doc:
            chosen, from_theirs = their_doc, from_theirs + 1
        else:
            conflicts.append(Conflict(table, key, base_doc, our_doc, their_doc))
            chosen = our_doc
        if chosen is None:
            continue
        if key in o:
            merged[o[key][0]] = chosen
        else:
            added.append(chosen)
    next_id = max((int(doc_id) for doc_id in merged), default=0) + 1
    for offset, doc in enumerate(added):
        merged[str(next_id + offset)] = doc
    return merged, from_theirs


# --- history -------------------------------------------------------------------------------------


def _identity(doc: Doc) -> str:
    """What makes two history entries the same entry: everything but `undoes`, which is a document
    id and so differs between files numbered differently."""
    return json.dumps({k: v for k, v in doc.items() if k != "undoes"}, sort_keys=True, ensure_ascii=False)


@dataclass(slots=True)
class _Entry:
    doc: Doc
    side: str


def _merge_history(base: Tables, ours: Tables, theirs: Tables) -> tuple[dict[str, Doc], int]:
    """Every entry of the three histories once, in time order, renumbered, `undoes` remapped; and how
    many entries only THEIRS had."""
    entries: list[_Entry] = []
    where: dict[tuple[str, str], int] = {}  # (side, its doc id) -> index in `entries`
    known: dict[str, list[int]] = {}  # identity -> indexes of the entries with it, oldest first

    def attach(side: str, history: dict[str, Doc]) -> None:
        used: Counter[str] = Counter()
        for doc_id, doc in sorted(history.items(), key=lambda item: int(item[0])):
            identity = _identity(doc)
            pool = known.get(identity, [])
            if used[identity] < len(pool):
                where[side, doc_id] = pool[used[identity]]
            else:
                where[side, doc_id] = len(entries)
                entries.append(_Entry(doc, side))
                known.setdefault(identity, []).append(len(entries) - 1)
            used[identity] += 1

    attach("base", base.get("history", {}))
    attach("ours", ours.get("history", {}))
    attach("theirs", theirs.get("history", {}))

    order = sorted(range(len(entries)), key=lambda i: entries[i].doc["at"])  # stable: base, ours, theirs
    new_id = {index: n for n, index in enumerate(order, start=1)}
    merged: dict[str, Doc] = {}
    for index in order:
        entry = entries[index]
        doc = dict(entry.doc)
        if "undoes" in doc:
            target = where.get((entry.side, str(doc["undoes"])))
            if target is not None:
                doc["undoes"] = new_id[target]
        merged[str(new_id[index])] = doc
    return merged, sum(1 for entry in entries if entry.side == "theirs")


# --- the merge -----------------------------------------------------------------------------------


def merge(base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> MergeResult:
    """Merge THEIRS into OURS against their common BASE (an empty mapping when there is none).

    The result is version 2 when any side is (a version-1 side is upgraded first, as its first write
    would have), else version 1. It is not validated here: see `merge_and_validate`.
    """
    version = 2 if any(schema_version_of(raw) == 2 for raw in (ours, theirs)) else 1
    if version == 2:
        sides = [_upgraded(raw) for raw in (base, ours, theirs)]
    else:
        sides = [{name: dict(docs) for name, docs in raw.items()} for raw in (base, ours, theirs)]
    b, o, t = sides
    conflicts: list[Conflict] = []
    tables: Tables = {}
    taken = 0
    for table in RECORD_TABLES:
        tables[table], count = _merge_table(table, b, o, t, version, conflicts)
        taken += count
    history_added = 0
    if version == 2:
        tables["history"], history_added = _merge_history(b, o, t)
    return MergeResult(tables, tuple(conflicts), taken, history_added)


def merge_and_validate(base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> MergeResult:
    """`merge`, then the whole result validated: a `MergeError` lists what is wrong when it does not
    (for example both sides undid the same entry, or one removed a member the other gave a record)."""
    result = merge(base, ours, theirs)
    dataset, problems = build_dataset(result.tables)
    if dataset is None:
        raise MergeError("the merged data would not be valid, so nothing was merged: "
                         + "; ".join(p.describe("merged") for p in problems[:3])
                         + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""))
    return result
