"""The typed read path: a version-3 (or version-2) data file decoded and checked in bulk with msgspec, for
large files.

`validate.build_dataset` is the definition of a valid file: it parses with `json` into dicts, meets every
document with a generated predicate and builds the frozen model from the dicts, about a tenth of a second
per 2,000 members. This module reaches the same dataset three to four times faster, and without the
decoded text's copy of the file (at 10,000 members that copy was the peak of the browser's memory):

1. msgspec decodes the bytes in C into frozen Structs, one per table, with the fields the table declares,
   checking JSON types, required fields and unknown ones (the model's records are `NamedTuple`s, which
   msgspec decodes from arrays only: `Checked.dataset` makes them, field for field);
2. no key of the file may be lost in the decoding (`_no_key_lost`, counted with colons): this is what
   refuses duplicate keys, which msgspec would resolve silently;
3. every field's rule, as `validate.SCHEMAS` declares it, is checked in bulk per table and field
   (`_passes`): a C-speed test that covers the common case (one regular expression over all the ids of
   a table, one scan of all the first characters of its texts), and the rule's own `message` for any
   value it does not cover, so the outcome is the rule's exactly;
4. what ties records together (unique ids, references, one record per member and type, the history's
   links) is checked as `build_dataset` checks it, and only then is anything built.

Any doubt at any step is a `Fallback`: `load_typed` returns None and the caller takes `build_dataset`,
which finds and words every problem (the exact messages, the refusal of duplicate keys, NaN and a
byte-order mark). So a file is accepted here only if `build_dataset` accepts it, and the dataset is the
same; `tests/test_decode.py` checks both on generated and mutated files. Version-1 files always take
`build_dataset` (they are upgraded by their first write).

msgspec costs about 8 ms to import, more than `build_dataset` takes for a few hundred members, so the
store uses this path only from `store.TYPED_FROM_BYTES` up.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from itertools import chain, compress
from operator import attrgetter, eq, itemgetter, not_
from types import GenericAlias
from typing import Any, TypeVar

from pledge_tui.dataset.entry import HistoryEntry
from pledge_tui.dataset.model import Commitment, Dataset, Event, Head, Member, Meta, ReportedFigure, Source
from pledge_tui.dataset.msgspec_import import msgspec
from pledge_tui.dataset.rules import Custom, Date, ListOf, OfType, OneOf, OptionalText, Pattern, Rule, Text
from pledge_tui.dataset.trusted import trusted_history
from pledge_tui.dataset.validate import (
    DOC_ID,
    HISTORY_FIELDS,
    SCHEMAS,
    UNDO_FIELDS,
    check_history,
    heads_from_entries,
)
from pledge_tui.dataset.vocab import COALITION_ID

astuple = msgspec.structs.astuple

Record = TypeVar("Record")

VERSIONS = (3, 2)
"""The versions the typed path reads, the usual one first (a version-1 file takes `build_dataset`)."""


class Fallback(Exception):
    """The typed path cannot vouch for the file: `build_dataset` decides (and words the problems)."""


# --- 1. the decoded types, from the declared rules ---------------------------------------------------


def decoded_type(rule: Rule) -> Any:
    """The Python type a field with `rule` is decoded to: what its rule requires of a JSON value's type,
    with lists as tuples (as the model holds them). `Any` where the rule itself checks the type."""
    if isinstance(rule, OfType):
        return rule.type
    if isinstance(rule, OptionalText):
        return str | None
    if isinstance(rule, Text | OneOf | Pattern | Date):
        return str
    if isinstance(rule, ListOf):
        return GenericAlias(tuple, (decoded_type(rule.item), ...))
    return Any


def _struct(name: str, table_fields: Mapping[str, Rule], optional: Mapping[str, Rule] | None = None) -> type:
    """A frozen, GC-untracked Struct with one field per declared field, unknown fields refused.
    `optional` fields may be absent (decoded as `msgspec.UNSET`)."""
    required = [(field, decoded_type(rule)) for field, rule in table_fields.items()]
    extra = [(field, decoded_type(rule), msgspec.UNSET) for field, rule in (optional or {}).items()]
    return msgspec.defstruct(name, [*required, *extra], frozen=True, forbid_unknown_fields=True, gc=False)


MODEL_TABLES: dict[str, type] = {"commitments": Commitment, "events": Event, "sources": Source}
"""Tables whose stored documents have exactly the fields of a model record, in its order (the types
`decoded_type` gives, which tests/test_decode.py checks): each decoded document is made into the record
with its fields in order (`_records`)."""

_UNDOES = {field: rule for field, rule in UNDO_FIELDS.items() if field not in HISTORY_FIELDS}
STRUCT_TABLES: dict[str, type] = {
    **{table: _struct(f"{model.__name__}Doc", SCHEMAS[3][table]) for table, model in MODEL_TABLES.items()},
    "meta": _struct("MetaDoc", SCHEMAS[3]["meta"]),
    "members": _struct("MemberDoc", SCHEMAS[3]["members"]),
    "history": _struct("HistoryDoc", HISTORY_FIELDS, optional=_UNDOES),
    "heads": _struct("HeadDoc", SCHEMAS[3]["heads"]),
}
"""Every table's documents, decoded into Structs, then built."""

