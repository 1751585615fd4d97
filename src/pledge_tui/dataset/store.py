"""The TinyDB data file: read strictly and never written by readers; written atomically by the one writer.

Reading (`load`, every command and the browser) reads the bytes once, refuses everything JSON or UTF-8
would quietly accept that an analyst would not want (a byte-order mark, NaN, duplicate keys: the
primitives of `rawio`), and turns every failure into a `DataError` that names the file. A version-3
file's history log is read only as far as its last line, and whole on first use of the history. The
TinyDB storages built on the same strict reading, `ReadOnlyJSONStorage` (`open_database`) and
`AtomicJSONStorage` (the one writer, `commit.commit`), are in `storage` and are imported from there on
first use, TinyDB with them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pledge_tui import collector
from pledge_tui.dataset import log
from pledge_tui.dataset.model import Dataset, History, LoadedDataset
from pledge_tui.dataset.rawio import MAX_BYTES as MAX_BYTES  # (these six are re-exported: `store.read_bytes` ...)
from pledge_tui.dataset.rawio import decode_utf8 as decode_utf8
from pledge_tui.dataset.rawio import parse_json as parse_json
from pledge_tui.dataset.rawio import parse_text as parse_text
from pledge_tui.dataset.rawio import read_bytes as read_bytes
from pledge_tui.dataset.rawio import serialize as serialize
from pledge_tui.dataset.rawio import sha256_hex as sha256_hex
from pledge_tui.errors import DataError, Problem

if TYPE_CHECKING:
    from tinydb import TinyDB

    from pledge_tui.dataset.storage import AtomicJSONStorage as AtomicJSONStorage  # (re-exported, lazily)
    from pledge_tui.dataset.storage import ReadOnlyJSONStorage as ReadOnlyJSONStorage

TYPED_FROM_BYTES = 1024 * 1024
"""Files from this size up (about 350 members) are read by the typed path (`decode`) first: below it,
importing msgspec (about 8 ms) costs more than the typed path saves. Measured in fresh processes, CPU
time of the load alone, typed/`build_dataset`: 48/44 ms at 430 KB, 55/52 at 860 KB, 64/67 at 1.7 MB,
79/89 at 2.9 MB (benchmarks/PROFILE.md)."""

_KEPT: list[LoadedDataset] = []
"""The datasets `load` returned most recently (see `_keep`)."""


def __getattr__(name: str) -> Any:
    """`ReadOnlyJSONStorage` and `AtomicJSONStorage` live in `storage`, imported on first use (TinyDB with
    them): reading the data file does not need them."""
    if name in ("ReadOnlyJSONStorage", "AtomicJSONStorage"):
        from pledge_tui.dataset import storage

        return getattr(storage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_database(path: str) -> TinyDB:
    """A read-only TinyDB over the data file, for scripts that want TinyDB's query API."""
    from pledge_tui.dataset.storage import open_database

    return open_database(path)


collector_paused = collector.paused
"""The collector's pause (`pledge_tui.collector.paused`), under the name callers of this module know."""


def load(path: str, *, trust_cache: bool = False, keep_model: bool = True, read_log: bool = False) -> LoadedDataset:
    """Read, validate and build the dataset at `path` (with its history log beside it); raise `DataError`
    listing every problem (`load_from`)."""
    return load_from(path, lambda: read_bytes(path), log.FileLog(log.log_path(path)), trust_cache=trust_cache,
                     keep_model=keep_model, read_log=read_log)


