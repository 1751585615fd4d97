"""The read commands: `list`, `show`, `export`, `validate`, and the browser (no command).

Imports are lazy: `list`, `show`, `validate` and `export` never load Textual or Rich, and the
browser's modules are imported only when the browser is opened.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from pledge_tui.cli.common import (
    PROG,
    add_at_option,
    add_data_option,
    add_filter_options,
    add_now_option,
    add_stale_option,
    filter_from,
    one_member,
    output_encoding,
    output_is_terminal,
    path_argument,
    refuse_output_onto,
    say,
    shown_path,
    signals_exit,
    write,
    write_utf8,
)
from pledge_tui.cli.helptext import command_parser
from pledge_tui.cli.inputs import input_name, is_stdin, load_input
from pledge_tui.dataset.catalogue import NEWEST_SOURCE, NOT_DISCLOSED, STATUSES
from pledge_tui.errors import DataError, Problem, UsageError
from pledge_tui.paths import resolve_data_path
from pledge_tui.sanitize import clean_line

if TYPE_CHECKING:
    from pledge_tui.cli.against import EarlierLog
    from pledge_tui.dataset.model import Dataset
    from pledge_tui.views.filters import Filter

Handler = Callable[[argparse.Namespace], int]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add the read commands to the parser; return their handlers by name."""
    p_list = command_parser(
        sub, "list", summary="list the members that match the filters",
        description="List the members that match the filters: a table of statuses by contribution type for "
                    "reading, or JSON or CSV for scripts. The filters are those of the browser; with --type, JSON "
                    "and CSV carry only the selected types.",
        example=[("who pledged air patrols, outright or on conditions",
                  "pledge-tui list --type air --status pledged,conditional"),
                 ("the members ruling out ground forces, as CSV for a spreadsheet",
                  'pledge-tui list --type ground --status "ruled out" --format csv > no-troops.csv'),
                 ("the data as it was one commit ago, through a pipe",
                  "git show HEAD~1:data/commitments.json | pledge-tui list --data - --format json")])
    add_data_option(p_list, reads_stdin=True)
    add_filter_options(p_list)
    add_stale_option(p_list)
    p_list.add_argument("--format", default="table", choices=("table", "json", "csv"),
                        help="output format: a table to read, JSON (an array, one object per member; each disclosed "
                             f"cell with its {NEWEST_SOURCE} and its age in days) or CSV (one row per member and type "
                             "with a record) (default: table)")
    add_at_option(p_list)
    add_now_option(p_list, "the day sources' ages are counted to (default: $SOURCE_DATE_EPOCH, else today)")

    p_show = command_parser(
        sub, "show", summary="show one member in full",
        description="Show everything about one member: role, stance, caveats, approval, summit attendance, each "
                    f"commitment with its conditions, sources and {NEWEST_SOURCE}, the types that are "
                    f"{STATUSES.label(NOT_DISCLOSED)}, and the sources cited, in full. MEMBER is an id, a name or "
                    "another name (turkey, uk, usa), in any case, with or without accents; an id wins over a name.",
        example=[("Poland's commitments, caveats and sources", "pledge-tui show poland"),
                 ("the same as JSON, for a script", "pledge-tui show PL --format json"),
                 ("as Markdown, to paste into a note", "pledge-tui show uk --format md > uk.md"),
                 ("Poland as recorded on 1 October", "pledge-tui show poland --at 2026-10-01")])
    add_data_option(p_show, reads_stdin=True)
    p_show.add_argument("member", metavar="MEMBER", help="member id, name or other name, any case or accents")
    p_show.add_argument("--format", default="text", choices=("text", "json", "md"),
                        help="output format: text to read, JSON (the member as stored, with its sources in full and "
                             f"each disclosed cell's {NEWEST_SOURCE}) or Markdown (the snapshot's member section and "
                             "its sources) (default: text)")
    add_at_option(p_show)
    add_now_option(p_show, "the day sources' ages are counted to (default: $SOURCE_DATE_EPOCH, else today)")

    p_export = command_parser(
        sub, "export", summary="write a Markdown snapshot of the filtered view",
        description="Write a Markdown snapshot of the filtered view: YAML front matter (the data's date and "
                    "SHA-256, the filters), context, a summary by type and status, the matrix, one section per "
                    "member, the timeline and every source cited. The same data, filters and --now give the same "
                    "bytes.",
        example=[("a snapshot of who does logistics", "pledge-tui export --type logistics -o logistics.md"),
                 ("the short form, with what changed since March",
                  'pledge-tui export --type ground --status "ruled out" --brief --since 2026-03 -o brief.md'),
                 ("reproducible bytes (a fixed generation time)",
                  "SOURCE_DATE_EPOCH=1767225600 pledge-tui export > snapshot.md")])
    add_data_option(p_export, reads_stdin=True)
    add_filter_options(p_export)
    p_export.add_argument("-o", "--output", default="-", metavar="FILE", type=path_argument("-o"),
                          help="file to write, or - for standard output (default)")
    add_stale_option(p_export)
    add_now_option(p_export, "generation time to record (default: $SOURCE_DATE_EPOCH, else now)")
    add_at_option(p_export)
    p_export.add_argument("--since", default=None, metavar="DATE",
                          help='add a "Changes since DATE" section after the matrix: YYYY-MM-DD (from the start '
                               "of that day, UTC), YYYY-MM, or YYYY-MM-DDTHH:MM:SSZ")
    p_export.add_argument("--brief", action="store_true",
                          help="the brief form: per member only the disclosed commitments, only the events about "
                               "the members shown, only the sources cited")

    p_validate = command_parser(
        sub, "validate", summary="check a data file and list every problem",
        description="Check a data file against every rule (fields, vocabularies, references between tables, "
                    "history) and list every problem, one per line, naming the table, record and field; exit 1 "
                    "when there is any. A version-3 file is proved against its history log: every value must be "
                    "what its history says. With --against REV, the log must also hold every entry it held at "
                    "git revision REV, unchanged (what the pre-commit hook of setup-git checks against HEAD).",
        example=[("check the data file in use", "pledge-tui validate"),
                 ("check a colleague's copy", "pledge-tui validate their-commitments.json"),
                 ("check what git has staged, as a script would", "git show :data/commitments.json | "
                  "pledge-tui validate - --format json"),
                 ("and that no history entry was removed or changed since the last commit",
                  "pledge-tui validate data/commitments.json --against HEAD")])
    p_validate.add_argument("file", nargs="?", metavar="FILE", type=path_argument("FILE"),
                            help="data file, or - to read standard input (default: as for --data)")
    p_validate.add_argument("--strict", action="store_true",
                            help="a record that breaks the status rule (a pledged record that depends on more than "
                                 "a ceasefire and a national vote or decision) is an error, not a warning")
    p_validate.add_argument("--against", metavar="REV", default=None,
                            help="git: also check that history is append-only since revision REV (every entry "
                                 "of the file's history log at REV is still in the log, unchanged); REV:PATH "
                                 "names the file's path in the repository when FILE is a copy")
    p_validate.add_argument("--format", default="text", choices=("text", "json"),
                            help="output format: text (problems on standard error, the verdict on standard output) "
                                 "or JSON (one object on standard output: file, valid, counts, problems, warnings) "
                                 "(default: text)")
    return {"list": cmd_list, "show": cmd_show, "export": cmd_export, "validate": cmd_validate}


