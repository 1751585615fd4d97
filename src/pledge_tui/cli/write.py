"""The write commands (README "Editing"): `init`, `set`, `unset`, `add-member`, `edit-member`,
`add-source`, `edit-source`, `add-event`, `edit-event`, `edit-meta`, `undo`, `adopt`.

Each handler turns its options into an edit (`dataset.edits`) and hands it to `dataset.commit.commit`,
the one write path; nothing here touches the file. The dataset modules are imported by the handlers, so
that the read commands do not pay for them. Types, statuses, conditions, roles and the other
vocabularies accept the slug or the label, in any case (README "Vocabulary"). Every message is one line on
standard error; `add-source` and `add-event` print the new id on standard output for scripts.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pledge_tui.cli.common import PROG, add_data_option, completes_with, say, write
from pledge_tui.cli.helptext import command_parser
from pledge_tui.cli.inputs import refuse_stdin
from pledge_tui.dataset.catalogue import LEAD, field_words, label
from pledge_tui.dataset.vocab import CONDITIONS, NOT_DISCLOSED, TYPES
from pledge_tui.errors import RefusedError, UsageError, printable
from pledge_tui.paths import bundled_data_path, resolve_data_path
from pledge_tui.sanitize import has_visible_text
from pledge_tui.views.filters import parse_slug

if TYPE_CHECKING:
    from pledge_tui.dataset.commit import Committed, Edit, ReadsLog

Handler = Callable[[argparse.Namespace], int]

NOT_SETTABLE = {NOT_DISCLOSED: "a missing record is what it means: `unset` removes a record"}
"""`set` takes a stored status only."""


def slug(value: str, vocabulary: str, where: str | None = None) -> str:
    """The slug a command-line value names (`views.filters.parse_slug`, the one parser of every command)."""
    return parse_slug(value, vocabulary, where, refused=NOT_SETTABLE if vocabulary == "statuses" else None)


def split_ids(values: Iterable[str]) -> list[str]:
    """Repeatable, comma-separated ids in the order given, without blanks or repeats."""
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            if (item := part.strip()) and item not in out:
                out.append(item)
    return out


def _positive(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a caveat number (1, 2, ...), got {value[:20]!r}")
    return int(value)


def _check_text(args: argparse.Namespace) -> None:
    """Refuse argument text that cannot be stored as UTF-8 (bytes the locale could not decode)."""
    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    raise UsageError(f"--{name.replace('_', '-')}: the text is not valid UTF-8") from None


def data_path(args: argparse.Namespace) -> str:
    """The data file a write command changes (resolved as for reading); an empty --data is refused
    rather than silently meaning the default file, and so is `-` (standard input cannot be changed)."""
    if getattr(args, "data", None) == "":
        raise UsageError("--data is empty: name the data file to change")
    path = resolve_data_path(args.data)
    refuse_stdin(path, args.command, "it changes the file")
    return path


def commit_write(args: argparse.Namespace, make: Callable[[str], Edit | ReadsLog], *, dry_run: bool = False,
                 not_before: str = "") -> Committed:
    """Run one write: `make(today)` builds the edit; the refused change's problems are listed one per line.
    `not_before`: the earliest time its entries may have (the clock's, unless that is earlier)."""
    from pledge_tui.dataset import history
    from pledge_tui.dataset.commit import commit

    _check_text(args)
    path = data_path(args)
    by = history.author(args.by)
    at = max(history.clock(), not_before)
    try:
        return commit(path, make(at[:10]), by=by, at=at, dry_run=dry_run)
    except RefusedError as exc:
        for line in exc.lines():
            say(f"{PROG}: error: {line}")
        raise


def _upgraded(done: Committed) -> str:
    return (f"; the file was upgraded to schema version 3 (history entry {done.upgrade_id})"
            if done.upgraded else "")


def _write(args: argparse.Namespace, make: Callable[[str], Edit | ReadsLog]) -> int:
    """Run one write and report the outcome in one line; `add-source` and `add-event` print the new id."""
    done = commit_write(args, make)
    change = done.change
    if done.entry_id is None or change is None:
        say(f"{PROG}: nothing to change: {change.key if change else 'the data'} is already so; nothing written")
        return 0
    say_clock(done)
    reverted = f", reverting history entry {change.undoes}" if change.undoes is not None else ""
    say(f"{PROG}: {change.action} {change.key} (history entry {done.entry_id}{reverted}){_upgraded(done)}")
    if change.action in ("add-source", "add-event") and sys.stdout is not None:
        write(f"{change.key}\n")  # with standard output closed, the line above has said it
    return 0


def say_clock(done: Committed) -> None:
    """Say so when this machine's clock was behind the newest history entry (the entries took its time)."""
    if done.clock_behind is not None and done.entry_ids:
        say(f"{PROG}: warning: this machine's clock ({done.clock_behind}) is behind the newest history entry "
            f"({done.at}); the change is recorded at {done.at} instead, so that history never goes backwards "
            "(check the clock)")


# --- the parsers ---------------------------------------------------------------------------------------


def _parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str, *,
            description: str, example: Sequence[tuple[str, str]], sources: bool = True, note: bool = True) -> Any:
    """A write command's parser with the options they share: --data, --source, --note, --by."""
    parser = command_parser(sub, name, summary=help_text, description=description, example=example)
    add_data_option(parser)
    if sources:
        parser.add_argument("--source", action="append", required=True, metavar="ID[,ID...]",
                            help="the source ids that justify the change (repeatable, comma-separated; required)")
    if note:
        parser.add_argument("--note", default="", metavar="TEXT", help="why, in a few words (kept in the history)")
    parser.add_argument("--by", default=None, metavar="NAME",
                        help="who makes the change (default: $PLEDGE_TUI_USER, else the settings file's `user`, "
                             "else the login name)")
    return parser


