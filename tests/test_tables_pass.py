"""The bulk check of a version-3 file's parsed tables (`decode.tables_pass`, the merge driver's check of its
large inputs and of its result) agrees with `validate.build_dataset`: it vouches for tables only if
`build_dataset` accepts them, takes every valid version-3 file, and trusts only the documents it is told
passed already."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pledge_tui.dataset import decode, fastjson, store
from pledge_tui.dataset.validate import build_dataset
from pledge_tui.errors import DataError
from tests.strategies import FUZZ, mutated, valid_datasets_v3


def _accepted(data: bytes) -> bool:
    try:
        raw = store.parse_json("f.json", data)
    except DataError:
        return False
    return build_dataset(raw)[0] is not None


def _bulk(data: bytes) -> bool:
    try:
        raw = fastjson.loads(data)
    except fastjson.Unusable:
        return False
    return decode.tables_pass(raw, data)


@FUZZ
@given(valid_datasets_v3())
def test_every_valid_version_3_file_passes(raw: dict[str, Any]) -> None:
    data = store.serialize(raw)
    assert _bulk(data) and decode.tables_pass(raw, None)


@FUZZ
@given(mutated())
def test_tables_pass_only_if_build_dataset_accepts_them(raw: dict[str, Any]) -> None:
    try:
        data = store.serialize(raw)
    except (ValueError, TypeError, UnicodeEncodeError):
        return
    if _bulk(data):
        assert _accepted(data)


@FUZZ
@given(valid_datasets_v3(), st.data())
def test_a_key_written_twice_is_refused(raw: dict[str, Any], data: st.DataObject) -> None:
    text = store.serialize(raw)
    keys = [line for line in text.split(b"\n") if re.fullmatch(rb' *"(?:[^"\\]|\\.)*": [^\[{].*,', line)]
    line = data.draw(st.sampled_from(keys))
    twice = text.replace(line + b"\n", line + b"\n" + line + b"\n", 1)
    assert not _bulk(twice) and not _accepted(twice)


@FUZZ
@given(valid_datasets_v3(), mutated())
def test_documents_known_to_pass_are_trusted_and_only_those(valid: dict[str, Any], other: dict[str, Any]) -> None:
    """Tables mixing documents of a valid file (trusted) with changed ones: the verdict is `build_dataset`'s
    whenever the bulk check vouches."""
    tables = {table: dict(docs) for table, docs in valid.items()}
    checked = {table: {id(doc) for doc in docs.values()} for table, docs in valid.items()}
    for table, docs in other.items():
        if table in tables and isinstance(docs, dict):
            for doc_id, doc in list(docs.items())[:2]:
                tables[table][doc_id] = copy.deepcopy(doc)
    if decode.tables_pass(tables, None, checked):
        assert build_dataset(tables)[0] is not None


def _v3() -> dict[str, Any]:
    from pledge_tui.dataset import upgrade
    from tests.factories import raw_dataset_v2

    return upgrade.to_v3(raw_dataset_v2(), 2, at="2026-03-10T09:00:00Z", by="test").tables


def _first(raw: dict[str, Any], table: str) -> dict[str, Any]:
    first: dict[str, Any] = next(iter(raw[table].values()))
    return first


def _again(raw: dict[str, Any], table: str, **changes: Any) -> None:
    """A second document in `table` like its first, with `changes`."""
    raw[table][str(max(map(int, raw[table])) + 1)] = {**_first(raw, table), **changes}


LINKS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "a commitment of a member that does not exist": lambda raw: _first(raw, "commitments").update(member="ZZ"),
    "a citation of a source that does not exist": lambda raw: _first(raw, "members").update(sources=["S999"]),
    "the meta's citation of a source that does not exist": lambda raw: _first(raw, "meta")[
        "reported_commitments"].update(sources=["S999"]),
    "an event's citation of a source that does not exist": lambda raw: _first(raw, "events").update(sources=["S999"]),
    "a source id twice": lambda raw: _again(raw, "sources", title="Other"),
    "a member id twice": lambda raw: _again(raw, "members", name="Other"),
    "an event id twice": lambda raw: _again(raw, "events", title="Other"),
    "a commitment twice": lambda raw: _again(raw, "commitments", summary="Other."),
    "a head twice": lambda raw: _again(raw, "heads", by="other"),
    "a second meta": lambda raw: _again(raw, "meta"),
    "the coalition's role on a member": lambda raw: _first(raw, "members").update(role="coalition"),
    "version 2 declared": lambda raw: _first(raw, "meta").update(schema_version=2),
    "a float": lambda raw: _first(raw, "meta")["reported_commitments"].update(count=1.0),
    "a boolean for a number": lambda raw: _first(raw, "meta")["reported_commitments"].update(count=True),
    "an unknown table": lambda raw: raw.update(bogus={}),
    "a document id with a leading zero": lambda raw: raw["sources"].update({"01": _first(raw, "sources")}),
    "a text field that is a list": lambda raw: _first(raw, "sources").update(title=["x"]),
    "a list of numbers": lambda raw: _first(raw, "members").update(caveats=[1]),
}


def test_the_valid_file_passes_and_each_broken_link_or_type_does_not() -> None:
    assert decode.tables_pass(_v3(), store.serialize(_v3()))
    for name, damage in LINKS.items():
        raw = copy.deepcopy(_v3())
        damage(raw)
        assert build_dataset(raw)[0] is None, name
        assert not decode.tables_pass(raw, None), name


@FUZZ
@given(valid_datasets_v3(), st.data())
def test_documents_equal_to_those_of_a_valid_file_are_trusted_only_where_equal_means_valid(
        valid: dict[str, Any], data: st.DataObject) -> None:
    """OURS against BASE in the merge driver: documents equal to BASE's skip the rules (`same_as`), only in
    tables of text (a number equals a boolean: `{"lead": 1} == {"lead": True}`)."""
    changed = copy.deepcopy(valid)
    for member in changed["members"].values():
        member["eu"] = int(member["eu"])  # equal to the valid document, and invalid
    changed["meta"]["1"]["reported_commitments"]["count"] = 1.0 * valid["meta"]["1"]["reported_commitments"]["count"]
    table = data.draw(st.sampled_from(sorted(changed)))
    if changed[table]:
        doc_id = data.draw(st.sampled_from(sorted(changed[table])))
        changed[table][doc_id] = data.draw(st.sampled_from([{}, {**changed[table][doc_id], "id": 1}, None]))
    trusted = decode.same_as(changed, valid)
    assert set(trusted) == {"sources", "events", "heads"}
    assert not decode.tables_pass(changed, None, trusted) and build_dataset(changed)[0] is None
    assert decode.tables_pass(valid, None, decode.same_as(copy.deepcopy(valid), valid))
