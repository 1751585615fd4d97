"""Three-way merges of schema-version-3 files (README "Team work"): the data file and its history log,
each merged by its own run of the git merge driver, through ONE pure, deterministic function (`plan`).

git calls the driver once per file, in no order one may rely on, and each run sees only its own file's
three versions. Both runs therefore reduce their inputs to the same thing, a `Side` per version: every
record by (table, key), and the head of its history (entry id, time, author). The data-file run reads
them from the tables and the `heads` table; the log run folds each log (the log alone rebuilds the data,
thanks to its baseline entries). `plan` then decides, record by record, the same way in both runs:

- heads moved on one side only: that side's record and head;
- heads moved on both sides: when the two records are the same, or only one side's record really differs
  from the base, the merged record is that one and a `merge` entry joins the two heads (its id, made from
  the two heads and the record, is the same in both runs and in every clone); otherwise a conflict: OURS's
  record and head are kept, and the log keeps both heads (a fork that `validate` reports until resolved);
- a source or event id added on both sides with different content: OURS keeps it, THEIRS's takes the next
  free id (one more than the highest of that table over the three versions, records and heads), and every
  reference in THEIRS's records and new entries is rewritten (`renumber`; each rewritten entry keeps its id
  and says what it renamed in `renumbered`). The same record added on both sides is one record (its two
  creation entries joined by a `merge` entry). A member id added on both sides differently is a conflict.

The data-file run lays the result out with OURS's document ids (`merge_data`); the log run writes the union
of the entries by id (base order, then the new entries of both sides and the joins, by time: `merge_logs`).
Both refuse a result that would not validate, the same way, so git sees a conflict in both or in neither.
"""

from __future__ import annotations

import copy
import re
import sys
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, NamedTuple

from pledge_tui.dataset.ids import comparable, record_digest, same_record, with_id
from pledge_tui.dataset.merge import MergeError
from pledge_tui.dataset.model import natural_key
from pledge_tui.dataset.renumber import RENAMED_TABLES, record_renamed, renumber_entry
from pledge_tui.dataset.upgrade import RECORD_TABLES, natural_order, records, to_v3
from pledge_tui.dataset.validate import build_dataset, check_log_entries, schema_version_of

Doc = dict[str, Any]
Key = tuple[str, str]
MERGE_BY = "pledge-tui merge"
PREFIX = {"sources": "S", "events": "E"}


class HeadRef(NamedTuple):
    """The head of one record's history on one side (a named tuple: a merge makes one per record and side,
    hundreds of thousands at 10,000 members, and a frozen dataclass takes three times as long to make)."""

    entry: str
    at: str
    by: str


@dataclass(slots=True)
class Side:
    """One version of the data: every record by (table, key), and each record's head."""

    records: dict[Key, Any] = field(default_factory=dict)
    heads: dict[Key, HeadRef] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Conflict:
    """One record changed differently on both sides (None: absent on that side); OURS's version is kept."""

    table: str
    key: str
    base: Doc | None
    ours: Doc | None
    theirs: Doc | None
    ours_head: HeadRef | None = None
    theirs_head: HeadRef | None = None

    def as_json(self) -> Doc:
        """The conflict as `conflicts.json` keeps it (for `pledge-tui conflicts`)."""

        def head(ref: HeadRef | None) -> Doc | None:
            return None if ref is None else {"entry": ref.entry, "by": ref.by, "at": ref.at}

        return {"table": self.table, "key": self.key, "base": self.base, "ours": self.ours, "theirs": self.theirs,
                "ours_head": head(self.ours_head), "theirs_head": head(self.theirs_head)}


@dataclass(frozen=True, slots=True)
class Plan:
    """What the merge decided, the same in both runs."""

    renames: dict[str, dict[str, str]]
    """Table -> THEIRS's id -> its new id."""
    records: dict[Key, Doc]
    """The merged records (an absent record is left out)."""
    heads: dict[Key, HeadRef]
    joins: tuple[Doc, ...]
    """The `merge` entries that join two heads."""
    conflicts: tuple[Conflict, ...]
    from_theirs: frozenset[Key]
    """Records whose merged version came from THEIRS."""


# --- the sides ------------------------------------------------------------------------------------------


