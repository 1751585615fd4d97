"""Validation of a parsed data file (spec section 3), and construction of the model from it.

Every problem is collected, never just the first, and each names its table, record and field, so an
analyst can fix a shared file in one pass. The checks are written out by hand rather than with a
schema library: the rules are few, the messages must name records by their *own* ids, and the
command line must start quickly (pydantic alone costs more to import than TinyDB and our code).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from pledge_tui.dataset.model import (
    Commitment,
    Dataset,
    Event,
    HistoryEntry,
    Member,
    Meta,
    ReportedFigure,
    Source,
    natural_key,
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
    STATUS_RANK,
    STATUSES,
    STORED_STATUSES,
    TIERS,
    TYPES,
)
from pledge_tui.errors import Problem

SCHEMA_VERSION = 2
"""The version write commands produce (spec section 8)."""
SCHEMA_VERSIONS = (1, 2)
"""The versions every read command accepts: a version-1 file is upgraded by its first write."""
TABLES_BY_VERSION = {
    1: ("meta", "members", "commitments", "sources", "events"),
    2: ("meta", "members", "commitments", "sources", "events", "history"),
}
TABLES = TABLES_BY_VERSION[SCHEMA_VERSION]

MEMBER_ID = re.compile(r"[A-Z][A-Z0-9-]{1,15}")
SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
DOC_ID = re.compile(r"[1-9][0-9]{0,17}")
DATE_ANY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
"""`YYYY`, `YYYY-MM` or `YYYY-MM-DD` (source dates)."""
URL = re.compile(r"https?://\S+")
EVENT_ID = SOURCE_ID
TIMESTAMP = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")
"""A history entry's `at`: UTC, whole seconds."""

