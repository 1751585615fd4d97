"""The skim of a large history log that passed the checks before, kept (`kept`), so that the next `list --at` or
`blame` of the same log does not decode it again.

`list --at` and `blame` read which entry is about which record, and when, from every entry of the log, and
the whole of a few entries only (`History.skim`). At 10,000 entries (9 MB), msgspec's skim of the log took
13-15 ms, about a third of what `list --at` adds to `list`, and both were at their limit of twice `list`
(issue 22). What they read of each entry (its id, time, action, table, key and what it undoes) and where its
line is in the log, kept in `marshal`'s form, is read back in about 3 ms, and made into `KeptSkim`s in 3 more;
an entry asked for whole is decoded from its own line, as `log_trusted.Skim` decodes it.

The entry is `skims-<sha256 of the log's bytes>`, written by the first read command that skims those bytes
(after they passed the checks: `log._skims` asks only then), for logs of `FROM_BYTES` or more. Everything
else is `kept`'s rules: only this code's entries for those very bytes count, and any failure means "no
entry" (the log is skimmed as before).
"""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from functools import partial
from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple

from pledge_tui.dataset import kept

if TYPE_CHECKING:
    from pledge_tui.dataset.entry import HistoryEntry
    from pledge_tui.dataset.log_trusted import Skim

PREFIX = "skims-"
KEEP = 3
"""How many entries are kept (the newest): the log being read, and the versions just before a write grew it."""
FROM_BYTES = 1 << 20
"""Logs smaller than this (about 1,100 entries) are skimmed in about a millisecond: not kept."""


class KeptSkim(NamedTuple):
    """One entry of a log, as its kept skim holds it (`model.EntrySkim`), with where its line is in the log."""

    id: str
    at: str
    action: str
    table: str
    key: str
    undoes: str | None
    seq: int
    start: int
    end: int
    log: bytes
    """The log's bytes (the same object for every entry)."""

    def skim(self) -> Skim:
        """The entry's skim, decoded from its line (`log_trusted.skim_of_line`)."""
        from pledge_tui.dataset.log_trusted import skim_of_line

        return skim_of_line(self.log, self.start, self.end, self.seq)

    def entry(self) -> HistoryEntry:
        """The whole entry: what `log_trusted.Skim.entry` gives for the same line."""
        return self.skim().entry()

    def records(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """The entry's records, read from its line with `json`, as the log's checks read them (so `list
        --at` imports no msgspec: `replay.replayed`)."""
        import json

        line: dict[str, Any] = json.loads(self.log[self.start:self.end])
        return line["before"], line["after"]


_COLUMNS = 8
"""id, at, action, table, key, undoes, start, end: one tuple each, in log order."""


def load(digest: str, log: bytes) -> Sequence[KeptSkim] | None:
    """The kept skim of the log bytes with this SHA-256 (`log`: those bytes), or None (no entry, or one that
    is not this program's or does not have a skim's shape)."""
    payload = kept.read(PREFIX, digest)
    if payload is None:
        return None
    try:
        columns = marshal.loads(payload)
        if not (isinstance(columns, tuple) and len(columns) == _COLUMNS
                and all(isinstance(column, tuple) and len(column) == len(columns[0]) for column in columns)):
            return None
        ids, ats, actions, tables, keys, undoes, starts, ends = columns
        if not ids or not ends[-1] < len(log):
            return None
        rows = zip(ids, ats, actions, tables, keys, undoes, range(1, len(ids) + 1), starts, ends, repeat(log))
        return list(map(partial(tuple.__new__, KeptSkim), rows))
    except (ValueError, EOFError, TypeError, IndexError):
        return None


def save(digest: str, log: bytes, skims: Sequence[Skim]) -> None:
    """Keep the skim of the log bytes with this SHA-256 (`skims`: `log_trusted.skimmed` of them, which
    passed the checks before: the caller's word). Not for a log under `FROM_BYTES`, nor when its lines do
    not match the skims one for one (they always should: a log with a blank line does not pass)."""
    if len(log) < FROM_BYTES or kept.path_of(PREFIX, digest) is None:
        return
    starts, ends = _lines(log)
    if len(starts) != len(skims):
        return
    seen: dict[Any, Any] = {}
    share = seen.setdefault
    columns = (tuple(s.id for s in skims), tuple(s.at for s in skims),
               tuple(share(s.action, s.action) for s in skims), tuple(share(s.table, s.table) for s in skims),
               tuple(share(s.key, s.key) for s in skims), tuple(s.undoes for s in skims), starts, ends)
    kept.write(PREFIX, digest, marshal.dumps(columns), KEEP)


def _lines(log: bytes) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where each complete line of the log starts and ends (its newline), a torn last line passed over."""
    starts: list[int] = []
    ends: list[int] = []
    find, start = log.find, 0
    while (end := find(b"\n", start)) >= 0:
        starts.append(start)
        ends.append(end)
        start = end + 1
    return tuple(starts), tuple(ends)
