"""Team work under git (README "Team work"): `merge BASE OURS THEIRS`, the merge driver, and `setup-git`,
which registers it and a pre-commit hook that validates the data file.

A team shares the data file in a git repository. Without the driver, two analysts who each record a
change conflict on lines (their history entries land in the same place); with it, git hands the three
versions of the file to `pledge-tui merge`, which merges them record by record (dataset/merge.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pledge_tui.cli.common import PROG, add_data_option
from pledge_tui.cli.helptext import command_parser

if TYPE_CHECKING:
    from pledge_tui.dataset.merge import Conflict as ConflictV2
    from pledge_tui.dataset.merge_v3 import Conflict as ConflictV3

    Conflict = ConflictV2 | ConflictV3

Handler = Callable[[argparse.Namespace], int]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add `merge` and `setup-git` to the parser; return their handlers by name."""
    p_merge = command_parser(
        sub, "merge", summary="git merge driver: merge two versions of the data file (or of its history log) by record",
        description="Three-way merge of data files by record, or of their history logs by entry, as a git merge "
                    "driver (`setup-git` registers it for both). Writes the result to OURS; exits 1 when a record "
                    "was changed differently on both sides (OURS's version is kept).",
        example=[("what git runs (git config merge.pledge-tui.driver)", "pledge-tui merge %O %A %B"),
                 ("by hand, on three saved copies", "pledge-tui merge base.json ours.json theirs.json")])
    p_merge.add_argument("base", metavar="BASE", help="the common ancestor (git's %%O; may be empty)")
    p_merge.add_argument("ours", metavar="OURS", help="our version, replaced by the result (git's %%A)")
    p_merge.add_argument("theirs", metavar="THEIRS", help="their version (git's %%B)")

    p_setup = command_parser(
        sub, "setup-git", summary="register the merge driver and a validating pre-commit hook",
        description="Set up the git clone that holds the data file: .gitattributes (merge the file by record), a "
                    ".gitignore line for the write commands' lock file, the merge driver in git config, and a "
                    "pre-commit hook that validates the file as staged. Safe to repeat; says what it did.",
        example=[("once per clone, in the folder that holds data/commitments.json", "pledge-tui setup-git"),
                 ("then, once per repository", 'git add .gitattributes .gitignore && git commit -m "Merge the '
                  'data file by record"')])
    add_data_option(p_setup)
    return {"merge": cmd_merge, "setup-git": cmd_setup_git}


# --- merge ---------------------------------------------------------------------------------------


def conflict_lines(conflict: Conflict) -> list[str]:
    """A conflict on standard error: the record, then base, ours and theirs, each by the fields that
    differ between the three (a record absent on a side is said to be absent; `formats.conflicts`)."""
    from pledge_tui.formats.conflicts import differing_fields, record_words, version_words, versions

    fields = differing_fields(conflict)
    lines = [f"{PROG}: conflict: {record_words(conflict)} was changed differently on both sides; kept ours"]
    for name, doc in versions(conflict):
        lines.append(f"  {name + ':':<7} {version_words(doc, fields)}")
    return lines


def cmd_merge(args: argparse.Namespace) -> int:
    """`merge BASE OURS THEIRS`: write the merged file to OURS; exit 1 on a conflict in the data file or when
    the result would not validate (then OURS is left as it was). Which file it merges, the data file or its
    history log, it tells from the content: git runs it once for each (`dataset.merge_v3`)."""
    from pledge_tui import collector
    from pledge_tui.dataset import rawio

    with collector.paused():  # three files parsed and validated, a result built: no garbage, much to walk
        base = rawio.read_bytes(args.base)
        ours = rawio.read_bytes(args.ours)
        theirs = rawio.read_bytes(args.theirs)
        if "log" in (_kind_of(ours), _kind_of(theirs)):
            return _merge_logs(args, base, ours, theirs)
        return _merge_data_files(args, base, ours, theirs)


def _kind_of(data: bytes) -> str | None:
    """`log` for a history log (its first line is one entry), `data` for anything else, None when empty."""
    stripped = data.lstrip()
    if not stripped:
        return None
    try:
        first = json.loads(stripped.split(b"\n", 1)[0])
    except ValueError:
        return "data"
    return "log" if isinstance(first, dict) and "action" in first and "id" in first else "data"


