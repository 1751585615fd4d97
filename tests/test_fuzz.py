"""Fuzzing the loader: valid datasets are accepted; mutated ones raise the project's DataError, and
nothing else ever escapes. `make test` runs a few hundred examples; `make fuzz` runs 2,000+."""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pledge_tui.dataset.rules import Fields
from pledge_tui.dataset.store import parse_json
from pledge_tui.dataset.validate import FAST_CHECKS_BY_VERSION, SCHEMAS, build_dataset, fields_for, schema_version_of
from pledge_tui.errors import DataError
from tests.factories import commitment, event, history_entry, member, source
from tests.strategies import FUZZ, JUNK, TRICKY_STRINGS, mutated, valid_datasets, valid_datasets_v2, valid_datasets_v3


@pytest.mark.fuzz
@FUZZ
@given(valid_datasets())
def test_valid_datasets_are_accepted(raw: dict[str, Any]) -> None:
    data = json.dumps(raw).encode()
    dataset, problems = build_dataset(parse_json("fuzz.json", data))
    assert problems == [] and dataset is not None
    assert len(dataset.members) == len(raw["members"])


@pytest.mark.fuzz
@FUZZ
@given(valid_datasets_v2())
def test_valid_version_2_datasets_are_accepted(raw: dict[str, Any]) -> None:
    dataset, problems = build_dataset(parse_json("fuzz.json", json.dumps(raw).encode()))
    assert problems == [] and dataset is not None
    assert len(dataset.history) == len(raw["history"]) and len(dataset.events) == len(raw["events"])


@pytest.mark.fuzz
@FUZZ
@given(valid_datasets_v3())
def test_valid_version_3_datasets_are_accepted(raw: dict[str, Any]) -> None:
    dataset, problems = build_dataset(parse_json("fuzz.json", json.dumps(raw).encode()))
    assert problems == [] and dataset is not None
    assert len(dataset.heads) == len(raw["heads"]) and dataset.meta.schema_version == 3


@pytest.mark.fuzz
@FUZZ
@given(mutated())
def test_mutated_datasets_are_accepted_or_rejected_cleanly(raw: dict[str, Any]) -> None:
    data = json.dumps(raw).encode()
    try:
        dataset, problems = build_dataset(parse_json("fuzz.json", data))
    except DataError:
        return
    assert (dataset is None) == bool(problems)
    for problem in problems:
        line = problem.describe("fuzz.json")
        assert line.isprintable() and line.startswith("fuzz.json: ")


@pytest.mark.fuzz
@FUZZ
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_arbitrary_bytes_never_escape_as_anything_but_data_error(data: bytes) -> None:
    with contextlib.suppress(DataError):
        build_dataset(parse_json("fuzz.json", data))


def slow_ok(schema: Mapping[str, Fields], table: str, doc: object) -> bool:
    """The field-by-field definition: every rule passes and there are no other fields."""
    if not isinstance(doc, dict):
        return False
    fields = fields_for(schema, table, doc)
    return doc.keys() == fields.keys() and all(check(doc[field]) is None for field, check in fields.items())


@pytest.mark.fuzz
@FUZZ
@given(mutated())
def test_the_fast_path_agrees_with_the_field_checks(raw: dict[str, Any]) -> None:
    version = schema_version_of(raw)
    for table_name in ("members", "commitments", "sources", "events", "history", "heads"):
        docs = raw.get(table_name)
        if isinstance(docs, dict) and table_name in SCHEMAS[version]:
            fast = FAST_CHECKS_BY_VERSION[version][table_name]
            for doc in docs.values():
                if isinstance(doc, dict):
                    assert fast(doc) == slow_ok(SCHEMAS[version], table_name, doc), (version, table_name, doc)


def _valid_doc(version: int, table_name: str) -> dict[str, Any]:
    """One valid document of each table with a fast path."""
    docs: dict[str, dict[str, Any]] = {
        "members": member(), "commitments": commitment(quantity="a company"), "sources": source(),
        "events": event(id="E1") if version >= 2 else event(),
        "history": history_entry(after=commitment()),
        "heads": {"table": "commitments", "key": "PL/logistics", "entry": "h0123456789", "at": "2026-03-10T09:00:00Z",
                  "by": "analyst", "digest": "0123456789abcdef"},
    }
    return copy.deepcopy(docs[table_name])


EDGE_VALUES: list[Any] = [None, True, 0, 1, -1, 1.5, [], {}, ["S1"], ["S1", "S1"], [1], ["ceasefire"], ["", "x"],
                          ["\u200b"], ["ok"], *TRICKY_STRINGS]
FIELDS = [(version, table_name, field) for version, schema in SCHEMAS.items() for table_name, fields in schema.items()
          if table_name != "meta" for field in fields]


@pytest.mark.parametrize(("version", "table_name", "field"), FIELDS)
def test_fast_and_slow_agree_on_edge_values_of_every_field(version: int, table_name: str, field: str) -> None:
    fast = FAST_CHECKS_BY_VERSION[version][table_name]
    for value in EDGE_VALUES:
        doc = _valid_doc(version, table_name)
        assert fast(doc) and slow_ok(SCHEMAS[version], table_name, doc)
        doc[field] = value
        assert fast(doc) == slow_ok(SCHEMAS[version], table_name, doc), (table_name, field, value)


@pytest.mark.fuzz
@FUZZ
@given(st.sampled_from(FIELDS), st.text(max_size=8) | JUNK)
def test_fast_and_slow_agree_on_any_value_of_any_field(where: tuple[int, str, str], value: Any) -> None:
    version, table_name, field = where
    doc = _valid_doc(version, table_name)
    doc[field] = value
    assert FAST_CHECKS_BY_VERSION[version][table_name](doc) == slow_ok(SCHEMAS[version], table_name, doc)
