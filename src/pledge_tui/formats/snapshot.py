"""The Markdown snapshot (README "The Markdown snapshot"): rendering, the generation time, and the atomic write.

Headless on purpose: the `export` command runs in scripts and CI, so this module uses only the
standard library and the core modules (never Textual or Rich). The browser's `e` key calls the same
functions, so a snapshot taken in the browser and one taken on the command line are the same bytes.

The snapshot is a contract other tools parse, and every piece of data text in it is untrusted (it is
pasted from news reports): every piece goes through the escaping of `formats.markdown` (`md_cell`,
`md_inline`, `yaml_string`, re-exported here), and nothing escapes by hand.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pledge_tui import __version__
from pledge_tui.dataset.catalogue import AS_RECORDED_AT, CHART_TITLE, field_title
from pledge_tui.dataset.model import Dataset, Event, LoadedDataset, Member, source_sort_key
from pledge_tui.dataset.vocab import STATUSES, TYPES
from pledge_tui.errors import ExportError, WriteError, printable
from pledge_tui.formats.markdown import autolink, md_cell, md_inline, table, yaml_list, yaml_string
from pledge_tui.sanitize import clean_line
from pledge_tui.views import present
from pledge_tui.views.chart import STACK_ORDER, said_chart
from pledge_tui.views.clocks import reference_time
from pledge_tui.views.filters import Filter, apply_filter

if TYPE_CHECKING:
    from pathlib import Path  # imported where a snapshot is written: `export -o -` never needs it (3 ms)

TOOL_NAME = "pledge-tui"
FILENAME_PATTERN = "pledge-snapshot-%Y%m%d-%H%M%S.md"
"""The file name's shape, in `strftime` terms (`snapshot_filename` pads the year to four digits)."""
__all__ = ["md_cell", "md_inline", "render_member_markdown", "render_snapshot", "resolve_generated_at",
           "snapshot_filename", "write_snapshot", "yaml_string"]
"""`md_cell`, `md_inline` and `yaml_string` are `formats.markdown`'s, kept importable from here."""
FACETS = ("types", "statuses", "conditions", "roles")
"""The filter's facets, in the order the front matter lists them."""

NO_VALUE = "—"
"""Shown in a cell that has nothing to say (no quantity, no conditions)."""