def _parsed(data: bytes, what: str, *, may_be_empty: bool = False, like: Any = None) -> tuple[Any, bool]:
    """A merge input's tables, read and validated once by the load pipeline's own steps
    (`store.validated_tables`; `like`: a file vouched for already, mostly the same), or `MergeError` naming
    its first problem; and whether the bulk check vouched for them."""
    from pledge_tui.dataset import store
    from pledge_tui.dataset.merge import MergeError
    from pledge_tui.errors import DataError

    if may_be_empty and not data.strip():
        return {}, False
    try:
        return store.validated_tables(what, data, like=like)
    except DataError as exc:
        first = exc.problems[0].describe(what) if exc.problems else f"{what}: invalid"
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        raise MergeError(f"cannot merge: {first}{more}") from None


def _serialized(tables: Any) -> bytes:
    """A merged version-3 data file's bytes (`rawio.serialize`), written in C when msgspec is loaded already
    (a large input took the typed path): the result validated as version 3, whose fields hold no float,
    so the bytes are the same (`fastjson`)."""
    from pledge_tui.dataset import rawio

    if "msgspec" in sys.modules:
        from pledge_tui.dataset import fastjson

        try:
            return fastjson.indented(tables)
        except fastjson.Unusable:
            pass
    return rawio.serialize(tables)


def _write_result(path: str, payload: bytes) -> None:
    from pledge_tui.dataset import files, rawio

    if payload != rawio.read_bytes(path):
        files.write_atomic(path, payload)


def _merge_data_files(args: argparse.Namespace, base_bytes: bytes, ours_bytes: bytes, theirs_bytes: bytes) -> int:
    from pledge_tui.dataset import rawio
    from pledge_tui.dataset.merge import MergeError, merge_and_validate
    from pledge_tui.dataset.validate import schema_version_of
    from pledge_tui.formats.counts import plural

    base, vouched = _parsed(base_bytes, f"BASE {args.base}", may_be_empty=True)
    like = base if vouched else None  # (OURS and THEIRS are mostly BASE's documents)
    ours, _ = _parsed(ours_bytes, f"OURS {args.ours}", like=like)
    theirs, _ = _parsed(theirs_bytes, f"THEIRS {args.theirs}", like=like)
    versions = schema_version_of(ours), schema_version_of(theirs)
    if 3 in versions and versions[0] != versions[1]:
        older = "OURS" if versions[0] < 3 else "THEIRS"
        raise MergeError(f"cannot merge: OURS is schema version {versions[0]} and THEIRS version {versions[1]}; "
                         f"upgrade {older}'s clone first (any write command upgrades its file), commit, and merge "
                         "again")
    if versions[0] == 3:
        return _merge_v3_data(args, base, ours, theirs)
    result = merge_and_validate(base, ours, theirs)
    _write_result(args.ours, rawio.serialize(result.tables))
    for conflict in result.conflicts:
        for line in conflict_lines(conflict):
            print(line, file=sys.stderr)
    count = len(result.conflicts)
    summary = (f"{PROG}: merged by record: {plural(result.taken_from_theirs, 'record')} and "
               f"{plural(result.history_added, 'history entry', 'history entries')} from theirs")
    if count:
        print(f"{summary}; {plural(count, 'conflict')} (ours kept): check "
              f"{'them' if count != 1 else 'it'}, change what needs changing with the write commands, then "
              "`git add` the file", file=sys.stderr)
        return 1
    print(summary, file=sys.stderr)
    return 0


def _merge_v3_data(args: argparse.Namespace, base: Any, ours: Any, theirs: Any) -> int:
    from pledge_tui.dataset.merge_v3 import merge_data
    from pledge_tui.formats.counts import plural

    result = merge_data(base, ours, theirs, validated=True)
    _write_result(args.ours, _serialized(result.tables))
    decided = result.plan
    for line in renumbering_lines(decided.renames, decided.records):
        print(line, file=sys.stderr)
    for conflict in decided.conflicts:
        for line in conflict_lines(conflict):
            print(line, file=sys.stderr)
    _keep_conflicts([conflict.as_json() for conflict in decided.conflicts])
    count = len(decided.conflicts)
    summary = f"{PROG}: merged by record: {plural(len(decided.from_theirs), 'record')} from theirs"
    if decided.joins:
        summary += f", {plural(len(decided.joins), 'record')} changed on both sides the same way"
    if count:
        print(f"{summary}; {plural(count, 'conflict')} (ours kept): `pledge-tui conflicts` lists "
              f"{'them' if count != 1 else 'it'} again, `pledge-tui resolve KEY --ours|--theirs` resolves "
              f"{'each' if count != 1 else 'it'}; then `git add` the data file and its history log", file=sys.stderr)
        return 1
    print(summary, file=sys.stderr)
    return 0


