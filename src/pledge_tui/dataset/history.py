"""History on the write side: changes, their entries, the `heads` table, roll-forward, who and when.

History is data (README "The data" and "Editing"): every write appends one entry to the history log (`log`) saying
who changed which record when, on which sources, with the whole record before and after, and which entry
it follows (`parents`); the data file's `heads` table names each record's newest entry. Everything here is
a pure function on the raw TinyDB tables (`Tables`) and entries as stored; `commit.commit` is the one
caller that writes the result to disk.
"""

from __future__ import annotations

import copy
import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pledge_tui.dataset.ids import record_digest, with_id
from pledge_tui.dataset.model import natural_key
from pledge_tui.dataset.upgrade import head_document
from pledge_tui.errors import Problem, UsageError

Doc = dict[str, Any]
"""One stored document, as parsed from the file."""
Tables = dict[str, dict[str, Doc]]
"""The parsed data file: table name -> TinyDB document id (a string) -> document."""

USER_VAR = "PLEDGE_TUI_USER"
EPOCH_VAR = "SOURCE_DATE_EPOCH"


@dataclass(frozen=True, slots=True)
class Change:
    """One change to one record, as its history entry will record it (the time and author are the
    commit's). `before` is the stored document as it is, `after` as it will be (None: absent)."""

    action: str
    table: str
    key: str
    before: Doc | None
    after: Doc | None
    sources: tuple[str, ...]
    note: str = ""
    undoes: str | None = None
    """For `undo`: the id of the entry it reverts."""
    reverts: Doc | None = field(default=None, compare=False)
    """For `undo`: the entry it reverts, as stored (for the command to say what it reverts)."""
    parents: tuple[str, ...] | None = None
    """For `resolve`: the two heads it joins (the record's head, then the other); None: the record's head."""

    @property
    def changes_nothing(self) -> bool:
        """True when applying it would leave the record as it is (then nothing is written). An undo is
        always recorded: one whose revert changes nothing still marks its entry undone; so is a resolve,
        which joins two heads even when it keeps the record the file holds."""
        return self.before == self.after and self.action not in ("undo", "resolve")


def timestamp(moment: datetime) -> str:
    """`YYYY-MM-DDTHH:MM:SSZ` in UTC (four-digit year even before 1000, as validation requires)."""
    t = moment.astimezone(UTC)
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}Z"


def clock(environ: Mapping[str, str] | None = None) -> str:
    """The time a change is recorded at: $SOURCE_DATE_EPOCH when set (so that a scripted update
    replays byte for byte), else now; UTC, whole seconds. An unreadable value is a usage error."""
    env = os.environ if environ is None else environ
    raw = env.get(EPOCH_VAR, "").strip()
    if not raw:
        return timestamp(datetime.now(UTC))
    if not (raw.isascii() and raw.isdigit()):
        raise UsageError(f"{EPOCH_VAR} must be a whole number of seconds since 1970, got {raw[:40]!r}")
    try:
        return timestamp(datetime.fromtimestamp(int(raw), UTC))
    except (OverflowError, OSError, ValueError):
        raise UsageError(f"{EPOCH_VAR} is out of range: {raw[:40]!r}") from None


