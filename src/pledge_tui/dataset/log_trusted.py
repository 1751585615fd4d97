"""A history log whose bytes passed the reader's checks before, read into its entries in one C pass.

`list --at`, `blame`, `history` and `changes` read the whole log. Parsing it line by line with `json`
and checking every entry's fields and links (`log.history_loader`) took 250 ms at 10,000 entries, five
times `list` on the same data; msgspec decodes the same lines straight into `HistoryEntry` records in
about 35 ms. That is only safe for bytes the full checks accepted before: a log is remembered by the
SHA-256 of its bytes once they pass (`validated.remember(digest, "log")`), by this same program (the
stamp), and only read commands ask (`trust_cache`); `validate`, the write path and the merge driver
always check in full.

What the decoding gives is what the checks build from the same bytes (`validate.history_entry`: the
fields as parsed, `sources` and `parents` as tuples, `undoes` None when absent, `seq` the line number):
tests/test_log_trusted.py compares the two on generated logs. Anything the decoding cannot read as
entries (it never should, for bytes that passed) gives None, and the caller checks in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

from pledge_tui.dataset.entry import HistoryEntry
from pledge_tui.dataset.model import FloatFreeEntries
from pledge_tui.dataset.msgspec_import import msgspec


def _no_float(_text: str) -> NoReturn:
    raise ValueError("a float")


_DECODER = msgspec.json.Decoder(HistoryEntry, float_hook=_no_float)


def trusted_entries(data: bytes) -> FloatFreeEntries | None:
    """The entries of a log's complete lines (a torn last line passed over), decoded without checks; None
    when the bytes do not decode as entries, or hold a float (then `json` reads them: msgspec would not
    write such entries back as `json` does, `model.FloatFreeEntries`). Only for bytes that passed
    `log.history_loader`'s checks."""
    end = data.rfind(b"\n") + 1
    try:
        entries = _DECODER.decode_lines(memoryview(data)[:end])
    except (msgspec.MsgspecError, ValueError, RecursionError):
        return None
    set_seq = msgspec.structs.force_setattr  # (each entry is new and seen by no one yet: its place in the log
    for seq, entry in enumerate(entries, start=1):  # is its seq)
        set_seq(entry, "seq", seq)
    return FloatFreeEntries(entries)


class Skim(msgspec.Struct, gc=False):
    """One entry of a log checked before, its records left as their JSON (`model.EntrySkim`): decoding
    10,000 entries so takes 15 ms against 40 for the whole entries, and `list --at` and `blame` decode the
    records of the few entries they show (`entry`)."""

    id: str
    at: str
    by: str
    action: str
    table: str
    key: str
    before: msgspec.Raw
    after: msgspec.Raw
    sources: tuple[str, ...]
    note: str
    parents: tuple[str, ...] = ()
    undoes: str | None = None
    seq: int = 0

    def records(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        return _record(self.before), _record(self.after)

    def entry(self) -> HistoryEntry:
        return HistoryEntry(self.id, self.at, self.by, self.action, self.table, self.key, *self.records(),
                            self.sources, self.note, self.parents, self.undoes, self.seq)


_SKIMMER = msgspec.json.Decoder(Skim, float_hook=_no_float)
_RECORD = msgspec.json.Decoder(float_hook=_no_float)


def _record(raw: msgspec.Raw) -> dict[str, Any] | None:
    """A record as `trusted_entries` decodes it (an object or null: the checks saw to that); one holding a
    float as `json` reads it, as the checks read it (msgspec and `json` may part on a float's edge cases)."""
    try:
        record: dict[str, Any] | None = _RECORD.decode(raw)
    except ValueError:
        import json

        record = json.loads(bytes(raw))
    return record


def skimmed(data: bytes) -> Sequence[Skim] | None:
    """`trusted_entries`, each entry's records left undecoded; None when the bytes do not decode so. Only
    for bytes that passed `log.history_loader`'s checks."""
    end = data.rfind(b"\n") + 1
    try:
        skims = _SKIMMER.decode_lines(memoryview(data)[:end])
    except (msgspec.MsgspecError, ValueError, RecursionError):
        return None
    for seq, skim in enumerate(skims, start=1):
        skim.seq = seq
    return skims


def skim_of_line(data: bytes, start: int, end: int, seq: int) -> Skim:
    """The skim of one line of a log checked before (`data[start:end]`, the `seq`th): what `skimmed` gives
    for it (`skim_cache.KeptSkim` reads an entry whole so)."""
    skim = _SKIMMER.decode(memoryview(data)[start:end])
    skim.seq = seq
    return skim
