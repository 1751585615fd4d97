"""Team work under git (spec section 12): `merge BASE OURS THEIRS`, the merge driver, and `setup-git`,
which registers it and a pre-commit hook that validates the data file.

A team shares the data file in a git repository. Without the driver, two analysts who each record a
change conflict on lines (their history entries land in the same place); with it, git hands the three
versions of the file to `pledge-tui merge`, which merges them record by record (dataset/merge.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pledge_tui.cli.common import PROG, add_data_option
from pledge_tui.cli.helptext import command_parser

if TYPE_CHECKING:
    from pledge_tui.dataset.merge import Conflict

Handler = Callable[[argparse.Namespace], int]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add `merge` and `setup-git` to the parser; return their handlers by name."""
    p_merge = command_parser(
        sub, "merge", summary="git merge driver: merge two versions of the data file by record",
        description="Three-way merge of data files by record, as a git merge driver (`setup-git` registers it). "
                    "Writes the result to OURS; exits 1 when a record was changed differently on both sides "
                    "(OURS's version is kept).",
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


def _read(path: str, what: str, *, may_be_empty: bool = False) -> Any:
    from pledge_tui.dataset import store

    data = store.read_bytes(path)
    if may_be_empty and not data.strip():
        return {}
    return store.parse_json(f"{what} {path}", data)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 80 else text[:79] + "…"


def conflict_lines(conflict: Conflict) -> list[str]:
    """A conflict on standard error: the record, then base, ours and theirs, each by the fields that
    differ between the three (a record absent on a side is said to be absent)."""
    versions = (("base", conflict.base), ("ours", conflict.ours), ("theirs", conflict.theirs))
    present = [doc for _, doc in versions if doc is not None]
    fields = sorted({f for doc in present for f in doc if len({_shown(d.get(f)) for d in present}) > 1
                     or len(present) < 3})
    key = conflict.key if conflict.table != "events" or not conflict.key.startswith("{") else "(an event)"
    lines = [f"{PROG}: conflict: {conflict.table} {_shown(key)[1:-1]} was changed differently on both sides; "
             "kept ours"]
    for name, doc in versions:
        described = "absent" if doc is None else " ".join(f"{f}={_shown(doc.get(f))}" for f in fields
                                                          if f in doc) or "(no field differs)"
        lines.append(f"  {name + ':':<7} {described}")
    return lines


def cmd_merge(args: argparse.Namespace) -> int:
    """`merge BASE OURS THEIRS`: write the merged data to OURS; exit 1 on a conflict or when the result
    would not validate (then OURS is left as it was)."""
    from pledge_tui.dataset import files, store
    from pledge_tui.dataset.merge import check_input, merge_and_validate
    from pledge_tui.formats.changes_text import plural

    base = _read(args.base, "BASE", may_be_empty=True)
    ours = _read(args.ours, "OURS")
    theirs = _read(args.theirs, "THEIRS")
    check_input(base, f"BASE {args.base}", may_be_empty=True)
    check_input(ours, f"OURS {args.ours}")
    check_input(theirs, f"THEIRS {args.theirs}")
    result = merge_and_validate(base, ours, theirs)
    payload = store.serialize(result.tables)
    if payload != store.read_bytes(args.ours):
        files.write_atomic(args.ours, payload)
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


# --- setup-git ---------------------------------------------------------------------------------------


def cmd_setup_git(args: argparse.Namespace) -> int:
    """`setup-git` (cli/setup_git.py): the driver, the attributes and the validating hook."""
    from pledge_tui.cli import setup_git

    return setup_git.cmd_setup_git(args)