def checked_data_path(option: str | None) -> str:
    """The data file to read (`paths.resolve_data_path`), after making sure that neither standard output
    nor standard error is that file (`pledge-tui export >> DATA`): checked before anything is written."""
    path = resolve_data_path(option)
    if not is_stdin(path):
        refuse_output_onto(path)
    return path


def _as_recorded(dataset: Dataset, args: argparse.Namespace) -> Dataset:
    """The dataset as recorded at `--at` (`views.recorded.as_recorded`), or as it is without it."""
    if getattr(args, "at", None) is None:
        return dataset
    from pledge_tui.views.recorded import as_recorded

    return as_recorded(dataset, args.at).dataset


def _reads_history(args: argparse.Namespace) -> bool:
    """`--at` reads the history (`load_input`'s `reads_history`)."""
    return getattr(args, "at", None) is not None


def _check_at(args: argparse.Namespace) -> None:
    """A malformed or future `--at` is a usage error before the file is read."""
    if getattr(args, "at", None) is not None:
        from pledge_tui.views.clocks import check_at

        check_at(args.at)


def _with_stale(f: Filter, dataset: Dataset, months: int | None, today: date) -> Filter:
    """The filter with its `--stale MONTHS` part resolved against `dataset` (`views.freshness.stale_filter`)."""
    if months is None:
        return f
    from pledge_tui.views.freshness import stale_filter

    return f._replace(stale=stale_filter(dataset, months, today))


def _stale_months(args: argparse.Namespace, attribute: str = "stale") -> int | None:
    """`--stale MONTHS` as a number (a usage error for anything but 1 to 1200); None when not given."""
    given = getattr(args, attribute, None)
    if given is None:
        return None
    from pledge_tui.views.freshness import parse_stale

    return parse_stale(given)