_DOCUMENT_TYPES: dict[str, Any] = STRUCT_TABLES


def _file_struct(version: int) -> type:
    """The whole file of a version: every table, keyed by document id, and no other."""
    return msgspec.defstruct(f"FileV{version}", [(table, GenericAlias(dict, (str, _DOCUMENT_TYPES[table])))
                                                 for table in sorted(SCHEMAS[version])],
                             frozen=True, forbid_unknown_fields=True, gc=False)


_DECODERS: dict[int, Any] = {version: msgspec.json.Decoder(_file_struct(version)) for version in VERSIONS}


# --- 2. no key lost ---------------------------------------------------------------------------------


def _no_key_lost(data: bytes, decoded: Any, version: int) -> bool:
    """True when every key of the file is in the decoded tables: no key appears twice in an object (msgspec
    keeps the last silently) and no field was dropped (msgspec ignores unknown fields of a dataclass).

    Counted with colons. Outside strings, a JSON text has exactly one colon per key; inside strings, a
    colon is written as itself, or as the escape `\\u003a`, which is refused here (a file with that text
    anywhere simply takes `build_dataset`). So the file's colons are its keys plus the colons of all its
    strings, and the decoded tables re-encoded (msgspec never escapes a colon) have as many exactly when
    nothing was lost: a lost key and its value take their colons with them, and nothing adds any. Table
    by table, so that no second copy of the whole file is held.
    """
    if b"\\u003" in data and (b"\\u003a" in data or b"\\u003A" in data):
        return False
    encode = msgspec.json.encode
    schema = SCHEMAS[version]
    colons = len(schema) + sum(encode(getattr(decoded, name)).count(b":") for name in schema)  # + the table names
    return colons == data.count(b":")


# --- 3. every field's rule, in bulk ----------------------------------------------------------------


def _json_value(value: Any) -> Any:
    """A decoded value as `json` would have given it (tuples as lists, records as dicts), for a rule's
    own `message`."""
    if type(value) in (str, int, bool) or value is None:
        return value
    return msgspec.json.decode(msgspec.json.encode(value))


def _each(rule: Rule, values: Iterable[Any]) -> bool:
    """The rule's own verdict on every value: exact, and slow (a call per value)."""
    message = rule.message
    return all(message(_json_value(value)) is None for value in values)


def _starting_visibly(texts: Sequence[str]) -> bool:
    """True when every text starts with printable ASCII other than a space (then it has something visible
    in it: `rules.visible`), in one C-speed pass over the first characters."""
    firsts = "".join([text[:1] for text in texts])
    return len(firsts) == len(texts) and firsts.isascii() and firsts.isprintable() and " " not in firsts


