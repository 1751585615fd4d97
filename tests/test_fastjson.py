"""`dataset.fastjson` (the merge driver's JSON in C) gives exactly what `json` gives for values without a
float: the same bytes written (indented and canonical), the same values parsed, and a refusal (`Unusable`)
wherever `json` would give something else or fail: a float, a lone surrogate, NaN, bad syntax."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pledge_tui.dataset import fastjson, rawio
from tests.strategies import FUZZ

# Text of every kind: control characters, quotes and backslashes, non-ASCII, astral characters, the line and
# paragraph separators, DEL, and (now and then) a lone surrogate.
texts = st.text(st.characters(codec=None, exclude_categories=()), max_size=12) | st.sampled_from(
    ["", "\x00", "\x1f\x7f", '"\\/', "\u2028\u2029", "é", "😀", "\ud800", "a\udc00b", "S10", "S2"])
scalars = st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30) | texts
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                      max_leaves=25)
documents = st.dictionaries(texts, values, max_size=5)


def _outcome(make: Any) -> Any:
    try:
        return "ok", make()
    except (UnicodeEncodeError, fastjson.Unusable):
        return "refused", None


@FUZZ
@given(documents)
def test_indented_is_serialize_byte_for_byte(value: dict[str, Any]) -> None:
    assert _outcome(lambda: fastjson.indented(value)) == _outcome(lambda: rawio.serialize(value))


@FUZZ
@given(values)
def test_canonical_is_rawio_canonical_byte_for_byte(value: Any) -> None:
    assert _outcome(lambda: fastjson.canonical(value)) == _outcome(lambda: rawio.canonical(value).encode("utf-8"))


@FUZZ
@given(documents)
def test_loads_parses_what_json_parses(value: dict[str, Any]) -> None:
    try:
        data = rawio.serialize(value)
    except UnicodeEncodeError:
        return
    assert fastjson.loads(data) == rawio.loads_strictly(data.decode("utf-8")) == value
    assert fastjson.no_key_lost(data, fastjson.count_colons(fastjson.loads(data)))


@pytest.mark.parametrize("text", [b'{"a": 1.5}', b'{"a": [1e16]}', b'{"a": -0.0}', b'{"a": NaN}', b'{"a": Infinity}',
                                  b'"\\ud800"', b'"a\x01b"', b'{"a": 1', b'{"a": 1} x', b"", b"\xff"])
def test_loads_refuses_a_float_and_everything_json_would_not_give_the_same(text: bytes) -> None:
    with pytest.raises(fastjson.Unusable):
        fastjson.loads(text)


@pytest.mark.parametrize("text", [b'{"a": 1, "a": 2}', b'{"x": {"b": "c:d", "b": "e"}}', b'{"a\\u003a": 1}'])
def test_a_key_twice_or_an_escaped_colon_is_a_key_lost(text: bytes) -> None:
    assert not fastjson.no_key_lost(text, fastjson.count_colons(fastjson.loads(text)))
    assert fastjson.no_key_lost(b'{"a": "b:c"}', fastjson.count_colons(json.loads(b'{"a": "b:c"}')))