# --- small formatting helpers ------------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _date_words(value: str) -> str:
    """`2025-09-04` as "4 September 2025" (`2025-09` as "September 2025"); anything else unchanged."""
    parts = value.split("-")
    if len(parts) in (2, 3) and all(p.isascii() and p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        month_year = f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        return f"{int(parts[2])} {month_year}" if len(parts) == 3 else month_year
    return value


def _utc(moment: datetime) -> datetime:
    """The moment in UTC; a naive datetime is taken to be UTC already."""
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _iso_z(moment: datetime) -> str:
    """`2026-01-01T00:00:00Z`; the year always has four digits (`strftime("%Y")` gives `999` for 999)."""
    return _utc(moment).isoformat(timespec="seconds").replace("+00:00", "Z")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _ids(source_ids: Iterable[str]) -> str:
    return ", ".join(source_ids)


# --- the sections ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Form:
    """Which snapshot: the full one (README "The Markdown snapshot") or the brief form (README "What
    changed"), with or without a changes section."""

    brief: bool = False
    since: str | None = None
    """The `--since` date as given (a changes section follows the matrix), or None."""
    at: str | None = None
    """The `--at` date as given (the data as recorded then, rebuilt from its history), or None."""


def _front_matter(loaded: LoadedDataset, f: Filter, sort: str, generated_at: datetime,
                  shown: Sequence[Member], form: Form) -> list[str]:
    """The YAML block. `form` is `full` or `brief`; `since` (the date as given) is there only when the
    snapshot has a changes section. `members_shown` and `members_total` count members only; when the data
    has a coalition-as-a-whole row, `coalition_shown` says whether it is in the snapshot (README "The data")."""
    meta, everyone = loaded.dataset.meta, loaded.dataset.members
    coalition_rows = [m for m in everyone if present.is_coalition(m)]
    coalition = (f"coalition_shown: {'true' if any(present.is_coalition(m) for m in shown) else 'false'}"
                 if coalition_rows else None)
    return [
        "---",
        f"title: {yaml_string(meta.title)}",
        f"generated_at: {yaml_string(_iso_z(generated_at))}",
        f"data_as_of: {yaml_string(meta.as_of)}",
        "dataset:",
        f"  name: {yaml_string(os.path.basename(loaded.path))}",
        f"  sha256: {yaml_string(loaded.sha256)}",
        "tool:",
        f"  name: {yaml_string(TOOL_NAME)}",
        f"  version: {yaml_string(__version__)}",
        "filters:",
        *(f"  {facet}: {yaml_list(getattr(f, facet))}" for facet in FACETS),
        f"  search: {yaml_string(f.search)}",
        *([f"  stale_months: {f.stale.months}"] if f.stale is not None else []),
        f"sort: {yaml_string(sort)}",
        f"form: {yaml_string('brief' if form.brief else 'full')}",
        *([f"since: {yaml_string(form.since)}"] if form.since is not None else []),
        *([f"recorded_at: {yaml_string(form.at)}"] if form.at is not None else []),
        f"members_shown: {sum(1 for m in shown if not present.is_coalition(m))}",
        f"members_total: {len(everyone) - len(coalition_rows)}",
        *([coalition] if coalition else []),
        "---",
    ]


def _context(dataset: Dataset, generated_at: datetime, at: str | None = None) -> str:
    """The paragraph under the title: as-of date and age, what the data holds, the attributed figure,
    the ceasefire condition.

    The reported count is kept apart from the member list and never attached to members: it was
    never published as a list (README its introduction). The coalition row is said to be the coalition's own
    commitment, never a statement that any one member agreed to it (README "The data").
    """
    meta, figure = dataset.meta, dataset.meta.reported_commitments
    age = present.data_age(meta.as_of, _utc(generated_at).date())
    coalition = [m for m in dataset.members if present.is_coalition(m)]
    holds = f"The data covers {present.totals_in_words(dataset.members)}."
    if coalition:
        holds += (" The row of the coalition as a whole records what the coalition committed to together; "
                  "it does not mean that any one member signed or agreed to it.")
    recorded = ([f"This is the data {AS_RECORDED_AT} {md_inline(at)} (UTC), rebuilt from its history; the file holds "
                 "later changes."] if at is not None else [])
    return " ".join([
        *recorded,
        f"Data as of {md_inline(_date_words(meta.as_of))} ({age} when this snapshot was generated).",
        holds,
        md_inline(meta.summary),
        f"Reported figure: on {md_inline(_date_words(figure.date))}, {figure.count} countries were said to "
        f"have formally committed to contribute (sources: {md_inline(_ids(figure.sources))}).",
        md_inline(figure.note),
        f"They were never named, so this snapshot does not label any set of members as "
        f'"the {figure.count}".',
        "All deployment depends on a ceasefire.",
    ])


def _filter_words(f: Filter, sort: str, shown: Sequence[Member], everyone: Sequence[Member]) -> str:
    """The filter, sort and count in words, so that a reader of the rendered page sees the scope."""
    words = "none (all members)" if f.is_empty else md_inline(present.filter_in_words(f))
    return (f"Filter: {words}. Sort: {md_inline(present.label('sorts', sort))}. "
            f"{present.count_in_words(shown, everyone)}.")


def _summary(shown: Sequence[Member]) -> list[str]:
    """Counts per type and status over the members shown; the coalition row is not a member and is
    not counted here (its statuses are in the matrix)."""
    members = [m for m in shown if not present.is_coalition(m)]
    counts = present.status_counts(members)
    rows = [[present.label("types", t), *(str(counts[t, s]) for s in STATUSES)] for t in TYPES]
    apart = " The coalition as a whole is not counted here." if len(members) != len(shown) else ""
    return [
        "## Summary by type",
        "",
        f"Members shown with each status, per type ({_plural(len(members), 'member')} shown).{apart}",
        "",
        *table(["Type", *(present.label("statuses", s) for s in STATUSES)], rows, numeric=True),
    ]


def _matrix(members: Sequence[Member]) -> list[str]:
    if not members:
        return ["## Matrix", "", "No members match this filter."]
    rows = []
    for m in members:
        row = present.matrix_row(m)
        rows.append([f"{row.name} ({row.id})", *row.status_texts()])
    return ["## Matrix", "", *table(["Member", *(present.label("types", t) for t in TYPES)], rows)]


def _member_facts(card: present.MemberCard) -> str:
    memberships = f" ({md_inline(' and '.join(card.blocs))} member)" if card.blocs else ""
    return (f"{field_title('role')}: {md_inline(card.role_label)}{memberships}. "
            f"{field_title('approval')}: {md_inline(card.approval_label)}. "
            f"{field_title('summit_2025_09_04')}: {md_inline(card.attendance_label)}. "
            f"{field_title('sources')}: {md_inline(_ids(card.member_sources))}.")


COMMITMENT_HEADER = tuple(map(field_title, ("type", "status", "summary", "quantity", "conditions", "stated_on",
                                           "sources")))


def _commitments(cells: Sequence[present.Cell], undisclosed: Sequence[str] = (), *,
                 none: str = "No commitments recorded.") -> list[str]:
    """Commitments as a table (or `none`), then the types not disclosed, when given."""
    rows = [
        [c.type_label, c.status_text, c.summary, c.quantity or NO_VALUE, "; ".join(c.condition_labels) or NO_VALUE,
         c.stated_on, _ids(c.sources)]
        for c in cells
    ]
    out = table(COMMITMENT_HEADER, rows) if rows else [none]
    return [*out, "", f"{present.NOT_DISCLOSED_TITLE}: {md_inline(', '.join(undisclosed))}."] if undisclosed else out


def _heading(card: present.MemberCard) -> str:
    return f"### {md_inline(card.name)} ({md_inline(card.id)})"


def _member_section(card: present.MemberCard) -> list[str]:
    # A caveat that was nothing but control characters shows as a dash, not as an empty list item.
    caveats = (["Caveats:", "", *(f"- {md_inline(c) or NO_VALUE}" for c in card.caveats)] if card.caveats
               else ["No caveats recorded."])
    return [
        _heading(card),
        "",
        _member_facts(card),
        "",
        f"Stance: {md_inline(card.stance)}",
        "",
        *caveats,
        "",
        *_commitments(card.commitments, card.undisclosed),
    ]


def _members(dataset: Dataset, members: Sequence[Member]) -> list[str]:
    out = ["## Members"]
    if not members:
        return [*out, "", "No members match this filter."]
    for m in members:
        out += ["", *_member_section(present.member_card(dataset, m))]
    return out




def _said_chart(dataset: Dataset, members: Sequence[Member]) -> list[str]:
    """The chart over time as a table (README "What changed"): the members shown's disclosed commitments by the
    month they were said (`stated_on`), by status, every month from the first to the as-of month."""
    chart = said_chart(members, dataset.meta.as_of)
    out = [f"## {CHART_TITLE}", "", f"{_plural(chart.total, 'disclosed commitment')} of the members shown, counted by "
           "the month of their stated-on date (the said clock), from the first such month to the data's as-of "
           "month."]
    if chart.by_year_only:
        out[-1] += f" {_plural(chart.by_year_only, 'commitment')} said only by year are not in a month."
    if not chart.months:
        return out
    rows = [[m.month, *map(str, m.counts), str(m.total)] for m in chart.months]
    return [*out, "", *table(["Month", *(present.label("statuses", s) for s in STACK_ORDER), "Total"], rows,
                             numeric=True)]


def _timeline(dataset: Dataset) -> list[str]:
    if not dataset.events:
        return ["## Timeline", "", "No events recorded."]
    rows = [[e.date, e.title, e.summary, _ids(e.sources)] for e in dataset.events]
    return ["## Timeline", "", *table(["Date", "Event", "Summary", "Sources"], rows)]


def cited_sources(dataset: Dataset, members: Sequence[Member]) -> list[str]:
    """Every source id the snapshot cites, and only those, in `source_sort_key` order."""
    cited = set(dataset.meta.reported_commitments.sources)
    for m in members:
        cited.update(present.citations(m))
    for event in dataset.events:
        cited.update(event.sources)
    return sorted(cited, key=source_sort_key)


def _escaped_piece(kind: str, text: str) -> str:
    """A piece of a source's line (`present.SourceLine.parts`) in Markdown: data escaped, the words between kept."""
    return md_inline(text) if kind else text


def _sources(dataset: Dataset, cited: Sequence[str]) -> list[str]:
    items = []
    sources = dataset.sources
    for number, source_id in enumerate(cited, start=1):
        source = sources.get(source_id)
        if source is None:  # cannot happen with validated data; say so rather than crash
            items.append(f"{number}. {md_inline(f'[{source_id}]')} (not found in the dataset).")
            continue
        url = f" {autolink(source.url)}" if source.url.strip() else ""
        line = present.source_line(source).text(_escaped_piece)
        items.append(f"{number}. {line}.{url}")
    return ["## Sources", "", *(items or ["No sources cited."])]


# --- the changes section and the brief form (README "What changed") -------------------------------------


def _changes(loaded: LoadedDataset, f: Filter, sort: str, members: Sequence[Member], since: str) -> list[str]:
    """The "Changes since DATE" section: `changes --since DATE` with the snapshot's filter, cut to the
    members shown (`views.changes.changes_about`), written by `formats.changes_md`."""
    from pledge_tui.formats.changes_md import changes_section
    from pledge_tui.views.changes import changes_about, changes_since

    changes = changes_since(loaded.dataset, since, f, sort)
    if not f.is_empty:
        changes = changes_about(changes, loaded.dataset, {m.id for m in members})
    return changes_section(changes, level=2)


@dataclass(frozen=True, slots=True)
class _Brief:
    """What the brief form keeps: per member shown its disclosed commitments (of the selected types, when
    the filter selects types, as `list --format json` narrows), the events about the members shown, and
    the sources cited by those commitments and by the context's attributed figure."""

    cards: tuple[tuple[present.MemberCard, tuple[present.Cell, ...]], ...]
    events: tuple[Event, ...]
    sources: tuple[str, ...]

    @classmethod
    def of(cls, dataset: Dataset, members: Sequence[Member], types: Sequence[str]) -> _Brief:
        from pledge_tui.views.changes import events_about

        cards = tuple((card, tuple(c for c in card.commitments if not types or c.type in types))
                      for card in (present.member_card(dataset, m) for m in members))
        cited = {*dataset.meta.reported_commitments.sources,
                 *(source for _, cells in cards for cell in cells for source in cell.sources)}
        return cls(cards, events_about(dataset, members), tuple(sorted(cited, key=source_sort_key)))

    def words(self, f: Filter, total_events: int) -> str:
        """The form in one paragraph, so that a reader knows what was left out."""
        which = f" of the selected {'type' if len(f.types) == 1 else 'types'}" if f.types else ""
        return (f"Brief form: per member shown, only its disclosed commitments{which}; the timeline keeps the "
                f"{_plural(len(self.events), 'event')} (of {total_events}) about the members shown, by date and "
                "title; the sources are those the commitments and the attributed figure cite. The full snapshot "
                "(without --brief) gives stances, caveats, every commitment and the events' sources.")

    def members(self, f: Filter) -> list[str]:
        out = ["## Commitments"]
        if not self.cards:
            return [*out, "", "No members match this filter."]
        none = "No commitments of the selected types recorded." if f.types else "No commitments recorded."
        for card, cells in self.cards:
            out += ["", _heading(card), "", *_commitments(cells, none=none)]
        return out

    def timeline(self) -> list[str]:
        rows = [[e.date, e.title] for e in self.events]
        return ["## Timeline", "", *(table(["Date", "Event"], rows) if rows else ["No event is about them."])]


def render_snapshot(loaded: LoadedDataset, f: Filter, sort: str, generated_at: datetime, *,
                    since: str | None = None, brief: bool = False, at: str | None = None) -> str:
    """The Markdown snapshot of the filtered, sorted view (README "The Markdown snapshot" and "What changed").

    `since` (a `--since` date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY-MM-DDTHH:MM:SSZ`) adds a "Changes since
    DATE" section right after the matrix, covering the members shown. `brief` writes the short form: the
    front matter, context, summary table and matrix (and the changes section), then per member shown
    only its disclosed commitments, the events about the members shown (`views.changes.events_about`),
    and only the sources those commitments and the context cite (see `_Brief`). The command line
    (`export --since DATE --brief`) and the browser's palette call this same function.

    Pure and deterministic: the same dataset, filter, sort, time and form give the same text, which is
    what lets `--now` or SOURCE_DATE_EPOCH make exports byte-identical. Members are selected by
    `filters.apply_filter`, the one filtering path, so the snapshot shows exactly what `list` and
    the browser show. Raises `UsageError` for a bad `since`, `ReplayError` when the history cannot be
    replayed back to it.
    """
    dataset = loaded.dataset
    members = apply_filter(dataset.members, f, sort)
    form = Form(brief, None if since is None else since.strip(), at)
    head = [
        _front_matter(loaded, f, sort, generated_at, members, form),
        [f"# {md_inline(dataset.meta.title)}"],
        [_context(dataset, generated_at, at)],
        [_filter_words(f, sort, members, dataset.members)],
    ]
    middle = [_summary(members), _matrix(members), _changes(loaded, f, sort, members, since) if since else []]
    if brief:
        short = _Brief.of(dataset, members, f.types)
        sections = [*head, [short.words(f, len(dataset.events))], *middle, short.members(f),
                    _said_chart(dataset, members), short.timeline(), _sources(dataset, short.sources)]
    else:
        sections = [*head, *middle, _members(dataset, members), _said_chart(dataset, members), _timeline(dataset),
                    _sources(dataset, cited_sources(dataset, members))]
    lines = [line for section in sections if section for line in [*section, ""]]
    text = "\n".join([line.rstrip(" \t") for line in lines])  # (a list: join builds one from a generator anyway)
    return text.rstrip("\n") + "\n"


def render_member_markdown(dataset: Dataset, member: Member) -> str:
    """One member as Markdown (`show --format md`): the snapshot's member section under a top heading, the
    data's as-of date, and the sources the member cites, numbered as the snapshot numbers them. The same
    escaping as the snapshot, so the text can be pasted into a note or rendered as it is."""
    card = present.member_card(dataset, member)
    section = _member_section(card)
    section[0] = f"# {md_inline(card.name)} ({md_inline(card.id)})"
    lines = [*section[:1], "", f"Data as of {md_inline(dataset.meta.as_of)} ({md_inline(dataset.meta.title)}).",
             *section[1:], "", *_sources(dataset, [source.id for source in card.sources])]
    return "\n".join(line.rstrip(" \t") for line in lines).rstrip("\n") + "\n"


# --- the generation time -----------------------------------------------------------------------


def _shown(value: str) -> str:
    """A user-supplied value quoted for a one-line error message."""
    return repr(clean_line(value)[:60])


def resolve_generated_at(now: str | None, environ: Mapping[str, str]) -> datetime:
    """The time to record in the snapshot: `--now`, else SOURCE_DATE_EPOCH, else the clock
    (`views.clocks.reference_time`, which `list` and `show` read the sources' ages against too).

    Fixing the time is what makes an export reproducible (the reproducible-builds convention). An
    empty SOURCE_DATE_EPOCH counts as unset. The result is aware, in UTC, without microseconds.
    Raises `UsageError` for a value that cannot be read.
    """
    return reference_time(now, environ)


def snapshot_filename(generated_at: datetime, *, brief: bool = False) -> str:
    """`pledge-snapshot-YYYYMMDD-HHMMSS.md` in UTC: sorts by time and is safe on every file system; a
    brief snapshot is `...-brief.md`, so it is told apart from the full one in a folder listing."""
    moment = _utc(generated_at)
    return f"pledge-snapshot-{moment.year:04d}{moment:%m%d-%H%M%S}{'-brief' if brief else ''}.md"


# --- the atomic write --------------------------------------------------------------------------

_REASONS = {
    errno.ENOENT: "the folder does not exist",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOSPC: "no space left on the device",
    errno.EROFS: "the file system is read-only",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "part of the path is not a folder",
    errno.ENAMETOOLONG: "the name is too long",
}


def _failure(target: Path, reason: str) -> ExportError:
    return ExportError(f"cannot write the snapshot to {printable(str(target))}: {reason}")


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0) or clean_line(exc.strerror or str(exc)) or type(exc).__name__


