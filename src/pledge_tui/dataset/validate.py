"""Validation of a parsed data file (README "The data"), and construction of the model from it.

Every problem is collected, never just the first, and each names its table, record and field, so an
analyst can fix a shared file in one pass. Each field's rule is declared once, in `SCHEMAS`, with the
rule kinds of `rules.py`: the same declaration gives the fast per-table predicate every document meets
first and the field-by-field messages for a document that fails it. What ties records together
(duplicate ids, references, the history's order and undo links) is checked here after the fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pledge_tui.dataset import catalogue
from pledge_tui.dataset.ids import record_digest
from pledge_tui.dataset.model import (
    Commitment,
    Dataset,
    Event,
    Head,
    Member,
    Meta,
    ReportedFigure,
    Source,
    natural_key,
)
from pledge_tui.dataset.rules import (
    URL,
    Custom,
    Date,
    Fields,
    ListOf,
    OfType,
    OneOf,
    OptionalText,
    Pattern,
    Text,
    compile_table,
    slugs,
    source_ids,
    type_name,
)
from pledge_tui.dataset.vocab import (
    ACTION_TABLE,
    APPROVALS,
    ATTENDANCE,
    COALITION_ID,
    CONDITIONS,
    HISTORY_ACTIONS,
    HISTORY_TABLES,
    NOT_DISCLOSED,
    ROLES,
    STORED_STATUSES,
    TIERS,
    TYPES,
)
from pledge_tui.errors import Problem

if TYPE_CHECKING:
    from pledge_tui.dataset.entry import HistoryEntry

SCHEMA_VERSION = 3
"""The version write commands produce (README "Editing")."""
SCHEMA_VERSIONS = (1, 2, 3)
"""The versions every read command accepts: a version-1 or version-2 file is upgraded by its first write."""

MEMBER_ID = re.compile(r"[A-Z][A-Z0-9-]{1,15}")
SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
EVENT_ID = SOURCE_ID
DOC_ID = re.compile(r"[1-9][0-9]{0,17}")
ENTRY_ID = re.compile(r"h[0-9a-f]{10}")
"""A history entry's id (`ids.entry_id`)."""
TIMESTAMP = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")
"""A history entry's `at`: UTC, whole seconds, ASCII digits."""