def cmd_list(args: argparse.Namespace) -> int:
    """`list`: the filtered members as a table, JSON or CSV. With `--type`, JSON and CSV carry only
    the records of the selected types; JSON gives each disclosed cell's newest source and its age. `--at`
    lists the data as recorded then; `--stale MONTHS` keeps the members with a claim on old sources."""
    from pledge_tui.formats import listing
    from pledge_tui.views.clocks import reference_time
    from pledge_tui.views.filters import apply_filter

    path = checked_data_path(args.data)
    f = filter_from(args)
    _check_at(args)
    months = _stale_months(args)
    today = reference_time(args.now, os.environ).date()
    if args.format == "json":
        _import_encoder_meanwhile(path)
    loaded = load_input(path, trust_cache=True, reads_history=_reads_history(args), whole_entries=False)
    dataset = _as_recorded(loaded.dataset, args)
    f = _with_stale(f, dataset, months, today)
    members = apply_filter(dataset.members, f, args.sort)
    if args.format == "json":
        from pledge_tui.views.freshness import freshness_on

        fresh = freshness_on(dataset, today)
        write_utf8(listing.render_json_utf8(members, pretty=output_is_terminal(), types=f.types, fresh=fresh))
    elif args.format == "csv":
        write_utf8(listing.render_csv(members, types=f.types))
    else:
        write(_recorded_note(args) + listing.render_table(members, dataset.members, ascii_only=not _can_show_glyphs()))
    return 0


def _import_encoder_meanwhile(path: str) -> None:
    """For a file of a few hundred members or more, whose JSON msgspec will write (`listing.MSGSPEC_FROM`),
    import msgspec in a thread while this one reads and hashes the file (both release the interpreter's
    lock): 2-3 ms of its 7 at 1,000 members (benchmarks/PROFILE.md A9)."""
    from pledge_tui.dataset.store import TYPED_FROM_BYTES

    try:
        large = not is_stdin(path) and os.stat(path).st_size >= TYPED_FROM_BYTES
    except OSError:
        return
    if large and "msgspec" not in sys.modules:
        from pledge_tui import background

        def load() -> None:
            with contextlib.suppress(ImportError):
                import pledge_tui.dataset.msgspec_import  # noqa: F401

        background.start(load)


def _recorded_note(args: argparse.Namespace) -> str:
    """The first line of a text output of the past (`--at`): "As recorded at 2026-10-01 (UTC), rebuilt from
    its history." (the machine formats carry the data only)."""
    if getattr(args, "at", None) is None:
        return ""
    from pledge_tui.dataset.catalogue import AS_RECORDED_AT

    return f"{AS_RECORDED_AT.capitalize()} {clean_line(args.at.strip())} (UTC), rebuilt from its history.\n"