def _is_data_file(target: Path, data: Path) -> bool:
    """True when writing `target` would overwrite the data file (same inode, or same resolved path)."""
    try:
        if target.exists() and data.exists():
            return os.path.samefile(target, data)
        return target.resolve() == data.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on older Pythons
        return False


def _mode(path: Path, target: Path) -> int | None:
    """The mode of what is at `path`, or None when nothing is; `ExportError` (about `target`) when it
    cannot be checked (a folder that cannot be searched, a name too long)."""
    try:
        return os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise _failure(target, _reason(exc)) from None
    except ValueError:
        raise _failure(target, "the name holds a NUL character") from None


def _check_destination(given: str, target: Path, data_path: Path) -> None:
    if _is_data_file(target, data_path):
        raise _failure(target, "that is the data file itself; choose another file name")
    # "out/" names a folder even when it does not exist; never write a file called "out" instead.
    mode = _mode(target, target)
    if given.endswith(("/", os.sep)) or (mode is not None and stat.S_ISDIR(mode)):
        raise _failure(target, "it is a folder; give a file name")
    folder = _mode(target.parent, target)
    if folder is None or not stat.S_ISDIR(folder):
        raise _failure(target, f"the folder {printable(str(target.parent))} does not exist")


def _is_special_file(path: Path) -> bool:
    """True for an existing destination that is neither a regular file nor a folder (a device, a FIFO)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_snapshot(text: str, destination: str | os.PathLike[str], *,
                   data_path: str | os.PathLike[str], overwrite: bool = True) -> Path:
    """Write the snapshot atomically and return the absolute path written.

    The bytes go through `dataset.files.write_atomic`, the project's one atomic writer (temporary file in
    the destination's folder, fsync, rename, fsync of the folder; an existing file's mode is kept), so a
    reader never sees half a snapshot and a failure never destroys an earlier one. On any failure nothing
    is left behind and `ExportError` names the path. The data file itself is refused: an export must
    never overwrite the data. A device or FIFO (`-o /dev/null`) is written into, not replaced.

    With `overwrite=False` an existing file is never replaced: the snapshot goes to the first free
    name of `NAME.md`, `NAME-2.md`, `NAME-3.md`, ..., claimed race-free (`write_atomic(create=True)`),
    and the path written is returned. The browser's `e` key uses this, so two exports within one
    second keep both files.
    """
    from pathlib import Path

    given = os.fspath(destination)
    target = Path(os.path.abspath(given))
    _check_destination(given, target, Path(os.fspath(data_path)))
    try:
        payload = text.encode("utf-8")
    except UnicodeEncodeError:
        raise _failure(target, "the text cannot be encoded as UTF-8") from None
    if overwrite and _is_special_file(target):
        # /dev/null, /dev/stdout, a FIFO: write into it. Renaming a temporary file over it would
        # replace the device itself with a regular file (and, as root, break /dev/null for everyone).
        try:
            with open(target, "wb") as handle:
                handle.write(payload)
        except OSError as exc:
            raise _failure(target, _reason(exc)) from exc
        return target
    from pledge_tui.dataset import files

    try:
        if overwrite:
            files.write_atomic(str(target), payload)
            return target
        for number in range(1, MAX_SUFFIX + 1):
            candidate = numbered(target, number)
            with contextlib.suppress(files.AlreadyExists):
                files.write_atomic(str(candidate), payload, create=True)
                return candidate
    except WriteError as exc:  # worded as the snapshot's own failures: "cannot write the snapshot to PATH: why"
        cause = exc.__cause__
        why = str(exc).partition(": cannot be written: ")[2].removesuffix(" (the file is unchanged)")
        raise _failure(target, _reason(cause) if isinstance(cause, OSError) else why or str(exc)) from exc
    raise _failure(target, f"{target.name} and {MAX_SUFFIX - 1} numbered names after it are taken")


MAX_SUFFIX = 10_000
"""How many `-N` names `overwrite=False` tries before it gives up."""


def numbered(target: Path, number: int) -> Path:
    """`NAME.md` for 1, `NAME-2.md` for 2, and so on."""
    return target if number == 1 else target.with_name(f"{target.stem}-{number}{target.suffix}")