Check = Callable[[Any], str | None]
"""A field check: returns a message when the value is wrong, else None."""


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _text(*, one_line: bool = False, allow_empty: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"expected a string, got {_type_name(value)}"
        if not allow_empty and not value.strip():
            return "must not be empty"
        if one_line and ("\n" in value or "\r" in value):
            return "must be a single line"
        return None

    return check


def _optional_text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        return f"expected a string or null, got {_type_name(value)}"
    if not value.strip():
        return "must not be empty (use null when there is nothing to say)"
    return None


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, got {_type_name(value)}"


def _one_of(allowed: tuple[str, ...], what: str) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"expected a string, got {_type_name(value)}"
        if value not in allowed:
            return f"unknown {what} {value!r} (expected one of: {', '.join(allowed)})"
        return None

    return check


def _date(*, min_precision: int) -> Check:
    """A calendar date with at least `min_precision` parts (1 = year, 2 = month, 3 = day).

    Valid values are remembered: a large file repeats a few hundred dates tens of thousands of times.
    """
    shapes = {1: "YYYY, YYYY-MM or YYYY-MM-DD", 2: "YYYY-MM or YYYY-MM-DD", 3: "YYYY-MM-DD"}[min_precision]

    seen: set[str] = set()

    def check(value: Any) -> str | None:
        if value in seen if isinstance(value, str) else False:
            return None
        if not isinstance(value, str):
            return f"expected a date string ({shapes}), got {_type_name(value)}"
        match = DATE_ANY.fullmatch(value)
        parts = [p for p in match.groups() if p is not None] if match else []
        if not match or len(parts) < min_precision:
            return f"malformed date {value!r} (expected {shapes})"
        year, month, day = (int(p) for p in (*parts, "1", "1")[:3])
        try:
            date(year, month, day)
        except ValueError:
            return f"impossible date {value!r}"
        if len(seen) < 100_000:
            seen.add(value)
        return None

    return check


def _slug_list(allowed: tuple[str, ...], what: str, *, non_empty: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return f"expected a list of {what} slugs, got {_type_name(value)}"
        if non_empty and not value:
            return f"must list at least one {what}"
        for item in value:
            if not isinstance(item, str):
                return f"expected a list of {what} slugs, found {_type_name(item)}"
            if item not in allowed:
                return f"unknown {what} {item!r} (expected one of: {', '.join(allowed)})"
        if len(set(value)) != len(value):
            return f"lists the same {what} twice"
        return None

    return check


def _text_list(value: Any) -> str | None:
    if not isinstance(value, list):
        return f"expected a list of strings, got {_type_name(value)}"
    for i, item in enumerate(value):
        if not isinstance(item, str):
            return f"item {i + 1}: expected a string, got {_type_name(item)}"
        if not item.strip():
            return f"item {i + 1}: must not be empty"
    return None


def _source_ids(value: Any) -> str | None:
    """The shape of a `sources` field; whether the ids exist is checked once all tables are read."""
    if not isinstance(value, list):
        return f"expected a list of source ids, got {_type_name(value)}"
    if not value:
        return "cites no source (every claim needs at least one)"
    for item in value:
        if not isinstance(item, str):
            return f"expected a list of source ids, found {_type_name(item)}"
    if len(set(value)) != len(value):
        return "cites the same source twice"
    return None


def _pattern(regex: re.Pattern[str], what: str) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"expected a string, got {_type_name(value)}"
        if not regex.fullmatch(value):
            return f"malformed {what} {value!r}"
        return None

    return check


def _url(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected a string, got {_type_name(value)}"
    if value and not URL.fullmatch(value):
        return f"expected an http(s) address or an empty string, got {value[:60]!r}"
    return None


def _status(value: Any) -> str | None:
    if value == NOT_DISCLOSED:
        return "'not-disclosed' is derived and never stored: leave the record out instead"
    return _one_of(STORED_STATUSES, "status")(value)


def _schema_version(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"expected the number 1 or 2, got {_type_name(value)}"
    if value not in SCHEMA_VERSIONS:
        return f"unsupported schema version {value} (this version of pledge-tui reads 1 and 2)"
    return None


def _timestamp(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected a UTC time string (YYYY-MM-DDTHH:MM:SSZ), got {_type_name(value)}"
    match = TIMESTAMP.fullmatch(value)
    if not match:
        return f"malformed time {value[:40]!r} (expected YYYY-MM-DDTHH:MM:SSZ, in UTC)"
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        return f"impossible time {value!r}"
    return None


def _document_or_null(value: Any) -> str | None:
    if value is None or isinstance(value, dict):
        return None
    return f"expected an object (the whole record) or null, got {_type_name(value)}"


def _source_id_list(value: Any) -> str | None:
    """A list of source ids that may be empty (history: `upgrade` and `add-source` cite none)."""
    if isinstance(value, list) and not value:
        return None
    return _source_ids(value)


def _undoes(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"expected the document id (a whole number) of the entry undone, got {_type_name(value)}"
    return None


def _any_text(value: Any) -> str | None:
    return None if isinstance(value, str) else f"expected a string, got {_type_name(value)}"


def _reported(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"expected an object with count, date, sources and note, got {_type_name(value)}"
    expected = {"count", "date", "sources", "note"}
    if missing := expected - value.keys():
        return f"missing {', '.join(sorted(missing))}"
    if extra := value.keys() - expected:
        return f"unexpected {', '.join(sorted(extra))}"
    count = value["count"]
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        return f"count: expected a whole number, got {_type_name(count)}"
    for name, check in (("date", _date(min_precision=1)), ("sources", _source_ids), ("note", _text())):
        if (message := check(value[name])) is not None:
            return f"{name}: {message}"
    return None


SCHEMA_V1: dict[str, dict[str, Check]] = {
    "meta": {
        "schema_version": _schema_version,
        "title": _text(one_line=True),
        "as_of": _date(min_precision=2),
        "summary": _text(),
        "reported_commitments": _reported,
    },
    "members": {
        "id": _pattern(MEMBER_ID, "member id (expected an ISO code such as PL, or EU, NATO)"),
        "name": _text(one_line=True),
        "role": _one_of(ROLES, "role"),
        "eu": _boolean,
        "nato": _boolean,
        "stance": _text(one_line=True),
        "caveats": _text_list,
        "approval": _one_of(APPROVALS, "approval"),
        "summit_2025_09_04": _one_of(ATTENDANCE, "attendance"),
        "sources": _source_ids,
    },
    "commitments": {
        "member": _text(one_line=True),
        "type": _one_of(TYPES, "type"),
        "status": _status,
        "summary": _text(),
        "conditions": _slug_list(CONDITIONS, "condition"),
        "lead": _boolean,
        "quantity": _optional_text,
        "stated_on": _date(min_precision=2),
        "sources": _source_ids,
    },
    "sources": {
        "id": _pattern(SOURCE_ID, "source id"),
        "publisher": _text(one_line=True),
        "title": _text(),
        "date": _date(min_precision=1),
        "url": _url,
        "tier": _one_of(TIERS, "tier"),
    },
    "events": {
        "date": _date(min_precision=2),
        "title": _text(one_line=True),
        "summary": _text(),
        "sources": _source_ids,
    },
}
"""Every table's fields and their checks in a version-1 file. Each field is required; any other field
is an error (a misspelt field name would otherwise be silently ignored)."""

HISTORY_FIELDS: dict[str, Check] = {
    "at": _timestamp,
    "by": _text(one_line=True),
    "action": _one_of(HISTORY_ACTIONS, "action"),
    "table": _one_of(HISTORY_TABLES, "table"),
    "key": _text(one_line=True),
    "before": _document_or_null,
    "after": _document_or_null,
    "sources": _source_id_list,
    "note": _any_text,
}
"""A history entry's fields; `undo` entries have one more, `undoes` (`UNDO_FIELDS`)."""
UNDO_FIELDS: dict[str, Check] = {**HISTORY_FIELDS, "undoes": _undoes}

SCHEMAS: dict[int, dict[str, dict[str, Check]]] = {
    1: SCHEMA_V1,
    2: {**SCHEMA_V1, "events": {"id": _pattern(EVENT_ID, "event id"), **SCHEMA_V1["events"]},
        "history": HISTORY_FIELDS},
}
"""Each schema version's tables, fields and checks."""

SCHEMA = SCHEMA_V1
"""The version-1 layout (every table but `history`; events without ids), for tools and tests that walk
every field of the classic tables."""


def _fast_checks(schema: dict[str, dict[str, Check]]) -> dict[str, Callable[[dict[str, Any]], bool]]:
    """Per table, one predicate that is True exactly when every check in `SCHEMA` passes.

    Written as plain expressions (no per-field calls) because it runs once per document; anything it
    rejects is re-checked field by field to produce the messages, so it only has to be exact, not
    informative. `tests/test_validate.py` checks it agrees with `SCHEMA` on every rule.
    """
    keys = {table: frozenset(fields) for table, fields in schema.items()}
    types, statuses, conditions = frozenset(TYPES), frozenset(STORED_STATUSES), frozenset(CONDITIONS)
    roles, approvals, attendance = frozenset(ROLES), frozenset(APPROVALS), frozenset(ATTENDANCE)
    tiers = frozenset(TIERS)
    ok = None.__class__  # NoneType
    day_or_month, any_date = _date(min_precision=2), _date(min_precision=1)
    members_schema, sources_schema = schema["members"], schema["sources"]
    event_id = schema["events"].get("id")

    def slug(v: Any, allowed: frozenset[str]) -> bool:
        return type(v) is str and v in allowed  # type first: a list or dict is not hashable

    def text(v: Any) -> bool:
        return type(v) is str and v != "" and not v.isspace()

    def line(v: Any) -> bool:
        return text(v) and "\n" not in v and "\r" not in v

    def cites(v: Any) -> bool:
        return type(v) is list and len(v) > 0 and all(type(x) is str for x in v) and len(set(v)) == len(v)

    def commitment(d: dict[str, Any]) -> bool:
        conds = d.get("conditions")
        quantity = d.get("quantity")
        return (d.keys() == keys["commitments"] and line(d["member"]) and slug(d["type"], types)
                and slug(d["status"], statuses) and text(d["summary"]) and type(conds) is list
                and all(type(c) is str and c in conditions for c in conds) and len(set(conds)) == len(conds)
                and type(d["lead"]) is bool and (type(quantity) is ok or text(quantity))
                and day_or_month(d["stated_on"]) is None and cites(d["sources"]))

    def member(d: dict[str, Any]) -> bool:
        caveats = d.get("caveats")
        return (d.keys() == keys["members"] and members_schema["id"](d["id"]) is None and line(d["name"])
                and slug(d["role"], roles) and type(d["eu"]) is bool and type(d["nato"]) is bool
                and line(d["stance"]) and type(caveats) is list and all(text(c) for c in caveats)
                and slug(d["approval"], approvals) and slug(d["summit_2025_09_04"], attendance)
                and cites(d["sources"]))

    def source(d: dict[str, Any]) -> bool:
        return (d.keys() == keys["sources"] and sources_schema["id"](d["id"]) is None and line(d["publisher"])
                and text(d["title"]) and any_date(d["date"]) is None and sources_schema["url"](d["url"]) is None
                and slug(d["tier"], tiers))

    def event(d: dict[str, Any]) -> bool:
        return (d.keys() == keys["events"] and (event_id is None or event_id(d["id"]) is None)
                and day_or_month(d["date"]) is None and line(d["title"])
                and text(d["summary"]) and cites(d["sources"]))

    def never(d: dict[str, Any]) -> bool:
        return False  # one document: always checked in full

    return {"commitments": commitment, "members": member, "sources": source, "events": event, "meta": never,
            "history": never}


class _Collector:
    """Accumulates problems while the tables are walked."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, message: str, table: str | None = None, record: str | None = None,
            field: str | None = None) -> None:
        self.problems.append(Problem(message, table, record, field))


def _record_label(table: str, doc_id: str, doc: Mapping[str, Any]) -> str:
    """How a record is named in messages: by its own id where it has a readable one."""
    if table == "members" or table == "sources":
        own = doc.get("id")
        if isinstance(own, str) and own.strip() and len(own) <= 64 and own.isprintable():
            return f'"{own}" (doc {doc_id})'
    elif table == "commitments":
        member, type_slug = doc.get("member"), doc.get("type")
        if isinstance(member, str) and isinstance(type_slug, str) and len(member + type_slug) <= 80 \
                and (member + type_slug).isprintable():
            return f'"{member}/{type_slug}" (doc {doc_id})'
    return f"doc {doc_id}"


FAST_CHECKS_BY_VERSION = {version: _fast_checks(schema) for version, schema in SCHEMAS.items()}
FAST_CHECKS = FAST_CHECKS_BY_VERSION[1]

Rows = dict[str, list[tuple[str, dict[str, Any]]]]


def _plain_doc_id(doc_id: str) -> bool:
    """`DOC_ID` without the regex engine (it runs once per document)."""
    return 0 < len(doc_id) <= 18 and doc_id.isascii() and doc_id.isdigit() and doc_id[0] != "0"


def schema_version_of(raw: Any) -> int:
    """The schema version a parsed file declares, which decides its tables and fields.

    When the meta document does not say (it is broken, and that is reported on its own), a file with a
    `history` table is read as version 2 and any other as version 1.
    """
    meta_table = raw.get("meta") if isinstance(raw, dict) else None
    if isinstance(meta_table, dict) and len(meta_table) == 1:
        doc = next(iter(meta_table.values()))
        version = doc.get("schema_version") if isinstance(doc, dict) else None
        if type(version) is int and version in SCHEMA_VERSIONS:
            return version
    return 2 if isinstance(raw, dict) and "history" in raw else 1


def _documents(raw: Any, out: _Collector, named: dict[str, set[str]], version: int) -> Rows:
    """Check the TinyDB layout (table -> doc id -> object); return each table's well-formed documents
    as (doc id, document), after checking every field against the version's schema (`SCHEMAS`).

    Each document first meets its table's fast predicate (`FAST_CHECKS`); only one that fails it is
    walked field by field to say what is wrong. At 10,000 members this halves the load time.

    `named` collects, per table, every id a document claims, even from documents with other problems,
    so that a reference to a broken record is not reported a second time as "does not exist".
    """
    tables: Rows = {}
    if not isinstance(raw, dict):
        out.add(f"expected a JSON object of tables at the top level, got {_type_name(raw)}")
        return tables
    tables_expected = TABLES_BY_VERSION[version]
    for unknown in sorted(set(raw) - set(tables_expected)):
        if unknown == "history":
            out.add("only schema version 2 files have a history table (meta.schema_version is 1)", table=unknown)
        else:
            out.add("unknown table (expected: " + ", ".join(tables_expected) + ")", table=unknown[:60])
    for table in tables_expected:
        if table not in raw:
            out.add("table is missing", table=table)
            continue
        docs = raw[table]
        if not isinstance(docs, dict):
            out.add(f"expected an object of documents keyed by id, got {_type_name(docs)}", table=table)
            continue
        table_schema = SCHEMAS[version][table]
        fast = FAST_CHECKS_BY_VERSION[version][table]
        claims_id = table in ("members", "sources")
        rows: list[tuple[str, dict[str, Any]]] = []
        for doc_id, doc in docs.items():
            if type(doc) is dict and fast(doc) and _plain_doc_id(doc_id):
                if claims_id:
                    named.setdefault(table, set()).add(doc["id"])
                rows.append((doc_id, doc))
                continue
            if not DOC_ID.fullmatch(doc_id):
                out.add("document ids must be whole numbers written without leading zeros",
                        table=table, record=f"doc {doc_id[:40]!r}")
                continue
            if not isinstance(doc, dict):
                out.add(f"expected an object, got {_type_name(doc)}", table=table, record=f"doc {doc_id}")
                continue
            label = _record_label(table, doc_id, doc)
            if isinstance(doc.get("id"), str):
                named.setdefault(table, set()).add(doc["id"])
            ok = True
            schema = UNDO_FIELDS if table == "history" and doc.get("action") == "undo" else table_schema
            for field, check in schema.items():
                if field not in doc:
                    out.add("missing", table, label, field)
                    ok = False
                elif (message := check(doc[field])) is not None:
                    out.add(message, table, label, field)
                    ok = False
            for extra in doc.keys() - schema.keys():
                out.add("unexpected field (a typo?)", table, label, extra[:60])
                ok = False
            if ok:
                rows.append((doc_id, doc))
        tables[table] = rows
    return tables


def build_dataset(raw: Any) -> tuple[Dataset | None, list[Problem]]:
    """Validate a parsed data file and build the model from it.

    Returns the dataset and an empty list, or None and every problem found.
    """
    out = _Collector()
    named: dict[str, set[str]] = {}
    version = schema_version_of(raw)
    tables = _documents(raw, out, named, version)

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

    history = _history(tables.get("history", []), out, sources_known)

    if out.problems or meta is None:
        return None, out.problems

    members = tuple(_member(doc, by_member[member_id]) for member_id, doc in member_docs.items())
    events.sort(key=lambda e: e.date)
    return Dataset(meta, members, sources, tuple(events), history), []


def _history(rows: list[tuple[str, dict[str, Any]]], out: _Collector,
             sources_known: set[str] | None) -> tuple[HistoryEntry, ...]:
    """Check what ties a history entry to its action and to the other entries, and build the entries.

    Each entry's fields have been checked already. Here: the action names its table; `before` and
    `after` are present or null as the action requires and carry the entry's key; every change but an
    upgrade or an added source cites a source, and the sources exist; an undo points back at an earlier
    change of the same record, not already undone, and cites its sources; time never goes backwards.
    """
    entries: list[HistoryEntry] = []
    by_id: dict[int, HistoryEntry] = {}
    undone: set[int] = set()
    previous_at = ""
    for doc_id, doc in sorted(rows, key=lambda r: int(r[0])):
        label = f"doc {doc_id}"

        def problem(message: str, field: str, label: str = label) -> None:
            out.add(message, "history", label, field)

        action, table = doc["action"], doc["table"]
        before, after = doc["before"], doc["after"]
        expected_table = ACTION_TABLE.get(action)
        if expected_table is not None and table != expected_table:
            problem(f"action {action!r} changes table {expected_table!r}, not {table!r}", "table")
        presence = _PRESENCE.get(action)
        if presence is not None:
            for field, value, wanted in (("before", before, presence[0]), ("after", after, presence[1])):
                if wanted is not None and (value is not None) != wanted:
                    problem(f"must be {'an object' if wanted else 'null'} for action {action!r}", field)
        if action == "undo" and before is None and after is None:
            problem("an undo must restore or remove a record: before and after cannot both be null", "after")
        if action != "upgrade" and before is not None and before == after:
            problem("before and after are the same (a change that changes nothing is not recorded)", "after")
        for field, value in (("before", before), ("after", after)):
            if isinstance(value, dict) and table in HISTORY_TABLES and not _has_key(table, value, doc["key"]):
                problem(f"does not hold the record {doc['key'][:80]!r} the entry is about", field)
        if not doc["sources"] and action not in ("upgrade", "add-source", "undo"):
            problem("cites no source (every change but an upgrade or a new source needs at least one)", "sources")
        if sources_known is not None:
            for ref in doc["sources"]:
                if ref not in sources_known:
                    problem(f"refers to source {ref!r}, which does not exist", "sources")
        if doc["at"] < previous_at:
            problem(f"goes back in time: {doc['at']} is before the previous entry's {previous_at}", "at")
        previous_at = max(previous_at, doc["at"])
        undoes = doc.get("undoes")
        if undoes is not None:
            target = by_id.get(undoes)
            if target is None:
                problem(f"undoes entry {undoes}, which is not an earlier entry", "undoes")
            elif target.action in ("undo", "upgrade"):
                problem(f"undoes entry {undoes}, an {target.action!r}, which cannot be undone", "undoes")
            elif (target.table, target.key) != (table, doc["key"]):
                problem(f"undoes entry {undoes}, which changed {target.table} {target.key!r}, not this record",
                        "undoes")
            elif undoes in undone:
                problem(f"undoes entry {undoes}, which an earlier entry already undid", "undoes")
            elif tuple(doc["sources"]) != target.sources:
                problem(f"must cite the sources of the entry it undoes ({', '.join(target.sources) or 'none'})",
                        "sources")
            undone.add(undoes)
        entry = HistoryEntry(int(doc_id), doc["at"], doc["by"], action, table, doc["key"], before, after,
                             tuple(doc["sources"]), doc["note"], undoes)
        by_id[entry.doc_id] = entry
        entries.append(entry)
    return tuple(entries)


_PRESENCE: dict[str, tuple[bool | None, bool | None]] = {
    "set": (None, True),
    "unset": (True, False),
    "add-member": (False, True),
    "add-source": (False, True),
    "add-event": (False, True),
    "edit-member": (True, True),
    "edit-event": (True, True),
    "edit-meta": (True, True),
    "upgrade": (False, False),
}
"""Per action, whether `before` and `after` must hold a record (True), must be null (False), or either
(None). `undo` is checked apart: it mirrors the entry it reverts."""


def _has_key(table: str, doc: dict[str, Any], key: str) -> bool:
    """True when a stored document of `table` has the natural key `key` (and the fields that make it)."""
    fields = {"commitments": ("member", "type"), "meta": ()}.get(table, ("id",))
    if not all(isinstance(doc.get(f), str) for f in fields):
        return False
    return natural_key(table, doc) == key


def _member(doc: dict[str, Any], commitments: dict[str, Commitment]) -> Member:
    ordered: dict[str, Commitment] = {t: commitments[t] for t in TYPES if t in commitments}
    caveats = tuple(doc["caveats"])
    statuses = tuple(c.status if (c := ordered.get(t)) else NOT_DISCLOSED for t in TYPES)
    counts = [0] * len(STATUSES)
    for status in statuses:
        counts[STATUS_RANK[status]] += 1
    name_key = (doc["name"].casefold(), doc["id"])
    return Member(
        id=doc["id"], name=doc["name"], role=doc["role"], eu=doc["eu"], nato=doc["nato"], stance=doc["stance"],
        caveats=caveats, approval=doc["approval"], summit_2025_09_04=doc["summit_2025_09_04"],
        sources=tuple(doc["sources"]), commitments=ordered,
        statuses=statuses,
        conditions_by_type=tuple(frozenset(c.conditions) if (c := ordered.get(t)) else _NO_CONDITIONS
                                 for t in TYPES),
        name_key=name_key,
        strength_key=(min(STATUS_RANK[s] for s in statuses), *(-c for c in counts[:-1]), *name_key),
        caveats_key=(-len(caveats), *name_key),
    )


_NO_CONDITIONS: frozenset[str] = frozenset()