def _visible_texts(rule: Rule, texts: Sequence[str]) -> bool:
    """`rule` (a text rule) accepts every text, knowing the line breaks were dealt with: the texts that
    do not start visibly (a few, in any file) are put to the rule itself."""
    return _starting_visibly(texts) or _each(rule, [text for text in texts if not "!" <= text[:1] <= "~"])


def _plain_doc_ids(keys: Sequence[str]) -> bool:
    """`validate.DOC_ID` for every key (ASCII digits, no leading zero, at most 18 of them), in C-speed
    passes; `DOC_ID` itself decides when they do not all pass."""
    joined = "".join(keys)
    firsts = "".join([key[:1] for key in keys])
    plain = (not keys or (joined.isascii() and joined.isdigit() and max(map(len, keys)) <= 18)) \
        and len(firsts) == len(keys) and "0" not in firsts
    return plain or all(map(DOC_ID.fullmatch, keys))


def _passes(rule: Rule, values: list[Any]) -> bool:
    """True exactly when `rule.message` accepts every value (as decoded, with `decoded_type(rule)`).

    A bulk test decides the common case; when it cannot vouch for every value, the values are put to
    the rule's own `message`, so the answer never differs from the field-by-field check.
    """
    if isinstance(rule, Text):
        if rule.one_line:
            joined = "".join(values)
            if "\n" in joined or "\r" in joined:
                return False  # (a line break is refused whatever else the text holds)
        return _visible_texts(rule, values)
    if isinstance(rule, OptionalText):
        return _visible_texts(rule, [value for value in values if value is not None])
    if isinstance(rule, OneOf):
        return set(values) <= frozenset(rule.allowed)  # (a refused value is never an allowed one)
    if isinstance(rule, OfType):
        return set(map(type, values)) <= {rule.type}
    if isinstance(rule, Pattern):
        texts = [value for value in values if value != ""] if rule.may_be_empty else values
        return all(map(rule.regex.fullmatch, texts))  # (the rule's own test, one C call per text)
    if isinstance(rule, Date):
        return _each(rule, set(values))  # a few hundred distinct dates, each remembered by the rule
    if isinstance(rule, Custom) and set(map(type, values)) <= {str}:
        return _each(rule, set(values))  # a function of the text alone, put once to each distinct text (times)
    if isinstance(rule, ListOf):
        if rule.empty and not all(values):
            return False
        flat = list(chain.from_iterable(values))
        if rule.twice and sum(map(len, map(set, values))) != len(flat):
            return False
        return _passes(rule.item, flat)
    return _each(rule, values)


def holds_for_all(rule: Rule, values: list[Any]) -> bool:
    """True exactly when `rule.message` accepts every value (decoded with `decoded_type(rule)`), decided in
    bulk (`_passes`): for other typed readers (`log_typed`)."""
    return _passes(rule, values)


def _fields_pass(docs: Sequence[Any], table_fields: Mapping[str, Rule]) -> bool:
    """Every declared field of every document meets its rule."""
    return all(_passes(rule, list(map(attrgetter(field), docs))) for field, rule in table_fields.items())


def _history_fields_pass(docs: Sequence[Any]) -> bool:
    """History entries: an `undo` entry has `undoes` as well (`validate.UNDO_FIELDS`), no other does."""
    undoing = [doc for doc in docs if doc.action == "undo"]
    if sum(doc.undoes is not msgspec.UNSET for doc in docs) != len(undoing):
        return False
    return _fields_pass(docs, HISTORY_FIELDS) and _fields_pass(undoing, _UNDOES)


def _check_fields(decoded: Any, version: int) -> None:
    schema = SCHEMAS[version]
    for table in schema:
        docs: dict[str, Any] = getattr(decoded, table)
        if not _plain_doc_ids(list(docs)):
            raise Fallback(f"{table}: a document id is not a whole number")
        values = list(docs.values())
        if not (_history_fields_pass(values) if table == "history" else _fields_pass(values, schema[table])):
            raise Fallback(f"{table}: a field breaks its rule")


# --- 4. the links between records, then the model ---------------------------------------------------