def _schema_version(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"expected the number 1, 2 or 3, got {type_name(value)}"
    if value not in SCHEMA_VERSIONS:
        return f"unsupported schema version {value} (this version of pledge-tui reads 1, 2 and 3)"
    return None


_ANY_DATE = Date(min_precision=1)
_MONTH_OR_DAY = Date(min_precision=2)
_REPORTED_FIELDS: dict[str, Callable[[Any], str | None]] = {
    "date": _ANY_DATE, "sources": source_ids(), "note": Text()}


def _reported(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"expected an object with count, date, sources and note, got {type_name(value)}"
    expected = {"count", "date", "sources", "note"}
    if missing := expected - value.keys():
        return f"missing {', '.join(sorted(missing))}"
    if extra := value.keys() - expected:
        return f"unexpected {', '.join(sorted(extra))}"
    count = value["count"]
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        return f"count: expected a whole number, got {type_name(count)}"
    for name, check in _REPORTED_FIELDS.items():
        if (message := check(value[name])) is not None:
            return f"{name}: {message}"
    return None


def _timestamp(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected a UTC time string (YYYY-MM-DDTHH:MM:SSZ), got {type_name(value)}"
    match = TIMESTAMP.fullmatch(value)
    if not match:
        return f"malformed time {value[:40]!r} (expected YYYY-MM-DDTHH:MM:SSZ, in UTC)"
    year, month, day, hour, minute, second = (int(part) for part in match.groups())
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        return f"impossible time {value!r}"
    return None


def _document_or_null(value: Any) -> str | None:
    if value is None or isinstance(value, dict):
        return None
    return f"expected an object (the whole record) or null, got {type_name(value)}"


def _undoes(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"expected the document id (a whole number) of the entry undone, got {type_name(value)}"
    return None


def _entry_ids(value: Any) -> str | None:
    if not isinstance(value, list):
        return f"expected a list of history entry ids, got {type_name(value)}"
    for item in value:
        if not isinstance(item, str) or not ENTRY_ID.fullmatch(item):
            return f"expected history entry ids (h + 10 hex digits), found {str(item)[:40]!r}"
    if len(value) > 2:
        return f"at most two parents (a join), found {len(value)}"
    if len(set(value)) != len(value):
        return "names the same parent twice"
    return None


def _renumbered(value: Any) -> str | None:
    if not isinstance(value, dict) or not value:
        return f"expected an object of renamed ids per table, got {type_name(value)}"
    for table, mapping in value.items():
        if table not in ("sources", "events"):
            return f"only source and event ids are renumbered, not {str(table)[:40]!r}"
        if not isinstance(mapping, dict) or not mapping or not all(
                isinstance(k, str) and isinstance(v, str) and SOURCE_ID.fullmatch(k) and SOURCE_ID.fullmatch(v)
                for k, v in mapping.items()):
            return f"{table}: expected an object of id now -> id as written"
    return None


ONE_LINE = Text(one_line=True)
BOOLEAN = OfType(bool, "true or false")

SCHEMA_V1: dict[str, Fields] = {
    "meta": {
        "schema_version": Custom(_schema_version),
        "title": ONE_LINE,
        "as_of": _MONTH_OR_DAY,
        "summary": Text(),
        "reported_commitments": Custom(_reported),
    },
    "members": {
        "id": Pattern(MEMBER_ID, "member id (expected an ISO code such as PL, or EU, NATO)"),
        "name": ONE_LINE,
        "role": OneOf(ROLES, catalogue.ROLES.noun),
        "eu": BOOLEAN,
        "nato": BOOLEAN,
        "stance": ONE_LINE,
        "caveats": ListOf(Text(), "strings", numbered=True),
        "approval": OneOf(APPROVALS, catalogue.APPROVALS.noun),
        "summit_2025_09_04": OneOf(ATTENDANCE, catalogue.ATTENDANCE.noun),
        "sources": source_ids(),
    },
    "commitments": {
        "member": ONE_LINE,
        "type": OneOf(TYPES, catalogue.TYPES.noun),
        "status": OneOf(STORED_STATUSES, catalogue.STATUSES.noun, refused={
            NOT_DISCLOSED: "'not-disclosed' is derived and never stored: leave the record out instead"}),
        "summary": Text(),
        "conditions": slugs(OneOf(CONDITIONS, catalogue.CONDITIONS.noun)),
        "lead": BOOLEAN,
        "quantity": OptionalText(),
        "stated_on": _MONTH_OR_DAY,
        "sources": source_ids(),
    },
    "sources": {
        "id": Pattern(SOURCE_ID, "source id"),
        "publisher": ONE_LINE,
        "title": Text(),
        "date": _ANY_DATE,
        "url": URL,
        "tier": OneOf(TIERS, catalogue.TIERS.noun),
    },
    "events": {
        "date": _MONTH_OR_DAY,
        "title": ONE_LINE,
        "summary": Text(),
        "sources": source_ids(),
    },
}
"""Every table's fields and their rules in a version-1 file."""

HISTORY_FIELDS: Fields = {
    "at": Custom(_timestamp),
    "by": ONE_LINE,
    "action": OneOf(HISTORY_ACTIONS, "action"),
    "table": OneOf(HISTORY_TABLES, "table"),
    "key": ONE_LINE,
    "before": Custom(_document_or_null),
    "after": Custom(_document_or_null),
    "sources": source_ids(may_be_empty=True),
    "note": OfType(str, "a string"),
}
"""A history entry's fields; an `undo` entry has one more, `undoes` (`UNDO_FIELDS`)."""
UNDO_FIELDS: Fields = {**HISTORY_FIELDS, "undoes": Custom(_undoes)}

ENTRY_ID_RULE = Pattern(ENTRY_ID, "history entry id (expected h and 10 hex digits)")
ENTRY_FIELDS: Fields = {"id": ENTRY_ID_RULE, **HISTORY_FIELDS, "parents": Custom(_entry_ids)}
"""A line of the history log (schema version 3): a version-2 entry's fields, its id and its parents; an
`undo` entry has `undoes` (an id) as well, and an entry a merge renumbered has `renumbered`
(`ENTRY_OPTIONAL`)."""
ENTRY_OPTIONAL: Fields = {"undoes": ENTRY_ID_RULE, "renumbered": Custom(_renumbered)}

DIGEST = re.compile(r"[0-9a-f]{16}")
HEAD_FIELDS: Fields = {
    "table": OneOf(HISTORY_TABLES, "table"),
    "key": ONE_LINE,
    "entry": ENTRY_ID_RULE,
    "at": Custom(_timestamp),
    "by": ONE_LINE,
    "digest": Pattern(DIGEST, "record digest (expected 16 hex digits)"),
}
"""A document of the `heads` table (schema version 3): the newest history entry of one record, who made it
and when, and the digest of the record it left (`ids.record_digest`)."""

_SCHEMA_V2 = {**SCHEMA_V1, "events": {"id": Pattern(EVENT_ID, "event id"), **SCHEMA_V1["events"]},
              "history": HISTORY_FIELDS}
SCHEMAS: dict[int, dict[str, Fields]] = {
    1: SCHEMA_V1,
    2: _SCHEMA_V2,
    3: {**{table: fields for table, fields in _SCHEMA_V2.items() if table != "history"}, "heads": HEAD_FIELDS},
}
"""Each schema version's tables, fields and rules (README "The data" and "Editing"). Version 3 keeps its history
in the log beside the file (`ENTRY_FIELDS`), with the `heads` table as its index."""

TABLES_BY_VERSION = {version: tuple(schema) for version, schema in SCHEMAS.items()}
TABLES = TABLES_BY_VERSION[SCHEMA_VERSION]

SCHEMA = SCHEMA_V1
"""The version-1 layout (every table but `history`; events without ids), for tools and tests that walk
every field of the classic tables."""

_NEVER = {"meta"}
"""Tables of one document, always checked field by field."""

def fields_for(schema: Mapping[str, Fields], table: str, doc: Mapping[str, Any]) -> Fields:
    """The fields a document of `table` must have: an `undo` history entry has `undoes` as well."""
    return UNDO_FIELDS if table == "history" and doc.get("action") == "undo" else schema[table]


def _never(doc: dict[str, Any]) -> bool:
    return False


def _fast_check(fields: Fields, table: str, version: int) -> Callable[[dict[str, Any]], bool]:
    if table in _NEVER:
        return _never
    fast = compile_table(fields, f"fast_{table}_v{version}")
    if table != "history":
        return fast
    fast_undo = compile_table(UNDO_FIELDS, f"fast_undo_v{version}")

    def fast_history(doc: dict[str, Any]) -> bool:
        return (fast_undo if doc.get("action") == "undo" else fast)(doc)

    return fast_history


class _FastChecks(dict[int, dict[str, Callable[[dict[str, Any]], bool]]]):
    """Compiled per version on first use: a command reads files of one version (2, nearly always), and
    compiling a version's predicates is a millisecond of every command's start-up."""

    def __missing__(self, version: int) -> dict[str, Callable[[dict[str, Any]], bool]]:
        checks = self[version] = {table: _fast_check(fields, table, version)
                                  for table, fields in SCHEMAS[version].items()}
        return checks


FAST_CHECKS_BY_VERSION: dict[int, dict[str, Callable[[dict[str, Any]], bool]]] = _FastChecks()
"""Per version and table, the predicate every document meets first: True exactly when every rule of its
fields passes (`rules.compile_table`). An `undo` history entry, with its extra field, fails it and is
checked in full."""


class _Collector:
    """Accumulates problems while the tables are walked."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, message: str, table: str | None = None, record: str | None = None,
            field: str | None = None) -> None:
        self.problems.append(Problem(message, table, record, field))


def _record_label(table: str, doc_id: str, doc: Mapping[str, Any]) -> str:
    """How a record is named in messages: by its own id where it has a readable one."""
    if table in ("members", "sources", "events"):
        own = doc.get("id")
        if isinstance(own, str) and own.strip() and len(own) <= 64 and own.isprintable():
            return f'"{own}" (doc {doc_id})'
    elif table == "commitments":
        member, type_slug = doc.get("member"), doc.get("type")
        if isinstance(member, str) and isinstance(type_slug, str) and len(member + type_slug) <= 80 \
                and (member + type_slug).isprintable():
            return f'"{member}/{type_slug}" (doc {doc_id})'
    return f"doc {doc_id}"

Rows = dict[str, list[tuple[str, dict[str, Any]]]]


def _plain_doc_id(doc_id: str) -> bool:
    """`DOC_ID` without the regex engine (it runs once per document)."""
    return 0 < len(doc_id) <= 18 and doc_id.isascii() and doc_id.isdigit() and doc_id[0] != "0"


def schema_version_of(raw: Any) -> int:
    """The schema version a parsed file declares, which decides its tables and fields.

    When the meta document does not say (it is broken, and that is reported on its own), a file with a
    `heads` table is read as version 3, one with a `history` table as version 2 and any other as version 1.
    """
    meta_table = raw.get("meta") if isinstance(raw, dict) else None
    if isinstance(meta_table, dict) and len(meta_table) == 1:
        doc = next(iter(meta_table.values()))
        version = doc.get("schema_version") if isinstance(doc, dict) else None
        if type(version) is int and version in SCHEMA_VERSIONS:
            return version
    if isinstance(raw, dict) and "heads" in raw:
        return 3
    return 2 if isinstance(raw, dict) and "history" in raw else 1


def _documents(raw: Any, out: _Collector, named: dict[str, set[str]], version: int,
               checked: Mapping[str, Container[int]]) -> Rows:
    """Check the TinyDB layout (table -> doc id -> object); return each table's well-formed documents
    as (doc id, document), after checking every field against the version's schema (`SCHEMAS`).

    Each document first meets its table's fast predicate (`FAST_CHECKS_BY_VERSION`); only one that fails it is
    walked field by field to say what is wrong. At 10,000 members this halves the load time.

    `named` collects, per table, every id a document claims, even from documents with other problems,
    so that a reference to a broken record is not reported a second time as "does not exist".

    `checked` holds, per table, the `id()`s of documents whose fields passed this version's rules for that
    table already (in a file validated just before, and not changed since): they skip the predicate.
    """
    tables: Rows = {}
    if not isinstance(raw, dict):
        out.add(f"expected a JSON object of tables at the top level, got {type_name(raw)}")
        return tables
    tables_expected = TABLES_BY_VERSION[version]
    for unknown in sorted(set(raw) - set(tables_expected)):
        if unknown == "history":
            out.add(f"only schema version 2 files have a history table (meta.schema_version is {version}; from "
                    "version 3 on the history is in the history log beside the file)", table=unknown)
        elif unknown == "heads":
            out.add(f"only schema version 3 files have a heads table (meta.schema_version is {version})",
                    table=unknown)
        else:
            out.add("unknown table (expected: " + ", ".join(tables_expected) + ")", table=unknown[:60])
    for table in tables_expected:
        if table not in raw:
            out.add("table is missing", table=table)
            continue
        docs = raw[table]
        if not isinstance(docs, dict):
            out.add(f"expected an object of documents keyed by id, got {type_name(docs)}", table=table)
            continue
        fast = FAST_CHECKS_BY_VERSION[version][table]
        passed = checked.get(table, ())
        claims_id = table in ("members", "sources")
        rows: list[tuple[str, dict[str, Any]]] = []
        for doc_id, doc in docs.items():
            if (id(doc) in passed or (type(doc) is dict and fast(doc))) and _plain_doc_id(doc_id):
                if claims_id:
                    named.setdefault(table, set()).add(doc["id"])
                rows.append((doc_id, doc))
                continue
            if not DOC_ID.fullmatch(doc_id):
                out.add("document ids must be whole numbers written without leading zeros",
                        table=table, record=f"doc {doc_id[:40]!r}")
                continue
            if not isinstance(doc, dict):
                out.add(f"expected an object, got {type_name(doc)}", table=table, record=f"doc {doc_id}")
                continue
            label = _record_label(table, doc_id, doc)
            if isinstance(doc.get("id"), str):
                named.setdefault(table, set()).add(doc["id"])
            ok = True
            fields = fields_for(SCHEMAS[version], table, doc)
            for field, check in fields.items():
                if field not in doc:
                    out.add("missing", table, label, field)
                    ok = False
                elif (message := check(doc[field])) is not None:
                    out.add(message, table, label, field)
                    ok = False
            for extra in doc.keys() - fields.keys():
                out.add("unexpected field (a typo?)", table, label, extra[:60])
                ok = False
            if ok:
                rows.append((doc_id, doc))
        tables[table] = rows
    return tables


def build_dataset(raw: Any, *, checked: Mapping[str, Container[int]] | None = None
                  ) -> tuple[Dataset | None, list[Problem]]:
    """Validate a parsed data file and build the model from it.

    Returns the dataset and an empty list, or None and every problem found. `checked`: per table, the
    `id()`s of documents known to pass their fields' rules for this file's version (the merge driver's
    result is mostly documents of the two files it validated): only the rest meet the rules again.
    """
    out = _Collector()
    named: dict[str, set[str]] = {}
    version = schema_version_of(raw)
    tables = _documents(raw, out, named, version, checked or {})

    sources: dict[str, Source] = {}
    for doc_id, doc in tables.get("sources", []):
        if doc["id"] in sources:
            out.add(f"duplicate source id {doc['id']!r}", "sources", _record_label("sources", doc_id, doc), "id")
            continue
        sources[doc["id"]] = Source(doc["id"], doc["publisher"], doc["title"], doc["date"], doc["url"],
                                    doc["tier"])
    sources_known = named.get("sources", set()) if "sources" in tables else None

    def refs(table: str, doc_id: str, doc: dict[str, Any], ids: list[str], field: str = "sources") -> None:
        if sources_known is not None:
            for ref in ids:
                if ref not in sources_known:
                    out.add(f"refers to source {ref!r}, which does not exist", table,
                            _record_label(table, doc_id, doc), field)

    meta: Meta | None = None
    meta_table = raw.get("meta") if isinstance(raw, dict) else None
    if isinstance(meta_table, dict) and len(meta_table) != 1:
        out.add(f"expected exactly one document, found {len(meta_table)}", "meta")
    elif len(meta_rows := tables.get("meta", [])) == 1:
        doc_id, doc = meta_rows[0]
        reported = doc["reported_commitments"]
        refs("meta", doc_id, doc, reported["sources"], "reported_commitments.sources")
        meta = Meta(doc["schema_version"], doc["title"], doc["as_of"], doc["summary"],
                    ReportedFigure(reported["count"], reported["date"], tuple(reported["sources"]),
                                   reported["note"]))

    member_docs: dict[str, dict[str, Any]] = {}
    for doc_id, doc in tables.get("members", []):
        if doc["id"] in member_docs:
            out.add(f"duplicate member id {doc['id']!r}", "members", _record_label("members", doc_id, doc), "id")
            continue
        member_docs[doc["id"]] = doc
        refs("members", doc_id, doc, doc["sources"])
        if doc["role"] == "coalition" and doc["id"] != COALITION_ID:
            out.add(f"role 'coalition' is only for the coalition as a whole, member {COALITION_ID!r}", "members",
                    _record_label("members", doc_id, doc), "role")

    by_member: dict[str, dict[str, Commitment]] = {member_id: {} for member_id in member_docs}
    for doc_id, doc in tables.get("commitments", []):
        refs("commitments", doc_id, doc, doc["sources"])
        owned = by_member.get(doc["member"])
        if owned is None:
            if "members" in tables and doc["member"] not in named.get("members", set()):
                out.add(f"refers to member {doc['member']!r}, which does not exist", "commitments",
                        _record_label("commitments", doc_id, doc), "member")
            continue
        if doc["type"] in owned:
            out.add(f"second record for ({doc['member']}, {doc['type']}): at most one per member and type",
                    "commitments", _record_label("commitments", doc_id, doc), "type")
            continue
        owned[doc["type"]] = Commitment(
            doc["member"], doc["type"], doc["status"], doc["summary"], tuple(doc["conditions"]), doc["lead"],
            doc["quantity"], doc["stated_on"], tuple(doc["sources"]))

    events: list[Event] = []
    event_ids: set[str] = set()
    event_rows = tables.get("events", [])
    if version == 1:  # no stored ids: the ones the upgrade will give, in document-id order
        numbered = {doc_id: f"E{n}" for n, (doc_id, _) in enumerate(sorted(event_rows, key=lambda r: int(r[0])), 1)}
    for doc_id, doc in event_rows:
        refs("events", doc_id, doc, doc["sources"])
        event_id = doc["id"] if version > 1 else numbered[doc_id]
        if event_id in event_ids:
            out.add(f"duplicate event id {event_id!r}", "events", _record_label("events", doc_id, doc), "id")
            continue
        event_ids.add(event_id)
        events.append(Event(event_id, doc["date"], doc["title"], doc["summary"], tuple(doc["sources"])))

    history: tuple[HistoryEntry, ...] = ()
    heads: dict[tuple[str, str], Head] = {}
    if version == 2:
        history = _history(tables.get("history", []), out, sources_known)
        heads = heads_from_entries(history)
    elif version == 3:
        heads = _heads(tables.get("heads", []), out)

    if out.problems or meta is None:
        return None, out.problems

    members = tuple(_member(doc, by_member[member_id]) for member_id, doc in member_docs.items())
    events.sort(key=lambda e: e.date)
    return Dataset(meta, members, sources, tuple(events), history, heads), []


def _heads(rows: list[tuple[str, dict[str, Any]]], out: _Collector) -> dict[tuple[str, str], Head]:
    """The `heads` table by (table, key): at most one document per record."""
    heads: dict[tuple[str, str], Head] = {}
    for doc_id, doc in rows:
        key = (doc["table"], doc["key"])
        if key in heads:
            out.add(f"a second head for {doc['table']} {doc['key'][:80]!r} (one per record)", "heads",
                    f"doc {doc_id}", "key")
            continue
        heads[key] = Head(doc["entry"], doc["at"], doc["by"], doc["digest"])
    return heads


def heads_from_entries(entries: Sequence[HistoryEntry]) -> dict[tuple[str, str], Head]:
    """Each record's newest entry (in log order; upgrades are part of no record's history) as its head: the
    heads of a version-2 file, whose history is in the file."""
    newest: dict[tuple[str, str], HistoryEntry] = {}
    for entry in entries:
        if entry.action != "upgrade":
            newest[(entry.table, entry.key)] = entry
    return {key: Head(e.id, e.at, e.by, record_digest(e.table, e.after)) for key, e in newest.items()}


NOT_UNDOABLE = frozenset({"undo", "upgrade", "baseline", "merge", "resolve"})
"""Entries an `undo` cannot revert: an undo (make the change again instead), the upgrade, a baseline (the
record as history found it), and the joins of two lines of history."""
CITES_NOTHING = frozenset({"upgrade", "add-source", "undo", "baseline", "merge", "resolve"})
"""Actions whose entry may cite no source: the upgrade, a new source, and entries that cite what the entry
they follow cited (an undo, a resolve) or nothing new (a baseline, a merge)."""
MAY_CHANGE_NOTHING = frozenset({"upgrade", "undo", "merge", "resolve"})
"""Actions whose entry may have `before` equal to `after`: the upgrade (both null), an undo that marks an
entry undone although reverting it changes nothing, and the joins (whose `before` is null)."""


def _check_entries(rows: Sequence[tuple[str, Any, dict[str, Any]]], out: _Collector,
                   sources_known: set[str] | None, *, version: int) -> None:
    """Check what ties each history entry to its action and to the entries before it; `rows` are (label
    for messages, the reference `undoes` uses, the entry), in log order, with every field checked already.

    Here: the action names its table; `before` and `after` are present or null as the action requires and
    carry the entry's key; every change but those of `CITES_NOTHING` cites a source, and the sources
    exist; an undo points back at an earlier change of the same record (not an entry of `NOT_UNDOABLE`)
    and cites its sources; time never goes backwards. In a version-2 history an entry is undone at most
    once (from version 3 on, two clones may each undo it, and a merge joins the two).
    """
    by_ref: dict[Any, dict[str, Any]] = {}
    undone: set[Any] = set()
    previous_at = ""
    for label, ref, doc in rows:

        def problem(message: str, field: str, label: str = label) -> None:
            out.add(message, "history", label, field)

        action, table = doc["action"], doc["table"]
        before, after = doc["before"], doc["after"]
        if ref in by_ref:
            problem("the same entry is in the history twice", "id")
            continue
        expected_table = ACTION_TABLE.get(action)
        if expected_table is not None and table != expected_table:
            problem(f"action {action!r} changes table {expected_table!r}, not {table!r}", "table")
        presence = _PRESENCE.get(action)
        if presence is not None:
            for field, value, wanted in (("before", before, presence[0]), ("after", after, presence[1])):
                if wanted is not None and (value is not None) != wanted:
                    problem(f"must be {'an object' if wanted else 'null'} for action {action!r}", field)
        if action == "adopt" and before is None and after is None:
            problem("an adopt must record a record or its removal: before and after cannot both be null", "after")
        if action == "undo" and before is None and after is None and version == 2:
            problem("an undo must restore or remove a record: before and after cannot both be null", "after")
        if action not in MAY_CHANGE_NOTHING and before is not None and before == after:
            problem("before and after are the same (a change that changes nothing is not recorded)", "after")
        for field, value in (("before", before), ("after", after)):
            if isinstance(value, dict) and table in HISTORY_TABLES and not _has_key(table, value, doc["key"]):
                problem(f"does not hold the record {doc['key'][:80]!r} the entry is about", field)
        if not doc["sources"] and action not in CITES_NOTHING:
            problem("cites no source (every change but an upgrade or a new source needs at least one)", "sources")
        if sources_known is not None:
            for source_ref in doc["sources"]:
                if source_ref not in sources_known:
                    problem(f"refers to source {source_ref!r}, which does not exist", "sources")
        if doc["at"] < previous_at:
            problem(f"goes back in time: {doc['at']} is before the previous entry's {previous_at}", "at")
        previous_at = max(previous_at, doc["at"])
        undoes = doc.get("undoes")
        if undoes is not None:
            target = by_ref.get(undoes)
            if target is None:
                problem(f"undoes entry {undoes}, which is not an earlier entry", "undoes")
            elif target["action"] in NOT_UNDOABLE:
                problem(f"undoes entry {undoes}, an {target['action']!r}, which cannot be undone", "undoes")
            elif (target["table"], target["key"]) != (table, doc["key"]):
                problem(f"undoes entry {undoes}, which changed {target['table']} {target['key']!r}, not this "
                        "record", "undoes")
            elif version == 2 and undoes in undone:
                problem(f"undoes entry {undoes}, which an earlier entry already undid", "undoes")
            elif doc["sources"] != target["sources"]:
                problem(f"must cite the sources of the entry it undoes ({', '.join(target['sources']) or 'none'})",
                        "sources")
            undone.add(undoes)
        by_ref[ref] = doc


def _history(rows: list[tuple[str, dict[str, Any]]], out: _Collector,
             sources_known: set[str] | None) -> tuple[HistoryEntry, ...]:
    """A version-2 history table: its entries checked (`_check_entries`, in document-id order) and built,
    each with the id, parents and `undoes` the upgrade to version 3 will give it (`upgrade.convert_v2`)."""
    ordered = sorted(rows, key=lambda r: int(r[0]))
    _check_entries([(f"doc {doc_id}", int(doc_id), doc) for doc_id, doc in ordered], out, sources_known, version=2)
    from pledge_tui.dataset.upgrade import convert_v2  # (a version-2 file's only: not imported for the others)

    converted = convert_v2(ordered)
    return tuple(history_entry(doc, seq) for seq, doc in enumerate(converted.entries, start=1))


def history_entry(doc: Mapping[str, Any], seq: int) -> HistoryEntry:
    """The model of one version-3 history entry (a version-2 entry converted), `seq` its place in the log."""
    from pledge_tui.dataset.entry import HistoryEntry  # (msgspec: `list --at` rebuilds a dataset, no entry)

    return HistoryEntry(doc["id"], doc["at"], doc["by"], doc["action"], doc["table"], doc["key"], doc["before"],
                        doc["after"], tuple(doc["sources"]), doc["note"], tuple(doc["parents"]), doc.get("undoes"),
                        seq)


def check_history(rows: list[tuple[str, dict[str, Any]]],
                  sources_known: set[str] | None) -> tuple[tuple[HistoryEntry, ...], list[Problem]]:
    """The entries of a version-2 history table (`rows`: documents whose fields all passed) and every
    problem tying them to their actions and to each other (`_history`): for a reader that checked the
    fields itself (`decode`)."""
    out = _Collector()
    return _history(rows, out, sources_known), out.problems


def entry_label(doc: Any, line: int | None) -> str:
    """How a history log entry is named in messages: `entry h3f9a2c10b (line 12)` (with table `history`:
    "history entry h3f9a2c10b (line 12)"), or by its line alone when its id is unusable."""
    own = doc.get("id") if isinstance(doc, dict) else None
    where = f" (line {line})" if line is not None else ""
    if isinstance(own, str) and ENTRY_ID.fullmatch(own):
        return f"entry {own}{where}"
    return f"line {line}" if line is not None else "entry"


def entry_field_problems(doc: Any, label: str, out: _Collector) -> bool:
    """Check one log entry's fields (`ENTRY_FIELDS`, and `ENTRY_OPTIONAL` when present); True when all pass."""
    if not isinstance(doc, dict):
        out.add(f"expected an object (one history entry), got {type_name(doc)}", "history", label)
        return False
    ok = True
    fields = {**ENTRY_FIELDS, **{name: rule for name, rule in ENTRY_OPTIONAL.items() if name in doc}}
    for field, check in fields.items():
        if field not in doc:
            out.add("missing", "history", label, field)
            ok = False
        elif (message := check(doc[field])) is not None:
            out.add(message, "history", label, field)
            ok = False
    for extra in doc.keys() - fields.keys():
        out.add("unexpected field (a typo?)", "history", label, extra[:60])
        ok = False
    if ok and (doc["action"] == "undo") != ("undoes" in doc):
        out.add("an undo names the entry it reverts in undoes, and only an undo does", "history", label, "undoes")
        ok = False
    return ok


_ENTRY_CHECKS: list[tuple[Callable[[dict[str, Any]], bool], Callable[[dict[str, Any]], bool]]] = []
"""The predicates a log entry meets first (`rules.compile_table`): an entry but an undo, and an undo (with
`undoes`); True exactly when `entry_field_problems` finds nothing. Anything else (a renumbered entry, a
problem) is checked field by field, which words the problems. Compiled on first use."""


def _compile_entry_checks() -> tuple[Callable[[dict[str, Any]], bool], Callable[[dict[str, Any]], bool]]:
    checks = (compile_table(ENTRY_FIELDS, "fast_entry"),
              compile_table({**ENTRY_FIELDS, "undoes": ENTRY_OPTIONAL["undoes"]}, "fast_undo_entry"))
    _ENTRY_CHECKS.append(checks)
    return checks


def check_log_entries(rows: Sequence[tuple[int, Any]], sources_known: set[str] | None,
                      *, links: bool = True) -> tuple[tuple[HistoryEntry, ...], list[Problem]]:
    """The history log's entries (`rows`: line number, parsed line) checked and built, oldest first, with
    every problem found: each entry's fields (`ENTRY_FIELDS`), then, with `links`, what ties it to its
    action and to the entries before it (`_check_entries`; without, for entries whose earlier entries are
    not at hand: the write path's new entries)."""
    out = _Collector()
    good: list[tuple[str, Any, dict[str, Any]]] = []
    lines: list[int] = []
    passes, passes_undo = _ENTRY_CHECKS[0] if _ENTRY_CHECKS else _compile_entry_checks()
    for line, doc in rows:
        if type(doc) is dict and (passes_undo(doc) if doc.get("action") == "undo" else passes(doc)):
            good.append((f"entry {doc['id']} (line {line})" if line is not None else f"entry {doc['id']}",
                         doc["id"], doc))
            lines.append(line)
            continue
        label = entry_label(doc, line)
        if entry_field_problems(doc, label, out):
            good.append((label, doc["id"], doc))
            lines.append(line)
    if links:
        _check_entries(good, out, sources_known, version=3)
    entries = tuple(history_entry(doc, line) for line, (_, _, doc) in zip(lines, good, strict=True))
    return entries, out.problems


def log_links_hold(docs: Sequence[dict[str, Any]]) -> bool:
    """True when `check_log_entries` would find nothing wrong in what ties these entries (in log order, every
    field checked already) to their actions and to each other: for a reader that checked the fields itself
    (`log_typed`), which takes `check_log_entries` to word the problems when this is False."""
    out = _Collector()
    _check_entries([("", doc["id"], doc) for doc in docs], out, None, version=3)
    return not out.problems


_PRESENCE: dict[str, tuple[bool | None, bool | None]] = {
    "set": (None, True),
    "unset": (True, False),
    "add-member": (False, True),
    "add-source": (False, True),
    "edit-source": (True, True),
    "add-event": (False, True),
    "edit-member": (True, True),
    "edit-event": (True, True),
    "edit-meta": (True, True),
    "upgrade": (False, False),
    "baseline": (False, True),
    "merge": (False, None),
    "resolve": (False, None),
}
"""Per action, whether `before` and `after` must hold a record (True), must be null (False), or either
(None). `undo` is checked apart: it mirrors the entry it reverts; so is `adopt` (either, not both null)."""


def _has_key(table: str, doc: dict[str, Any], key: str) -> bool:
    """True when a stored document of `table` has the natural key `key` (and the fields that make it)."""
    fields = {"commitments": ("member", "type"), "meta": ()}.get(table, ("id",))
    if not all(isinstance(doc.get(f), str) for f in fields):
        return False
    return natural_key(table, doc) == key


def _member(doc: dict[str, Any], commitments: dict[str, Commitment]) -> Member:
    return Member(id=doc["id"], name=doc["name"], role=doc["role"], eu=doc["eu"], nato=doc["nato"],
                  stance=doc["stance"], caveats=tuple(doc["caveats"]), approval=doc["approval"],
                  summit_2025_09_04=doc["summit_2025_09_04"], sources=tuple(doc["sources"]), commitments=commitments)