def load_from(name: str, read: Callable[[], bytes], history_log: log.LogSource | None,
              *, limit: int = MAX_BYTES, trust_cache: bool = False, keep_model: bool = True,
              read_log: bool = False) -> LoadedDataset:
    """The one load pipeline, for a file and a `REV:PATH` from git (the merge driver, which needs the raw
    tables too, takes its field-by-field path: `parsed`): `read()` gives the data file's bytes (at most
    `limit` of them), `history_log` its log (None: no history to read), and `name` names it in messages.

    A file of `TYPED_FROM_BYTES` or more is first read by the typed path (`decode.check`), which gives the
    same dataset several times faster; anything it cannot vouch for, and every smaller file, goes through
    `build_dataset`, which also words the problems. The bytes are read here, so that no caller keeps them,
    and the decoded text is dropped as soon as it is parsed (at 10,000 members they were the peak of the
    browser's memory).

    A version-3 file's log is not read, but for its last line: an entry that a writer killed between its
    two steps logged without applying is rolled forward in memory (`log.rollable`; reading never writes).
    The rest of the log is read on first use of `Dataset.history` (`log.history_loader`).

    The cyclic garbage collector is paused meanwhile: parsing and building allocate hundreds of
    thousands of containers, none of them garbage, and at 10,000 members its passes cost 40% of the
    load time. The dataset is moved out of the collector's sight for good (`_keep`) before it resumes:
    otherwise its first pass, at the next allocation, walks everything the load made (45 ms at 10,000).

    With `trust_cache` (the read commands, never `validate` nor a write), bytes that passed a full
    validation by this program before (`validated.is_validated`, by their SHA-256) are built without the
    checks, and bytes validated in full here are remembered for the next read (`validated.remember`);
    without it the cache is neither read nor written. A large file's model read so is kept too
    (`model_cache`), unless `keep_model` is False (the browser's reloads).

    `read_log`: the command will read the whole history, so the log's bytes (and, with `trust_cache`, their
    digest) are read in a thread from the moment the data file's bytes are in (`Snapshot.read_ahead`: after
    them, as every read has it), while the model is built: at 10,000 entries, reading and hashing the log
    took 13 ms, the longest wait of `list --at` and `blame` (benchmarks/PROFILE.md A10).
    """
    data = read()
    if len(data) > limit:
        raise DataError(name, [Problem(f"is too large (the limit is {limit // 1_000_000} MB)")])
    snapshot = log.Snapshot(history_log) if read_log and history_log is not None else None
    if snapshot is not None:
        snapshot.read_ahead(digest=trust_cache)
    digest = sha256_hex(data)
    with collector.paused():
        tail = history_log.tail() if history_log is not None else None
        dataset, decoded = _trusted(data, digest, tail) if trust_cache else (None, False)
        if dataset is None:
            dataset = _validated(name, data, digest, tail, remember=trust_cache)
        elif decoded and keep_model:  # (once the file's bytes are freed: at 10,000 members the entry's 17 MB
            del data  # would otherwise add to the bytes' 29 MB, the peak of the read)
            from pledge_tui.dataset import model_cache

            model_cache.save(digest, dataset)
        if dataset.meta.schema_version == 3 and history_log is not None:
            snapshot = snapshot or log.Snapshot(history_log)
            loader = log.history_loader(snapshot, trust_cache=trust_cache)
            skim = log.skim_loader(snapshot) if trust_cache else None
            dataset = dataset.replace(history=History(loader, log.MemberReader(snapshot), skim))
        return _keep(LoadedDataset(dataset, name, digest))


def _trusted(data: bytes, digest: str, tail: Any) -> tuple[Dataset | None, bool]:
    """The dataset of bytes validated in full before (`validated`), built without the checks; None when they
    were not, or when the log's last entry is to be rolled forward (the full path does that). A large file's
    model is built from its kept entry (`model_cache`); the flag is True when it was decoded instead, for
    the caller to keep it (`keep_model`): bytes read a second time are likely to be read again (the first
    read validated them; the browser that watches the file and reloads it after every edit keeps nothing)."""
    from pledge_tui.dataset import validated

    if not validated.is_validated(digest):
        return None, False
    decoded = False
    if len(data) >= TYPED_FROM_BYTES:
        from pledge_tui.dataset import model_cache

        dataset = model_cache.load(digest)
        if dataset is None:
            from pledge_tui.dataset import decode

            dataset = decode.trusted(data)
            decoded = dataset is not None
    else:
        import json

        from pledge_tui.dataset.trusted import build_trusted

        try:  # the strict parse refused a key twice, NaN and the rest when the bytes were validated
            raw = json.loads(data.decode("utf-8"))
        except (ValueError, RecursionError):
            return None, False
        dataset = build_trusted(raw)
    if dataset is not None and tail is not None and log.rollable(tail, log.heads_lookup(dataset.heads)):
        return None, False
    return dataset, decoded


def _validated(name: str, data: bytes, digest: str, tail: Any, *, remember: bool) -> Dataset:
    """The dataset of `data`, validated in full (the typed path first for a large file); with `remember`, the
    bytes are remembered as valid (`validated.remember`) when the dataset is theirs (nothing rolled forward)."""
    dataset: Dataset | None = None
    rolled = False
    if len(data) >= TYPED_FROM_BYTES:
        from pledge_tui.dataset import decode

        checked = decode.check(data)
        dataset = checked.dataset() if checked is not None else None
        if dataset is not None and tail is not None and log.rollable(tail, log.heads_lookup(dataset.heads)):
            dataset = None  # the other path rolls it forward
    if dataset is None:
        text = decode_utf8(name, data)
        raw = parse_text(name, text)
        del text
        dataset, rolled = _built_from(name, raw, tail)
    if remember and not rolled and dataset.meta.schema_version >= 2:
        from pledge_tui.dataset import validated

        validated.remember(digest)
    return dataset