def side_of_tables(raw: Mapping[str, Any]) -> Side:
    """A data file as a side: its records and its `heads` table. An older file (a merge base from before the
    upgrade) is upgraded first, as its first write would have: its baselines and converted entries are
    derived from the file alone (`upgrade`), the same in every clone, so its heads are the ones both sides
    started from."""
    if not raw:
        return Side()
    version = schema_version_of(raw)
    tables: Mapping[str, Any] = raw if version == 3 else to_v3(raw, version, at="9999-12-31T23:59:59Z",
                                                               by="-").tables
    heads = {(h["table"], h["key"]): HeadRef(h["entry"], h["at"], h["by"])
             for h in tables.get("heads", {}).values() if isinstance(h, dict)}
    return Side(dict(records(tables)), heads)


def side_of_log(entries: Sequence[Mapping[str, Any]]) -> Side:
    """A history log as a side: each record's head (the entry of its key that no other names as a parent; of
    two, an unresolved conflict, the later in the log) and the record it left."""
    named: dict[Key, set[str]] = {}
    for entry in entries:
        for parent in entry.get("parents") or ():
            named.setdefault((entry["table"], entry["key"]), set()).add(parent)
    side = Side()
    for entry in entries:
        key = (entry["table"], entry["key"])
        if entry.get("action") == "upgrade" or entry["id"] in named.get(key, set()):
            continue
        side.heads[key] = HeadRef(entry["id"], entry["at"], entry["by"])
        after = entry.get("after")
        if after is None:
            side.records.pop(key, None)
        else:
            side.records[key] = after
    return side


# --- the plan --------------------------------------------------------------------------------------------


_NUMBERED = {table: re.compile(re.escape(prefix) + r"([0-9]{1,18})") for table, prefix in PREFIX.items()}
"""An id of `table` that a renamed id may follow (`S12`: 12)."""


def _highest(table: str, sides: Iterable[Side]) -> int:
    """The highest number of an id of `table` over the sides' records and heads (0 for none)."""
    pattern = _NUMBERED[table]
    keys = {k for side in sides for t, k in (*side.records, *side.heads) if t == table}
    return max((int(match.group(1)) for key in keys if (match := pattern.fullmatch(key))), default=0)


def _renames(base: Side, ours: Side, theirs: Side) -> dict[str, dict[str, str]]:
    """The ids THEIRS added that OURS added too with different content, and their new ids (numbered after
    the highest of the table over the three versions, which is looked for only when one is needed)."""
    renames: dict[str, dict[str, str]] = {table: {} for table in RENAMED_TABLES}
    for table in RENAMED_TABLES:
        prefix = PREFIX[table]
        following: int | None = None
        added = sorted((k for t, k in theirs.records if t == table and (t, k) in ours.records
                        and (t, k) not in base.records), key=natural_order)
        for key in added:
            mine = ours.records[(table, key)]
            yours = record_renamed(table, theirs.records[(table, key)], renames)
            if not same_record(table, mine, {**yours, "id": key}):
                if following is None:
                    following = _highest(table, (base, ours, theirs)) + 1
                renames[table][key] = f"{prefix}{following}"
                following += 1
    return renames


def _renamed_key(key: Key, renames: Mapping[str, Mapping[str, str]]) -> Key:
    return (key[0], renames.get(key[0], {}).get(key[1], key[1]))


def renamed_side(side: Side, renames: Mapping[str, Mapping[str, str]]) -> Side:
    """THEIRS as it is once its renamed ids are rewritten."""
    if not any(renames.values()):
        return side
    return Side({_renamed_key(k, renames): record_renamed(k[0], doc, renames) for k, doc in side.records.items()},
                {_renamed_key(k, renames): head for k, head in side.heads.items()})


def _same_head(a: HeadRef | None, b: HeadRef | None) -> bool:
    return (a.entry if a else None) == (b.entry if b else None)


def key_order(key: Key) -> tuple[Any, ...]:
    """Records in the order of the tables, then of their keys (`S2` before `S10`)."""
    table, name = key
    return RECORD_TABLES.index(table) if table in RECORD_TABLES else 99, natural_order(name)


