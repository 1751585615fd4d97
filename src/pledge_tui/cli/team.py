"""Team work under git (spec section 12): `merge BASE OURS THEIRS`, the merge driver, and `setup-git`,
which registers it and a pre-commit hook that validates the data file.

A team shares the data file in a git repository. Without the driver, two analysts who each record a
change conflict on lines (their history entries land in the same place); with it, git hands the three
versions of the file to `pledge-tui merge`, which merges them record by record (dataset/merge.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import stat
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pledge_tui.cli.common import PROG, add_data_option, write
from pledge_tui.cli.git import GitFailed, git, git_text, work_tree
from pledge_tui.errors import UsageError
from pledge_tui.paths import ENV_VAR, LOCAL_DATA, resolve_data_path

if TYPE_CHECKING:
    from pledge_tui.dataset.merge import Conflict as ConflictV2
    from pledge_tui.dataset.merge_v3 import Conflict as ConflictV3

    Conflict = ConflictV2 | ConflictV3

Handler = Callable[[argparse.Namespace], int]
DRIVER = "pledge-tui"
"""The merge driver's name in `.gitattributes` (`merge=pledge-tui`) and git config (`merge.pledge-tui.*`)."""
HOOK_MARK = "installed by `pledge-tui setup-git`"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add `merge` and `setup-git` to the parser; return their handlers by name."""
    p_merge = sub.add_parser("merge", help="git merge driver: merge two versions of the data file (or of its history "
                             "log) by record", allow_abbrev=False,
                             description="Three-way merge of data files by record, or of their history logs by "
                                         "entry, as a git merge driver (`setup-git` registers it for both). Writes "
                                         "the result to OURS; exits 1 when a record was changed differently on both "
                                         "sides (OURS's version is kept).")
    p_merge.add_argument("base", metavar="BASE", help="the common ancestor (git's %%O; may be empty)")
    p_merge.add_argument("ours", metavar="OURS", help="our version, replaced by the result (git's %%A)")
    p_merge.add_argument("theirs", metavar="THEIRS", help="their version (git's %%B)")

    p_setup = sub.add_parser("setup-git", help="register the merge driver and a validating pre-commit hook",
                             allow_abbrev=False)
    add_data_option(p_setup)
    return {"merge": cmd_merge, "setup-git": cmd_setup_git}


# --- merge ---------------------------------------------------------------------------------------


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


def _parsed(data: bytes, what: str, *, may_be_empty: bool = False) -> Any:
    """A merge input's tables, read and validated once by the load pipeline's own steps (`store.parsed`), or
    `MergeError` naming its first problem."""
    from pledge_tui.dataset import store
    from pledge_tui.dataset.merge import MergeError
    from pledge_tui.errors import DataError

    if may_be_empty and not data.strip():
        return {}
    try:
        raw, _ = store.parsed(what, data)
    except DataError as exc:
        first = exc.problems[0].describe(what) if exc.problems else f"{what}: invalid"
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        raise MergeError(f"cannot merge: {first}{more}") from None
    return raw


def _write_result(path: str, payload: bytes) -> None:
    from pledge_tui.dataset import files, rawio

    if payload != rawio.read_bytes(path):
        files.write_atomic(path, payload)


def _merge_data_files(args: argparse.Namespace, base_bytes: bytes, ours_bytes: bytes, theirs_bytes: bytes) -> int:
    from pledge_tui.dataset import rawio
    from pledge_tui.dataset.merge import MergeError, merge_and_validate
    from pledge_tui.dataset.validate import schema_version_of
    from pledge_tui.formats.changes_text import plural

    base = _parsed(base_bytes, f"BASE {args.base}", may_be_empty=True)
    ours = _parsed(ours_bytes, f"OURS {args.ours}")
    theirs = _parsed(theirs_bytes, f"THEIRS {args.theirs}")
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
    from pledge_tui.dataset import rawio
    from pledge_tui.dataset.merge_v3 import merge_data
    from pledge_tui.formats.changes_text import plural

    result = merge_data(base, ours, theirs)
    _write_result(args.ours, rawio.serialize(result.tables))
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
        print(f"{summary}; {plural(count, 'conflict')} (ours kept): check {'them' if count != 1 else 'it'}, change "
              "what needs changing with the write commands, then `git add` the data file and its history log",
              file=sys.stderr)
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
    from pledge_tui.dataset import files, rawio
    from pledge_tui.errors import PledgeError

    try:
        git_dir = git_text("rev-parse", "--git-dir")
    except (GitFailed, UsageError):
        return
    folder = os.path.join(git_dir, "pledge-tui")
    try:
        os.makedirs(folder, exist_ok=True)
        files.write_atomic(os.path.join(folder, "conflicts.json"), rawio.serialize(conflicts))
    except (OSError, PledgeError) as exc:
        print(f"{PROG}: could not keep the conflict list in {folder}: {exc}", file=sys.stderr)


def _merge_logs(args: argparse.Namespace, base_bytes: bytes, ours_bytes: bytes, theirs_bytes: bytes) -> int:
    from pledge_tui.dataset import log
    from pledge_tui.dataset.merge import MergeError
    from pledge_tui.dataset.merge_v3 import check_log, merge_logs
    from pledge_tui.formats.changes_text import plural

    sides = []
    for what, path, data in (("BASE", args.base, base_bytes), ("OURS", args.ours, ours_bytes),
                             ("THEIRS", args.theirs, theirs_bytes)):
        rows, problems = log.parse_log(f"{what} {path}", data)
        if problems:
            raise MergeError(f"cannot merge: {problems[0].describe(f'{what} {path}')}")
        sides.append(check_log(rows, f"{what} {path}"))
    result = merge_logs(*sides)
    _write_result(args.ours, log.lines_of(result.entries))
    renumbered = f" ({result.renumbered} with renumbered ids)" if result.renumbered else ""
    print(f"{PROG}: merged the history log: {plural(result.added, 'entry', 'entries')} from theirs{renumbered}, "
          f"{plural(len(result.plan.joins), 'merge entry', 'merge entries')}", file=sys.stderr)
    return 0


# --- setup-git -----------------------------------------------------------------------------------


def _program() -> str:
    """How git should call this pledge-tui: `pledge-tui` when that is what PATH finds, else this
    installation by its full path (or `python -m pledge_tui`), so that the driver and the hook run
    the program that set them up."""
    running = os.path.realpath(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    if os.path.basename(running) == PROG:  # the console script
        found = shutil.which(PROG)
        return PROG if found and os.path.realpath(found) == running else shlex.quote(running)
    return f"{shlex.quote(sys.executable)} -m pledge_tui"


def _attribute_pattern(relative: str) -> str:
    """The `.gitattributes` pattern that matches exactly this file (glob characters escaped; quoted
    when it has spaces)."""
    escaped = "".join("\\" + ch if ch in "*?[\\" else ch for ch in relative)
    pattern = escaped if "/" in escaped else "/" + escaped
    if any(ch.isspace() or ch == '"' for ch in pattern):
        pattern = '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return pattern


def hook_script(program: str, relative: str) -> str:
    """The pre-commit hook: validate the data file and its history log as staged, when the commit changes
    either."""
    from pledge_tui.dataset.log import log_name

    data = shlex.quote(relative)
    history = shlex.quote(log_name(relative))
    return f"""#!/bin/sh
