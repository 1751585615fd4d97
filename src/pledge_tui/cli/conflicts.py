"""`conflicts` and `resolve` (README "Team work"): the merge conflicts still open, listed again, and each resolved
by taking one side's record through the write path.

A `git pull` whose two sides changed the same record differently stops with a conflict: the merge driver
keeps OURS's record in the file, the history log keeps both sides' entries (the record's history forks), and
the driver keeps the list of conflicts in the git directory (`$GIT_DIR/pledge-tui/conflicts.json`).
`conflicts` lists the forks of the log, described by that list when it knows them (`dataset.forks`), so a
conflict already resolved is never listed and one the list does not know is. `resolve KEY --ours|--theirs`
writes one `resolve` entry that joins the two heads (`edits.resolve`) and drops the record from the list.

KEY is the record as `conflicts` names it: `MEMBER/TYPE` for a commitment (`PL/logistics`, or `commitments
PL/logistics`), `members PL`, `sources S166`, `events E31`, `meta`; a bare id (`PL`, `S166`) when exactly
one open conflict has it. The git directory is that of the work tree around the data file.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pledge_tui.cli.common import PROG, add_data_option, output_is_terminal, say, write, write_utf8
from pledge_tui.cli.git import GitFailed, git_text
from pledge_tui.cli.helptext import command_parser
from pledge_tui.cli.inputs import refuse_stdin
from pledge_tui.errors import PledgeError, UsageError, printable
from pledge_tui.paths import resolve_data_path
from pledge_tui.sanitize import clean_line

Handler = Callable[[argparse.Namespace], int]

LIST_NAME = os.path.join("pledge-tui", "conflicts.json")
"""The conflict list, under the git directory."""
TABLES = ("meta", "members", "commitments", "sources", "events")
KEY_HELP = ("the record, as `pledge-tui conflicts` names it: MEMBER/TYPE for a commitment (PL/logistics), `members "
            "PL`, `sources S166`, `events E31` or `meta` (one argument or two); a bare id (PL, S166) when only one "
            "open conflict has it")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add `conflicts` and `resolve` to the parser; return their handlers by name."""
    p = command_parser(
        sub, "conflicts", summary="list the merge conflicts still open (after a git pull)",
        description="List the records that a merge found changed differently on both sides and that are not "
                    "resolved yet: for each, the base, ours and theirs by the fields that differ, the history entry "
                    "at the head of each side (its id, who, when), and the command that resolves it. Read from the "
                    "history log (a record whose history has two heads) and the list the merge driver keeps in the "
                    "git directory; says `no conflicts` when there are none.",
        example=[("after a git pull that stopped on a conflict", "pledge-tui conflicts"),
                 ("as JSON, for a script", "pledge-tui --data data/commitments.json conflicts --format json")])
    add_data_option(p)
    p.add_argument("--format", default="table", choices=("table", "json"),
                   help="output format: text to read, or JSON (an array, one object per conflict, the three "
                        "versions whole) (default: table)")

    p = command_parser(
        sub, "resolve", summary="resolve a merge conflict by taking our or their version of the record",
        description="Resolve one conflict of the last merge: the record takes the chosen side's version, through "
                    "the write path, as one `resolve` history entry that joins the two sides' histories and cites "
                    "the sources of that side's newest entry. The record is then dropped from the conflict list. "
                    "To keep neither version as it is, resolve with one side, then change the record with the "
                    "write commands.",
        example=[("keep their version of Poland's logistics record", "pledge-tui resolve PL/logistics --theirs"),
                 ("keep ours for a member, saying why", 'pledge-tui resolve members PL --ours --note "checked with '
                  'the MoD"')])
    add_data_option(p)
    p.add_argument("key", nargs="+", metavar="KEY", help=KEY_HELP)
    side = p.add_mutually_exclusive_group(required=True)
    side.add_argument("--ours", dest="side", action="store_const", const="ours",
                      help="keep our version (the one the file holds since the merge)")
    side.add_argument("--theirs", dest="side", action="store_const", const="theirs",
                      help="take their version (the other side of the merge)")
    p.add_argument("--note", default="", metavar="TEXT", help="why, in a few words (kept in the history)")
    p.add_argument("--by", default=None, metavar="NAME",
                   help="who resolves it (default: $PLEDGE_TUI_USER, else the settings file's `user`, else the "
                        "login name)")
    return {"conflicts": cmd_conflicts, "resolve": cmd_resolve}


# --- the list in the git directory ------------------------------------------------------------------------


def conflict_list_path(cwd: str | None) -> str | None:
    """Where the merge driver keeps the conflict list for the git repository around `cwd`; None outside git
    (or without git)."""
    try:
        git_dir = git_text("rev-parse", "--absolute-git-dir", cwd=cwd)
    except (GitFailed, UsageError):
        return None
    return os.path.join(git_dir, LIST_NAME)


def read_list(path: str | None) -> list[Any]:
    """The kept conflicts ([] when there is no list); a list that cannot be read is said and passed over."""
    if path is None or not os.path.lexists(path):
        return []
    from pledge_tui.dataset import rawio

    try:
        kept = rawio.parse_json(path, rawio.read_bytes(path))
    except PledgeError as exc:
        say(f"{PROG}: note: the conflict list cannot be read ({clean_line(str(exc))}); the conflicts are read from "
            "the history log alone")
        return []
    return kept if isinstance(kept, list) else []