def join_entry(table: str, key: str, ours: HeadRef, theirs: HeadRef, record: Any) -> Doc:
    """The `merge` entry that joins two heads of a record that merged cleanly."""
    return with_id({"at": max(ours.at, theirs.at), "by": MERGE_BY, "action": "merge", "table": table, "key": key,
                    "before": None, "after": copy.deepcopy(record), "sources": [], "note": "",
                    "parents": sorted([ours.entry, theirs.entry])})


def plan(base: Side, ours: Side, theirs_as_given: Side) -> Plan:
    """Merge THEIRS into OURS against BASE, record by record (see the module's docstring). Pure and
    deterministic: the data-file run and the log run, in any clone, get the same plan from the same sides.

    The records are visited in no particular order, the common case first (both sides at the same head:
    OURS's record and head, nothing to decide); the joins and conflicts are then put in the order of the
    records (`key_order`), which is all the order a plan has."""
    renames = _renames(base, ours, theirs_as_given)
    theirs = renamed_side(theirs_as_given, renames)
    merged: dict[Key, Doc] = {}
    heads: dict[Key, HeadRef] = {}
    joins: list[tuple[Key, Doc]] = []
    conflicts: list[tuple[Key, Conflict]] = []
    from_theirs: set[Key] = set()
    ours_heads, theirs_heads, ours_records = ours.heads, theirs.heads, ours.records
    for key in dict.fromkeys(chain(ours.records, ours.heads, theirs.records, theirs.heads)):
        oh, th = ours_heads.get(key), theirs_heads.get(key)
        if oh is not None and th is not None and oh.entry == th.entry:  # the same head: OURS's record
            ro = ours_records.get(key)
            if ro is not None:
                merged[key] = ro
            heads[key] = oh
            continue
        table = key[0]
        bh = base.heads.get(key)
        rb, ro, rt = base.records.get(key), ours_records.get(key), theirs.records.get(key)
        head: HeadRef | None = oh
        record = ro
        if bh is None and oh is None and th is None:  # no history on any side (records made by hand): by record
            if same_record(table, ro, rt) or same_record(table, rt, rb):
                pass
            elif same_record(table, ro, rb):
                record, head = rt, th
            else:
                conflicts.append((key, Conflict(table, key[1], rb, ro, rt)))
        elif _same_head(oh, th) or _same_head(th, bh):
            pass
        elif _same_head(oh, bh):
            record, head = rt, th
        else:  # both moved
            assert oh is not None and th is not None
            if same_record(table, ro, rt) or same_record(table, rt, rb):
                chosen = ro
            elif same_record(table, ro, rb):
                chosen = rt
            else:
                conflicts.append((key, Conflict(table, key[1], rb, ro, rt, oh, th)))
                chosen = None
            if chosen is not None or (ro is None and rt is None):
                join = join_entry(table, key[1], oh, th, chosen)
                joins.append((key, join))
                record, head = chosen, HeadRef(join["id"], join["at"], join["by"])
        if record is not None:
            merged[key] = record
            if record is not ro and not same_record(table, record, ro):
                from_theirs.add(key)
        if head is not None:
            heads[key] = head
    return Plan(renames, merged, heads, _in_key_order(joins), _in_key_order(conflicts), frozenset(from_theirs))


def _in_key_order(items: list[tuple[Key, Any]]) -> tuple[Any, ...]:
    return tuple(item for _, item in sorted(items, key=lambda pair: key_order(pair[0])))


def _problems_of(tables: Mapping[str, Any], checked: Mapping[str, Container[int]] | None = None) -> None:
    """Refuse a merged result that would not validate (the same refusal in both runs). `checked`: the
    documents whose fields are known to pass (`validate.build_dataset`). When msgspec is loaded already (a
    large input took the typed path), the result is first checked in bulk (`decode.tables_pass`): only what
    is not known to pass meets the rules, and no model is built; `build_dataset` decides when that cannot
    vouch for it, and words the problems."""
    if "msgspec" in sys.modules:
        from pledge_tui.dataset import decode

        if decode.tables_pass(tables, None, checked):
            return
    dataset, problems = build_dataset(tables, checked=checked)
    if dataset is None:
        raise MergeError("the merged data would not be valid, so nothing was merged: "
                         + "; ".join(p.describe("merged") for p in problems[:3])
                         + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""))


