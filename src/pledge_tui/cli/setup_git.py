"""`setup-git`: register the merge driver and a validating pre-commit hook in the clone that holds the
data file (README "Team work"; issue 19 item 6).

It writes four things: a `.gitattributes` line per file git must merge by record (`tracked_files`), a
`.gitignore` line for the write commands' lock file, `git config merge.pledge-tui.*` and the hook. Git
runs the driver and the hook with the PATH of whoever runs git (an IDE, a GUI client, cron), which often
lacks `pledge-tui`: both therefore call this installation by its absolute path (`program`).

It never writes outside the work tree (or, for the hook, the git folder): a `.gitattributes` or
`.gitignore` that is a symbolic link out of the tree, a folder, a FIFO or a file that is not UTF-8 where
one is expected is a one-line error before anything is written. What it may not decide for the team is
reported, never claimed as done: an attribute someone commented out or overrode, a hook that is not
pledge-tui's, a lock name `.gitignore` cannot express. A second run changes nothing.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import shlex
import stat
import sys
from dataclasses import dataclass

from pledge_tui.cli.common import PROG, write
from pledge_tui.cli.git import GitFailed, git, git_text, work_tree
from pledge_tui.errors import UsageError, WriteError, printable
from pledge_tui.paths import BUNDLED_SOURCE, LOCAL_DATA, data_setting

DRIVER = "pledge-tui"
"""The merge driver's name in `.gitattributes` (`merge=pledge-tui`) and git config (`merge.pledge-tui.*`)."""
HOOK_MARK = "installed by `pledge-tui setup-git`"
PROGRAM_GONE = 127
"""The hook's exit code when the program it calls is gone (the shell's "command not found"); 1 is for
a staged data file that does not validate."""


def tracked_files(data_path: str) -> list[str]:
    """The files git must merge with the pledge-tui driver and the hook must copy to validate, for the
    data file at `data_path` (a path relative to the work tree, with `/`): the data file and its history
    log (`NAME.history.jsonl`, schema version 3). Everything setup-git registers and the hook copies comes
    from this list."""
    from pledge_tui.dataset.log import log_name

    return [data_path, log_name(data_path)]


def program() -> str:
    """The command git runs for the driver and the hook: this interpreter by its absolute path, with
    `-m pledge_tui`, quoted for the shell.

    Not `pledge-tui` from PATH: git clients often run with a PATH that lacks it. Not the console script's
    path: `python -m pledge_tui` has none, and the script only launches this same interpreter. The
    interpreter's path is made absolute but not resolved through links: a virtual environment's `python`
    is a link whose own place tells Python where the environment's packages are.
    """
    if not sys.executable:  # an embedded interpreter that cannot say where it is
        return PROG
    return f"{shlex.quote(os.path.abspath(sys.executable))} -m pledge_tui"


# --- patterns, as git reads them ----------------------------------------------------------------------


_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b",
              "\f": "\\f", "\v": "\\v"}


def _glob_escaped(relative: str) -> str:
    """`relative` as a pattern matching only itself: glob characters escaped; anchored at the top (a
    pattern without a `/` would match the name in every folder); a leading `#` (a comment) or `!` (a
    negation) escaped."""
    escaped = "".join("\\" + ch if ch in "*?[\\" else ch for ch in relative)
    if "/" not in escaped:
        return "/" + escaped
    return "\\" + escaped if escaped[:1] in ("#", "!") else escaped


def attribute_pattern(relative: str) -> str:
    """The `.gitattributes` pattern for exactly this file; C-quoted (as git unquotes it) when it holds a
    space, a quote or a control character, which an unquoted pattern cannot."""
    pattern = _glob_escaped(relative)
    if not any(ch.isspace() or ch == '"' or not ch.isprintable() for ch in pattern):
        return pattern
    return '"' + "".join(_C_ESCAPES.get(ch, ch if ch.isprintable() else "".join(
        f"\\{byte:03o}" for byte in ch.encode("utf-8"))) for ch in pattern) + '"'


def ignore_pattern(relative: str) -> str | None:
    """The `.gitignore` line for exactly this file, or None when it has a line break (a `.gitignore`
    line cannot hold one). Glob characters, a leading `#` or `!` and trailing spaces are escaped with a
    backslash, as git reads them; `.gitignore` has no quoting."""
    if "\n" in relative or "\r" in relative:
        return None
    pattern = _glob_escaped(relative)
    stripped = pattern.rstrip(" ")
    return stripped + "\\ " * (len(pattern) - len(stripped))


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _unquote(text: str) -> str:
    """A C-quoted pattern's value, as git reads it."""
    raw = text.encode("utf-8", "surrogateescape").decode("unicode_escape").encode("latin-1")
    return raw.decode("utf-8", "surrogateescape")