def keep_list(path: str, conflicts: Sequence[Any]) -> None:
    """Write the conflict list (the git directory's `pledge-tui` folder made if missing)."""
    from pledge_tui.dataset import files, rawio

    os.makedirs(os.path.dirname(path), exist_ok=True)
    files.write_atomic(path, rawio.serialize(list(conflicts)))


def _list_of(path: str) -> str | None:
    return conflict_list_path(os.path.dirname(os.path.realpath(path)))


# --- conflicts ----------------------------------------------------------------------------------------------


def _log_entries(path: str) -> list[Any]:
    """The history log's entries, as stored (a line that is not JSON is passed over: validate names it)."""
    from pledge_tui.dataset import log

    rows, _ = log.read_entries(log.FileLog(log.log_path(path)))
    return [doc for _, doc in rows]


def cmd_conflicts(args: argparse.Namespace) -> int:
    """`conflicts [--format table|json]`: the conflicts still open (exit 0, `no conflicts` when there are none)."""
    from pledge_tui.dataset import proof, store
    from pledge_tui.dataset.forks import open_conflicts
    from pledge_tui.formats import conflicts as formats

    path = resolve_data_path(args.data)
    refuse_stdin(path, "conflicts", "it reads the history log beside the file")
    loaded = store.load(path)
    found = []
    if loaded.dataset.meta.schema_version == 3:
        found = open_conflicts(proof.tables_of(loaded.dataset), _log_entries(path), read_list(_list_of(path)))
    if args.format == "json":
        write_utf8(formats.render_json(found, pretty=output_is_terminal()))
    else:
        write(formats.render_table(found))
    return 0


# --- resolve ------------------------------------------------------------------------------------------------


def parse_key(words: Sequence[str]) -> tuple[str | None, str]:
    """(table, key) of a KEY given as one or two words; the table is None for a bare id (looked up among the
    open conflicts)."""
    parts = " ".join(words).split(None, 1)
    if not parts:
        raise UsageError("KEY is empty: name the record (`pledge-tui conflicts` lists them)")
    if len(parts) == 2:
        table = parts[0].casefold()
        if table not in TABLES:
            raise UsageError(printable(f"KEY {' '.join(words)[:80]!r}: {parts[0][:40]!r} is not a table; "
                                       f"expected one of {', '.join(TABLES)} (or MEMBER/TYPE for a commitment)"))
        return table, parts[1].strip()
    if parts[0].casefold() == "meta":
        return "meta", "meta"
    return ("commitments" if "/" in parts[0] else None), parts[0]


def _chosen(table: str | None, key: str, tables: Any, entries: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    """The record a KEY names among the open conflicts: as given when it names its table, else the one open
    conflict with that id. Unknown or ambiguous: a usage error that lists the open conflicts."""
    from pledge_tui.dataset.forks import forks

    if table is not None:
        return table, key
    candidates = [(f.table, f.key) for f in forks(tables, entries) if f.key == key]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        named = ", ".join(f"{t} {k}" for t, k in candidates)
        raise UsageError(printable(f"KEY {key[:80]!r} names {named}: give the table too (resolve TABLE KEY)"))
    open_ones = ", ".join(f"{f.table} {f.key}" for f in forks(tables, entries))
    listed = f"open conflicts: {open_ones}" if open_ones else "there are no open conflicts"
    raise UsageError(printable(f"no conflict on {key[:80]!r} ({listed})"))


def cmd_resolve(args: argparse.Namespace) -> int:
    """`resolve KEY --ours|--theirs`: one `resolve` entry through the write path; the record leaves the list."""
    from pledge_tui.cli.write import commit_write, data_path, say_clock
    from pledge_tui.dataset import edits, log
    from pledge_tui.dataset.commit import ReadsLog

    table, key = parse_key(args.key)
    path = data_path(args)
    chosen: list[tuple[str, str]] = []

    def run(tables: Any, entries: Sequence[Mapping[str, Any]]) -> Any:
        record = _chosen(table, key, tables, entries)
        chosen.append(record)
        return edits.resolve(tables, entries, table=record[0], key=record[1], side=args.side, note=args.note)

    newest = log.FileLog(log.log_path(path)).tail() if os.path.lexists(path) else None
    at = str(newest["at"]) if isinstance(newest, dict) and isinstance(newest.get("at"), str) else ""
    done = commit_write(args, lambda _: ReadsLog(run), not_before=at)  # after the newest entry of either side
    change = done.change
    assert change is not None and change.parents is not None and done.entry_id is not None
    say_clock(done)
    say(printable(f"{PROG}: resolve {change.table} {change.key}: kept {args.side}'s version (history entry "
                  f"{done.entry_id}, joining {change.parents[0]} and {change.parents[1]})"))
    _drop_from_list(path, chosen[-1])
    return 0


def _drop_from_list(path: str, record: tuple[str, str]) -> None:
    """The resolved record leaves the git directory's conflict list (when there is one)."""
    list_path = _list_of(path)
    kept = read_list(list_path)
    rest = [item for item in kept if not (isinstance(item, dict) and (item.get("table"), item.get("key")) == record)]
    if list_path is None or rest == kept:
        return
    try:
        keep_list(list_path, rest)
    except (OSError, PledgeError) as exc:
        say(f"{PROG}: note: could not update the conflict list ({clean_line(str(exc))}); `pledge-tui conflicts` "
            "reads the history log, which says the record is resolved")
