"""The typed read of a whole history log, for the merge driver's large inputs: every line decoded in C and
every field checked in bulk, or None when it cannot vouch for the log (then `log.parse_log` and
`validate.check_log_entries` decide, and word the problems).

The driver reads three logs of up to hundreds of thousands of lines; parsing each line with `json` and
meeting each entry's fields one by one took most of its time. Here, as `decode` does for the data file:

1. each line is decoded by msgspec twice: into a Struct of the log's fields (`ENTRY_FIELDS`, and the
   optional `ENTRY_OPTIONAL`; unknown fields refused, types checked, `before` and `after` an object or
   null), and into the plain values the merge works on (`fastjson.loads`: no float, so that the merged
   log can be written in C too; a float sends the log to `json`);
2. no key was lost in the decoding (`fastjson.no_key_lost`): this is what refuses a key twice in one
   object, which msgspec resolves silently and `rawio.loads_strictly` refuses;
3. every field's rule holds, per field over all the entries (`decode._passes`, the rule's own verdict in
   bulk), and an undo has `undoes` and no other entry does;
4. what ties the entries together holds (`validate.log_links_hold`).

A log accepted here is one `parse_log` and `check_log_entries` accept, and the entries are the same
values (`tests/test_log_typed.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

from pledge_tui.dataset import decode, fastjson
from pledge_tui.dataset.log import split_lines
from pledge_tui.dataset.msgspec_import import msgspec
from pledge_tui.dataset.validate import ENTRY_FIELDS, ENTRY_ID, ENTRY_OPTIONAL, log_links_hold

_RECORD_OR_NULL = dict[str, Any] | None
_TYPED_HERE = {"before": _RECORD_OR_NULL, "after": _RECORD_OR_NULL}
"""Fields whose whole rule (`validate._document_or_null`: an object or null) the decoding's type checks."""
_EntryDoc = msgspec.defstruct(
    "EntryDoc",
    [*((field, _TYPED_HERE.get(field, decode.decoded_type(rule))) for field, rule in ENTRY_FIELDS.items()),
     *((field, decode.decoded_type(rule), msgspec.UNSET) for field, rule in ENTRY_OPTIONAL.items())],
    frozen=True, forbid_unknown_fields=True, gc=False)
_DECODER = msgspec.json.Decoder(_EntryDoc)


def checked_entries(data: bytes) -> list[dict[str, Any]] | None:
    """A log's entries (each complete line's value; a torn last line passed over), every field and link
    checked; None when this path cannot vouch for them."""
    if data.startswith(b"\xef\xbb\xbf"):
        return None
    lines, torn = split_lines(data)
    try:
        typed = [_DECODER.decode(line) for line in lines]
        docs = [fastjson.loads(line) for line in lines]
    except (msgspec.MsgspecError, ValueError, RecursionError, fastjson.Unusable):
        return None
    body = data[: len(data) - len(torn)]
    if not fastjson.no_key_lost(body, fastjson.count_colons(typed)):
        return None
    if not _fields_pass(typed) or not log_links_hold(docs):
        return None
    return docs


def _fields_pass(typed: Sequence[Any]) -> bool:
    for field, rule in ENTRY_FIELDS.items():
        if field in _TYPED_HERE:
            continue
        values = [getattr(doc, field) for doc in typed]
        if not (_parents_pass(values) if field == "parents" else decode.holds_for_all(rule, values)):
            return False
    for field, rule in ENTRY_OPTIONAL.items():
        present = [value for doc in typed if (value := getattr(doc, field)) is not msgspec.UNSET]
        if present and not decode.holds_for_all(rule, present):
            return False
    return all((doc.action == "undo") == (doc.undoes is not msgspec.UNSET) for doc in typed)


def _parents_pass(values: Sequence[Any]) -> bool:
    """`validate._entry_ids` holds for every entry's `parents`: a list of at most two entry ids, none twice."""
    for value in values:
        if type(value) is not list or len(value) > 2 or not all(type(item) is str for item in value) \
                or len(set(value)) != len(value):
            return False
    return all(map(ENTRY_ID.fullmatch, chain.from_iterable(values)))
