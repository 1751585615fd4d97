"""What every command module of the command line shares: the parser class, the common options, output.

Output rules, for every command: human text goes to standard output in the terminal's encoding;
machine formats (JSON, CSV, the Markdown snapshot) are UTF-8 bytes whatever the locale; every line
the app writes to standard error (errors, "wrote FILE") is made printable, so a file name cannot
drive the terminal; a closed standard output is an error, a closed standard error only silences.

Kept free of Textual and Rich, and cheap to import: every scripted call pays for it.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

from pledge_tui.cli.helptext import HelpFormatter
from pledge_tui.dataset.catalogue import AS_RECORDED_AT, NEWEST_SOURCE
from pledge_tui.dataset.vocab import CONDITIONS, ROLES, SORTS, STATUSES, TYPES
from pledge_tui.errors import OutputError, UsageError, printable
from pledge_tui.views.filters import Filter, parse_slugs

if TYPE_CHECKING:
    from pledge_tui.dataset.model import Dataset, Member

PROG = "pledge-tui"
DEBUG_VAR = "PLEDGE_TUI_DEBUG"


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit 2) instead of a usage dump, and the help keeps
    the examples' lines as written (`helptext.HelpFormatter`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


MAX_ARGUMENTS = 10_000
"""The most command-line arguments accepted. argparse's parsing time grows with the square of the
number of options (50,000 repeats of `--type` took 40 s), so a longer command line is a usage error at
once; a filter's values can be given once, comma-separated, instead."""


def check_argument_count(argv: Sequence[str]) -> None:
    """Refuse a command line longer than `MAX_ARGUMENTS` before parsing it."""
    if len(argv) > MAX_ARGUMENTS:
        raise UsageError(f"too many arguments ({len(argv):,}; the limit is {MAX_ARGUMENTS:,}); give a filter's "
                         "values once, comma-separated (--type air,sea)")


def path_argument(option: str, *, kind: str = "file") -> Any:
    """An argparse `type` for a file or folder name: the empty string is refused (it is what an unset
    shell variable gives, `--data "$DATA"`), rather than silently meaning the default. `kind` (`file` or
    `folder`) is what tab completion offers (`path_kind`)."""

    def check(value: str) -> str:
        if not value:
            raise argparse.ArgumentTypeError(f"{option} is empty; give a file or folder name")
        return value

    check.path_kind = kind  # type: ignore[attr-defined]
    return check


def path_kind(action: argparse.Action) -> str | None:
    """`file` or `folder` when the action takes a path (its type is a `path_argument`), else None."""
    return getattr(action.type, "path_kind", None)


def completes_with(action: argparse.Action, words: Sequence[str]) -> argparse.Action:
    """Mark an option whose values are words from a vocabulary (not `choices`: labels and any case are
    accepted too), so that tab completion offers them."""
    action.completion_words = tuple(words)  # type: ignore[attr-defined]
    return action


def completion_words(action: argparse.Action) -> tuple[str, ...]:
    """The words tab completion offers for an action: its `completes_with` words, else none."""
    return tuple(getattr(action, "completion_words", ()))


def add_data_option(parser: argparse.ArgumentParser, *, default: object = argparse.SUPPRESS,
                    reads_stdin: bool = False) -> None:
    """`--data FILE`, accepted before the subcommand (default None) and after it (suppressed default).
    `reads_stdin`: the command reads the data, so `--data -` (standard input) is offered."""
    stdin = ", or - to read it from standard input" if reads_stdin else ""
    parser.add_argument("--data", metavar="FILE", default=default, type=path_argument("--data"),
                        help=f"the data file{stdin} (default: $PLEDGE_TUI_DATA, else the settings file's `data`, "
                             "else ./data/commitments.json, else the copy inside the package)")


