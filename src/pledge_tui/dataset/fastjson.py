"""JSON in C (msgspec) for the merge driver's large inputs and outputs, giving exactly what `json` gives.

The merge driver reads three files and writes one; at 10,000 members `json`'s pure-Python indenting
encoder alone took longer than reading all three. msgspec parses and writes the same JSON several times
faster, and for values without a float it gives exactly `json`'s result: the same values parsed, and the
same bytes written (the same escapes, only `"`, `\\` and the control characters; no ASCII escaping; keys in
code-point order; the same indentation). `json` writes floats by `repr` (`1e+16`), msgspec otherwise
(`1e16`), so the parser here refuses a float (`Unusable`): then the caller takes `json`. A valid data file
holds no float (every field is text, a whole number, a boolean, a list or an object of them); a history
log's `before` and `after` could.

What this module does not check, the caller's validation must: duplicate keys (msgspec keeps the last
one, `rawio.loads_strictly` refuses the file), which `decode.check` and `no_key_lost` refuse.
`tests/test_fastjson.py` compares both sides on generated values.
"""

from __future__ import annotations

from typing import Any, NoReturn

from pledge_tui.dataset.msgspec_import import msgspec


class Unusable(Exception):
    """msgspec cannot give `json`'s result for this input (a float, a syntax error, anything): take `json`."""


def _no_float(_text: str) -> NoReturn:
    raise ValueError("a float")


_DECODER = msgspec.json.Decoder(float_hook=_no_float)
_ENCODER = msgspec.json.Encoder(order="sorted")


def loads(data: bytes) -> Any:
    """The JSON value of `data`, as `json.loads` gives it when the text holds no float and no key twice in
    one object (`Unusable` for a float or anything msgspec refuses: NaN, a lone surrogate, bad syntax)."""
    try:
        return _DECODER.decode(data)
    except (msgspec.MsgspecError, ValueError, RecursionError) as exc:
        raise Unusable(str(exc)) from None


def canonical(value: Any) -> bytes:
    """`rawio.canonical(value)` encoded as UTF-8, for a value without a float (the caller knows: it was
    parsed by `loads`, or validated as a data file's record): sorted keys, no spaces. Raises `Unusable`
    where `json` would not give the same bytes (text with a lone surrogate, a key that is not text)."""
    try:
        encoded = _ENCODER.encode(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Unusable(str(exc)) from None
    return encoded


def indented(value: Any) -> bytes:
    """`rawio.serialize(value)` for a value without a float: indent 2, sorted keys, a final newline."""
    return msgspec.json.format(canonical(value), indent=2) + b"\n"


def count_colons(value: Any) -> int:
    """How many colons `value`'s encoding holds: one per key, and those of its strings (msgspec never
    escapes one). For `no_key_lost`."""
    return msgspec.json.encode(value).count(b":")


def no_key_lost(data: bytes, decoded_colons: int) -> bool:
    """True when a text whose decoding re-encodes with `decoded_colons` colons lost no key in the decoding
    (a key twice in one object, of which msgspec keeps the last; a field a typed decoding ignores): the text
    has one colon per key plus those of its strings, and the decoding as many exactly when nothing was lost.
    A colon escaped as `\\u003a` would count once decoded and not in the text: such a text is refused."""
    if b"\\u003" in data and (b"\\u003a" in data or b"\\u003A" in data):
        return False
    return decoded_colons == data.count(b":")
