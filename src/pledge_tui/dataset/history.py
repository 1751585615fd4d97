"""The history table on the write side: changes, their entries, the version-1 upgrade, undo, who and when.

History is data (spec section 8): every write appends one document to the `history` table saying who
changed which record when, on which sources, with the whole record before and after. Undo reads it
back. Everything here is a pure function on the raw TinyDB tables (`Tables`); `commit.commit` is
the one caller that writes the result to disk.
"""

from __future__ import annotations

import copy
import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pledge_tui.dataset.model import natural_key
from pledge_tui.errors import UsageError

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
    undoes: int | None = None

    @property
    def changes_nothing(self) -> bool:
        """True when applying it would leave the record as it is (then nothing is written)."""
        return self.before == self.after


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


def record_entry(tables: Tables, change: Change, *, at: str, by: str) -> tuple[Tables, int]:
    """The tables with the change's history entry appended, and the entry's document id.

    `at` never goes backwards: a clock behind the newest entry (two machines sharing a file) takes
    that entry's time instead, so that the history stays in order.
    """
    history = dict(tables["history"])
    newest = max((d.get("at", "") for d in history.values() if isinstance(d.get("at"), str)), default="")
    entry: Doc = {"at": max(at, newest), "by": by, "action": change.action, "table": change.table,
                  "key": change.key, "before": copy.deepcopy(change.before), "after": copy.deepcopy(change.after),
                  "sources": list(change.sources), "note": change.note}
    if change.undoes is not None:
        entry["undoes"] = change.undoes
    doc_id = next_doc_id(history)
    history[doc_id] = entry
    return {**tables, "history": history}, int(doc_id)


def schema_version(tables: Tables) -> int:
    """The meta document's schema version (1 when it does not say)."""
    meta = next(iter(tables.get("meta", {}).values()), {})
    version = meta.get("schema_version", 1)
    return version if isinstance(version, int) else 1


def upgrade(tables: Tables, *, at: str, by: str) -> Tables:
    """A version-1 file as version 2 (spec section 8), with its one `upgrade` history entry.

    Events are numbered E1, E2, ... in document-id order; an empty history table is added and the
    schema version set to 2. A version-2 file is returned as it is.
    """
    if schema_version(tables) != 1:
        return tables
    events = {doc_id: {**doc, "id": f"E{n}"}
              for n, (doc_id, doc) in enumerate(sorted(tables["events"].items(), key=lambda i: int(i[0])), 1)}
    meta = {doc_id: {**doc, "schema_version": 2} for doc_id, doc in tables["meta"].items()}
    numbered = f"events numbered E1..E{len(events)}" if events else "no events to number"
    change = Change("upgrade", "meta", "meta", None, None, (),
                    f"schema version 1 -> 2: {numbered}, history table added")
    upgraded, _ = record_entry({**tables, "events": events, "meta": meta, "history": {}}, change, at=at, by=by)
    return upgraded


def undo(tables: Tables, *, note: str = "") -> Change:
    """The change that reverts the newest entry that is not an undo, not an upgrade and not undone yet.

    The new entry names the same record; `before` is the record now, `after` the reverted entry's
    `before`; it cites the reverted entry's sources. Raises `UsageError` when there is nothing to undo.
    """
    history = tables.get("history", {})
    undone = {d.get("undoes") for d in history.values() if d.get("action") == "undo"}
    for doc_id in sorted(history, key=int, reverse=True):
        entry = history[doc_id]
        if entry["action"] in ("undo", "upgrade") or int(doc_id) in undone:
            continue
        found = find(tables, entry["table"], entry["key"])
        return Change("undo", entry["table"], entry["key"], found[1] if found else None, entry["before"],
                      tuple(entry["sources"]), note, undoes=int(doc_id))
    raise UsageError("nothing to undo: no change in the history is left to revert")