def add_filter_options(parser: argparse.ArgumentParser, *, dest_prefix: str = "") -> None:
    """The FILTERS of README "Command line", and `--sort`. `dest_prefix`: the attributes' prefix, for the root
    parser's copy (the browser's, `browse_type`...), so that a command's own options never overwrite
    them and a browser filter given with a command can be refused (`cli.main.refuse_browser_options`)."""
    group = parser.add_argument_group("filters (each repeatable, or comma-separated; a slug or its label, "
                                      "any case)")
    completes_with(group.add_argument("--type", action="append", default=[], metavar="TYPE",
                                      dest=f"{dest_prefix}type", help="contribution type: " + ", ".join(TYPES)),
                   TYPES)
    completes_with(group.add_argument("--status", action="append", default=[], metavar="STATUS",
                                      dest=f"{dest_prefix}status", help="status: " + ", ".join(STATUSES)), STATUSES)
    completes_with(group.add_argument("--condition", action="append", default=[], metavar="CONDITION",
                                      dest=f"{dest_prefix}condition", help="condition: " + ", ".join(CONDITIONS)),
                   CONDITIONS)
    completes_with(group.add_argument("--role", action="append", default=[], metavar="ROLE",
                                      dest=f"{dest_prefix}role", help="role: " + ", ".join(ROLES)), ROLES)
    group.add_argument("--search", default="", metavar="TEXT", dest=f"{dest_prefix}search",
                       help="a member's id, name or other name (us, uk, turkey), else text in its stance, "
                            "caveats or commitments; case and accents ignored")
    group.add_argument("--sort", default=None if dest_prefix else "name", choices=SORTS, dest=f"{dest_prefix}sort",
                       help="order of the members (default: name)")


def add_at_option(parser: argparse.ArgumentParser, dest: str = "at") -> None:
    """`--at DATE`: the data as recorded at the end of DATE, rebuilt from its history (README "What changed")."""
    parser.add_argument("--at", metavar="DATE", default=None, dest=dest,
                        help=f"the data {AS_RECORDED_AT} the end of DATE (the recorded clock, UTC; YYYY-MM-DD, YYYY-MM "
                             "or YYYY-MM-DDTHH:MM:SSZ), rebuilt from its history")


def add_stale_option(parser: argparse.ArgumentParser, *, dest: str = "stale") -> None:
    """`--stale MONTHS`: a filter on the sources' age (README "What changed"); `dest` as `add_filter_options`'s
    prefix, for the root parser's copy (the browser's)."""
    parser.add_argument("--stale", metavar="MONTHS", default=None, dest=dest,
                        help=f"only the members with a disclosed cell whose {NEWEST_SOURCE} is older than MONTHS "
                             "months (1 to 1200)")


def add_now_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """`--now ISO-8601`: the command's "now" (`views.clocks.reference_time`)."""
    parser.add_argument("--now", default=None, metavar="ISO-8601", help=help_text)


FILTER_OPTIONS = ("type", "status", "condition", "role", "search", "sort")
"""The attributes `add_filter_options` sets (after its prefix)."""


def filter_from(args: argparse.Namespace, *, prefix: str = "") -> Filter:
    """The filter the FILTERS options describe; unknown slugs are usage errors."""
    return Filter(
        types=parse_slugs(getattr(args, f"{prefix}type"), "types"),
        statuses=parse_slugs(getattr(args, f"{prefix}status"), "statuses"),
        conditions=parse_slugs(getattr(args, f"{prefix}condition"), "conditions"),
        roles=parse_slugs(getattr(args, f"{prefix}role"), "roles"),
        search=getattr(args, f"{prefix}search"),
    )


def one_member(dataset: Dataset, query: str, *, elsewhere: str = "") -> Member:
    """The member `query` names (`show`, `blame`): an id wins over a name (`views.search.find_members`). A
    name two members share is a usage error listing both; an unknown one a usage error suggesting the
    nearest names, ids and other names (`elsewhere`: where else to look, said after the `list` hint)."""
    from pledge_tui.sanitize import clean_line
    from pledge_tui.views.search import ALIASES, find_members

    found = find_members(dataset.members, query)
    asked = query[:80]
    if len(found) > 1:
        listed = ", ".join(f"{clean_line(m.name)} ({m.id})" for m in found)
        raise UsageError(f"ambiguous member {asked!r}: it names {listed}; give the id")
    if not found:
        import difflib  # (the error path only)

        names = [*(m.name for m in dataset.members), *(m.id for m in dataset.members),
                 *(alias for m in dataset.members for alias in ALIASES.get(m.id, ()))]
        close = difflib.get_close_matches(query, names, n=3, cutoff=0.6)
        hint = (f"; did you mean {' or '.join(close)}?" if close
                else f"; `pledge-tui list` shows ids and names{elsewhere}")
        raise UsageError(f"unknown member {asked!r}{hint}")
    return found[0]


# --- output ---------------------------------------------------------------------------------------


def _abandon_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's final flush of what is
    still buffered cannot fail a second time (and print "Exception ignored" on standard error)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _stdout() -> Any:
    if sys.stdout is None:
        raise OutputError("standard output is closed; nothing was written")
    return sys.stdout


