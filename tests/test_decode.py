"""The typed read path (`dataset.decode`) agrees with `validate.build_dataset`: it accepts a file only if
`build_dataset` does, builds the same dataset, and hands everything else (duplicate keys, NaN, a
byte-order mark, any problem, a file in another layout) to `build_dataset`, which words the messages."""

from __future__ import annotations

import copy
import json
import re
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pledge_tui.dataset import decode, log, store
from pledge_tui.dataset.model import Dataset
from pledge_tui.dataset.validate import SCHEMAS, build_dataset
from pledge_tui.errors import DataError
from tests.dataset_helpers import shape
from tests.factories import history_entry, raw_dataset_v2, table
from tests.strategies import FUZZ, mutated, valid_datasets_v2, valid_datasets_v3

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "commitments.json"
FROZEN = ROOT / "tests" / "fixtures" / "2026-03" / "commitments.json"


def slow(data: bytes) -> tuple[Dataset | None, list[Any]]:
    """`build_dataset` from the bytes, as `store.load` takes it (a file it cannot parse: no dataset)."""
    try:
        raw = store.parse_json("f.json", data)
    except DataError as exc:
        return None, list(exc.problems)
    return build_dataset(raw)


def assert_agree(data: bytes) -> Dataset | None:
    """The typed path accepts only what `build_dataset` accepts, and then builds the same dataset."""
    typed = decode.load_typed(data)
    dataset, problems = slow(data)
    if typed is not None:
        assert dataset is not None, problems
        assert shape(typed) == shape(dataset)
    return typed


@FUZZ
@given(valid_datasets_v2())
def test_valid_files_take_the_typed_path_and_build_the_same_dataset(raw: dict[str, Any]) -> None:
    assert assert_agree(store.serialize(raw)) is not None


@FUZZ
@given(valid_datasets_v3())
def test_valid_version_3_files_take_the_typed_path_and_build_the_same_dataset(raw: dict[str, Any]) -> None:
    typed = assert_agree(store.serialize(raw))
    assert typed is not None and len(typed.heads) == len(raw["heads"])


@FUZZ
@given(mutated())
def test_mutated_files_are_accepted_by_the_typed_path_only_if_build_dataset_accepts_them(raw: dict[str, Any]) -> None:
    try:
        data = store.serialize(raw)
    except (ValueError, TypeError, UnicodeEncodeError):  # not JSON at all (a float NaN, a surrogate)
        return
    assert_agree(data)


@FUZZ
@given(mutated())
def test_load_gives_the_same_result_and_messages_either_way(raw: dict[str, Any]) -> None:
    try:
        data = store.serialize(raw)
    except (ValueError, TypeError, UnicodeEncodeError):
        return
    outcomes: list[tuple[object, ...]] = []
    for threshold in (0, store.MAX_BYTES):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(store, "TYPED_FROM_BYTES", threshold)
            patch.setattr(store, "read_bytes", lambda path: data)
            patch.setattr(log, "FileLog", lambda path: log.BytesLog(path, b""))  # an empty history log
            try:
                outcomes.append(("ok", shape(store.load("f.json").dataset)))
            except DataError as exc:
                outcomes.append(("refused", str(exc), exc.problems))
    assert outcomes[0] == outcomes[1]


def canonical_v2() -> bytes:
    return store.serialize(raw_dataset_v2())


def test_the_shipped_data_the_fixture_and_the_v2_factory_take_the_typed_path() -> None:
    for data in (BUNDLED.read_bytes(), canonical_v2()):
        assert assert_agree(data) is not None
    assert decode.load_typed(FROZEN.read_bytes()) is None or assert_agree(FROZEN.read_bytes()) is not None