def _parse_attribute_line(line: str) -> tuple[str, list[str]] | None:
    """(pattern, attributes) of a `.gitattributes` line (its `#` already removed for a comment)."""
    line = line.strip()
    if not line:
        return None
    quoted = _QUOTED.match(line)
    if quoted:
        try:
            return _unquote(quoted.group(1)), line[quoted.end():].split()
        except (UnicodeDecodeError, UnicodeEncodeError):
            return None
    pattern, *rest = re.split(r"\s+", line, maxsplit=1)
    return pattern, rest[0].split() if rest else []


# --- the files setup-git changes --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Said:
    """One line of setup-git's report: what it found or did, and whether it changed something or left
    something to the user."""

    line: str
    changed: bool = False
    left: bool = False


def _inside(path: str, folder: str) -> bool:
    real_folder = os.path.realpath(folder)
    return os.path.commonpath([os.path.realpath(path), real_folder]) == real_folder


def read_text_file(path: str, what: str, *, within: str) -> str:
    """The UTF-8 text of a file setup-git is about to change ("" when missing), or a one-line
    `WriteError` (exit 1) for what it must not or cannot change: a symbolic link out of `within`, a
    folder, a FIFO or other non-regular file, bytes that are not UTF-8."""
    shown = printable(path)
    if os.path.islink(path) and not _inside(path, within):
        raise WriteError(f"{shown} is a symbolic link to {printable(os.path.realpath(path))}, outside {within}; "
                         f"setup-git writes nothing outside it (replace the link with a file)")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        if os.path.islink(path):
            raise WriteError(f"{shown} is a symbolic link to a missing file; remove it or create its target") from None
        return ""
    except IsADirectoryError:
        raise WriteError(f"{shown} is a folder; setup-git expects the {what} file there") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise WriteError(f"{shown} is a symbolic link loop; remove it") from None
        raise WriteError(f"{shown} cannot be read: {exc.strerror or exc}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise WriteError(f"{shown} is {kind}; setup-git expects the {what} file there")
    with open(fd, "rb") as handle:
        data = handle.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise WriteError(f"{shown} is not UTF-8 text (line {line}); setup-git changes nothing in it: fix or "
                         f"remove that line") from None


def append_line(path: str, existing: str, line: str) -> None:
    """Add a line at the end of a text file (created if missing), atomically, through the project's one
    atomic writer (mode, group and attributes kept), after a line break if one is missing."""
    from pledge_tui.dataset import files

    text = existing + ("" if not existing or existing.endswith("\n") else "\n") + line + "\n"
    files.write_atomic(path, text.encode("utf-8"), create=not os.path.lexists(path))


def _attribute(top: str, relative: str) -> str | None:
    """The merge attribute git applies to `relative` now (None: unspecified)."""
    fields = git("check-attr", "-z", "merge", "--", relative, cwd=top).decode("utf-8", "surrogateescape")
    parts = fields.split("\0")
    value = parts[2] if len(parts) >= 3 else "unspecified"
    return None if value == "unspecified" else value


def setup_attributes(top: str, relative: str, text: str) -> tuple[list[Said], list[str]]:
    """What to say about `relative`'s merge attribute, and the lines to append (none when it is set, or
    when a line for it is there but commented out or overridden: that was someone's decision)."""
    current = _attribute(top, relative)
    shown = printable(relative)
    if current == DRIVER:
        return [Said(f".gitattributes: {shown} already uses the {DRIVER} merge driver")], []
    ours = {_glob_escaped(relative), "/" + _glob_escaped(relative), relative, "/" + relative}
    for number, raw in enumerate(text.splitlines(), start=1):
        body = raw.lstrip()
        commented = body.startswith("#")
        parsed = _parse_attribute_line(body[1:] if commented else body)
        if parsed is None or parsed[0] not in ours or f"merge={DRIVER}" not in parsed[1]:
            continue
        if commented:
            return [Said(f".gitattributes: line {number} registers the {DRIVER} merge driver for {shown} but is "
                         f"commented out, so git merges it by line: remove the '#' if that was not meant, then "
                         f"run setup-git again", left=True)], []
        return [Said(f".gitattributes: line {number} registers the {DRIVER} merge driver for {shown}, but git "
                     f"applies merge={current or 'unspecified'} (a later line or another attributes file "
                     f"overrides it): remove the override, then run setup-git again", left=True)], []
    line = f"{attribute_pattern(relative)} merge={DRIVER}"
    return [Said(f".gitattributes: added {printable(line)!r} (commit it, so the whole team merges by record)",
                 changed=True)], [line]


def setup_ignore(top: str, relative: str) -> tuple[Said, str | None]:
    """The write commands' lock file (`FILE.lock`, beside the data file) is not data: git ignores it."""
    lock = relative + ".lock"
    try:
        git("check-ignore", "-q", "--", lock, cwd=top)
        return Said(f".gitignore: {printable(lock)} already ignored"), None
    except GitFailed:
        pass
    line = ignore_pattern(lock)
    if line is None:
        return Said(f".gitignore: the lock file's name {printable(lock)} has a line break, which a .gitignore "
                    f"line cannot hold: do not commit that file", left=True), None
    return Said(f".gitignore: added {printable(line)!r} (the lock file the write commands keep beside the data "
                f"file)", changed=True), line


def setup_config(top: str, command: str) -> list[Said]:
    said = []
    wanted = {f"merge.{DRIVER}.name": "pledge-tui: merge the data file record by record",
              f"merge.{DRIVER}.driver": f"{command} merge %O %A %B"}
    for key, value in wanted.items():
        try:
            current: str | None = git_text("config", "--local", "--get", "--", key, cwd=top)
        except GitFailed:
            current = None
        if current == value:
            said.append(Said(f"git config {key}: already {printable(value)!r}"))
            continue
        git("config", "--local", "--", key, value, cwd=top)
        said.append(Said(f"git config {key}: set to {printable(value)!r}", changed=True))
    return said


def hook_script(command: str, relative: str) -> str:
    """The pre-commit hook: when the commit changes the data file (or a file of `tracked_files`), copy
    their staged versions side by side and validate them: the proof of README "Editing", and, when there is a
    HEAD (not on a repository's first commit), `--against HEAD:PATH`: every history entry committed before
    is still in the staged log, unchanged (an entry removed together with everything that depended on it
    leaves files that prove; only the last commit can tell).

    Exit 1 for a staged file that does not validate; `PROGRAM_GONE` (127) when the program it calls is
    gone (moved, uninstalled): a different message, so "invalid" is never said of data nobody checked.
    Every path is quoted for the shell and given to git as a literal path after `--`, so spaces, quotes,
    `$(...)`, glob characters, line breaks and a leading `-` in a name are just characters.
    """
    tracked = tracked_files(relative)
    name = shlex.quote(relative.rsplit("/", 1)[-1])
    copies = "\n".join(
        f"git cat-file -e :{shlex.quote(path)} 2>/dev/null && {{ git show :{shlex.quote(path)} > "
        f"\"$dir\"/{shlex.quote(path.rsplit('/', 1)[-1])} || exit 1; }}" for path in tracked[1:])
    return f"""#!/bin/sh
# pre-commit: {HOOK_MARK}.
# Refuses a commit whose staged data file does not validate (pledge-tui validate), or whose staged
# history log lost or changed an entry committed before (pledge-tui validate --against HEAD).
data={shlex.quote(relative)}
program={shlex.quote(command)}
git --literal-pathspecs diff --cached --quiet -- {" ".join(shlex.quote(p) for p in tracked)} && exit 0
git cat-file -e ":$data" 2>/dev/null || exit 0
dir=$(mktemp -d "${{TMPDIR:-/tmp}}/pledge-tui-staged.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
git show ":$data" > "$dir"/{name} || exit 1
{copies}
if git rev-parse --verify -q HEAD > /dev/null 2>&1; then
    set -- --against "HEAD:$data"
else
    set --
fi
{command} validate "$dir"/{name} "$@" > /dev/null
status=$?
[ "$status" -eq 0 ] && exit 0
if [ "$status" -ge 126 ] || ! {command} --version > /dev/null 2>&1; then
    echo "{PROG}: pre-commit: cannot check the staged $data: the program this hook calls is not found" \\
         "($program); run \\`pledge-tui setup-git\\` again with the pledge-tui you use now" \\
         "(or commit with --no-verify); commit refused" >&2
    exit {PROGRAM_GONE}
fi
if [ "$status" -eq 1 ]; then
    echo "{PROG}: the staged $data is not valid (problems above); commit refused" >&2
    exit 1
fi
echo "{PROG}: pre-commit: could not check the staged $data (validate exited $status); commit refused" >&2
exit "$status"
"""


def _git_folder(top: str) -> str:
    common = git_text("rev-parse", "--git-common-dir", cwd=top)
    return os.path.normpath(os.path.join(top, common))


def setup_hook(top: str, command: str, relative: str) -> tuple[Said, str | None, str]:
    """What to say about the hook, the script to write (None: nothing to write) and its path."""
    hook = os.path.normpath(os.path.join(top, git_text("rev-parse", "--git-path", "hooks/pre-commit", cwd=top)))
    script = hook_script(command, relative)
    add = f"{command} validate {shlex.quote(relative)}"
    shown = printable(hook)
    if not _inside(os.path.dirname(hook), _git_folder(top)) or os.path.islink(hook):
        return Said(f"pre-commit hook: {shown} is outside this repository's git folder (core.hooksPath, or a "
                    f"symbolic link), so it was left alone; add this line to it: {printable(add)}",
                    left=True), None, hook
    existing = read_text_file(hook, "pre-commit hook", within=_git_folder(top)) if os.path.lexists(hook) else None
    if existing is not None and HOOK_MARK not in existing:
        return Said(f"pre-commit hook: {shown} exists and is not pledge-tui's, so it was left alone; add this "
                    f"line to it: {printable(add)}", left=True), None, hook
    if existing == script:
        return Said(f"pre-commit hook: already installed at {shown}"), None, hook
    return Said(f"pre-commit hook: installed at {shown} (validates the staged {printable(relative)} before each "
                f"commit)", changed=True), script, hook


def write_hook(hook: str, script: str) -> None:
    from pledge_tui.dataset import files

    os.makedirs(os.path.dirname(hook), exist_ok=True)
    files.write_atomic(hook, script.encode("utf-8"), create=not os.path.lexists(hook))
    os.chmod(hook, os.stat(hook).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def _data_relative(args: argparse.Namespace, top: str) -> str:
    found = data_setting(args.data)
    if found.source == BUNDLED_SOURCE:
        raise UsageError(f"no data file here: run setup-git in the folder that holds {LOCAL_DATA}, or name it "
                         "with --data FILE (`pledge-tui init data/commitments.json` makes one)")
    path = found.value or ""
    if not os.path.isfile(path):
        raise UsageError(printable(f"the data file {path!r} does not exist"))
    relative = os.path.relpath(os.path.realpath(path), os.path.realpath(top))
    if relative.startswith(os.pardir + os.sep) or relative == os.pardir:
        raise UsageError(printable(f"the data file {path!r} is outside this git work tree ({top})"))
    return relative.replace(os.sep, "/")


def cmd_setup_git(args: argparse.Namespace) -> int:
    """`setup-git`: `.gitattributes`, `.gitignore`, git config and the pre-commit hook. Everything is
    checked before anything is written; says what it did and what it left to the user."""
    from pledge_tui.cli.inputs import refuse_stdin

    refuse_stdin(args.data, "setup-git", "it sets up the git clone that holds the file")
    top = work_tree()
    if top is None:
        raise UsageError("setup-git works inside a git work tree: run it in the clone that holds the data file "
                         "(`git init` makes one; a bare repository has no work tree)")
    relative = _data_relative(args, top)
    command = program()
    attributes_path, ignore_path = os.path.join(top, ".gitattributes"), os.path.join(top, ".gitignore")
    attributes = read_text_file(attributes_path, "git attributes", within=top)
    ignored = read_text_file(ignore_path, "git ignore", within=top)
    said: list[Said] = []
    lines: list[str] = []
    added: list[str] = []
    for path in tracked_files(relative):
        what, add = setup_attributes(top, path, attributes)
        said += what
        lines += add
        added += [path] if add else []
    ignore_said, ignore_line = setup_ignore(top, relative)
    hook_said, script, hook = setup_hook(top, command, relative)

    if lines:
        append_line(attributes_path, attributes, "\n".join(lines))
    said.append(ignore_said)
    if ignore_line is not None:
        append_line(ignore_path, ignored, ignore_line)
    said += setup_config(top, command)
    if script is not None:
        write_hook(hook, script)
    said.append(hook_said)
    said += _verify(top, added)

    left = sum(s.left for s in said)
    footer = (f"Not fully set up: {left} item{'s' if left != 1 else ''} above left to you.\n" if left
              else "" if any(s.changed for s in said) else "Nothing to change: already set up.\n")
    write("".join(s.line + "\n" for s in said) + footer)
    return 0


def _verify(top: str, added: list[str]) -> list[Said]:
    """After writing: what git now applies to the files whose line was just added, where another
    attributes file (`.git/info/attributes`, a folder's own `.gitattributes`) still overrides it."""
    out = []
    for path in added:
        current = _attribute(top, path)
        if current != DRIVER:
            out.append(Said(f".gitattributes: git still applies merge={current or 'unspecified'} to "
                            f"{printable(path)} (.git/info/attributes or a .gitattributes in a folder overrides "
                            f"it): remove the override", left=True))
    return out
