"""The proof that every value is explained by its history (README "Editing"): what `validate` checks of a
version-3 data file and its history log together.

Per record (table and natural key): every entry follows the chain rule (with one parent, its `before` is
that parent's `after`; with none, `before` is null; a `merge` or `resolve` joins two parents and takes the
record of one of them); the record's history has exactly one head (two are an unresolved merge conflict);
the head's `after` is the record in the file (a record that differs was edited by hand: `adopt` it); the
`heads` table says the same; and every record has a history. Per entry: its fields and what ties it to its
action (`validate.check_log_entries`), its id (recomputed: an altered or forged entry no longer matches),
its `before` and `after` valid records of their table, its parents present, earlier in the log and about
the same record, and its time not more than a day ahead of the clock.

Pure: the tables and the log's parsed lines in, the problems out (about the data file, and about the log).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pledge_tui.dataset.history import HAND_EDIT, NO_HISTORY, record_label
from pledge_tui.dataset.ids import entry_id, record_digest, same_record
from pledge_tui.dataset.model import Dataset
from pledge_tui.dataset.replay import keyed_documents, numbered
from pledge_tui.dataset.upgrade import records
from pledge_tui.dataset.validate import SCHEMAS, TIMESTAMP, check_log_entries, entry_label
from pledge_tui.errors import Problem

AHEAD = timedelta(days=1)
"""How far ahead of the clock an entry may be dated (clocks disagree a little; a day is not a little)."""


@dataclass(frozen=True, slots=True)
class Findings:
    """What the proof found: problems of the data file's records and `heads` table, and of the log."""

    data: list[Problem] = field(default_factory=list)
    log: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [*self.data, *self.log]


def record_problems(table: str, doc: Any) -> list[str]:
    """What is wrong with `doc` as a stored record of `table` (its fields only: the sources it cites may
    have been removed since): for a history entry's `before` and `after`."""
    if not isinstance(doc, dict):
        return [f"expected an object (a record of {table}), got {type(doc).__name__}"]
    fields = SCHEMAS[3][table]
    out = [f"{name}: missing" for name in fields if name not in doc]
    out += [f"{name}: {message}" for name, rule in fields.items() if name in doc
            and (message := rule.message(doc[name])) is not None]
    out += [f"{name[:60]}: unexpected field" for name in sorted(doc.keys() - fields.keys())]
    return out


def _when(at: str) -> datetime:
    match = TIMESTAMP.fullmatch(at)
    assert match is not None
    year, month, day, hour, minute, second = (int(part) for part in match.groups())
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def check(tables: Mapping[str, Any], rows: Sequence[tuple[int, Any]], *, now: str | None = None,
          sources_known: set[str] | None = None) -> Findings:
    """Every problem of a version-3 file's history against its records. `rows` are the log's parsed lines
    (line number, value); `now` the clock (`history.clock`), for entries dated in the future; `sources_known`
    the file's source ids (entries must cite existing sources)."""
    found = Findings()
    entries, problems = check_log_entries(rows, sources_known)
    found.log.extend(problems)
    docs: dict[str, Mapping[str, Any]] = {}
    lines: dict[str, int] = {}
    for line, doc in rows:
        if isinstance(doc, dict) and isinstance(doc.get("id"), str) and doc["id"] not in docs:
            docs[doc["id"]] = doc
            lines[doc["id"]] = line
    position = {entry.id: entry.seq for entry in entries}
    limit = _when(now) + AHEAD if now is not None and TIMESTAMP.fullmatch(now) else None

    def problem(entry_doc: Mapping[str, Any], message: str, field_name: str | None = None) -> None:
        found.log.append(Problem(message, "history", entry_label(entry_doc, lines.get(entry_doc["id"])), field_name))

    by_key: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:  # a line twice: said once already (`check_log_entries`)
            continue
        seen.add(entry.id)
        doc = docs[entry.id]
        recomputed = entry_id(doc)
        if recomputed != entry.id:
            problem(doc, f"its id does not match its content (the content's id is {recomputed}): the entry was "
                         "altered, or forged", "id")
        if limit is not None and _when(entry.at) > limit:
            problem(doc, f"is dated {entry.at}, more than a day after this machine's clock ({now}): a clock far "
                         "ahead, or a forged entry", "at")
        for side in ("before", "after"):
            value = doc[side]
            if value is not None and entry.table in SCHEMAS[3]:
                for message in record_problems(entry.table, value):
                    problem(doc, f"is not a valid record of {entry.table}: {message}", side)
        if entry.action != "upgrade":
            by_key.setdefault((entry.table, entry.key), []).append(doc)
        _check_parents(doc, entry.seq, docs, position, problem)

    current = records(tables)
    heads_table = _heads_by_key(tables)
    for (table, key), chain in by_key.items():
        named = {p for doc in chain for p in doc.get("parents") or ()}
        heads = [doc for doc in chain if doc["id"] not in named]
        label = record_label(table, key)
        where = f"{table} {label}"
        recorded = heads_table.get((table, key))
        if len(heads) > 1:
            ids = ", ".join(h["id"] for h in heads)
            found.data.append(Problem(f"its history has {len(heads)} heads ({ids}): a merge conflict not resolved "
                                      "yet; run pledge-tui conflicts", table, label))
            if recorded is not None and recorded.get("entry") not in {h["id"] for h in heads}:
                found.data.append(Problem(f"names {recorded.get('entry')}, which is not one of its history's heads "
                                          f"({ids})", "heads", where, "entry"))
            continue
        head = heads[-1] if heads else chain[-1]
        if not same_record(table, current.get((table, key)), head.get("after")):
            found.data.append(Problem(HAND_EDIT.format(entry=head["id"]), table, label))
        expected = {"entry": head["id"], "at": head["at"], "by": head["by"],
                    "digest": record_digest(table, head.get("after"))}
        if recorded is None:
            found.data.append(Problem(f"missing: its history's head is {head['id']} (the file was edited by hand)",
                                      "heads", where))
        elif recorded.get("entry") not in docs:
            found.data.append(Problem(f"names {recorded.get('entry')}, which is not in the history log (a deleted "
                                      f"entry?); the log's newest entry for it is {head['id']}", "heads", where))
        elif any(recorded.get(name) != value for name, value in expected.items()):
            wrong = ", ".join(name for name, value in expected.items() if recorded.get(name) != value)
            found.data.append(Problem(f"differs from its history's head {head['id']} in {wrong} (the file was "
                                      "edited by hand)", "heads", where))
    for (table, key), head in heads_table.items():
        if (table, key) not in by_key:
            found.data.append(Problem(f"names {head.get('entry')}, which is not in the history log (a deleted "
                                      "entry?)", "heads", f"{table} {record_label(table, key)}"))
    for table, key in current:
        if (table, key) not in by_key:
            found.data.append(Problem(NO_HISTORY, table, record_label(table, key)))
    return found


