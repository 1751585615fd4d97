"""The model of a large data file that was validated before, kept in `marshal`'s form beside the record that
it was validated (`dataset.validated`), so that the next read command builds it without parsing the file.

A read of a file validated before still parses it: at 1,000 members (2.9 MB), importing msgspec and its
decoders took 20 ms and decoding and building 20 more, against 23 ms for `json.load` alone, the floor
`list --format json` is measured against (issue 22). `marshal` is built into the interpreter (nothing to
import) and reads plain tuples of strings back in a third of that time; the records are made from them
as `decode.trusted` makes them. `marshal`, not `pickle`: loading a marshalled tuple runs no code, so an
entry changed behind the program's back can give a wrong shape (refused: the file is decoded instead),
never run anything.

What it may never do is what `validated` may never do: change an outcome.
- An entry is `model-<sha256 of the data file's bytes>` in `$XDG_CACHE_HOME/pledge-tui/validated`,
  headed by `validated.stamp()` and the interpreter's version, so it is only ever the model of those very
  bytes, built by this very code; `store` asks for it only for bytes `validated.is_validated` vouches for.
- Only read commands use it (`store.load_from` with `trust_cache`); `validate`, the write path and the
  merge driver never read nor write it. An entry is written by the second read of the same bytes (the
  first validated them), not by the browser's reloads (`keep_model`), and costs 20 ms to write at 1,000
  members, 250 at 10,000.
- Only files from `TYPED_FROM_BYTES` up are kept (a smaller file is parsed faster than its entry is
  written), of version 3 or of version 2 with an empty history (`keeps`: a version-2 file's entries are
  not plain tuples, and its first write upgrades it).
- Entries are large (about 60% of the file), so only the `KEEP` newest are kept.
- Any failure (no cache folder, unreadable, corrupt, another version's) means "no entry": the file is
  decoded as before, silently. Nothing here raises. (`kept` reads and writes the entries, for this and
  for the history log's skims.)
"""

from __future__ import annotations

import marshal
from typing import Any

from pledge_tui.dataset import kept
from pledge_tui.dataset.model import Commitment, Dataset, Event, Head, Member, Meta, ReportedFigure, Source

PREFIX = "model-"
KEEP = 3
"""How many entries are kept (the newest by modification time): the file being read, and the versions a
teammate's edit or a merge has just replaced (at 10,000 members an entry is about 17 MB)."""


def load(digest: str) -> Dataset | None:
    """The model kept for the bytes with this SHA-256, or None (no entry, or one that is not this program's
    or does not have the model's shape)."""
    payload = kept.read(PREFIX, digest)
    if payload is None:
        return None
    try:
        return _dataset(marshal.loads(payload))
    except (ValueError, EOFError, TypeError, KeyError, IndexError, AttributeError):
        return None


def save(digest: str, dataset: Dataset) -> None:
    """Keep the model of the bytes with this SHA-256 (validated before: the caller's word), written
    atomically (`kept.write`); older entries past `KEEP` are removed. Failures are ignored; a dataset `keeps`
    refuses is not written."""
    if kept.path_of(PREFIX, digest) is None or not keeps(dataset):
        return
    try:
        payload = marshal.dumps(_payload(dataset))
    except ValueError:
        return
    kept.write(PREFIX, digest, payload, KEEP)


def keeps(dataset: Dataset) -> bool:
    """True for a dataset `save` keeps: version 3 (whose history is the log's, read apart: not kept), or
    version 2 with an empty history."""
    version = dataset.meta.schema_version
    return version == 3 or (version == 2 and not dataset.history)


def _payload(dataset: Dataset) -> tuple[Any, ...]:
    """The dataset as plain tuples: what each record's constructor takes, in order; a member's `state()`
    (its fields and indexes, which `Member.restored` sets without deriving them again) and its records.

    Each field value is one object per distinct value (`dict.setdefault`, in C): `marshal` writes an object
    it has written before as a reference, and reads it back as that object. Status words, types, dates, ids
    and whole lists of conditions or sources recur thousands of times: at 1,000 members the entry is read in
    5 ms instead of 7.7. (The values shared so are strings, `None`, booleans and tuples of strings or of
    numbers and strings, never a number on its own: `==` does not tell `1` from `True`, and no tuple here
    holds a boolean. tests/test_model_cache.py compares every value's type after the round trip.)"""
    seen: dict[Any, Any] = {}
    share = seen.setdefault
    meta = dataset.meta
    return (
        (*meta[:4], tuple(meta.reported_commitments)),
        tuple(tuple(map(share, source, source)) for source in dataset.sources.values()),
        tuple((tuple(map(share, state, state)), tuple(tuple(map(share, record, record))
                                                        for record in m.commitments.values()))
              for m in dataset.members for state in (m.state(),)),
        tuple(map(tuple, dataset.events)),
        tuple((*key, *head) for key, head in dataset.heads.items()),
    )


def _dataset(payload: Any) -> Dataset:
    """The dataset `_payload` was made from: the one `decode.trusted` builds from the same bytes, field for
    field (tests/test_model_cache.py)."""
    meta, sources, members, events, heads = payload
    make_record, restore = Commitment._make, Member.restored
    # (mypy cannot count a starred slice: it is as many fields as `_payload` wrote)
    return Dataset(
        Meta(*meta[:4], ReportedFigure._make(meta[4])),  # type: ignore[call-arg]
        tuple(restore(state, {record[1]: make_record(record) for record in records}) for state, records in members),
        {source[0]: Source._make(source) for source in sources},
        tuple(map(Event._make, events)),
        (),
        {(head[0], head[1]): Head._make(head[2:]) for head in heads},
    )
