"""The Markdown snapshot (spec section 7): rendering, the generation time, and the atomic write.

Headless on purpose: the `export` command runs in scripts and CI, so this module uses only the
standard library and the core modules (never Textual or Rich). The browser's `e` key calls the same
functions, so a snapshot taken in the browser and one taken on the command line are the same bytes.

The snapshot is a contract other tools parse, and every piece of data text in it is untrusted (it is
pasted from news reports). Two functions escape it, `md_cell` for table cells and `md_inline` for
everything else, and one builds YAML strings, `yaml_string`; nothing else escapes by hand.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from pledge_tui import __version__
from pledge_tui.dataset.model import Dataset, LoadedDataset, Member, source_sort_key
from pledge_tui.dataset.vocab import STATUSES, TYPES
from pledge_tui.errors import ExportError, UsageError, WriteError, printable
from pledge_tui.sanitize import clean_line, clean_text
from pledge_tui.views import present
from pledge_tui.views.filters import Filter, apply_filter

TOOL_NAME = "pledge-tui"
FILENAME_PATTERN = "pledge-snapshot-%Y%m%d-%H%M%S.md"
"""The file name's shape, in `strftime` terms (`snapshot_filename` pads the year to four digits)."""
EPOCH_VAR = "SOURCE_DATE_EPOCH"
FACETS = ("types", "statuses", "conditions", "roles")
"""The filter's facets, in the order the front matter lists them."""

NO_VALUE = "—"
"""Shown in a cell that has nothing to say (no quantity, no conditions)."""

# --- escaping ----------------------------------------------------------------------------------

_MARKDOWN_SPECIALS = "\\`*_[]#!~|$"
"""Characters that can open an inline construct: escapes, code spans, emphasis, links and images,
strikethrough, math (GitHub renders `$...$`), and the table pipe; `#` also ends an ATX heading. The
backslash is in the same single-pass table, so no order issue arises. Parentheses are left alone
for readability ("Albania (AL)"): a link or image destination needs a `]` right before the `(`, and
every `]` is escaped."""

_ESCAPES: dict[int, str] = {ord(c): "\\" + c for c in _MARKDOWN_SPECIALS}
_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
_INLINE_ESCAPES = {**_ESCAPES, ord("\n"): " ", ord("\t"): " "}
_CELL_ESCAPES = {**_ESCAPES, ord("\n"): "<br>"}

_BLOCK_START = re.compile(r"(?=[-+=])|\d+(?=[.)])")
"""What could still open a block (list item, thematic break, setext underline, ordered list) at the
start of a value once the inline specials are escaped: `#`, `*`, `_`, backtick, `~`, `|`, `>` and
`<` already are."""


_clean = clean_text
"""Every piece of data text is cleaned by the one sanitiser: controls removed, line breaks as `\\n`,
lone surrogates as U+FFFD (so the snapshot can always be encoded as UTF-8), NFC."""

_PLAIN_URL = re.compile(r"https?://[!-;=?-_a-~]+", re.IGNORECASE)
"""An http(s) address of visible ASCII other than `<`, `>` and backtick: an autolink as it stands."""


_AUTOLINK_START = re.compile(r"(?i)\b(?:https?|ftp|mailto|xmpp)(?=:)|\bwww(?=\.)|@")
"""Where GitHub's extended autolinks start: a scheme's colon, `www.`, an e-mail's `@`."""


def _no_autolinks(escaped: str) -> str:
    """Escaped text with every bare address defused: `https\\://`, `www\\.`, `\\@` render as typed,
    but a backslash escape is a text node of its own, so GitHub's autolinker (which works inside one
    text node) no longer sees an address. Data text never becomes a link."""
    if ":" not in escaped and "@" not in escaped and "www." not in escaped.lower():
        return escaped  # most text: three scans in C instead of the regular expression
    return _AUTOLINK_START.sub(lambda m: "\\@" if m.group() == "@" else m.group() + "\\", escaped)