def author(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """Who makes the change: `--by`, else $PLEDGE_TUI_USER, else the settings file's `user`, else the login
    name."""
    env = os.environ if environ is None else environ
    if option is not None:
        if not option.strip():
            raise UsageError("--by must name someone")
        return option
    if env.get(USER_VAR, "").strip():
        return env[USER_VAR]
    if (configured := configured_user(env)) is not None:
        return configured
    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        name = ""
    if not name.strip():
        raise UsageError(f"say who makes the change: --by NAME or ${USER_VAR}")
    return name


def configured_user(environ: Mapping[str, str]) -> str | None:
    """The settings file's `user` (`pledge_tui.config`), or None."""
    from pledge_tui.config import configured

    return configured("user", environ)


def next_doc_id(docs: Mapping[str, Any]) -> str:
    """The next TinyDB document id of a table: one more than the highest (TinyDB's own rule)."""
    return str(max((int(k) for k in docs), default=0) + 1)


def find(tables: Tables, table: str, key: str) -> tuple[str, Doc] | None:
    """The (document id, document) of the record with natural key `key`, or None.

    Documents too broken to have a key are passed over (validation reports them).
    """
    for doc_id, doc in tables.get(table, {}).items():
        try:
            if natural_key(table, doc) == key:
                return doc_id, doc
        except (KeyError, TypeError):
            continue
    return None


def apply_change(tables: Tables, change: Change) -> Tables:
    """The tables with the change made: the record replaced in place (same document id), inserted
    under the next document id, or removed. Only the changed table is copied; nothing is mutated."""
    docs = dict(tables[change.table])
    found = find(tables, change.table, change.key)
    if change.after is None:
        if found is not None:
            del docs[found[0]]
    else:
        docs[found[0] if found is not None else next_doc_id(docs)] = copy.deepcopy(change.after)
    return {**tables, change.table: docs}


def schema_version(tables: Tables) -> int:
    """The meta document's schema version (1 when it does not say)."""
    meta = next(iter(tables.get("meta", {}).values()), {})
    version = meta.get("schema_version", 1)
    return version if isinstance(version, int) else 1


def find_head(tables: Tables, table: str, key: str) -> tuple[str, Doc] | None:
    """The (document id, document) of the `heads` table that names the record's newest entry, or None."""
    for doc_id, doc in tables.get("heads", {}).items():
        if isinstance(doc, dict) and doc.get("table") == table and doc.get("key") == key:
            return doc_id, doc
    return None


def newest_at(tables: Tables) -> str:
    """The time of the newest entry (the latest head; "" when there is none): a new entry's time is never
    earlier, so that the log stays in time order without being read."""
    return max((d["at"] for d in tables.get("heads", {}).values() if isinstance(d, dict)
                and isinstance(d.get("at"), str)), default="")


def set_head(tables: Tables, entry: Doc) -> Tables:
    """The tables with `entry` as its record's head (the document replaced in place, or added under the
    next document id). Only the `heads` table is copied."""
    heads = dict(tables.get("heads", {}))
    found = find_head(tables, entry["table"], entry["key"])
    heads[found[0] if found is not None else next_doc_id(heads)] = head_document(entry)
    return {**tables, "heads": heads}


def new_entry(tables: Tables, change: Change, *, at: str, by: str) -> Doc:
    """The history entry of `change`, made at `at` by `by`: its parent is the record's head (none for a
    record without history; the two heads a `resolve` joins), and its id is computed from the rest."""
    head = find_head(tables, change.table, change.key)
    parents = list(change.parents) if change.parents is not None else [head[1]["entry"]] if head is not None else []
    entry: Doc = {"at": at, "by": by, "action": change.action, "table": change.table, "key": change.key,
                  "before": copy.deepcopy(change.before), "after": copy.deepcopy(change.after),
                  "sources": list(change.sources), "note": change.note, "parents": parents}
    if change.undoes is not None:
        entry["undoes"] = change.undoes
    return with_id(entry)


def record_entry(tables: Tables, change: Change, *, at: str, by: str) -> tuple[Tables, Doc]:
    """The tables with the change applied and its entry as the record's head, and the entry (to append to
    the log)."""
    entry = new_entry(tables, change, at=at, by=by)
    return set_head(apply_change(tables, change), entry), entry


HAND_EDIT = "differs from the result of history entry {entry}; record it with pledge-tui adopt"
"""A record changed without an entry (the wording README "Editing" gives)."""
NO_HISTORY = "has no history entry (it was added by hand?); record it with pledge-tui adopt"


def record_label(table: str, key: str) -> str:
    """How messages name a record by its natural key: `"SI"`, `"PL/air-patrol"`."""
    return f'"{key}"'


def explained(tables: Tables, change: Change) -> Problem | None:
    """The write path's share of the proof (README "Editing"), for the record a change is about: the record
    as it is now must be what its history left (the head's digest), so that the new entry's `before` is its
    parent's `after`. A problem naming the record when it is not (a hand edit: `adopt` first)."""
    if change.action == "adopt":
        return None
    head = find_head(tables, change.table, change.key)
    found = find(tables, change.table, change.key)
    current = found[1] if found is not None else None
    if head is None:
        if current is None:
            return None
        return Problem(NO_HISTORY, change.table, record_label(change.table, change.key))
    if head[1].get("digest") == record_digest(change.table, current):
        return None
    return Problem(HAND_EDIT.format(entry=head[1].get("entry")), change.table, record_label(change.table, change.key))


def roll_forward(tables: Tables, entry: Doc) -> Tables:
    """The tables with a logged entry applied that the data file does not show yet (`log.rollable` says
    when): its record becomes the entry's `after`, and the entry its head."""
    change = Change(entry["action"], entry["table"], entry["key"], None, entry["after"], ())
    return set_head(apply_change(tables, change), entry)
