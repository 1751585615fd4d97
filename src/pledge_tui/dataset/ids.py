"""History entry ids (README "Editing"): `h` + the first 10 hex digits of the SHA-256 of the entry's
canonical JSON, without `id` and `renumbered` and with any merge's renumbering undone.

An id is a fact about the entry's content, so every clone computes the same one, identical entries are one
entry (the union of two logs is a union of ids), a forged or altered entry no longer matches its id, and a
merge that renames a source inside an entry (`renumber`) does not change it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pledge_tui.dataset.rawio import canonical, sha256_hex
from pledge_tui.dataset.renumber import original_entry

ENTRY_ID = re.compile(r"h[0-9a-f]{10}")
"""What an entry id looks like."""


def entry_id(entry: Mapping[str, Any]) -> str:
    """The id `entry` (a stored history entry, with or without its `id`) must have."""
    text = canonical(original_entry(entry))
    return "h" + sha256_hex(text.encode("utf-8", "surrogatepass"))[:10]


def with_id(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The entry with its id set (replacing any it had)."""
    return {**entry, "id": entry_id(entry)}


def record_digest(table: str, doc: Mapping[str, Any] | None) -> str:
    """16 hex digits of the SHA-256 of a record's canonical JSON (null for no record): what the `heads`
    table keeps of the record its head entry left, so that a write can tell a record changed by hand
    without reading the log. The meta document's `schema_version` is left out: it is the file's format,
    which an upgrade changes without an entry."""
    return sha256_hex(canonical(comparable(table, doc)).encode("utf-8", "surrogatepass"))[:16]


def comparable(table: str, doc: Mapping[str, Any] | None) -> Any:
    """A record as the history proof compares it: the meta document without `schema_version`."""
    if table == "meta" and isinstance(doc, Mapping):
        return {k: v for k, v in doc.items() if k != "schema_version"}
    return doc


def same_record(table: str, a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    """True when two stored records are the same for the history proof (`comparable`)."""
    return bool(comparable(table, a) == comparable(table, b))
