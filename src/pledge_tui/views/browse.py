"""What the browser shows beyond one member's card, built headless so it can be tested without a terminal.

The browser's panes only *format* what is built here and in `views.present`: the count of members shown
(with the coalition row counted apart, README "The data"), one contribution type across the members shown
(the detail pane's "type" mode), a card's commitments with the highlighted one first (README "Editing in the browser"),
the citations `y` copies and the addresses `u` opens, the rows `n`/`N` jump between, and the cap that
keeps a field of several megabytes from freezing the detail pane.

Headless: no Textual, no Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pledge_tui.dataset.catalogue import AS_RECORDED_AT
from pledge_tui.dataset.catalogue import STATUSES as STATUS_WORDS
from pledge_tui.dataset.model import Dataset, Member
from pledge_tui.dataset.vocab import STATUSES, TYPES
from pledge_tui.sanitize import fold
from pledge_tui.views.filters import Filter, apply_filter
from pledge_tui.views.present import (
    Cell,
    MemberCard,
    SourceLine,
    cell,
    label,
    member_card,
    source_line,
    totals_in_words,
)

FIELD_LIMIT = 20_000
"""Characters of one data field the detail pane lays out; the rest is cut, and the pane says so.

A summary of several megabytes took seconds to wrap each time the cursor crossed its member; no real
field is near this (the longest in the bundled data is under 600 characters)."""

COLUMN_LIMIT = 1_000
"""Members listed in the "type across the members shown" pane; beyond it the pane says how many more."""


def status_meaning(status: str) -> str:
    """One line saying what a status means (legend, help, the cell line)."""
    return STATUS_WORDS.meaning(status)


def mode_words(*, read_only: bool, at: str | None = None) -> str:
    """The browser's mode as its header says it: "editing", "read-only", or "as recorded at DATE" (a
    past state rebuilt from the history, which is read-only too). The one place these words are made."""
    if at is not None:
        return f"{AS_RECORDED_AT} {at}"
    return "read-only" if read_only else "editing"


# --- one type across the members shown ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TypeColumn:
    """One contribution type across the members shown: every member's cell, in the order shown."""

    type: str
    type_label: str
    cells: tuple[Cell, ...]
    """At most `COLUMN_LIMIT` cells, in the order of the members shown."""
    more: int
    """How many members shown were left out of `cells`."""
    counts: tuple[tuple[str, str, int], ...]
    """(status, status label, count) over all members shown, strongest first, zero counts left out."""
    shown_words: str
    """The rows shown, counted as everywhere: "7 members + the coalition as a whole"."""


def type_column(members: Sequence[Member], type_slug: str, limit: int = COLUMN_LIMIT) -> TypeColumn:
    """The cells of one type for the members shown (status, conditions, lead of each)."""
    position = TYPES.index(type_slug)
    counts = dict.fromkeys(STATUSES, 0)
    for m in members:
        counts[m.statuses[position]] += 1
    return TypeColumn(
        type=type_slug,
        type_label=label("types", type_slug),
        cells=tuple(cell(m, type_slug) for m in members[:limit]),
        more=max(0, len(members) - limit),
        counts=tuple((s, label("statuses", s), n) for s, n in counts.items() if n),
        shown_words=totals_in_words(members),
    )


# --- one member, with the highlighted commitment first --------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberFocus:
    """A member's card as the detail pane tells it: the highlighted cell first, then the others."""

    card: MemberCard
    focus: Cell
    """The highlighted cell (it may be "not disclosed")."""
    others: tuple[Cell, ...]
    """The card's other disclosed commitments, in type order."""


def member_focus(dataset: Dataset, member: Member, type_slug: str) -> MemberFocus:
    """The card of `member` with the cell of `type_slug` put first (README "Editing in the browser")."""
    card = member_card(dataset, member)
    return MemberFocus(card, cell(member, type_slug), tuple(c for c in card.commitments if c.type != type_slug))


def capped(text: str, limit: int = FIELD_LIMIT) -> tuple[str, int]:
    """`text` cut to `limit` characters, and how many characters were cut (0 when none)."""
    if len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit


# --- sources: citations to copy, addresses to open ------------------------------------------------


def cell_sources(dataset: Dataset, member: Member, type_slug: str) -> tuple[SourceLine, ...]:
    """The sources behind the highlighted cell: its record's, or the member's own when nothing is disclosed."""
    record = member.commitments.get(type_slug)
    ids = record.sources if record is not None else member.sources
    return tuple(source_line(dataset.sources[s]) for s in ids if s in dataset.sources)


def citation(source: SourceLine) -> str:
    """One line to paste into a report: the source as every view lists it (`SourceLine.text`: id,
    publisher, title, date and tier), then its address."""
    return source.text() + (f", {source.url}" if source.url else "")


def openable_url(source: SourceLine) -> str | None:
    """The source's address when it is one a browser may be asked to open (http or https), else None."""
    url = source.url.strip()
    return url if url.startswith(("https://", "http://")) and not any(ch.isspace() for ch in url) else None


def link_target(source: SourceLine) -> str | None:
    """The address as a terminal hyperlink's target (OSC 8), or None: an openable address with every
    character outside printable ASCII percent-encoded, as the escape's URI must be (a terminal then
    opens exactly the address shown, and nothing in it can end the escape early)."""
    from urllib.parse import quote  # here: the browser's detail pane is its only user

    url = openable_url(source)
    return None if url is None else quote(url, safe="".join(map(chr, range(0x21, 0x7F))))


# --- n / N: the members whose name or id matches the search ---------------------------------------


def name_matches(members: Sequence[Member], text: str) -> list[int]:
    """Rows (positions in `members`) whose name or id holds the search text, ignoring case and accents.

    The search filters on prose too (stances, caveats, summaries), so a short word keeps many members
    on screen; `n` and `N` jump between the ones it names.
    """
    needle = fold(text.strip())
    if not needle:
        return []
    return [row for row, m in enumerate(members) if needle in fold(m.name) or needle in fold(m.id)]


def next_match(matches: Sequence[int], row: int, step: int) -> int | None:
    """The next match after `row` (step 1) or before it (step -1), wrapping around; None if none."""
    if not matches:
        return None
    if step > 0:
        return next((r for r in matches if r > row), matches[0])
    return next((r for r in reversed(matches) if r < row), matches[-1])


# --- the view: what is shown, and why -------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class View:
    """The members shown and the filter and sort that chose them: one value, replaced on every change.

    Compared by identity (`eq=False`): a new view is a new value even when it holds the same members,
    and comparing two lists of 10,000 members field by field would cost more than repainting.
    """

    filter: Filter
    sort: str
    members: tuple[Member, ...]


def build_view(members: Sequence[Member], f: Filter, sort: str) -> View:
    """Filter and sort (the command line's code path, `filters.apply_filter`) into a view."""
    return View(f, sort, tuple(apply_filter(members, f, sort)))
