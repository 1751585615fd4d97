"""The edits of the write commands (README "Editing"), as pure functions on the raw tables.

Each takes the parsed data file (`history.Tables`) and what the analyst asked for, and returns the
`history.Change` it amounts to: which record, as it is and as it will be, on which sources. Nothing is
mutated and nothing is written here; `commit.commit` applies the change under the lock, validates the
whole dataset and writes it. A request that cannot be understood (an unknown member, source or event,
a caveat number out of range) raises `UsageError`; whether the result is valid data is validation's
call, so each rule stays in one place.

Types, statuses, conditions and the like arrive as slugs: the command line and the browser turn labels
into slugs before calling these.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from pledge_tui.dataset.history import Change, Doc, Tables, find
from pledge_tui.dataset.ids import same_record
from pledge_tui.dataset.upgrade import RECORD_TABLES, natural_order, records
from pledge_tui.dataset.validate import NOT_UNDOABLE
from pledge_tui.errors import BusyError, UsageError
from pledge_tui.sanitize import has_visible_text


def _shown(text: str) -> str:
    return repr(text[:80])


def resolve_member(tables: Tables, query: str) -> Doc:
    """The member `query` names: its id (case-insensitive) first, else its exact name (ignoring case).

    Raises `UsageError` for no member, or for a name two members share (listing their ids).
    """
    wanted = query.strip().casefold()
    members = [d for d in tables.get("members", {}).values() if isinstance(d, dict)]
    by_id = [d for d in members if isinstance(d.get("id"), str) and d["id"].casefold() == wanted]
    if by_id:
        return by_id[0]
    by_name = [d for d in members if isinstance(d.get("name"), str) and d["name"].casefold() == wanted]
    if len(by_name) > 1:
        ids = ", ".join(str(d.get("id")) for d in by_name)
        raise UsageError(f"member name {_shown(query)} is ambiguous ({ids}); give the id")
    if not by_name:
        raise UsageError(f"unknown member {_shown(query)}; `pledge-tui list` shows ids and names")
    return by_name[0]


def _known_sources(tables: Tables, ids: Sequence[str], option: str = "--source") -> tuple[str, ...]:
    """The cited ids in the order given, without repeats; each must be a source of the file."""
    known = {d.get("id") for d in tables.get("sources", {}).values() if isinstance(d, dict)}
    cited: list[str] = []
    for source_id in ids:
        if source_id not in known:
            raise UsageError(f"unknown source {_shown(source_id)} ({option}); add it first with `add-source`")
        if source_id not in cited:
            cited.append(source_id)
    return tuple(cited)


def _cited(tables: Tables, ids: Sequence[str]) -> tuple[str, ...]:
    """The `--source` ids of a change: at least one, each existing (no source, no change)."""
    if not ids:
        raise UsageError("--source is required: every change cites at least one source")
    return _known_sources(tables, ids)


def _with_sources(doc: Doc, cited: Sequence[str]) -> Doc:
    """A copy of `doc` whose `sources` gain the cited ids not already there, in the order given."""
    updated = copy.deepcopy(doc)
    updated["sources"] = [*doc.get("sources", []), *(s for s in cited if s not in doc.get("sources", []))]
    return updated


def _given(doc: Doc, **fields: object) -> Doc:
    """`doc` with the fields that were given (not None) replaced."""
    return {**doc, **{name: value for name, value in fields.items() if value is not None}}


def set_commitment(tables: Tables, member: str, type_: str, status: str, *, sources: Sequence[str], today: str,
                   summary: str | None = None, conditions: Sequence[str] | None = None, lead: bool | None = None,
                   quantity: str | None = None, stated_on: str | None = None, note: str = "") -> Change:
    """`set`: create or replace the (member, type) record; fields not given keep their old values.

    `quantity`: None keeps it, "" clears it (null). A new record needs `summary`; its date is
    `stated_on`, else `today` (the date part of the change's time).
    """
    owner = resolve_member(tables, member)
    cited = _cited(tables, sources)
    key = f"{owner['id']}/{type_}"
    found = find(tables, "commitments", key)
    if found is None and summary is None:
        raise UsageError(f"{key} has no record yet: creating it needs --summary")
    before = found[1] if found else None
    base = before or {"member": owner["id"], "type": type_, "conditions": [], "lead": False, "quantity": None,
                      "stated_on": today, "sources": []}
    after = _given(base, status=status, summary=summary, lead=lead, stated_on=stated_on, quantity=quantity or None,
                   conditions=None if conditions is None else list(conditions))
    if quantity == "":
        after["quantity"] = None
    return Change("set", "commitments", key, before, _with_sources(after, cited), cited, note)


def unset_commitment(tables: Tables, member: str, type_: str, *, sources: Sequence[str], note: str) -> Change:
    """`unset`: remove the (member, type) record (the cell becomes not disclosed). The note must say why:
    one made only of spaces or invisible characters is refused like an empty one."""
    if not has_visible_text(note):
        raise UsageError("--note must say why the record goes")
    owner = resolve_member(tables, member)
    cited = _cited(tables, sources)
    key = f"{owner['id']}/{type_}"
    found = find(tables, "commitments", key)
    return Change("unset", "commitments", key, found[1] if found else None, None, cited, note)


def add_member(tables: Tables, member_id: str, *, name: str, role: str, stance: str, sources: Sequence[str],
               eu: bool = False, nato: bool = False, caveats: Sequence[str] = (), approval: str = "unknown",
               summit: str = "unknown", note: str = "") -> Change:
    """`add-member`: a new member citing exactly the given sources."""
    cited = _cited(tables, sources)
    if find(tables, "members", member_id) is not None:
        raise UsageError(f"member {_shown(member_id)} already exists; `edit-member` changes it")
    doc = {"id": member_id, "name": name, "role": role, "eu": eu, "nato": nato, "stance": stance,
           "caveats": list(caveats), "approval": approval, "summit_2025_09_04": summit, "sources": list(cited)}
    return Change("add-member", "members", member_id, None, doc, cited, note)


def edit_member(tables: Tables, member: str, *, sources: Sequence[str], stance: str | None = None,
                add_caveats: Sequence[str] = (), remove_caveats: Sequence[int] = (), approval: str | None = None,
                summit: str | None = None, note: str = "") -> Change:
    """`edit-member`: change the stance, approval or attendance, remove and add caveats.

    `remove_caveats` are 1-based positions in the caveat list as it was before this command; removals
    happen before additions, which are appended in order.
    """
    before = resolve_member(tables, member)
    cited = _cited(tables, sources)
    caveats = list(before.get("caveats", []))
    for number in remove_caveats:
        if not 1 <= number <= len(caveats):
            raise UsageError(f"--remove-caveat {number}: {before['id']} has {len(caveats)} caveat"
                             f"{'s' if len(caveats) != 1 else ''} (numbered from 1)")
    kept = [c for i, c in enumerate(caveats, 1) if i not in set(remove_caveats)]
    after = _given(before, stance=stance, approval=approval, summit_2025_09_04=summit)
    after["caveats"] = [*kept, *add_caveats]
    return Change("edit-member", "members", before["id"], before, _with_sources(after, cited), cited, note)


def next_id(tables: Tables, table: str, prefix: str) -> str:
    """The next free id `PREFIX<n>`: one more than the highest numeric one (`S152` after `S151`)."""
    numbers = [int(d["id"][len(prefix):]) for d in tables.get(table, {}).values()
               if isinstance(d, dict) and isinstance(d.get("id"), str) and d["id"].startswith(prefix)
               and d["id"][len(prefix):].isascii() and d["id"][len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _new_id(tables: Tables, table: str, prefix: str, wanted: str | None, what: str) -> str:
    if wanted is None:
        return next_id(tables, table, prefix)
    if find(tables, table, wanted) is not None:
        raise UsageError(f"{what} id {_shown(wanted)} is taken; leave out --id to get the next free one")
    return wanted


def add_source(tables: Tables, *, publisher: str, title: str, date: str, url: str, tier: str,
               source_id: str | None = None, note: str = "") -> Change:
    """`add-source`: a new source under `source_id`, else the next free `S<n>`. It cites nothing."""
    new_id = _new_id(tables, "sources", "S", source_id, "source")
    doc = {"id": new_id, "publisher": publisher, "title": title, "date": date, "url": url, "tier": tier}
    return Change("add-source", "sources", new_id, None, doc, (), note)


def edit_source(tables: Tables, source: str, *, sources: Sequence[str], publisher: str | None = None,
                title: str | None = None, date: str | None = None, url: str | None = None, tier: str | None = None,
                note: str = "") -> Change:
    """`edit-source`: change a source's publisher, title, date, address or tier; its id stays, so every
    record that cites it still does.

    The cited sources justify the change (the edited source itself may be one of them: its own text is often
    the evidence that its tier or date was wrong); a source cites nothing, so they are not added to it.
    `url` "" is kept as given: an address not captured.
    """
    found = find(tables, "sources", source)
    if found is None:
        raise UsageError(f"unknown source {_shown(source)}; source ids are S0, S1, ... (`pledge-tui export` "
                         f"lists them)")
    cited = _cited(tables, sources)
    before = found[1]
    after = _given(before, publisher=publisher, title=title, date=date, url=url, tier=tier)
    return Change("edit-source", "sources", before["id"], before, after, cited, note)


def add_event(tables: Tables, *, date: str, title: str, summary: str, sources: Sequence[str],
              event_id: str | None = None, note: str = "") -> Change:
    """`add-event`: a new timeline event under `event_id`, else the next free `E<n>`."""
    cited = _cited(tables, sources)
    new_id = _new_id(tables, "events", "E", event_id, "event")
    doc = {"id": new_id, "date": date, "title": title, "summary": summary, "sources": list(cited)}
    return Change("add-event", "events", new_id, None, doc, cited, note)


def edit_event(tables: Tables, event: str, *, sources: Sequence[str], date: str | None = None,
               title: str | None = None, summary: str | None = None, note: str = "") -> Change:
    """`edit-event`: change an event's date, title or summary."""
    found = find(tables, "events", event)
    if found is None:
        raise UsageError(f"unknown event {_shown(event)}; event ids are E1, E2, ... (`pledge-tui export` lists them)")
    cited = _cited(tables, sources)
    before = found[1]
    after = _given(before, date=date, title=title, summary=summary)
    return Change("edit-event", "events", before["id"], before, _with_sources(after, cited), cited, note)


def edit_meta(tables: Tables, *, sources: Sequence[str], as_of: str | None = None, summary: str | None = None,
              reported_note: str | None = None, reported_sources: Sequence[str] | None = None,
              note: str = "") -> Change:
    """`edit-meta`: the as-of date, the summary, the attributed figure's note and sources.

    The cited sources justify the change but are not added to the meta document (it has no `sources`
    of its own); `reported_sources` replaces the attributed figure's list.
    """
    found = find(tables, "meta", "meta")
    if found is None:
        raise UsageError("the data file has no meta document to edit")
    cited = _cited(tables, sources)
    before = found[1]
    reported = dict(before.get("reported_commitments", {}))
    if reported_note is not None:
        reported["note"] = reported_note
    if reported_sources is not None:
        reported["sources"] = list(_known_sources(tables, reported_sources, "--reported-sources"))
    after = _given(before, as_of=as_of, summary=summary)
    after["reported_commitments"] = reported
    return Change("edit-meta", "meta", "meta", before, after, cited, note)


# --- edits that read the history log: undo and adopt (README "Editing") ---------------------------------


class ChangedSinceError(BusyError):
    """`undo` of an entry whose record changed since (exit 3): reverting it would lose the later change.
    `target` is the entry as stored, `later` the entries that changed the record after it."""

    def __init__(self, message: str, *, target: Mapping[str, Any], later: Sequence[Mapping[str, Any]]) -> None:
        super().__init__(message)
        self.target, self.later = target, tuple(later)


def _undone_by(entries: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {e["undoes"]: e["id"] for e in entries if e.get("action") == "undo" and isinstance(e.get("undoes"), str)}


def _target(entries: Sequence[Mapping[str, Any]], wanted: str | None) -> Mapping[str, Any]:
    """The entry `undo` reverts: `wanted` (an id), else the newest entry not yet undone that can be."""
    undone = _undone_by(entries)
    if wanted is None:
        newest: Mapping[str, Any]
        for newest in reversed(entries):
            if newest.get("action") not in NOT_UNDOABLE and newest.get("id") not in undone:
                return newest
        raise UsageError("nothing to undo: no change in the history is left to revert")
    target: Mapping[str, Any] | None = next((e for e in entries if e.get("id") == wanted), None)
    if target is None:
        raise UsageError(f"no history entry {_shown(wanted)} in the history log; `pledge-tui history` lists the "
                         "entries and their ids")
    if target.get("action") in NOT_UNDOABLE:
        raise UsageError(f"history entry {wanted} is an {target.get('action')!r}, which cannot be undone")
    if wanted in undone:
        raise UsageError(f"history entry {wanted} is undone already (by history entry {undone[wanted]})")
    return target


def _current_version(table: str, doc: Any, tables: Tables) -> Any:
    """A meta document from the history as the file stores it now (its `schema_version` is the file's)."""
    if table != "meta" or not isinstance(doc, dict):
        return copy.deepcopy(doc)
    found = find(tables, "meta", "meta")
    version = found[1].get("schema_version") if found is not None else doc.get("schema_version")
    return {**copy.deepcopy(doc), "schema_version": version}


def undo(tables: Tables, entries: Sequence[Mapping[str, Any]], *, entry: str | None = None,
         note: str = "") -> Change:
    """`undo [ENTRY]`: the change that reverts `entry` (an id; default: the newest entry not yet undone).

    It reverts only what still holds: when the record is still the entry's `after`, it goes back to the
    entry's `before`; when it is already the entry's `before` (two identical edits merged, a record put back
    by hand), the undo changes nothing but is still recorded, so that the entry counts as undone and the
    next `undo` moves on. Otherwise `ChangedSinceError` (exit 3) names the entries that changed the record
    since. The undo cites the reverted entry's sources. Raises `UsageError` (exit 2) for an unknown id, an
    entry that cannot be undone or is undone already, and when nothing is left to undo.
    """
    target = _target(entries, entry)
    table, key = target["table"], target["key"]
    found = find(tables, table, key)
    current = found[1] if found is not None else None
    if same_record(table, current, target["after"]):
        after = _current_version(table, target["before"], tables)
    elif same_record(table, current, target["before"]):
        after = copy.deepcopy(current)
    else:
        position = next(i for i, e in enumerate(entries) if e is target)
        later = [e for e in entries[position + 1:] if (e.get("table"), e.get("key")) == (table, key)
                 and e.get("action") != "upgrade"]
        since = (", ".join(f"history entry {e.get('id')} ({e.get('action')} by {e.get('by')} at {e.get('at')})"
                           for e in later) if later else "hand (no history entry records it)")
        raise ChangedSinceError(f"{table} {key} was changed since history entry {target['id']}, by {since}; "
                                "undoing it would lose that change, so nothing was written", target=target,
                                later=later)
    return Change("undo", table, key, copy.deepcopy(current), after, tuple(target["sources"]), note,
                  undoes=target["id"], reverts=dict(target))


def adopt(tables: Tables, entries: Sequence[Mapping[str, Any]], *, sources: Sequence[str],
          note: str) -> tuple[Change, ...]:
    """`adopt`: one `adopt` change per record that differs from its history's result (the `after` of its
    head entry; no record when it has no history), from that result to the record as the file has it, citing
    `sources`. No change when every record is explained by its history."""
    cited = _cited(tables, sources)
    by_id = {e.get("id"): e for e in entries}
    current = records(tables)
    heads = {(str(d.get("table")), str(d.get("key"))): d for d in tables.get("heads", {}).values()
             if isinstance(d, dict)}
    changes: list[Change] = []
    for table, key in sorted({*current, *heads}, key=lambda tk: (
            RECORD_TABLES.index(tk[0]) if tk[0] in RECORD_TABLES else 99, natural_order(tk[1]))):
        head = heads.get((table, key))
        result = by_id.get(head.get("entry"), {}).get("after") if head is not None else None
        now = current.get((table, key))
        if not same_record(table, now, result):
            changes.append(Change("adopt", table, key, copy.deepcopy(result), copy.deepcopy(now), cited, note))
    return tuple(changes)


# --- resolving a merge conflict (README "Team work") -----------------------------------------------------------


SIDES = ("ours", "theirs")


def resolve(tables: Tables, entries: Sequence[Mapping[str, Any]], *, table: str, key: str, side: str,
            note: str = "") -> Change:
    """`resolve KEY --ours|--theirs`: the change that joins the two heads of a record's forked history
    (`forks`), keeping the record of the chosen side: a `resolve` entry whose parents are the record's head
    (OURS: what the file holds) and the other head, with no `before`, the chosen head's `after`, and the
    chosen head's sources. Raises `UsageError` (exit 2) when the record's history has no fork, or more than
    two heads (merges went on without resolving: nothing says which two to join)."""
    from pledge_tui.dataset.forks import forks

    fork = next((f for f in forks(tables, entries) if (f.table, f.key) == (table, key)), None)
    if fork is None:
        raise UsageError(f"{table} {_shown(key)} has no conflict to resolve (its history has one head); "
                         "`pledge-tui conflicts` lists the open ones")
    if len(fork.theirs) > 1:
        heads = ", ".join(h["id"] for h in (fork.ours, *fork.theirs))
        raise UsageError(f"{table} {_shown(key)} has {1 + len(fork.theirs)} heads ({heads}): resolve takes one "
                         "side of two; change the record with a write command, then adopt or undo what is left")
    other = fork.theirs[0]
    chosen = fork.ours if side == "ours" else other
    return Change("resolve", table, key, None, _current_version(table, chosen.get("after"), tables),
                  tuple(chosen.get("sources") or ()), note, parents=(fork.ours["id"], other["id"]))