def tables_of(dataset: Dataset) -> dict[str, dict[str, Any]]:
    """A dataset's records and heads in the file's layout (documents numbered in order): what `check` reads,
    for a dataset loaded with a logged entry rolled forward."""
    tables = numbered(keyed_documents(dataset))
    tables["heads"] = {str(n): {"table": table, "key": key, "entry": head.entry, "at": head.at, "by": head.by,
                                "digest": head.digest}
                       for n, ((table, key), head) in enumerate(dataset.heads.items(), start=1)}
    return tables


def _check_parents(doc: Mapping[str, Any], seq: int, docs: Mapping[str, Mapping[str, Any]],
                   position: Mapping[str, int], problem: Any) -> None:
    """The entry's parents exist, come earlier in the log and are about the same record, as many as its
    action has; and it follows the chain rule."""
    parents = doc.get("parents") or []
    action = doc["action"]
    wanted = {"baseline": (0,), "upgrade": (0,), "merge": (2,), "resolve": (2,)}.get(action, (0, 1))
    if len(parents) not in wanted:
        problem(doc, f"an entry of action {action!r} has {' or '.join(map(str, wanted))} parents, not "
                     f"{len(parents)}", "parents")
        return
    afters = []
    for parent in parents:
        target = docs.get(parent)
        if target is None:
            problem(doc, f"names parent {parent}, which is not in the log (a deleted entry?)", "parents")
            return
        if position.get(parent, seq) >= seq:
            problem(doc, f"names parent {parent}, which comes after it in the log (the log was reordered?)",
                    "parents")
            return
        if (target.get("table"), target.get("key")) != (doc["table"], doc["key"]):
            problem(doc, f"names parent {parent}, which is about {target.get('table')} {target.get('key')!r}, not "
                         "this record", "parents")
            return
        afters.append(target.get("after"))
    if parent_count := len(parents):
        if parent_count == 1 and not same_record(doc["table"], doc["before"], afters[0]):
            problem(doc, f"its before is not the after of its parent {parents[0]}: the record was changed "
                         "without an entry in between, or the parent was altered", "before")
        elif parent_count == 2 and (doc["before"] is not None or not any(
                same_record(doc["table"], doc["after"], after) for after in afters)):
            problem(doc, "a join must have no before and the after of one of its parents", "after")
    elif doc["before"] is not None and action != "upgrade":
        problem(doc, "has a before but no parent: the entry it follows is missing (a deleted entry?)", "parents")


def _heads_by_key(tables: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    """The `heads` table's documents by (table, key); documents too broken to name one are passed over
    (validation names them), and of two naming the same record the first counts."""
    heads: dict[tuple[str, str], Mapping[str, Any]] = {}
    for head in tables.get("heads", {}).values():
        if isinstance(head, dict) and isinstance(head.get("table"), str) and isinstance(head.get("key"), str):
            heads.setdefault((head["table"], head["key"]), head)
    return heads


def digest_problems(tables: Mapping[str, Any]) -> list[Problem]:
    """What the data file alone can prove when its history log is not at hand (a copy made without it, a
    file read from a pipe): every record against the digest its `heads` document keeps of what its head
    entry left. A record edited by hand no longer matches and is named with that entry, as the full proof
    names it; a record with no `heads` document has no history; a `heads` document whose record is gone
    while its entry left one was removed by hand. Entries themselves cannot be checked without the log."""
    found: list[Problem] = []
    current = records(tables)
    heads_table = _heads_by_key(tables)
    for (table, key), head in heads_table.items():
        if head.get("digest") != record_digest(table, current.get((table, key))):
            found.append(Problem(HAND_EDIT.format(entry=head.get("entry")), table, record_label(table, key)))
    for table, key in current:
        if (table, key) not in heads_table:
            found.append(Problem(NO_HISTORY, table, record_label(table, key)))
    return found