def renumbering_lines(renames: Any, records: Any) -> list[str]:
    """Each id THEIRS's side had to give up, and the merged records that cite it under its new id."""
    nouns = {"sources": "source", "events": "event"}
    lines = []
    for table, mapping in renames.items():
        for old, new in mapping.items():
            citing = sorted(f"{t} {k}" for (t, k), doc in records.items() if _cites(t, doc, new)) \
                if table == "sources" else []
            cited = f"; cited by {', '.join(citing)}" if citing else (
                "; cited by nothing" if table == "sources" else "")
            lines.append(f"{PROG}: renumbered theirs's {nouns[table]} {old} as {new} (both sides added {old} with "
                         f"different content; ours keeps {old}){cited}")
    return lines


def _cites(table: str, doc: Any, source_id: str) -> bool:
    if not isinstance(doc, dict):
        return False
    reported = doc.get("reported_commitments") if table == "meta" else None
    cited = [*(doc.get("sources") or ()), *((reported or {}).get("sources") or ())]
    return source_id in cited


def _keep_conflicts(conflicts: list[Any]) -> None:
    """The conflict list, in `$GIT_DIR/pledge-tui/conflicts.json` (for `pledge-tui conflicts`); nothing outside
    a git repository."""
    from pledge_tui.cli.conflicts import conflict_list_path, keep_list
    from pledge_tui.errors import PledgeError

    path = conflict_list_path(None)
    if path is None:
        return
    try:
        keep_list(path, conflicts)
    except (OSError, PledgeError) as exc:
        print(f"{PROG}: could not keep the conflict list in {os.path.dirname(path)}: {exc}", file=sys.stderr)


def _merge_logs(args: argparse.Namespace, base_bytes: bytes, ours_bytes: bytes, theirs_bytes: bytes) -> int:
    from pledge_tui.dataset import log
    from pledge_tui.dataset.merge_v3 import merge_logs
    from pledge_tui.formats.counts import plural

    sides = [_log_entries(f"{what} {path}", data) for what, path, data in (
        ("BASE", args.base, base_bytes), ("OURS", args.ours, ours_bytes), ("THEIRS", args.theirs, theirs_bytes))]
    result = merge_logs(*(entries for entries, _ in sides))
    typed = all(was_typed for _, was_typed in sides)
    _write_result(args.ours, _log_lines(result.entries) if typed else log.lines_of(result.entries))
    renumbered = f" ({result.renumbered} with renumbered ids)" if result.renumbered else ""
    print(f"{PROG}: merged the history log: {plural(result.added, 'entry', 'entries')} from theirs{renumbered}, "
          f"{plural(len(result.plan.joins), 'merge entry', 'merge entries')}", file=sys.stderr)
    return 0


def _log_entries(what: str, data: bytes) -> tuple[list[Any], bool]:
    """A merge input log's entries, every field and link checked, or `MergeError` naming the first problem;
    and whether the typed path read them (`log_typed`: a large log, then free of floats)."""
    from pledge_tui.dataset import log, store
    from pledge_tui.dataset.merge import MergeError
    from pledge_tui.dataset.merge_v3 import check_log

    if len(data) >= store.TYPED_FROM_BYTES:
        from pledge_tui.dataset import log_typed

        entries = log_typed.checked_entries(data)
        if entries is not None:
            return entries, True
    rows, problems = log.parse_log(what, data)
    if problems:
        raise MergeError(f"cannot merge: {problems[0].describe(what)}")
    return check_log(rows, what), False


def _log_lines(entries: Any) -> bytes:
    """`log.lines_of(entries)`, written in C: for entries of logs the typed path read, which hold no float
    (`fastjson`); an entry it cannot write as `json` does takes `log.entry_line`."""
    from pledge_tui.dataset import fastjson, log

    lines = []
    for entry in entries:
        try:
            lines.append(fastjson.canonical(entry) + b"\n")
        except fastjson.Unusable:
            lines.append(log.entry_line(entry))
    return b"".join(lines)


# --- setup-git ---------------------------------------------------------------------------------------


def cmd_setup_git(args: argparse.Namespace) -> int:
    """`setup-git` (cli/setup_git.py): the driver, the attributes and the validating hook."""
    from pledge_tui.cli import setup_git

    return setup_git.cmd_setup_git(args)