@pytest.mark.parametrize("damage", [
    pytest.param(lambda d: d.replace(b'"by": "analyst",', b'"by": "analyst",\n      "by": "analyst",', 1),
                 id="duplicate key in a record"),
    pytest.param(lambda d: d.replace(b'"1": {', b'"1": {"zz": 1},\n    "1": {', 1), id="duplicate document id"),
    pytest.param(lambda d: d.replace(b'"count": 26', b'"count": NaN', 1), id="NaN"),
    pytest.param(lambda d: b"\xef\xbb\xbf" + d, id="byte-order mark"),
    pytest.param(lambda d: d.replace(b'"lead": false,', b'"lead": false, "extra": 1,', 1), id="unknown field"),
    pytest.param(lambda d: d.replace(b'"status": "pledged"', b'"status": "not-disclosed"', 1), id="a rule"),
    pytest.param(lambda d: d.replace(b'"schema_version": 2', b'"schema_version": 1', 1), id="version 1"),
])
def test_what_the_typed_path_refuses_goes_to_build_dataset(damage: Any, tmp_path: Path) -> None:
    data = damage(canonical_v2())
    assert data != canonical_v2()
    assert decode.load_typed(data) is None
    path = tmp_path / "f.json"
    path.write_bytes(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store, "TYPED_FROM_BYTES", 0)
        typed_first = _outcome(path)
    assert typed_first == _outcome(path)


def test_a_valid_file_in_another_layout_takes_the_typed_path_too() -> None:
    for data in (json.dumps(raw_dataset_v2()).encode(), json.dumps(raw_dataset_v2(), indent=4).encode()):
        assert assert_agree(data) is not None


@FUZZ
@given(valid_datasets_v2(), st.data())
def test_a_key_written_twice_anywhere_is_refused(raw: dict[str, Any], data: st.DataObject) -> None:
    lines = store.serialize(raw).decode("utf-8").split("\n")
    one_line_values = [i for i, line in enumerate(lines) if re.fullmatch(r' *"(?:[^"\\]|\\.)*": [^\[{].*,', line)]
    i = data.draw(st.sampled_from(one_line_values))
    twice = "\n".join([*lines[:i + 1], lines[i], *lines[i + 1:]]).encode("utf-8")
    assert decode.load_typed(twice) is None
    with pytest.raises(DataError, match="appears twice"):
        store.parse_json("f.json", twice)


def _outcome(path: Path) -> Any:
    try:
        return shape(store.load(str(path)).dataset)
    except DataError as exc:
        return str(exc)


def test_a_duplicate_key_is_still_refused_with_its_message(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(canonical_v2().replace(b'"lead": false,', b'"lead": false,\n      "lead": true,', 1))
    with pytest.MonkeyPatch.context() as patch, pytest.raises(DataError, match="appears twice"):
        patch.setattr(store, "TYPED_FROM_BYTES", 0)
        store.load(str(path))


def test_an_undo_entry_and_its_link_are_checked_like_build_dataset_does() -> None:
    raw = raw_dataset_v2()
    (entry,) = raw["history"].values()
    undo = history_entry("undo", before=copy.deepcopy(entry["after"]), after=copy.deepcopy(entry["before"]),
                         undoes=1, at="2026-03-11T09:00:00Z")
    raw["history"] = table(entry, undo)
    assert assert_agree(store.serialize(raw)) is not None
    raw["history"]["2"]["undoes"] = 5
    assert assert_agree(store.serialize(raw)) is None
    del raw["history"]["2"]["undoes"]
    assert assert_agree(store.serialize(raw)) is None


def test_the_decoded_types_are_what_the_rules_declare() -> None:
    """Tables decoded straight into model classes: same fields as the stored document, and each field's type
    is the one its rule gives (`decode.decoded_type`), or the rule checks the type itself (`Custom`)."""
    for table_name, cls in decode.MODEL_TABLES.items():
        hints = typing.get_type_hints(cls)
        declared = SCHEMAS[3][table_name]
        assert list(cls._fields) == list(declared)  # type: ignore[attr-defined]  # (a NamedTuple)
        assert not cls._field_defaults  # type: ignore[attr-defined]  # a default could stand in for a missing field
        for field, rule in declared.items():
            expected = decode.decoded_type(rule)
            assert expected is Any or hints[field] == expected, (table_name, field)