_WRITES = ("Every change is checked against the whole dataset and written all at once, with one history entry "
           "(who, when, the sources, the note); nothing is written when the result would not validate.")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add the write commands to the parser; return their handlers by name."""
    p = command_parser(
        sub, "init", summary="copy the bundled dataset to FILE, to start editing it",
        description="Copy the bundled dataset (or --data FILE, when given) to a new FILE, byte for byte, to edit "
                    "it with the write commands; never overwrites a file. The copy inside the installed package "
                    "is never written.",
        example=[("a copy of the bundled data to edit", "pledge-tui init mine.json"),
                 ("then edit it", 'pledge-tui --data mine.json set PL logistics pledged --source S24 --note "..."')])
    add_data_option(p)
    p.add_argument("file", metavar="FILE", help="the new data file")

    p = _parser(sub, "set", "create or replace one member's record for one contribution type",
                description="Create or replace one member's record for one contribution type; the fields not "
                            "given keep their old values (a new record needs --summary). " + _WRITES,
                example=[("record that Poland pledged logistics, citing source S24",
                          'pledge-tui --data mine.json set PL logistics pledged --source S24 --note "confirmed by '
                          'the MoD"'),
                         (f"a new record: {LEAD.label}, on condition of a ceasefire",
                          'pledge-tui --data mine.json set GB air-patrol conditional --lead --condition ceasefire '
                          '--summary "..." --source S12')])
    p.add_argument("member", metavar="MEMBER", help="member id (any case) or exact name")
    p.add_argument("type", metavar="TYPE", help="contribution type, slug or label: " + ", ".join(TYPES))
    p.add_argument("status", metavar="STATUS", help="pledged, conditional, considering or ruled-out")
    p.add_argument("--summary", metavar="TEXT", help="what was said (required when creating the record)")
    conditions = p.add_mutually_exclusive_group()
    completes_with(conditions.add_argument("--condition", action="append", metavar="SLUG",
                                           help="condition (repeatable, comma-separated): replaces the record's "
                                                "list; " + ", ".join(CONDITIONS)), CONDITIONS)
    conditions.add_argument("--no-conditions", action="store_true", help="empty the record's conditions")
    p.add_argument("--lead", action=argparse.BooleanOptionalAction, default=None,
                   help=f"{LEAD.meaning} (--no-lead: not {LEAD.label})")
    p.add_argument("--quantity", metavar="TEXT", help='e.g. "company-sized unit"; "" clears it')
    p.add_argument("--stated-on", metavar="DATE", help="YYYY-MM or YYYY-MM-DD (new records default to today)")

    p = _parser(sub, "unset", f"remove one member's record for one type (the cell becomes "
                              f"{label('statuses', NOT_DISCLOSED)})",
                description="Remove one member's record for one contribution type, for a retraction or a record "
                            f"that proved wrong: the cell becomes {label('statuses', NOT_DISCLOSED)}. " + _WRITES,
                example=[("a record that proved wrong, with the source that corrects it",
                          'pledge-tui --data mine.json unset IT training --source S80 --note "misreported"')],
                note=False)
    p.add_argument("member", metavar="MEMBER", help="member id (any case) or exact name")
    p.add_argument("type", metavar="TYPE", help="contribution type, slug or label")
    p.add_argument("--note", required=True, metavar="TEXT", help="why the record goes (required)")

    p = _parser(sub, "add-member", "add a member, partner or institution",
                description="Add a member, partner or institution, with its stance and caveats; its commitments are "
                            "then added with `set`. " + _WRITES,
                example=[("a new coalition member", 'pledge-tui --data mine.json add-member MT --name Malta '
                          '--role member --eu --stance "..." --source S151')])
    p.add_argument("id", metavar="ID", help="e.g. an ISO 3166-1 alpha-2 code")
    p.add_argument("--name", required=True, metavar="TEXT", help="the name as the reader should see it")
    p.add_argument("--role", required=True, metavar="SLUG", help="member, partner, institution or coalition")
    p.add_argument("--eu", action="store_true", help="an EU member")
    p.add_argument("--nato", action="store_true", help="a NATO member")
    p.add_argument("--stance", required=True, metavar="TEXT", help="one line")
    p.add_argument("--caveat", action="append", default=[], metavar="TEXT", help="a caveat (repeatable)")
    p.add_argument("--approval", default="unknown", metavar="SLUG",
                   help=f"{field_words('approval')}: required, obtained, not-required, unknown (default: unknown)")
    p.add_argument("--summit", default="unknown", metavar="SLUG",
                   help=f"attendance at the {field_words('summit_2025_09_04')}: in-person, video, absent, "
                        "unknown (default: unknown)")

    p = _parser(sub, "edit-member", "change a member's stance, caveats, approval or summit attendance",
                description=f"Change a member's stance, caveats, {field_words('approval')} or summit attendance; what "
                            "is not given stays as it is. " + _WRITES,
                example=[("a new stance", 'pledge-tui --data mine.json edit-member PL --stance "..." --source S24'),
                         ("replace the second caveat", 'pledge-tui --data mine.json edit-member PL --remove-caveat 2 '
                          '--add-caveat "..." --source S24')])
    p.add_argument("member", metavar="MEMBER", help="member id (any case) or exact name")
    p.add_argument("--stance", metavar="TEXT", help="the new stance, one line")
    p.add_argument("--add-caveat", action="append", default=[], metavar="TEXT", help="append a caveat (repeatable)")
    p.add_argument("--remove-caveat", action="append", default=[], type=_positive, metavar="N",
                   help="remove caveat N, numbered from 1 as `show` lists them (repeatable; before additions)")
    p.add_argument("--approval", metavar="SLUG",
                   help=f"{field_words('approval')}: required, obtained, not-required, unknown")
    p.add_argument("--summit", metavar="SLUG",
                   help=f"attendance at the {field_words('summit_2025_09_04')}: in-person, video, absent, unknown")

    p = _parser(sub, "add-source", "add a source; prints its id",
                description="Add a source (a publication a claim rests on) and print its id on standard output, "
                            "for the next command's --source. " + _WRITES,
                example=[("add a news report; its new id goes into $S for the next command's --source",
                          'S=$(pledge-tui --data mine.json add-source --publisher Reuters --title "..." '
                          '--date 2026-03-12 --url "https://..." --tier B)')],
                sources=False)
    p.add_argument("--id", metavar="ID", help="default: the next free S<n>")
    p.add_argument("--publisher", required=True, metavar="TEXT", help="who published it (an outlet, a ministry)")
    p.add_argument("--title", required=True, metavar="TEXT", help="its title or headline")
    p.add_argument("--date", required=True, metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--url", required=True, metavar="URL", help='http(s) address, or "" if not captured')
    p.add_argument("--tier", required=True, metavar="A|B|C", help="A official text, B established outlet, C weak")

    p = _parser(sub, "edit-source", "change a source's publisher, title, date, address or tier (its id stays)",
                description="Correct a source's publisher, title, date, address or tier under the same id, so that "
                            "every record citing it keeps citing it; what is not given stays as it is. " + _WRITES,
                example=[("a source whose tier was too high",
                          'pledge-tui --data mine.json edit-source S161 --tier C --source S161 '
                          '--note "only the summaries were read"')])
    p.add_argument("source_id", metavar="SOURCE", help="source id (S0, S1, ...)")
    p.add_argument("--publisher", metavar="TEXT", help="the new publisher")
    p.add_argument("--title", metavar="TEXT", help="the new title")
    p.add_argument("--date", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--url", metavar="URL", help='http(s) address, or "" if not captured')
    p.add_argument("--tier", metavar="A|B|C", help="A official text, B established outlet, C weak")

    p = _parser(sub, "add-event", "add a timeline event; prints its id",
                description="Add a timeline event (a summit, a declaration, a vote) and print its id. " + _WRITES,
                example=[("a summit", 'pledge-tui --data mine.json add-event --date 2026-03-11 --title "..." '
                          '--summary "..." --source S140')])
    p.add_argument("--id", metavar="ID", help="default: the next free E<n>")
    p.add_argument("--date", required=True, metavar="DATE", help="YYYY-MM or YYYY-MM-DD")
    p.add_argument("--title", required=True, metavar="TEXT", help="a short title")
    p.add_argument("--summary", required=True, metavar="TEXT", help="what happened, in a sentence or two")

    p = _parser(sub, "edit-event", "change a timeline event",
                description="Change a timeline event's date, title or summary; what is not given stays as it is. "
                            + _WRITES,
                example=[("correct an event's date",
                          "pledge-tui --data mine.json edit-event E12 --date 2026-03-12 --source S140")])
    p.add_argument("event", metavar="EVENT", help="event id (E1, E2, ...)")
    p.add_argument("--date", metavar="DATE", help="YYYY-MM or YYYY-MM-DD")
    p.add_argument("--title", metavar="TEXT", help="the new title")
    p.add_argument("--summary", metavar="TEXT", help="the new summary")

    p = _parser(sub, "edit-meta", "change the as-of date, the summary or the attributed figure's note and sources",
                description="Change the dataset's information: its as-of date, its summary, or the note and sources "
                            "of the attributed figure the header quotes. " + _WRITES,
                example=[("the data is now as of 1 December",
                          "pledge-tui --data mine.json edit-meta --as-of 2026-12-01 --source S150")])
    p.add_argument("--as-of", metavar="DATE", help="the date the data describes, YYYY-MM-DD or YYYY-MM")
    p.add_argument("--summary", metavar="TEXT", help="what the data covers")
    p.add_argument("--reported-note", metavar="TEXT", help="the attributed figure's note")
    p.add_argument("--reported-sources", action="append", metavar="ID[,ID...]",
                   help="replaces the attributed figure's sources")

    p = _parser(sub, "undo", "revert a history entry (default: the newest change not yet undone), as a new entry",
                description="Revert one history entry as a new entry (history is never rewritten): by default the "
                            "newest change not yet undone, or the entry named by its id. It says who made the change, "
                            "when, and what it reverts; it reverts only if the record still is as that entry left it "
                            "(else exit 3, naming the later entries). " + _WRITES,
                example=[("take back the last change", 'pledge-tui --data mine.json undo --note "wrong member"'),
                         ("see what undoing a named entry would do", "pledge-tui --data mine.json undo h3f9a2c10b "
                          "--dry-run")],
                sources=False)
    p.add_argument("entry", nargs="?", metavar="ENTRY",
                   help="the id of the entry to revert (h3f9a2c10b: `pledge-tui history` lists them)")
    p.add_argument("--dry-run", action="store_true", help="say what would be reverted, and write nothing")

    p = _parser(sub, "adopt", "record every record that differs from its history (a hand edit) as an adopt entry",
                description="Bring hand edits under provenance: every record that differs from what its history "
                            "leads to (or has no history) gets one `adopt` entry, citing the sources given. With "
                            "nothing to adopt it says so and writes nothing. " + _WRITES,
                example=[("adopt a stance corrected in an editor",
                          'pledge-tui --data mine.json adopt --source S24 --note "typo fixed by hand"')],
                note=False)
    p.add_argument("--note", required=True, metavar="TEXT", help="why the records differ (required)")
    return {"init": cmd_init, "set": cmd_set, "unset": cmd_unset, "add-member": cmd_add_member,
            "edit-member": cmd_edit_member, "add-source": cmd_add_source, "edit-source": cmd_edit_source,
            "add-event": cmd_add_event, "edit-event": cmd_edit_event, "edit-meta": cmd_edit_meta, "undo": cmd_undo,
            "adopt": cmd_adopt}


# --- the handlers --------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    """`init FILE`: copy the bundled dataset (or --data, when given) to a new file, byte for byte, with its
    history log (a version-3 file's log is copied beside the new file; neither is ever overwritten)."""
    from pledge_tui.dataset import files, log, store

    _check_text(args)
    refuse_stdin(args.data, "init", "it copies a data file byte for byte")
    if not args.file:
        raise UsageError("init needs a file name")
    if files.is_packaged_copy(args.file):
        raise UsageError(printable(f"{args.file} is inside the installed package; choose a file elsewhere"))
    source = data_path(args) if args.data is not None else str(bundled_data_path())
    loaded = store.load(source)  # only a valid dataset is copied
    data = store.read_bytes(source)
    if loaded.dataset.meta.schema_version < 3:
        files.write_atomic(args.file, data, create=True)
    else:
        history = log.FileLog(log.log_path(source)).content()
        new_log = log.log_path(args.file)
        if os.path.lexists(args.file):
            raise files.AlreadyExists(printable(f"{args.file} already exists; `init` never overwrites a file"))
        files.write_atomic(new_log, history, create=True)
        try:
            files.write_atomic(args.file, data, create=True)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(new_log)
            raise
    say(f"{PROG}: created {args.file} from {source}; edit it with --data {args.file}")
    return 0


def _conditions(args: argparse.Namespace) -> list[str] | None:
    if args.no_conditions:
        return []
    if args.condition is None:
        return None
    if any(not split_ids([value]) for value in args.condition):
        # `--condition "$UNSET"` would otherwise empty the record's conditions without a word
        raise UsageError("--condition is empty: name a condition, or give --no-conditions to empty the list")
    return [slug(c, "conditions") for c in split_ids(args.condition)]


def _optional_slug(value: str | None, vocabulary: str, where: str | None = None) -> str | None:
    return None if value is None else slug(value, vocabulary, where)


def cmd_set(args: argparse.Namespace) -> int:
    """`set MEMBER TYPE STATUS`."""
    from pledge_tui.dataset import edits

    type_, status = slug(args.type, "types", "TYPE"), slug(args.status, "statuses", "STATUS")
    conditions = _conditions(args)
    return _write(args, lambda today: functools.partial(
        edits.set_commitment, member=args.member, type_=type_, status=status, sources=split_ids(args.source),
        today=today, summary=args.summary, conditions=conditions, lead=args.lead, quantity=args.quantity,
        stated_on=args.stated_on, note=args.note))


def cmd_unset(args: argparse.Namespace) -> int:
    """`unset MEMBER TYPE`."""
    from pledge_tui.dataset import edits

    if not has_visible_text(args.note):  # spaces or invisible characters only: as blank as ""
        raise UsageError("--note must say why the record goes")
    type_ = slug(args.type, "types", "TYPE")
    return _write(args, lambda _: functools.partial(
        edits.unset_commitment, member=args.member, type_=type_, sources=split_ids(args.source), note=args.note))


def cmd_add_member(args: argparse.Namespace) -> int:
    """`add-member ID`."""
    from pledge_tui.dataset import edits

    role, approval = slug(args.role, "roles"), slug(args.approval, "approvals")
    summit = slug(args.summit, "attendance", "--summit")
    return _write(args, lambda _: functools.partial(
        edits.add_member, member_id=args.id, name=args.name, role=role, stance=args.stance, eu=args.eu,
        nato=args.nato, caveats=args.caveat, approval=approval, summit=summit, sources=split_ids(args.source),
        note=args.note))


def cmd_edit_member(args: argparse.Namespace) -> int:
    """`edit-member MEMBER`."""
    from pledge_tui.dataset import edits

    approval = _optional_slug(args.approval, "approvals")
    summit = _optional_slug(args.summit, "attendance", "--summit")
    return _write(args, lambda _: functools.partial(
        edits.edit_member, member=args.member, stance=args.stance, add_caveats=args.add_caveat,
        remove_caveats=args.remove_caveat, approval=approval, summit=summit, sources=split_ids(args.source),
        note=args.note))


def cmd_add_source(args: argparse.Namespace) -> int:
    """`add-source`: prints the new id."""
    from pledge_tui.dataset import edits

    tier = slug(args.tier, "tiers")
    return _write(args, lambda _: functools.partial(
        edits.add_source, source_id=args.id, publisher=args.publisher, title=args.title, date=args.date,
        url=args.url, tier=tier, note=args.note))


def cmd_edit_source(args: argparse.Namespace) -> int:
    """`edit-source SOURCE`."""
    from pledge_tui.dataset import edits

    tier = _optional_slug(args.tier, "tiers")
    return _write(args, lambda _: functools.partial(
        edits.edit_source, source=args.source_id, publisher=args.publisher, title=args.title, date=args.date,
        url=args.url, tier=tier, sources=split_ids(args.source), note=args.note))


def cmd_add_event(args: argparse.Namespace) -> int:
    """`add-event`: prints the new id."""
    from pledge_tui.dataset import edits

    return _write(args, lambda _: functools.partial(
        edits.add_event, event_id=args.id, date=args.date, title=args.title, summary=args.summary,
        sources=split_ids(args.source), note=args.note))


def cmd_edit_event(args: argparse.Namespace) -> int:
    """`edit-event EVENT`."""
    from pledge_tui.dataset import edits

    return _write(args, lambda _: functools.partial(
        edits.edit_event, event=args.event, date=args.date, title=args.title, summary=args.summary,
        sources=split_ids(args.source), note=args.note))


def cmd_edit_meta(args: argparse.Namespace) -> int:
    """`edit-meta`."""
    from pledge_tui.dataset import edits

    reported: Sequence[str] | None = None if args.reported_sources is None else split_ids(args.reported_sources)
    return _write(args, lambda _: functools.partial(
        edits.edit_meta, as_of=args.as_of, summary=args.summary, reported_note=args.reported_note,
        reported_sources=reported, sources=split_ids(args.source), note=args.note))


def _entry_words(entry: Mapping[str, Any]) -> str:
    """A history entry in a few words: which, what, who, when (and the fields it changed)."""
    before, after = entry.get("before"), entry.get("after")
    fields = sorted(f for f in {*(before or {}), *(after or {})} if (before or {}).get(f) != (after or {}).get(f))
    changed = f" ({', '.join(fields)})" if before is not None and after is not None and fields else ""
    return (f"history entry {entry.get('id')}: {entry.get('action')} {entry.get('table')} {entry.get('key')}"
            f"{changed} by {entry.get('by')} at {entry.get('at')}")


def cmd_undo(args: argparse.Namespace) -> int:
    """`undo [ENTRY] [--dry-run]`: revert an entry (default: the newest change not yet undone), saying which."""
    from pledge_tui.dataset import edits
    from pledge_tui.dataset.commit import ReadsLog

    def run(tables: Any, entries: Any) -> Any:
        return edits.undo(tables, entries, entry=args.entry, note=args.note)

    try:
        done = commit_write(args, lambda _: ReadsLog(run), dry_run=args.dry_run)
    except edits.ChangedSinceError as exc:
        say(f"{PROG}: reverting {_entry_words(exc.target)}")
        raise
    change = done.change
    assert change is not None and change.reverts is not None
    say(f"{PROG}: reverting {_entry_words(change.reverts)}")
    nothing = " (the record is already as it was before it: the entry is only marked undone)" \
        if change.before == change.after else ""
    if done.dry_run:
        say(f"{PROG}: dry run: would record undo {change.key}{nothing}{_upgraded(done)}; nothing written")
        return 0
    say_clock(done)
    say(f"{PROG}: undo {change.key} (history entry {done.entry_id}, reverting history entry {change.undoes})"
        f"{nothing}{_upgraded(done)}")
    return 0


def cmd_adopt(args: argparse.Namespace) -> int:
    """`adopt`: record every record that differs from its history's result, one `adopt` entry each."""
    from pledge_tui.dataset import edits
    from pledge_tui.dataset.commit import ReadsLog

    if not args.note.strip():
        raise UsageError("--note must say why the records differ from their history")
    sources = split_ids(args.source)

    def run(tables: Any, entries: Any) -> Any:
        return edits.adopt(tables, entries, sources=sources, note=args.note)

    done = commit_write(args, lambda _: ReadsLog(run))
    if done.entry_id is None:
        say(f"{PROG}: nothing to adopt: every record is what its history says; nothing written")
        return 0
    say_clock(done)
    for change, entry_id in zip(done.changes, done.entry_ids, strict=True):
        say(f"{PROG}: adopt {change.table} {change.key} (history entry {entry_id})")
    say(f"{PROG}: adopted {len(done.changes)} record{'s' if len(done.changes) != 1 else ''}{_upgraded(done)}")
    return 0