def _failed(exc: OSError) -> NoReturn:
    if isinstance(exc, BrokenPipeError):
        raise exc
    _abandon_stdout()
    if exc.errno == errno.EBADF:
        raise OutputError("standard output is closed; nothing was written") from None
    raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None


def write(text: str) -> None:
    """Human text on standard output, in its encoding, flushed (a pipe reader sees the whole answer
    before the exit)."""
    out = _stdout()
    try:
        out.write(text)
        out.flush()
    except OSError as exc:
        _failed(exc)


_SURROGATE = re.compile("[\ud800-\udfff]")


def write_utf8(text: str | bytes) -> None:
    """A machine format on standard output as UTF-8 bytes, whatever the locale or PYTHONIOENCODING: a
    script reads the same bytes from a pipe as from `-o FILE`. A lone surrogate (only JSON can carry
    one from the data) is written as its JSON escape, which reads back as the same string. Bytes (an
    encoder's UTF-8 output, `listing.render_json_utf8`) are written as they are."""
    if isinstance(text, bytes):
        write_bytes(text)
        return
    try:
        payload = text.encode("utf-8")  # (the search for surrogates only when there is one: 45 ms at 10,000 members)
    except UnicodeEncodeError:
        payload = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")
    write_bytes(payload)


def write_bytes(*payload: bytes) -> None:
    """UTF-8 bytes of a machine format on standard output, as they are (`write_utf8`), in parts (joining
    them would copy the 11 MB of `history` at 10,000 entries)."""
    out = _stdout()
    try:
        out.flush()
        buffer = getattr(out, "buffer", None)
        if buffer is None:  # a test's StringIO
            out.write(b"".join(payload).decode("utf-8"))
        else:
            for part in payload:
                buffer.write(part)
            buffer.flush()
        out.flush()
    except OSError as exc:
        _failed(exc)


_quiet = False
"""Set when standard error must not be written (it is the data file)."""


def quiet(value: bool) -> None:
    """Silence standard error (True) or not; `main` resets it for every run."""
    global _quiet
    _quiet = value


def say(line: str) -> None:
    """One line on standard error, made printable (escapes for controls, so a file name holding ESC
    or a newline cannot drive the terminal or split the line). Nothing when standard error is closed."""
    if sys.stderr is None or _quiet:
        return
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(printable(line) + "\n")
        sys.stderr.flush()


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as a message shows it: printable (escapes for controls)."""
    return printable(os.fspath(path))


def output_is_terminal() -> bool:
    """True when standard output is a terminal (False when it is closed)."""
    return sys.stdout is not None and sys.stdout.isatty()


def output_encoding() -> str:
    """The encoding human text on standard output is written in."""
    return getattr(sys.stdout, "encoding", None) or "utf-8"


def _same_file(fd: int, info: os.stat_result) -> bool:
    try:
        mine = os.fstat(fd)
    except OSError:
        return False
    return stat.S_ISREG(mine.st_mode) and (mine.st_dev, mine.st_ino) == (info.st_dev, info.st_ino)


def refuse_output_onto(data_path: str) -> None:
    """Refuse to run when standard output or standard error is the data file itself (same device and
    inode: `pledge-tui export >> DATA`), which the command would otherwise append to. When standard error
    is the data file, the refusal is silent: writing the message would damage the file too."""
    try:
        info = os.stat(data_path)
    except (OSError, ValueError):
        return  # the load reports what is wrong with the path
    if sys.stderr is not None and _same_file(2, info):
        quiet(True)
        raise OutputError(f"standard error is the data file {data_path}; nothing was written")
    if sys.stdout is not None and _same_file(1, info):
        raise OutputError(f"standard output is the data file {data_path}; redirect it to another file "
                          "(nothing was written)")


@contextlib.contextmanager
def signals_exit(signals: Sequence[str] = ("SIGTERM", "SIGHUP")) -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise `SystemExit(128 + signal)` instead of ending the
    process on the spot, so that `finally` and `except BaseException` clauses run (the snapshot writer
    removes its temporary file). The previous handlers come back afterwards."""
    import signal
    def leave(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous: dict[int, Any] = {}
    try:
        for name in signals:
            number = getattr(signal, name, None)
            if number is not None:
                previous[number] = signal.signal(number, leave)
    except ValueError:  # not the main thread: leave the handlers alone
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