def parsed(name: str, data: bytes, tail: Any = None) -> tuple[Any, Dataset]:
    """The field-by-field path of the pipeline: the bytes decoded and parsed strictly, then validated (with
    a logged entry the file does not show yet rolled forward, when `tail` is one); the parsed tables and the
    dataset, or `DataError` listing every problem. For `load_from`, and for the merge driver, which needs
    each input's own layout (document ids) besides its validation."""
    text = decode_utf8(name, data)
    raw = parse_text(name, text)
    del text
    return raw, _built(name, raw, tail)


def validated_tables(name: str, data: bytes, *, like: Any = None) -> tuple[Any, bool]:
    """A data file's parsed tables, once the whole file is known to be valid (`DataError` listing every
    problem otherwise), and whether the bulk check vouched for them: for the merge driver, which merges the
    tables document by document. A large version-3 file is parsed in C (`fastjson.loads`: the values `json`
    gives, or a refusal) and vouched for in bulk (`decode.tables_pass`: a key twice, NaN, a lone surrogate
    and a float are refused on the way), two to three times faster than the field-by-field path, which
    decides everything else and words the problems. `like`: the tables of a file vouched for so, whose
    documents the new file's equal ones need not meet the rules again (`decode.same_as`)."""
    if len(data) >= TYPED_FROM_BYTES:
        from pledge_tui.dataset import decode, fastjson

        with collector.paused():
            try:
                raw = fastjson.loads(data)
            except fastjson.Unusable:
                raw = None
            checked = decode.same_as(raw, like) if raw is not None and like is not None else None
            if raw is not None and decode.tables_pass(raw, data, checked):
                return raw, True
    return parsed(name, data)[0], False


def _built(name: str, raw: Any, tail: Any) -> Dataset:
    """The dataset of parsed tables, with a logged entry the file does not show yet rolled forward (if the
    result would not be valid, the entry is left for `validate` to name)."""
    return _built_from(name, raw, tail)[0]


def _built_from(name: str, raw: Any, tail: Any) -> tuple[Dataset, bool]:
    """`_built`, and whether the log's last entry was rolled forward (then the dataset is not the file's)."""
    from pledge_tui.dataset.validate import build_dataset, schema_version_of  # (the rules: not for a trusted read)

    if tail is not None and isinstance(raw, dict) and schema_version_of(raw) == 3:
        from pledge_tui.dataset.history import find_head, roll_forward

        def head_of(table: str, key: str) -> str | None:
            found = find_head(raw, table, key)
            return found[1].get("entry") if found is not None else None

        try:
            rolled = roll_forward(raw, tail) if log.rollable(tail, head_of) else None
        except (KeyError, TypeError, AttributeError, ValueError):
            rolled = None
        if rolled is not None:
            dataset, _ = build_dataset(rolled)
            if dataset is not None:
                return dataset, True
    dataset, problems = build_dataset(raw)
    if dataset is None:
        raise DataError(name, problems)
    return dataset, False


def _keep(loaded: LoadedDataset) -> LoadedDataset:
    """Freeze everything alive (`gc.freeze`) and keep a reference to the dataset until the next loads.

    The model is immutable and has no cycles to collect, yet every later collection walked all of it
    (at 10,000 members, a third of the time of `list`'s output), and the command freed it object by
    object when its handler returned, then the interpreter's last collection walked what was left.
    Frozen objects are never examined again, and a dataset still referenced at exit is left to the
    operating system with the rest of the process. Refcounting still frees a frozen dataset that is no
    longer referenced: only the last two loads (`diff` reads two files) are kept here, and the browser
    lets them go (`unpin`).
    """
    collector.freeze()
    _KEPT[:] = [*_KEPT[-1:], loaded]
    return loaded


def unpin() -> None:
    """Stop keeping the last loads referenced (`_keep`): for a long session (the browser), which holds its
    dataset itself and replaces it after a save; a pin would keep the first one alive to the end."""
    _KEPT.clear()