def _unique(ids: Sequence[object], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise Fallback(f"duplicate {what} id")


def _cited(decoded: Any) -> Iterator[Sequence[str]]:
    """Every `sources` list outside the history (which `validate._history` checks)."""
    for table in ("members", "commitments", "events"):
        yield from map(attrgetter("sources"), getattr(decoded, table).values())
    for meta in decoded.meta.values():
        yield meta.reported_commitments["sources"]  # (a Custom rule's value: as JSON has it, checked before)


class Checked:
    """A file the typed path vouches for: every check has passed, nothing is built yet (so the caller can
    drop the file's bytes first: the model shares the decoded strings)."""

    def __init__(self, decoded: Any, history: tuple[HistoryEntry, ...], heads: dict[tuple[str, str], Head]) -> None:
        self._decoded, self._history, self._heads = decoded, history, heads

    def dataset(self) -> Dataset:
        """The model, as `validate.build_dataset` builds it from the same file."""
        decoded = self._decoded
        (doc,) = decoded.meta.values()
        reported = doc.reported_commitments
        meta = Meta(doc.schema_version, doc.title, doc.as_of, doc.summary, ReportedFigure(
            reported["count"], reported["date"], tuple(reported["sources"]), reported["note"]))
        by_member: dict[str, dict[str, Commitment]] = {doc.id: {} for doc in decoded.members.values()}
        for record in _records(Commitment, decoded.commitments):
            by_member[record.member][record.type] = record
        members = tuple(Member(doc.id, doc.name, doc.role, doc.eu, doc.nato, doc.stance, doc.caveats, doc.approval,
                               doc.summit_2025_09_04, doc.sources, by_member[doc.id])
                        for doc in decoded.members.values())
        sources = {source.id: source for source in _records(Source, decoded.sources)}
        events = sorted(_records(Event, decoded.events), key=attrgetter("date"))
        return Dataset(meta, members, sources, tuple(events), self._history, self._heads)


def _records(record: type[Record], docs: dict[str, Any]) -> Iterator[Record]:
    """The model records of a table's decoded documents, which have their fields in their order."""
    make = record._make  # type: ignore[attr-defined]  # (every MODEL_TABLES class is a NamedTuple)
    return map(make, map(astuple, docs.values()))


def _check_links(decoded: Any, version: int) -> tuple[tuple[HistoryEntry, ...], dict[tuple[str, str], Head]]:
    """What `build_dataset` checks across records, on a file whose fields all passed; the history entries
    (version 2) and the heads."""
    if len(decoded.meta) != 1:
        raise Fallback("meta must hold exactly one document")
    (meta,) = decoded.meta.values()
    if meta.schema_version != version:
        raise Fallback(f"not a version-{version} file")
    source_ids = [source.id for source in decoded.sources.values()]
    _unique(source_ids, "source")
    known = set(source_ids)
    if not known.issuperset(chain.from_iterable(_cited(decoded))):
        raise Fallback("a record cites a source that does not exist")
    member_docs = list(decoded.members.values())
    _unique([doc.id for doc in member_docs], "member")
    if any(doc.role == "coalition" and doc.id != COALITION_ID for doc in member_docs):
        raise Fallback("role 'coalition' on another member")
    member_ids = {doc.id for doc in member_docs}
    records = decoded.commitments.values()
    _unique(list(map(attrgetter("member", "type"), records)), "commitment")
    if not member_ids.issuperset(map(attrgetter("member"), records)):
        raise Fallback("a commitment names a member that does not exist")
    _unique([event.id for event in decoded.events.values()], "event")
    if version == 3:
        heads = {(doc.table, doc.key): Head(doc.entry, doc.at, doc.by, doc.digest) for doc in decoded.heads.values()}
        if len(heads) != len(decoded.heads):
            raise Fallback("a second head for a record")
        return (), heads
    rows = [(doc_id, _json_value(doc)) for doc_id, doc in decoded.history.items()]
    history, problems = check_history(rows, known)
    if problems:
        raise Fallback("the history breaks a rule")
    return history, heads_from_entries(history)


def check(data: bytes) -> Checked | None:
    """The file's bytes, decoded and checked: a `Checked` to build the dataset from, or None when the
    typed path cannot vouch for the file (the caller then takes `validate.build_dataset`)."""
    try:
        if data[:3] == b"\xef\xbb\xbf":
            raise Fallback("a byte-order mark")
        decoded, version = _decoded(data)
        if not _no_key_lost(data, decoded, version):
            raise Fallback("a key appears twice, or a field is not the model's")
        _check_fields(decoded, version)
        history, heads = _check_links(decoded, version)
    except Fallback:
        return None
    return Checked(decoded, history, heads)


def _decoded(data: bytes) -> tuple[Any, int]:
    """The file decoded as the first version whose tables it has, and that version. A file with no `"history"`
    anywhere is tried as version 3 first, any other as version 2 first (a hint for the order only: both are
    tried, and a failed attempt decodes the whole file before it fails, 60 ms at 10,000 members)."""
    for version in VERSIONS if b'"history"' not in data else VERSIONS[::-1]:
        try:
            return _DECODERS[version].decode(data), version
        except (msgspec.MsgspecError, RecursionError, ValueError) as exc:
            failure = exc
    raise Fallback(str(failure))


def trusted(data: bytes) -> Dataset | None:
    """The model of a version-3 or version-2 file whose bytes passed a full validation before
    (`dataset.validated`): decoded and built as `check` builds it, without the checks; None when it does not
    decode (the caller then validates in full)."""
    try:
        decoded, version = _decoded(data)
        if len(decoded.meta) != 1 or next(iter(decoded.meta.values())).schema_version != version:
            return None
        if version == 3:
            heads = {(doc.table, doc.key): Head(doc.entry, doc.at, doc.by, doc.digest)
                     for doc in decoded.heads.values()}
            return Checked(decoded, (), heads).dataset()
        history = trusted_history([(doc_id, _json_value(doc)) for doc_id, doc in decoded.history.items()])
        return Checked(decoded, history, heads_from_entries(history)).dataset()
    except (Fallback, msgspec.MsgspecError, RecursionError, ValueError, KeyError, TypeError):
        return None


def load_typed(data: bytes) -> Dataset | None:
    """`check` and build in one call (tests, benchmarks): the dataset, or None for the other path."""
    checked = check(data)
    return checked.dataset() if checked is not None else None


# --- 5. parsed tables, in bulk ---------------------------------------------------------------------


def _of_type(values: Sequence[Any], decoded: Any) -> bool:
    """Every parsed JSON value is of the type msgspec decodes to `decoded` (`decoded_type`), lists for tuples;
    the rules' bulk tests (`_passes`) assume it."""
    if decoded is Any:
        return True
    if isinstance(decoded, GenericAlias):  # a tuple of items (`ListOf`)
        return set(map(type, values)) <= {list} and _of_type(list(chain.from_iterable(values)), decoded.__args__[0])
    if decoded == (str | None):
        return set(map(type, values)) <= {str, type(None)}
    return isinstance(decoded, type) and set(map(type, values)) <= {decoded}


def tables_pass(raw: Any, data: bytes | None, checked: Mapping[str, Container[int]] | None = None) -> bool:
    """True when a version-3 file's parsed tables are valid: `build_dataset` accepts them. The checks of
    `check`, on the parsed values instead of decoded objects: no key of `data` (the text `raw` was parsed
    from by `fastjson.loads`; None for tables built in memory, which cannot hold a key twice) lost in the
    parsing (`fastjson.no_key_lost`), the tables and fields exactly the schema's, every value of the type its
    rule's decoding requires (`_of_type`), every rule in bulk (`_passes`), then the links. `checked`: per
    table, the `id()`s of documents known to pass their fields' rules already (`build_dataset`'s), which are
    not checked again. For the merge driver, which merges the parsed tables: one parse of each input instead
    of two, and its result checked for what it changed. False when it cannot vouch for the tables (another
    version, any problem): the caller takes `build_dataset`, which words the problems."""
    from pledge_tui.dataset import fastjson

    schema = SCHEMAS[3]
    if type(raw) is not dict or raw.keys() != schema.keys():
        return False
    for table, table_fields in schema.items():
        if len(table_fields) < 2:  # (`itemgetter` of one field gives the value, not a row)
            return False
        docs = raw[table]
        if type(docs) is not dict or not _plain_doc_ids(list(docs)):
            return False
        passed = (checked or {}).get(table)
        values = list(docs.values())
        if passed:
            values = list(compress(values, map(not_, map(passed.__contains__, map(id, values)))))
        if not set(map(type, values)) <= {dict} or not all(map(table_fields.keys().__eq__, map(dict.keys, values))):
            return False
        columns = zip(*map(itemgetter(*table_fields), values), strict=True) if values else ((),) * len(table_fields)
        for rule, column in zip(table_fields.values(), columns, strict=True):
            if not (_of_type(column, decoded_type(rule)) and _passes(rule, list(column))):
                return False
    return (data is None or fastjson.no_key_lost(data, fastjson.count_colons(raw))) and _links_hold(raw)


def _text_only(rule: Rule) -> bool:
    """True when every value `rule` accepts is text, a list of texts, or null: then a value equal (`==`) to
    one it accepted is of the same types, and accepted too (a number is equal to a boolean, never to text)."""
    decoded = decoded_type(rule)
    if decoded is str or decoded == (str | None) or decoded == GenericAlias(tuple, (str, ...)):
        return True
    return all(rule.message(value) is not None for value in (0, 1, True, False, [], {}, [0], {"": 0}))


_TEXT_TABLES = tuple(table for table, table_fields in SCHEMAS[3].items()
                     if all(map(_text_only, table_fields.values())))
"""The version-3 tables whose every field is text (sources, events, heads): a document equal to one that
passed passes (`same_as`)."""


def same_as(raw: Any, like: Mapping[str, Any]) -> dict[str, set[int]]:
    """Per table of `_TEXT_TABLES`, the `id()`s of `raw`'s documents equal to `like`'s under the same document
    id, `like` being a version-3 file that passed (`tables_pass`): known to pass (`tables_pass`'s `checked`).
    For the merge driver, whose OURS and THEIRS are mostly BASE's documents."""
    out: dict[str, set[int]] = {}
    for table in _TEXT_TABLES:
        docs, others = raw.get(table) if type(raw) is dict else None, like.get(table)
        if type(docs) is dict and type(others) is dict:
            values = list(docs.values())
            out[table] = set(map(id, compress(values, map(eq, map(others.get, docs), values))))
    return out


def _links_hold(raw: Mapping[str, Any]) -> bool:
    """`_check_links` for a version-3 file's parsed tables whose fields all passed."""
    if len(raw["meta"]) != 1:
        return False
    (meta,) = raw["meta"].values()
    if meta["schema_version"] != 3:
        return False
    source_ids = [source["id"] for source in raw["sources"].values()]
    members = list(raw["members"].values())
    member_ids = [doc["id"] for doc in members]
    records = list(raw["commitments"].values())
    event_ids = [event["id"] for event in raw["events"].values()]
    heads = [(doc["table"], doc["key"]) for doc in raw["heads"].values()]
    cited = chain(*(map(itemgetter("sources"), raw[table].values()) for table in ("members", "commitments", "events")),
                  [meta["reported_commitments"]["sources"]])
    return (len(set(source_ids)) == len(source_ids) and set(source_ids).issuperset(chain.from_iterable(cited))
            and len(set(member_ids)) == len(member_ids)
            and not any(doc["role"] == "coalition" and doc["id"] != COALITION_ID for doc in members)
            and len({(doc["member"], doc["type"]) for doc in records}) == len(records)
            and set(member_ids).issuperset(map(itemgetter("member"), records))
            and len(set(event_ids)) == len(event_ids) and len(set(heads)) == len(heads))