@lru_cache(maxsize=16384)
def md_cell(text: str) -> str:
    """Data text as one GFM table cell: pipes escaped, line breaks as `<br>`, no other HTML, no links.

    Escaping `|` as `\\|` keeps the cell count intact: GFM splits cells on unescaped pipes before it
    parses the inline content, and treats `\\|` as a literal pipe even after another backslash.
    """
    return _no_autolinks(_clean(text).strip().translate(_CELL_ESCAPES))


@lru_cache(maxsize=16384)
def md_inline(text: str) -> str:
    """Data text for a heading, paragraph or list item: one line that cannot start a block.

    Line breaks and tabs become spaces (a new line could start a heading, list, fence or thematic
    break), the text is stripped (leading spaces could make indented code), inline constructs are
    backslash-escaped, HTML characters become entities, bare addresses cannot autolink, and a leading
    `-`, `+`, `=` or `1.` is escaped in case the value is the first thing on a line or in a list item.
    """
    escaped = _no_autolinks(_clean(text).translate(_INLINE_ESCAPES).strip())
    start = _BLOCK_START.match(escaped)
    return escaped if start is None else escaped[: start.end()] + "\\" + escaped[start.end():]


_YAML_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}


def _yaml_char(ch: str) -> str:
    """One character inside a YAML double-quoted scalar."""
    if ch in _YAML_NAMED:
        return _YAML_NAMED[ch]
    code = ord(ch)
    printable = (0x20 <= code < 0x7F or 0xA0 <= code < 0xD800 or 0xE000 <= code <= 0xFFFD or code >= 0x10000)
    # NEL, LS and PS are line breaks to YAML 1.1 and the BOM is a stream marker: spell them out too.
    if printable and code not in (0x2028, 0x2029, 0xFEFF):
        return ch
    if code <= 0xFF:
        return f"\\x{code:02X}"
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar that loads back as the cleaned text, whatever the text holds."""
    return '"' + "".join(_yaml_char(ch) for ch in _clean(text)) + '"'


def _yaml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(yaml_string(v) for v in values) + "]"


def _autolink(url: str) -> str:
    """A source's address as a CommonMark autolink `<...>`, or as plain escaped text.

    Backslash escapes do not work inside an autolink, so the characters that would end or break it
    (spaces, `<`, `>`, controls) are percent-encoded instead; anything that is not http(s) stays text.
    """
    if _PLAIN_URL.fullmatch(url) and url.split("://", 1)[1][:1] != "/":
        return f"<{url}>"
    encoded = "".join(
        ch if ch.isprintable() and not ch.isspace() and ch not in "<>`" else _percent(ch)
        for ch in _clean(url).strip()
    )
    if re.match(r"https?://[^/]", encoded, re.IGNORECASE):
        return f"<{encoded}>"
    return md_inline(url)


def _percent(ch: str) -> str:
    return "".join(f"%{byte:02X}" for byte in ch.encode("utf-8"))


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


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], *, numeric: bool = False) -> list[str]:
    """A GFM table; every cell (header included) goes through `md_cell`.

    With `numeric`, every column after the first is right-aligned.
    """
    delimiter = ["---:" if numeric and i else "---" for i in range(len(header))]
    return [_row(header), "| " + " | ".join(delimiter) + " |", *(_row(r) for r in rows)]


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(md_cell(c) for c in cells) + " |"


# --- the sections ------------------------------------------------------------------------------


def _front_matter(loaded: LoadedDataset, f: Filter, sort: str, generated_at: datetime,
                  shown: Sequence[Member]) -> list[str]:
    """The YAML block. `members_shown` and `members_total` count members only; when the data has a
    coalition-as-a-whole row, `coalition_shown` says whether it is in the snapshot (spec section 8)."""
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
        *(f"  {facet}: {_yaml_list(getattr(f, facet))}" for facet in FACETS),
        f"  search: {yaml_string(f.search)}",
        f"sort: {yaml_string(sort)}",
        f"members_shown: {sum(1 for m in shown if not present.is_coalition(m))}",
        f"members_total: {len(everyone) - len(coalition_rows)}",
        *([coalition] if coalition else []),
        "---",
    ]


def _context(dataset: Dataset, generated_at: datetime) -> str:
    """The paragraph under the title: as-of date and age, what the data holds, the attributed figure,
    the ceasefire condition.

    The reported count is kept apart from the member list and never attached to members: it was
    never published as a list (spec section 1). The coalition row is said to be the coalition's own
    commitment, never a statement that any one member agreed to it (spec section 8).
    """
    meta, figure = dataset.meta, dataset.meta.reported_commitments
    age = present.data_age(meta.as_of, _utc(generated_at).date())
    coalition = [m for m in dataset.members if present.is_coalition(m)]
    holds = f"The data covers {present.totals_in_words(dataset.members)}."
    if coalition:
        holds += (" The row of the coalition as a whole records what the coalition committed to together; "
                  "it does not mean that any one member signed or agreed to it.")
    return " ".join([
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
        *_table(["Type", *(present.label("statuses", s) for s in STATUSES)], rows, numeric=True),
    ]


def _matrix(members: Sequence[Member]) -> list[str]:
    if not members:
        return ["## Matrix", "", "No members match this filter."]
    rows = []
    for m in members:
        row = present.matrix_row(m)
        rows.append([f"{row.name} ({row.id})", *row.status_texts()])
    return ["## Matrix", "", *_table(["Member", *(present.label("types", t) for t in TYPES)], rows)]


def _member_facts(card: present.MemberCard) -> str:
    memberships = f" ({md_inline(' and '.join(card.blocs))} member)" if card.blocs else ""
    return (f"Role: {md_inline(card.role_label)}{memberships}. National approval: {md_inline(card.approval_label)}. "
            f"Paris summit of 4 September 2025: {md_inline(card.attendance_label)}. "
            f"Sources: {md_inline(_ids(card.member_sources))}.")


def _commitments(card: present.MemberCard) -> list[str]:
    undisclosed = [f"Not disclosed: {md_inline(', '.join(card.undisclosed))}."] if card.undisclosed else []
    if not card.commitments:
        return ["No commitments recorded.", "", *undisclosed]
    rows = [
        [c.type_label, c.status_text, c.summary, c.quantity or NO_VALUE, "; ".join(c.condition_labels) or NO_VALUE,
         c.stated_on, _ids(c.sources)]
        for c in card.commitments
    ]
    return [*_table(["Type", "Status", "Summary", "Quantity", "Conditions", "Stated", "Sources"], rows),
            *([""] if undisclosed else []), *undisclosed]


def _member_section(card: present.MemberCard) -> list[str]:
    # A caveat that was nothing but control characters shows as a dash, not as an empty list item.
    caveats = (["Caveats:", "", *(f"- {md_inline(c) or NO_VALUE}" for c in card.caveats)] if card.caveats
               else ["No caveats recorded."])
    return [
        f"### {md_inline(card.name)} ({md_inline(card.id)})",
        "",
        _member_facts(card),
        "",
        f"Stance: {md_inline(card.stance)}",
        "",
        *caveats,
        "",
        *_commitments(card),
    ]


def _members(dataset: Dataset, members: Sequence[Member]) -> list[str]:
    out = ["## Members"]
    if not members:
        return [*out, "", "No members match this filter."]
    for m in members:
        out += ["", *_member_section(present.member_card(dataset, m))]
    return out


def _timeline(dataset: Dataset) -> list[str]:
    if not dataset.events:
        return ["## Timeline", "", "No events recorded."]
    rows = [[e.date, e.title, e.summary, _ids(e.sources)] for e in dataset.events]
    return ["## Timeline", "", *_table(["Date", "Event", "Summary", "Sources"], rows)]


def cited_sources(dataset: Dataset, members: Sequence[Member]) -> list[str]:
    """Every source id the snapshot cites, and only those, in `source_sort_key` order."""
    cited = set(dataset.meta.reported_commitments.sources)
    for m in members:
        cited.update(m.sources)
        for record in m.commitments.values():
            cited.update(record.sources)
    for event in dataset.events:
        cited.update(event.sources)
    return sorted(cited, key=source_sort_key)


def _sources(dataset: Dataset, members: Sequence[Member]) -> list[str]:
    items = []
    for number, source_id in enumerate(cited_sources(dataset, members), start=1):
        source = dataset.sources.get(source_id)
        if source is None:  # cannot happen with validated data; say so rather than crash
            items.append(f"{number}. {md_inline(f'[{source_id}]')} (not found in the dataset).")
            continue
        tier = present.label("tiers", source.tier)
        url = f" {_autolink(source.url)}" if source.url.strip() else ""
        items.append(f'{number}. {md_inline(f"[{source.id}]")} {md_inline(source.publisher)}, '
                     f'"{md_inline(source.title)}", {md_inline(source.date)}, '
                     f"tier {md_inline(source.tier)} ({tier}).{url}")
    return ["## Sources", "", *(items or ["No sources cited."])]


def render_snapshot(loaded: LoadedDataset, f: Filter, sort: str, generated_at: datetime) -> str:
    """The Markdown snapshot of the filtered, sorted view (spec section 7).

    Pure and deterministic: the same dataset, filter, sort and time give the same text, which is
    what lets `--now` or SOURCE_DATE_EPOCH make exports byte-identical. Members are selected by
    `filters.apply_filter`, the one filtering path, so the snapshot shows exactly what `list` and
    the browser show.
    """
    dataset = loaded.dataset
    members = apply_filter(dataset.members, f, sort)
    sections = [
        _front_matter(loaded, f, sort, generated_at, members),
        [f"# {md_inline(dataset.meta.title)}"],
        [_context(dataset, generated_at)],
        [_filter_words(f, sort, members, dataset.members)],
        _summary(members),
        _matrix(members),
        _members(dataset, members),
        _timeline(dataset),
        _sources(dataset, members),
    ]
    lines = [line for section in sections for line in [*section, ""]]
    text = "\n".join(line.rstrip(" \t") for line in lines)
    return text.rstrip("\n") + "\n"


# --- the generation time -----------------------------------------------------------------------


def _shown(value: str) -> str:
    """A user-supplied value quoted for a one-line error message."""
    return repr(clean_line(value)[:60])


def _parse_now(value: str) -> datetime:
    text = value.strip()
    if text[-1:] == "z":
        text = text[:-1] + "Z"
    try:
        parsed = datetime.fromisoformat(text)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC).replace(microsecond=0)
    except (ValueError, OverflowError):
        raise UsageError(
            f"invalid --now value {_shown(value)}: expected ISO-8601 such as 2026-01-01T00:00:00Z"
        ) from None


def _parse_epoch(value: str) -> datetime:
    text = value.strip()
    try:
        if not (text.isascii() and text.isdigit()):
            raise ValueError(text)
        return datetime.fromtimestamp(int(text), UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"invalid {EPOCH_VAR} {_shown(value)}: expected a whole number of seconds since "
            "1970-01-01T00:00:00Z"
        ) from None


def resolve_generated_at(now: str | None, environ: Mapping[str, str]) -> datetime:
    """The time to record in the snapshot: `--now`, else SOURCE_DATE_EPOCH, else the clock.

    Fixing the time is what makes an export reproducible (the reproducible-builds convention). An
    empty SOURCE_DATE_EPOCH counts as unset. The result is aware, in UTC, without microseconds.
    Raises `UsageError` for a value that cannot be read.
    """
    if now is not None:
        return _parse_now(now)
    epoch = environ.get(EPOCH_VAR, "")
    if epoch.strip():
        return _parse_epoch(epoch)
    return datetime.now(UTC).replace(microsecond=0)


def snapshot_filename(generated_at: datetime) -> str:
    """`pledge-snapshot-YYYYMMDD-HHMMSS.md` in UTC: sorts by time and is safe on every file system."""
    moment = _utc(generated_at)
    return f"pledge-snapshot-{moment.year:04d}{moment:%m%d-%H%M%S}.md"


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
