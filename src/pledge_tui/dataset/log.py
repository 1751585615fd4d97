"""The history log (schema version 3): one history entry per line, beside the data file.

`FILE`'s log is `FILE` with its final `.json` replaced by `.history.jsonl` (a name without `.json` gets it
appended); for a symbolic-link data file, beside the link's target. Each line is an entry's canonical JSON
(`rawio.canonical`: sorted keys, no spaces, not escaped to ASCII) and a newline; lines are in time order and
never change. Git merges the log by union of entries and shows a change as added lines.

The log is the write-ahead log of the data file: a write appends its entry (and fsyncs it) before it
replaces the data file, so a writer killed between the two leaves an entry the data file does not show
yet. Every reader rolls it forward (`rollable`), and the next write makes that permanent. So a reader
needs the log's last line only (`LogSource.tail`): reading `list` or `show` never parses the rest, and the
whole log is read only on first use of `Dataset.history` (`history_loader`), by `validate`, `undo`, `adopt`
and the merge driver.

A last line without its newline is what a writer killed in the middle of its append leaves: it is not an
entry (readers pass over it) and the next write removes it (`files.append_lines`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from pledge_tui.dataset.ids import entry_id
from pledge_tui.dataset.model import EntrySkim, Head, MemberSource
from pledge_tui.dataset.rawio import canonical, fail, loads_strictly, read_bytes
from pledge_tui.errors import DataError, Problem

if TYPE_CHECKING:
    from pledge_tui.dataset.entry import HistoryEntry, MemberHistory

SUFFIX = ".history.jsonl"
MAX_LOG_BYTES = 1024 * 1024 * 1024
"""Refuse a larger log up front (whole records before and after: about 1.3 MB per 1,000 edits)."""
TAIL_CHUNK = 64 * 1024


def log_path(path: str) -> str:
    """The history log of the data file at `path` (beside the link's target for a symbolic link)."""
    return log_name(os.path.realpath(path) if os.path.islink(path) else path)


def log_name(path: str) -> str:
    """The name of the log of a data file named `path`, by the name alone (a path in a git revision)."""
    return (path[: -len(".json")] if path.endswith(".json") else path) + SUFFIX


def entry_line(entry: Mapping[str, Any]) -> bytes:
    """An entry's line in the log. Raises `UnicodeEncodeError` for text with an unpaired surrogate."""
    return (canonical(entry) + "\n").encode("utf-8")


def lines_of(entries: Iterable[Mapping[str, Any]]) -> bytes:
    """The log lines of several entries, in order."""
    return b"".join(entry_line(entry) for entry in entries)


def parse_line(name: str, number: int, line: bytes) -> Any:
    """One line of the log parsed strictly (as the data file is); a `DataError` names the line."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(name, [Problem(f"is not valid UTF-8 (byte {exc.start})", "history", f"line {number}")]) \
            from None
    try:
        return loads_strictly(text)
    except RecursionError:
        raise DataError(name, [Problem("is not usable: values are nested too deeply", "history",
                                       f"line {number}")]) from None
    except ValueError as exc:
        reason = getattr(exc, "msg", None) or str(exc)
        raise DataError(name, [Problem(f"is not valid JSON: {reason}", "history", f"line {number}")]) from None


def split_lines(data: bytes) -> tuple[list[bytes], bytes]:
    """The complete lines of a log (without their newlines; blank ones included) and what follows the last
    newline (a torn line, or b"")."""
    *lines, rest = data.split(b"\n")
    return lines, rest


def parse_log(name: str, data: bytes) -> tuple[list[tuple[int, Any]], list[Problem]]:
    """Every complete line of a log as (line number, parsed value), and a problem for each line that is not
    JSON (or is blank); a torn last line is passed over. A byte-order mark is refused as in the data file."""
    if data.startswith(b"\xef\xbb\xbf"):
        fail(name, "starts with a UTF-8 byte-order mark; save it as UTF-8 without one")
    lines, _torn = split_lines(data)
    rows: list[tuple[int, Any]] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            problems.append(Problem("is blank (every line of the log is one history entry)", "history",
                                    f"line {number}"))
            continue
        try:
            rows.append((number, parse_line(name, number, line)))
        except DataError as exc:
            problems.extend(exc.problems)
    return rows, problems


class LogSource(Protocol):
    """Where a dataset's history log is read from: a file, a revision in git, bytes in memory."""

    name: str
    """How messages name it."""

    def tail(self) -> Any:
        """The last complete entry, parsed (None when there is none, or it does not parse): what a reader
        needs to roll a killed writer's entry forward."""

    def content(self) -> bytes:
        """The whole log; a `DataError` when it cannot be had."""


class FileLog:
    """The log beside a data file."""

    def __init__(self, path: str) -> None:
        self.name = path

    def exists(self) -> bool:
        return os.path.lexists(self.name)

    def tail(self) -> Any:
        line = last_line(self.name)
        if line is None:
            return None
        try:
            return parse_line(self.name, 0, line)
        except DataError:
            return None

    def content(self) -> bytes:
        if not os.path.lexists(self.name):
            fail(self.name, "no such file: the history log of a schema-version-3 data file is missing (restore it "
                            "from git or from the copy it came with)")
        return read_bytes(self.name, limit=MAX_LOG_BYTES)


class BytesLog:
    """A log given as bytes (the merge driver's inputs), or fetched on first use (a git revision)."""

    def __init__(self, name: str, data: bytes | Callable[[], bytes], *, rolls_forward: bool = True) -> None:
        self.name = name
        self._data = data
        self._rolls_forward = rolls_forward

    def content(self) -> bytes:
        if callable(self._data):
            self._data = self._data()
        return self._data

    def tail(self) -> Any:
        if not self._rolls_forward:
            return None
        lines, _ = split_lines(self.content())
        for number in range(len(lines), 0, -1):
            if lines[number - 1].strip():
                try:
                    return parse_line(self.name, number, lines[number - 1])
                except DataError:
                    return None
        return None


def last_line(path: str) -> bytes | None:
    """The last complete line of the file at `path` (without its newline), read from the end; None when
    the file is missing, unreadable or has no complete line."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below, after the seeks)
    except OSError:
        return None
    with handle:
        try:
            end = handle.seek(0, os.SEEK_END)
        except OSError:
            return None
        buffer = b""
        position = end
        while position > 0:
            step = min(TAIL_CHUNK, position)
            position -= step
            handle.seek(position)
            buffer = handle.read(step) + buffer
            complete = buffer.rfind(b"\n")
            if complete < 0:
                continue
            start = buffer.rfind(b"\n", 0, complete)
            if start >= 0 or position == 0:
                return buffer[start + 1:complete]
        return None


def rollable(tail: Any, head_of: Callable[[str, str], str | None]) -> bool:
    """True when the log's last entry is a write the data file does not show yet: a writer was killed
    between appending it and replacing the data file. That is: it is not its record's head (`head_of(table,
    key)` gives the head entry's id, or None), it follows that head (its first parent is the head; or it
    has no parent and the record no head), and its id is its content's. Anything else that does not match
    is left for `validate` to name."""
    if not isinstance(tail, dict) or tail.get("action") in (None, "upgrade"):
        return False
    table, key, parents, own = tail.get("table"), tail.get("key"), tail.get("parents"), tail.get("id")
    if not (isinstance(table, str) and isinstance(key, str) and isinstance(parents, list) and isinstance(own, str)):
        return False
    head = head_of(table, key)
    if head == own:
        return False
    follows = head == parents[0] if parents else head is None
    return follows and entry_id(tail) == own


def heads_lookup(heads: Mapping[tuple[str, str], Head]) -> Callable[[str, str], str | None]:
    """`rollable`'s `head_of` over a dataset's heads."""

    def head_of(table: str, key: str) -> str | None:
        head = heads.get((table, key))
        return head.entry if head is not None else None

    return head_of


def read_entries(source: LogSource) -> tuple[list[tuple[int, Any]], list[Problem]]:
    """Every line of the log, parsed, and the lines that are not JSON."""
    return parse_log(source.name, source.content())


def history_loader(source: LogSource, *, trust_cache: bool = False) -> Callable[[], Sequence[HistoryEntry]]:
    """What `Dataset.history` calls on first use: the log read, each entry checked (its fields, and what
    ties it to its action and to the entries before it) and built; a `DataError` naming the log lists
    every problem. Whether the sources an entry cites still exist, and the rest of the proof, is
    `validate`'s (`proof`): a reader shows the history it has.

    With `trust_cache` (the read commands, as `store.load`'s), bytes that passed these checks before are
    decoded without them (`log_trusted`), and bytes that pass them here are remembered (`validated`)."""

    def load() -> Sequence[HistoryEntry]:
        from pledge_tui import collector
        from pledge_tui.dataset.rawio import sha256_hex

        with collector.paused():
            data = source.content()
            digest = (source.digest() if isinstance(source, Snapshot) else sha256_hex(data)) if trust_cache else ""
            entries = _trusted(data, digest) if trust_cache else None
            if entries is None:
                entries = _checked(source.name, data)
                if trust_cache:
                    from pledge_tui.dataset import validated

                    validated.remember(digest, "log")
            collector.freeze()
            return entries

    return load


def skim_loader(source: Snapshot) -> Callable[[], Sequence[EntrySkim] | None]:
    """What `History.skim` calls: the entries without their records (`log_trusted.skimmed`, or the skim kept
    for those bytes, `skim_cache`), read once, when the log's bytes passed the checks before (the read
    commands' `trust_cache`); else None."""
    done: list[Sequence[EntrySkim] | None] = []

    def skim() -> Sequence[EntrySkim] | None:
        if not done:
            done.append(_skims(source))
        return done[0]

    return skim


def _skims(source: Snapshot) -> Sequence[EntrySkim] | None:
    from pledge_tui import collector
    from pledge_tui.dataset import validated

    try:
        data, digest = source.content(), source.digest()
    except DataError:
        return None  # loading the whole history says why
    if not validated.is_validated(digest, "log"):
        return None
    from pledge_tui.dataset import skim_cache

    with collector.paused():
        kept = skim_cache.load(digest, data)
        if kept is not None:
            return kept
        from pledge_tui.dataset.log_trusted import skimmed

        skims = skimmed(data)
        if skims is not None:
            skim_cache.save(digest, data, skims)
        return skims


def _trusted(data: bytes, digest: str) -> Sequence[HistoryEntry] | None:
    """The entries of log bytes that passed `_checked` before, decoded without the checks; else None."""
    from pledge_tui.dataset import validated

    if not validated.is_validated(digest, "log"):
        return None
    from pledge_tui.dataset.log_trusted import trusted_entries

    return trusted_entries(data)


def _checked(name: str, data: bytes) -> Sequence[HistoryEntry]:
    """Every entry of the log, each checked and built; a `DataError` naming the log lists every problem."""
    from pledge_tui.dataset.validate import check_log_entries

    rows, problems = parse_log(name, data)
    entries, more = check_log_entries(rows, None)
    if problems or more:
        raise DataError(name, [*problems, *more])
    return entries


KEY_FIELD = b',"key":'
"""How an entry's `key` field starts in its canonical line: sorted keys put `action` (and more) before it, and
no stored record has a field named `key`."""


class Snapshot:
    """A log read at most once: what one dataset's history is (`store.load_from`).

    The member reader and the whole history's loader of a dataset read the same bytes, so that a history
    read in part when the browser starts and in whole later (the timeline; the reload, which compares the
    entries shown with those in the file now) is the log as it was then, not as another writer has grown it
    since. The bytes go with the `History` that holds the two (once it has loaded the entries).
    `read_ahead` reads them in a thread (the browser, while it imports Textual: reading the file releases
    the interpreter's lock)."""

    def __init__(self, source: LogSource) -> None:
        from _thread import allocate_lock  # (`threading.Lock` itself: `list` need not import `threading`, 1 ms)

        self.name = source.name
        self._source = source
        self._data: bytes | None = None
        self._digest: str | None = None
        self._lock = allocate_lock()
        self._digest_lock = allocate_lock()

    def tail(self) -> Any:
        return self._source.tail()

    def content(self) -> bytes:
        with self._lock:
            if self._data is None:
                self._data = self._source.content()
            return self._data

    def digest(self) -> str:
        """The SHA-256 of `content` (worked out once: the skim and the whole history both ask)."""
        with self._digest_lock:
            if self._digest is None:
                from pledge_tui.dataset.rawio import sha256_hex

                self._digest = sha256_hex(self.content())
            return self._digest

    def read_ahead(self, *, digest: bool = False) -> None:
        """Start reading the bytes in a daemon thread; `content` then waits for them (a failure is left for
        `content` to raise). With `digest`, their SHA-256 too (`digest`: hashing releases the interpreter's
        lock as reading does, so a command that reads the whole history does both while it imports its views:
        10 to 15 ms at 10,000 entries)."""
        from pledge_tui import background

        def read() -> None:
            with contextlib.suppress(DataError, OSError):
                self.content()
                if digest:
                    self.digest()

        background.start(read)


class MemberReader:
    """What `History.of_member` calls: one member's entries found in the log's bytes (`member_entries`),
    each member's answer kept until the whole history is loaded (the detail pane paints the same card
    several times as the browser starts, and again as the cursor comes back)."""

    def __init__(self, source: Snapshot) -> None:
        self._source = source
        self._answers: dict[tuple[str, int], MemberHistory | None] = {}

    @property
    def snapshot(self) -> Snapshot:
        """The log's bytes it reads (the whole history's loader reads the same)."""
        return self._source

    def added_since(self, older: MemberSource) -> tuple[HistoryEntry, ...] | None:
        """`History.added_since`: the entries of this log after the older one's bytes (`appended`)."""
        return appended(older.snapshot, self._source) if isinstance(older, MemberReader) else None

    def __call__(self, member_id: str, newest: int) -> MemberHistory | None:
        if (member_id, newest) in self._answers:
            return self._answers[member_id, newest]
        try:
            data = self._source.content()
        except DataError:
            return None  # loading the whole history says why
        answer = self._answers[member_id, newest] = member_entries(self._source.name, data, member_id, newest)
        return answer

    def read_ahead(self) -> None:
        self._source.read_ahead()


ACTION_FIELD = b'{"action":"'
"""How every canonical line starts (`action` is the first of the sorted keys)."""
JOINS = (ACTION_FIELD + b'merge"', ACTION_FIELD + b'resolve"')
"""How the lines of a join start."""
BASELINE = ACTION_FIELD + b'baseline"'


def member_entries(name: str, data: bytes, member_id: str, newest: int) -> MemberHistory | None:
    """The member's commitments' entries, found by their `key` field in the log's canonical lines without
    parsing the rest of the log: per record, how many entries the lists of changes show (all but baselines,
    counted on the bytes), and parsed (and checked as `history_loader` checks every line) the `newest` of
    them and, for a record where one of those is a join, all of its entries (a join shows the record as its
    first parent left it). An `undo` is about the record of the entry it reverts (`validate` proves it) and
    newer, so the `newest` say which of them were undone. Their `seq` is 0: their order is the tuple's (the
    lines before them are not counted).

    None whenever the log is not as a writer leaves it, and loading the whole history then reports the
    problems, as before: the member's key text (`"PL/`) anywhere but after a canonical `,"key":` (a line
    written by hand, or a note that quotes it: then the whole history serves), a line that does not start
    canonically, does not parse or whose fields do not pass. What the rest of the log holds is `validate`'s
    to prove, and the whole history's loader's to refuse (the timeline, `history`)."""
    from pledge_tui.dataset.validate import check_log_entries

    if data.startswith(b"\xef\xbb\xbf"):
        return None
    end = data.rfind(b"\n") + 1  # complete lines only: a torn last line is not an entry
    text = canonical(member_id + "/")[:-1].encode("utf-8")  # `"PL/`
    after_key = len(KEY_FIELD)
    by_key: dict[bytes, list[int]] = {}  # each record's lines, by where they start
    found = data.find(text, 0, end)
    while found >= 0:
        key_end = data.find(b'"', found + 1, end)
        if found < after_key or key_end < 0 or not data.startswith(KEY_FIELD, found - after_key):
            return None  # the key text elsewhere: a line not written canonically may hold one of the member's entries
        start = data.rfind(b"\n", 0, found) + 1
        if not data.startswith(ACTION_FIELD, start):
            return None
        by_key.setdefault(data[found + 1:key_end], []).append(start)
        found = data.find(text, key_end, end)
    wanted: list[int] = []
    listed: dict[str, int] = {}
    for key, starts in by_key.items():
        if b"\\" in key or b"\n" in key:
            return None
        shown = [start for start in starts if not data.startswith(BASELINE, start)]
        listed[key.decode("utf-8")] = len(shown)
        newest_shown = shown[-newest:]
        joined = any(data.startswith(join, start) for start in newest_shown for join in JOINS)
        wanted += starts if joined else newest_shown
    parsed: list[tuple[int, Any]] = []
    for start in sorted(set(wanted)):
        try:
            parsed.append((0, parse_line(name, 0, data[start:data.find(b"\n", start)])))
        except DataError:
            return None
    entries, problems = check_log_entries(parsed, None, links=False)
    if problems or any(e.table != "commitments" or e.member_id != member_id or e.key not in listed
                       for e in entries):
        return None
    from pledge_tui.dataset.entry import MemberHistory

    return MemberHistory(entries, {e.undoes: e.id for e in entries if e.undoes is not None}, listed)


def appended(older: Snapshot, newer: Snapshot) -> tuple[HistoryEntry, ...] | None:
    """The entries a log gained since an older read of it, when it only grew (its bytes start with the older
    bytes: every writer appends): only the new lines are parsed and checked (as `history_loader` checks
    them), and an entry already in the older log is not new. None when the log did not only grow (a merge
    that sorted entries in, a torn line removed) or a new line does not pass: the whole histories decide."""
    import re

    from pledge_tui.dataset.validate import check_log_entries

    try:
        old, new = older.content(), newer.content()
    except DataError:
        return None
    if not new.startswith(old) or (old and not old.endswith(b"\n")):
        return None
    rows, problems = parse_log(newer.name, new[len(old):])
    first = old.count(b"\n")
    entries, more = check_log_entries([(first + number, doc) for number, doc in rows], None, links=False)
    if problems or more:
        return None
    seen = set(re.findall(rb',"id":"(h[0-9a-f]{10})"', old)) if entries else set()
    return tuple(entry for entry in entries if entry.id.encode("ascii") not in seen)