def head_document(table: str, key: str, head: HeadRef, record: Any) -> Doc:
    return {"table": table, "key": key, "entry": head.entry, "at": head.at, "by": head.by,
            "digest": record_digest(table, record)}


# --- the data-file run ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DataResult:
    tables: dict[str, dict[str, Doc]]
    plan: Plan


def _laid_out(ours: Mapping[str, Doc], theirs: Mapping[str, Doc], wanted: Mapping[str, Doc],
              ours_key: Callable[[Doc], str], theirs_key: Callable[[Doc], str], *,
              same_if_equal: bool = False) -> dict[str, Doc]:
    """One table of the merged file: OURS's documents under their ids (merged, or gone), then the rest in
    THEIRS's document order, numbered after OURS's (`ours_key` and `theirs_key` give a document's key in
    `wanted`, THEIRS's renamed). THEIRS's documents are looked at only when something is left to place.
    `same_if_equal`: a wanted document equal to OURS's under the same id is replaced by OURS's object."""
    out: dict[str, Doc] = {}
    placed: set[str] = set()
    for doc_id in sorted(ours, key=int):
        mine = ours[doc_id]
        key = ours_key(mine)
        if key in wanted:
            doc = wanted[key]
            out[doc_id] = mine if same_if_equal and doc == mine else doc
            placed.add(key)
    following = max(map(int, ours), default=0) + 1
    rest = [key for key in wanted if key not in placed]
    if rest:
        remaining = set(rest)
        later = [theirs_key(theirs[doc_id]) for doc_id in sorted(theirs, key=int)]
        for key in [*later, *sorted(rest, key=natural_order)]:
            if key in remaining:
                out[str(following)] = wanted[key]
                remaining.discard(key)
                following += 1
    return out


def _head_key(doc: Mapping[str, Any]) -> str:
    """A `heads` document's key in the merged heads: "table NUL key"."""
    return f"{doc['table']}\x00{doc['key']}"


def _digester() -> Callable[[str, Any], str]:
    """`ids.record_digest`, computed in C when msgspec is loaded already (a large input took the typed path):
    the records merged are those of valid files, which hold no float, so the canonical JSON is the same
    (`fastjson`); a record it cannot write as `json` does takes `record_digest`."""
    if "msgspec" not in sys.modules:
        return record_digest
    import hashlib

    from pledge_tui.dataset import fastjson

    def digest(table: str, record: Any) -> str:
        try:
            text = fastjson.canonical(comparable(table, record))
        except fastjson.Unusable:
            return record_digest(table, record)
        return hashlib.sha256(text).hexdigest()[:16]

    return digest


def merge_data(base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any], *,
               validated: bool = False) -> DataResult:
    """The data-file run: the merged tables (OURS's document ids kept) and the plan. The inputs are valid
    version-3 files (a base may be older, or empty). Raises `MergeError` when the result would not validate.

    `validated`: OURS and THEIRS were validated in full just now (the driver's inputs). The result is then
    validated as a whole as always, but the documents it shares with them (most of it: the merge makes a
    new document only for what it changes) do not meet their fields' rules a second time; a `heads`
    document equal to OURS's is OURS's (the same text, all of its fields are text)."""
    decided = plan(side_of_tables(base), side_of_tables(ours), side_of_tables(theirs))
    renames = decided.renames
    wanted: dict[str, dict[str, Doc]] = {table: {} for table in RECORD_TABLES}
    for (t, k), doc in decided.records.items():
        wanted.setdefault(t, {})[k] = doc
    tables: dict[str, dict[str, Doc]] = {}
    for table in RECORD_TABLES:
        own = renames.get(table, {})

        def ours_key(doc: Doc, table: str = table) -> str:
            return natural_key(table, doc)

        def theirs_key(doc: Doc, table: str = table, own: Mapping[str, str] = own) -> str:
            key = natural_key(table, doc)
            return own.get(key, key)

        tables[table] = _laid_out(ours.get(table, {}), theirs.get(table, {}), wanted[table], ours_key, theirs_key)
    digest = _digester()
    heads = {f"{t}\x00{k}": {"table": t, "key": k, "entry": head.entry, "at": head.at, "by": head.by,
                             "digest": digest(t, decided.records.get((t, k)))}
             for (t, k), head in decided.heads.items()}

    def theirs_head_key(doc: Doc) -> str:
        table, key = _renamed_key((doc["table"], doc["key"]), renames)
        return f"{table}\x00{key}"

    tables["heads"] = _laid_out(ours.get("heads", {}), theirs.get("heads", {}), heads, _head_key, theirs_head_key,
                                same_if_equal=validated)
    meta = tables.get("meta", {})
    tables["meta"] = {doc_id: {**doc, "schema_version": 3} for doc_id, doc in meta.items()}
    checked = {table: set(map(id, chain(ours.get(table, {}).values(), theirs.get(table, {}).values())))
               for table in (*RECORD_TABLES, "heads")} if validated else None
    _problems_of(tables, checked)
    return DataResult(tables, decided)