# pre-commit: {HOOK_MARK}.
# Refuses a commit whose staged data file does not validate (pledge-tui validate).
data={data}
log={history}
git diff --cached --quiet -- "$data" "$log" && exit 0
git cat-file -e ":$data" 2>/dev/null || exit 0
dir=$(mktemp -d "${{TMPDIR:-/tmp}}/pledge-tui-staged.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
git show ":$data" > "$dir/$(basename "$data")" || exit 1
if git cat-file -e ":$log" 2>/dev/null; then git show ":$log" > "$dir/$(basename "$log")" || exit 1; fi
if ! {program} validate "$dir/$(basename "$data")" > /dev/null; then
    echo "pledge-tui: the staged $data is not valid (problems above); commit refused" >&2
    exit 1
fi
"""


def cmd_setup_git(args: argparse.Namespace) -> int:
    """`setup-git`: `.gitattributes`, git config and the pre-commit hook; says what it did, and a second
    run changes nothing."""
    top = work_tree()
    if top is None:
        raise UsageError("setup-git works inside a git work tree: run it in the clone that holds the data file "
                         "(`git init` makes one)")
    if not args.data and not os.environ.get(ENV_VAR) and not os.path.isfile(LOCAL_DATA):
        raise UsageError(f"no data file here: run setup-git in the folder that holds {LOCAL_DATA}, or name it "
                         "with --data FILE (`pledge-tui init data/commitments.json` makes one)")
    path = resolve_data_path(args.data)
    if not os.path.isfile(path):
        raise UsageError(f"the data file {path!r} does not exist")
    relative = os.path.relpath(os.path.realpath(path), os.path.realpath(top))
    if relative.startswith(os.pardir + os.sep) or relative == os.pardir:
        raise UsageError(f"the data file {path!r} is outside this git work tree ({top})")
    relative = relative.replace(os.sep, "/")
    program = _program()
    from pledge_tui.dataset.log import log_name

    said = [_setup_attributes(top, relative), _setup_attributes(top, log_name(relative)),
            _setup_ignore(top, relative), *_setup_config(top, program), _setup_hook(top, program, relative)]
    changed = [line for line, did in said if did]
    write("\n".join(line for line, _ in said) + "\n" + ("" if changed else "Nothing to change: already set up.\n"))
    return 0


def _append_line(path: str, line: str) -> None:
    """Add a line at the end of a text file (created if missing), after a line break if one is missing."""
    existing = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            existing = handle.read()
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(("" if not existing or existing.endswith("\n") else "\n") + line + "\n")


def _setup_attributes(top: str, relative: str) -> tuple[str, bool]:
    current = git_text("check-attr", "merge", "--", relative, cwd=top)
    if current.endswith(f": merge: {DRIVER}"):
        return f".gitattributes: {relative} already uses the {DRIVER} merge driver", False
    line = f"{_attribute_pattern(relative)} merge={DRIVER}"
    _append_line(os.path.join(top, ".gitattributes"), line)
    return f".gitattributes: added {line!r} (commit it, so the whole team merges by record)", True


def _setup_ignore(top: str, relative: str) -> tuple[str, bool]:
    """The write commands' lock file (`FILE.lock`, beside the data file) is not data: git ignores it."""
    lock = relative + ".lock"
    try:
        git("check-ignore", "-q", "--", lock, cwd=top)
        return f".gitignore: {lock} already ignored", False
    except GitFailed:
        pass
    line = _attribute_pattern(lock).strip('"')
    _append_line(os.path.join(top, ".gitignore"), line)
    return f".gitignore: added {line!r} (the lock file the write commands keep beside the data file)", True


def _setup_config(top: str, program: str) -> list[tuple[str, bool]]:
    out = []
    wanted = {f"merge.{DRIVER}.name": "pledge-tui: merge the data file record by record",
              f"merge.{DRIVER}.driver": f"{program} merge %O %A %B"}
    for key, value in wanted.items():
        try:
            current: str | None = git_text("config", "--local", "--get", key, cwd=top)
        except GitFailed:
            current = None
        if current == value:
            out.append((f"git config {key}: already {value!r}", False))
            continue
        git("config", "--local", key, value, cwd=top)
        out.append((f"git config {key}: set to {value!r}", True))
    return out


def _setup_hook(top: str, program: str, relative: str) -> tuple[str, bool]:
    hook = os.path.join(top, git_text("rev-parse", "--git-path", "hooks/pre-commit", cwd=top))
    script = hook_script(program, relative)
    if os.path.exists(hook):
        with open(hook, encoding="utf-8", errors="replace") as handle:
            existing = handle.read()
        if HOOK_MARK not in existing:
            return (f"pre-commit hook: {hook} exists and is not pledge-tui's, so it was left alone; add this "
                    f"line to it: {program} validate {shlex.quote(relative)}"), False
        if existing == script:
            return f"pre-commit hook: already installed at {hook}", False
    os.makedirs(os.path.dirname(hook), exist_ok=True)
    with open(hook, "w", encoding="utf-8") as handle:
        handle.write(script)
    mode = os.stat(hook).st_mode
    os.chmod(hook, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return f"pre-commit hook: installed at {hook} (validates the staged {relative} before each commit)", True