def _can_show_glyphs() -> bool:
    """True when standard output's encoding can write the status glyphs and the ellipsis."""
    try:
        "".join(t.glyph for t in STATUSES.terms).encode(output_encoding())
        "…".encode(output_encoding())
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def cmd_show(args: argparse.Namespace) -> int:
    """`show MEMBER [--format text|json|md]`: one member in full. An id wins over a name; a name two members
    share is a usage error that lists them."""
    from pledge_tui.views.clocks import reference_time

    _check_at(args)
    today = reference_time(args.now, os.environ).date()
    dataset = _as_recorded(load_input(checked_data_path(args.data), trust_cache=True,
                                      reads_history=_reads_history(args), whole_entries=False).dataset, args)
    member = one_member(dataset, args.member)
    if args.format == "json":
        from pledge_tui.formats import listing

        write_utf8(listing.render_member_json(dataset, member, pretty=output_is_terminal(), today=today))
    elif args.format == "md":
        from pledge_tui.formats import snapshot

        write_utf8(snapshot.render_member_markdown(dataset, member))
    else:
        from pledge_tui.formats import listing

        write(_recorded_note(args) + listing.render_member(dataset, member, today))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """`export [--since DATE] [--brief]`: the Markdown snapshot of the filtered view, to a file or standard
    output (UTF-8 bytes either way, so the two are identical)."""
    from pledge_tui.formats import snapshot

    path = checked_data_path(args.data)
    f = filter_from(args)
    generated_at = snapshot.resolve_generated_at(args.now, os.environ)
    if args.since is not None:
        from pledge_tui.views.clocks import since_moment

        since_moment(args.since)  # a bad date is a usage error before the file is read
    _check_at(args)
    months = _stale_months(args)
    loaded = load_input(path, trust_cache=True, reads_history=_reads_history(args) or args.since is not None,
                        whole_entries=args.since is not None)
    at = None
    if args.at is not None:
        from pledge_tui.dataset.model import LoadedDataset
        from pledge_tui.views.recorded import as_recorded

        at = as_recorded(loaded.dataset, args.at)
        loaded = LoadedDataset(at.dataset, loaded.path, loaded.sha256)
    f = _with_stale(f, loaded.dataset, months, generated_at.date())
    text = snapshot.render_snapshot(loaded, f, args.sort, generated_at, since=args.since, brief=args.brief,
                                    at=at.at if at is not None else None)
    if args.output == "-":
        write_utf8(text)
    else:
        with signals_exit():  # a SIGTERM or SIGHUP mid-write still removes the temporary file
            written = snapshot.write_snapshot(text, args.output, data_path=path)
        say(f"{PROG}: wrote {written}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """`validate [FILE] [--strict] [--format text|json]`: every problem, one per line, then a count; or one JSON
    object on standard output (exit 1 all the same when the file is invalid). A version-3 file is proved
    against its history log (`dataset.proof`): every value explained by its history, the log's entries intact.
    A record that breaks the status rule (`dataset.status_rule`) is a warning (exit 0), or with `--strict` an
    error like the others (exit 1)."""
    from pledge_tui.dataset.status_rule import breaches
    from pledge_tui.views.present import totals_in_words

    path = checked_data_path(args.file or getattr(args, "data", None))
    name = input_name(path)
    earlier = _earlier_log(path, getattr(args, "against", None))

    def refused(problems: list[Located], exit_code: int) -> int:
        if args.format == "json":
            from pledge_tui.formats.validation import render_validation_json

            write_utf8(render_validation_json(name, None, problems, pretty=output_is_terminal(),
                                              against=_against_json(earlier)))
            return exit_code
        for problem, where in problems:
            say(f"{PROG}: error: {problem.describe(where)}")
        say(f"{PROG}: {len(problems)} problem{'s' if len(problems) != 1 else ''} found in {name}")
        return exit_code

    try:
        loaded = load_input(path)
    except DataError as exc:
        return refused([(p, exc.path) for p in exc.problems], exc.exit_code)
    d = loaded.dataset
    if d.meta.schema_version == 3:
        found = history_problems(path, name, d, earlier)
        if found:
            return refused(found, 1)
    elif earlier is not None and earlier.rows is not None:
        return refused([(Problem(f"is schema version {d.meta.schema_version}, but at {earlier.revision} it had a "
                                 f"history log ({earlier.name}): a file is never downgraded, and its history "
                                 "would be lost"), name)], 1)
    rule = [(Problem(b.message, "commitments", f'"{b.key}"', "status"), name) for b in breaches(d.members)]
    if rule and getattr(args, "strict", False):
        return refused(rule, 1)
    if args.format == "json":
        from pledge_tui.formats.validation import render_validation_json

        write_utf8(render_validation_json(name, d, (), warnings=rule, pretty=output_is_terminal(),
                                          against=_against_json(earlier)))
        return 0
    for problem, where in rule:
        say(f"{PROG}: warning: {problem.describe(where)}")
    commitments = sum(len(m.commitments) for m in d.members)
    kept = ""
    if earlier is not None and earlier.rows is not None:
        count = len(earlier.rows)
        kept = (f"; history append-only since {clean_line(earlier.revision)} ({count} "
                f"entr{'y' if count == 1 else 'ies'} there, all kept)")
    write(f"{shown_path(name)}: valid ({totals_in_words(d.members)}, {commitments} commitments, "
          f"{len(d.sources)} sources, {len(d.events)} events; as of {d.meta.as_of}){kept}\n")
    return 0


def _earlier_log(path: str, against: str | None) -> EarlierLog | None:
    """`--against REV`: the file's history log at REV (`cli.against`), checked before the file is read so that
    a bad revision is a usage error first; says so when there is nothing to compare."""
    if against is None:
        return None
    if is_stdin(path):
        raise UsageError("--against compares the file's history log with the log at a git revision; standard "
                         "input comes without its log: name the data file")
    from pledge_tui.cli.against import earlier_log

    earlier = earlier_log(path, against)
    if earlier.rows is None:
        say(f"{PROG}: note: --against {clean_line(earlier.revision)}: nothing to compare: {earlier.why_none}; the "
            "rest is checked")
    return earlier


def _against_json(earlier: EarlierLog | None) -> dict[str, object] | None:
    """What `--format json` says of `--against`: the revision, and how many of its entries were compared
    (null: nothing to compare)."""
    if earlier is None:
        return None
    return {"revision": earlier.revision, "log": earlier.name,
            "entries": len(earlier.rows) if earlier.rows is not None else None}


Located = tuple[Problem, str]
"""A problem and the file it is about (the data file, or its history log)."""


def history_problems(path: str, name: str, dataset: Dataset, earlier: EarlierLog | None = None) -> list[Located]:
    """The proof of a version-3 file (README "Editing"): the data file's problems named by its name, the
    log's by the log's. Without the log (missing, or the data came through a pipe) the data file is still
    checked against the digests its `heads` table keeps, so a record edited by hand is named either way.
    With `earlier` (`--against REV`), every entry of the log at REV must still be in the log, unchanged."""
    from pledge_tui.dataset import append_only, log, proof
    from pledge_tui.dataset.history import clock

    tables = proof.tables_of(dataset)
    if is_stdin(path):
        return [(p, name) for p in proof.digest_problems(tables)]
    source = log.FileLog(log.log_path(path))
    try:
        rows, problems = log.read_entries(source)
    except DataError as exc:
        return [*((p, exc.path) for p in exc.problems), *((p, name) for p in proof.digest_problems(tables))]
    found = proof.check(tables, rows, now=clock(), sources_known=set(dataset.sources))
    kept = append_only.compare(earlier.rows or (), rows, earlier.revision) if earlier is not None else []
    return [*((p, name) for p in found.data), *((p, source.name) for p in [*problems, *found.log, *kept])]


def cmd_browse(args: argparse.Namespace) -> int:
    """No command: open the browser on the resolved data file.

    A broken install (Textual missing) is an error like any other, never hidden behind a plain table.
    """
    from pledge_tui.config import setting
    from pledge_tui.dataset import store
    from pledge_tui.dataset.model import History

    found = setting("export_dir", args.export_dir)
    export_dir = found.value or "."
    if not os.path.isdir(export_dir):
        raise UsageError(f"export folder {export_dir!r} does not exist or is not a folder ({found.source})")
    since = getattr(args, "browse_since", None)
    if since is not None:
        from pledge_tui.views.clocks import since_moment

        since_moment(since)  # a bad date is a usage error before anything is drawn (exit 2)
    theme = setting("theme", getattr(args, "theme", None))
    at = getattr(args, "browse_at", None)
    if at is not None:
        from pledge_tui.views.clocks import check_at

        check_at(at)  # a malformed or future date is a usage error before anything is drawn
    path = resolve_data_path(args.data)
    if is_stdin(path):
        raise UsageError("--data -: the browser reads the keyboard from standard input, so it cannot read the "
                         "data there too; name the data file (or use list, show or export with --data -)")
    view_filter = filter_from(args, prefix="browse_")  # `pledge-tui --type air`: the errors of `list`
    months = _stale_months(args, "browse_stale")
    from pledge_tui.ui.watching import FileWatcher, watched_paths

    watcher = FileWatcher(watched_paths(path))  # before the read: a change made during it is seen at once
    loaded = store.load(path, trust_cache=True)  # a bad file is reported here, before anything is drawn (the
    # history log is read when a view needs it: the detail pane reads the member's entries alone,
    # `History.of_member`)
    if isinstance(loaded.dataset.history, History):
        loaded.dataset.history.read_ahead()  # its bytes, while Textual is imported below
    recorded_at = None
    if at is not None:
        from pledge_tui.dataset.model import LoadedDataset
        from pledge_tui.views.recorded import as_recorded

        past = as_recorded(loaded.dataset, at)  # before history began: a usage error naming the start
        loaded, recorded_at = LoadedDataset(past.dataset, loaded.path, loaded.sha256), past.at
    if months is not None:
        from pledge_tui.views.clocks import reference_time

        view_filter = _with_stale(view_filter, loaded.dataset, months, reference_time(None, os.environ).date())
    with store.collector_paused(freeze=True):  # Textual's import: 10 ms less, frozen as the dataset is
        from pledge_tui.ui.app import run_browser
    store.unpin()  # the app holds the dataset (and the next one, after a save)

    return run_browser(loaded, export_dir=export_dir, since=since, read_only=getattr(args, "read_only", False),
                       theme=theme.value, theme_source=theme.source, view_filter=view_filter,
                       sort=getattr(args, "browse_sort", None) or "name", watcher=watcher, recorded_at=recorded_at)