# --- the log run ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LogResult:
    entries: tuple[Doc, ...]
    plan: Plan
    added: int
    """Entries that only THEIRS had."""
    renumbered: int
    """Of those, entries whose ids of sources or events were rewritten."""


def _records_as_tables(decided: Plan) -> dict[str, dict[str, Doc]]:
    tables: dict[str, dict[str, Doc]] = {table: {} for table in RECORD_TABLES}
    order = {key: key_order(key) for key in {*decided.records, *decided.heads}}
    for (table, _key), doc in sorted(decided.records.items(), key=lambda item: order[item[0]]):
        tables[table][str(len(tables[table]) + 1)] = doc
    tables["meta"] = {doc_id: {**doc, "schema_version": 3} for doc_id, doc in tables["meta"].items()}
    digest = _digester()
    tables["heads"] = {str(n): {"table": t, "key": k, "entry": head.entry, "at": head.at, "by": head.by,
                                "digest": digest(t, decided.records.get((t, k)))}
                       for n, ((t, k), head) in enumerate(sorted(decided.heads.items(), key=lambda i: order[i[0]]),
                                                           start=1)}
    return tables


def merge_logs(base: Sequence[Doc], ours: Sequence[Doc], theirs: Sequence[Doc]) -> LogResult:
    """The log run: the merged log and the plan. The union of the entries by id, by time: the base's, the new
    ones of both sides (THEIRS's renumbered as the plan says) and the joins, in a stable sort (at the same
    time: the base's in its order, then OURS's, THEIRS's, the joins). A new entry older than the newest of the
    base (a third branch that OURS merged earlier) goes in among the base's: the log never goes back in
    time, and an entry still follows its parents (a child is never older than its parent). Without a base
    log (a base from before version 3), the entries both sides have are the base. Raises `MergeError` when
    the merged records would not validate."""
    theirs_ids = {e["id"] for e in theirs}
    common = list(base) if base else [e for e in ours if e["id"] in theirs_ids]
    decided = plan(side_of_log(common), side_of_log(ours), side_of_log(theirs))
    _problems_of(_records_as_tables(decided))
    known = {e["id"] for e in common}
    ours_new = [e for e in ours if e["id"] not in known]
    known |= {e["id"] for e in ours}
    theirs_added = [e for e in theirs if e["id"] not in known]
    theirs_new = [renumber_entry(e, decided.renames) for e in theirs_added]
    renumbered = sum(a.get("renumbered") != b.get("renumbered") for a, b in zip(theirs_added, theirs_new, strict=True))
    known |= theirs_ids
    joins = [j for j in decided.joins if j["id"] not in known]
    merged_entries = sorted([*common, *ours_new, *theirs_new, *joins], key=lambda e: str(e["at"]))
    return LogResult(tuple(merged_entries), decided, len(theirs_new), renumbered)


def check_log(entries: Iterable[tuple[int, Any]], what: str) -> list[Doc]:
    """A merge input's log entries, each checked (fields, and what ties it to its action and the entries
    before it), or `MergeError` naming the first problem."""
    rows = list(entries)
    _, problems = check_log_entries(rows, None)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise MergeError(f"cannot merge: {problems[0].describe(what)}{more}")
    return [doc for _, doc in rows]
