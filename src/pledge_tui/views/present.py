"""The presentation model: what a reader sees, built once, for every shell and format to *format*.

`show`, `list`, the Markdown snapshot and the browser's panes all read these small frozen structures;
none of them picks a label, orders commitments, decides which sources a card cites or how old the
data is. So the three places a member is written out cannot disagree, and a later view (a history
line, a diff entry, a timeline row) gets one builder here and thin formatters there.

Headless: no Textual, no Rich. Every label comes from `dataset.catalogue`; every piece of data text is
cleaned of control and invisible characters here (`sanitize.clean_text`), so formatters only escape
for their medium (Markdown, a terminal) and never need to clean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import NamedTuple

from pledge_tui.dataset.catalogue import CAVEATS, LEAD, STALE, VOCABULARIES, label
from pledge_tui.dataset.catalogue import STATUSES as STATUS_WORDS
from pledge_tui.dataset.model import Commitment, Dataset, Member, Source, source_sort_key
from pledge_tui.dataset.vocab import NOT_DISCLOSED, STATUSES, TYPES
from pledge_tui.sanitize import clean_line, clean_text
from pledge_tui.views.caches import PerDataset
from pledge_tui.views.filters import COALITION_ROLE, Filter
from pledge_tui.views.statuses import glyph, status_text

__all__ = ["glyph", "label", "status_text"]
"""`label` is the catalogue's (`dataset.catalogue.label`), `status_text` and `glyph` are `views.statuses`',
importable from here as the views' one way to name a slug and a status."""


NOT_DISCLOSED_TITLE = label("statuses", NOT_DISCLOSED).capitalize()
"""Heads the list of the types a member disclosed nothing about ("Not disclosed: Air, Sea")."""


def caveat_mark(member: Member) -> str:
    """The mark a matrix puts after a member's name when it has caveats (README "The browser"), else ""."""
    return CAVEATS.glyph if member.caveats else ""


def legend(*, ascii_only: bool = False) -> tuple[tuple[str, str], ...]:
    """The glyphs a matrix uses and what each means, in display order: statuses, lead, caveats."""
    return (*((t.ascii_glyph if ascii_only else t.glyph, t.label) for t in STATUS_WORDS.terms),
            (LEAD.glyph, LEAD.label), (CAVEATS.glyph, CAVEATS.label))


# --- the coalition row, and counts of members ------------------------------------------------------


def is_coalition(member: Member) -> bool:
    """True for the row of what the coalition committed to as a whole (README "The data")."""
    return member.role == COALITION_ROLE


def count_in_words(shown: Sequence[Member], everyone: Sequence[Member], *, short: bool = False) -> str:
    """"5 of 37 members shown", with "+ the coalition as a whole" when its row is shown: the coalition
    row is never counted as a member (README "The data"). `short`: "5 of 37 members + the coalition", for
    a narrow header."""
    members_shown = sum(1 for m in shown if not is_coalition(m))
    total = sum(1 for m in everyone if not is_coalition(m))
    words = f"{members_shown} of {total} member{'' if total == 1 else 's'}{'' if short else ' shown'}"
    coalition = COALITION_SHORT if short else COALITION_WORDS
    return words + (f" + {coalition}" if members_shown != len(shown) else "")


def totals_in_words(everyone: Sequence[Member]) -> str:
    """"37 members + the coalition as a whole", or "37 members" when the data has no coalition row."""
    total = sum(1 for m in everyone if not is_coalition(m))
    words = f"{total} member{'' if total == 1 else 's'}"
    return words + (f" + {COALITION_WORDS}" if total != len(everyone) else "")


COALITION_WORDS = f"the {label('roles', COALITION_ROLE)}"
"""The coalition-as-a-whole row in a count: its role's label."""
COALITION_SHORT = "the coalition"
"""The same where the header has no room for the whole label."""


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One member as a row of the member-by-type matrix (the `list` table, the snapshot's matrix):
    its id, display name, role label, whether it is the coalition-as-a-whole row (listed first and
    styled apart) or has caveats, and per type, in `TYPES` order, its status and whether it leads."""

    id: str
    name: str
    role_label: str
    flags: tuple[bool, bool]
    """(is the coalition row, has caveats)."""
    cells: tuple[tuple[str, bool], ...]
    """(status, lead) per type; `not-disclosed` where there is no record."""

    @property
    def coalition(self) -> bool:
        """The coalition-as-a-whole row."""
        return self.flags[0]

    @property
    def has_caveats(self) -> bool:
        """The member has at least one caveat (the table's mark)."""
        return self.flags[1]

    def glyphs(self, *, ascii_only: bool = False) -> tuple[str, ...]:
        """Each type's glyph (status, then the lead mark), in `TYPES` order."""
        return tuple(glyph(status, lead, ascii_only=ascii_only) for status, lead in self.cells)

    def status_texts(self) -> tuple[str, ...]:
        """Each type's status in words ("pledged, lead nation"), in `TYPES` order."""
        return tuple(status_text(status, lead) for status, lead in self.cells)


def matrix_row(member: Member) -> MatrixRow:
    """The matrix row of one member."""
    records = member.commitments
    cells = tuple((status, t in records and records[t].lead) for t, status in zip(TYPES, member.statuses, strict=True))
    return MatrixRow(member.id, clean_text(member.name), label("roles", member.role),
                     (is_coalition(member), bool(member.caveats)), cells)


def cell_glyph(member: Member, type_slug: str) -> tuple[str, str]:
    """One matrix cell: the status, and its glyph with the lead mark when the member leads the task."""
    record = member.commitments.get(type_slug)
    if record is None:
        return NOT_DISCLOSED, glyph(NOT_DISCLOSED, False)
    return record.status, glyph(record.status, record.lead)


# --- the pieces of a card ------------------------------------------------------------------------


class SourceLine(NamedTuple):
    """A cited source as every view lists it: the source's fields with their text cleaned, and its tier in
    words."""

    id: str
    publisher: str
    title: str
    date: str
    url: str
    tier: str
    tier_label: str

    def parts(self) -> tuple[tuple[str, str], ...]:
        """The source as every view lays it out, in pieces a format can escape, cut or style one by one:
        `[S24] Reuters, "Title", 2026-03-12, tier B (established outlet or wire)`. Each piece is (kind,
        text), the kind one of "id", "publisher", "title", "date", "tier", or "" for the words between.
        The address is not a piece: a format puts it after the line, or on the next."""
        return (("id", f"[{self.id}]"), ("", " "), ("publisher", self.publisher), ("", ', "'), ("title", self.title),
                ("", '", '), ("date", self.date), ("", ", "), ("tier", f"tier {self.tier} ({self.tier_label})"))

    def text(self, fit: Callable[[str, str], str] | None = None) -> str:
        """The pieces as one line of plain text; `fit(kind, text)` may cut a piece (a one-line format)."""
        if fit is None:
            return "".join([text for _, text in self.parts()])
        return "".join([fit(kind, text) for kind, text in self.parts()])  # (a list: the snapshot lists 48,000)


@dataclass(frozen=True, slots=True)
class Cell:
    """One member x type: the status (or not disclosed) and, when there is a record, what it says."""

    member_id: str
    member_name: str
    type: str
    type_label: str
    status: str
    status_label: str
    glyph: str
    """The status glyph, followed by the lead mark when the member leads the task."""
    lead: bool
    summary: str
    conditions: tuple[str, ...]
    """Condition slugs, in the record's order."""
    condition_labels: tuple[str, ...]
    quantity: str | None
    """None when the record gives none (or only blanks)."""
    stated_on: str
    sources: tuple[str, ...]

    @property
    def disclosed(self) -> bool:
        """False for the derived `not-disclosed` cell (no record)."""
        return self.status != NOT_DISCLOSED

    @property
    def status_text(self) -> str:
        """The status in words, with the lead role: "pledged, lead nation"."""
        return status_text(self.status, self.lead)

    @property
    def ascii_glyph(self) -> str:
        """`glyph` for an output that cannot show the Unicode glyphs (the catalogue's ASCII glyphs)."""
        return glyph(self.status, self.lead, ascii_only=True)


@dataclass(frozen=True)
class MemberCard:
    """Everything a reader is told about one member, in the order they are told it.

    `sources` (the cited sources with publisher, title, date and tier) is built on first use: the
    snapshot lists sources once for all members and never asks, and at 10,000 members building them
    for every card was a fifth of the export's time.
    """

    id: str
    name: str
    role: str
    role_label: str
    blocs: tuple[str, ...]
    """"EU", "NATO": the blocs the member belongs to."""
    stance: str
    caveats: tuple[str, ...]
    approval: str
    approval_label: str
    attendance: str
    """Attendance at the Paris summit of 4 September 2025 (slug)."""
    attendance_label: str
    commitments: tuple[Cell, ...]
    """The disclosed cells, in type display order."""
    undisclosed: tuple[str, ...]
    """Labels of the types with no record, in display order."""
    member_sources: tuple[str, ...]
    """The ids the member record itself cites (its stance and caveats)."""
    origin: tuple[Dataset, Member] = field(repr=False, compare=False)
    """Where the card was built from (for `sources`)."""

    @cached_property
    def sources(self) -> tuple[SourceLine, ...]:
        """Every source the card cites (member and commitments), each once, in source-id order."""
        dataset, member = self.origin
        return tuple(_source_lines(dataset, cited_source_ids(member)))


def source_line(source: Source) -> SourceLine:
    """A source as listed under a card, in a snapshot or a history line."""
    return SourceLine(source.id, clean_text(source.publisher), clean_text(source.title), source.date,
                      clean_text(source.url), source.tier, label("tiers", source.tier))


_TYPE_LABEL = VOCABULARIES["types"].label
_STATUS_LABEL = VOCABULARIES["statuses"].label
_CONDITION_LABEL = VOCABULARIES["conditions"].label
"""`label("types", ...)` and the others, bound once: a snapshot of 10,000 members asks 176,000 times."""


def cell(member: Member, type_slug: str, *, name: str | None = None) -> Cell:
    """One member x type, disclosed or not. `name` is the member's cleaned name, when the caller has it."""
    record: Commitment | None = member.commitments.get(type_slug)
    shown = clean_text(member.name) if name is None else name
    type_label = _TYPE_LABEL(type_slug)
    if record is None:
        return Cell(member.id, shown, type_slug, type_label, NOT_DISCLOSED, _STATUS_LABEL(NOT_DISCLOSED),
                    glyph(NOT_DISCLOSED, False), False, "", (), (), None, "", ())
    status, lead, conditions = record.status, record.lead, record.conditions
    return Cell(
        member.id, shown, type_slug, type_label, status, _STATUS_LABEL(status), glyph(status, lead), lead,
        clean_text(record.summary), conditions, tuple(map(_CONDITION_LABEL, conditions)),
        (clean_text(record.quantity).strip() or None) if record.quantity else None, record.stated_on, record.sources,
    )


def citations(member: Member) -> set[str]:
    """The ids a member's records cite: its own record (stance, caveats) and every commitment. The one
    answer to "which sources does this member cite" (its card, the snapshot, "an event is about")."""
    return {*member.sources, *(s for record in member.commitments.values() for s in record.sources)}


def cited_source_ids(member: Member) -> list[str]:
    """The ids a member's card cites (`citations`), once each, in id order."""
    return sorted(citations(member), key=source_sort_key)


def member_card(dataset: Dataset, member: Member) -> MemberCard:
    """The card of one member: identity, stance, caveats, commitments in type order, attendance,
    approval, and the sources it cites with their tiers."""
    name = clean_text(member.name)
    records = member.commitments
    return MemberCard(
        id=member.id,
        name=name,
        role=member.role,
        role_label=label("roles", member.role),
        blocs=tuple(bloc for bloc, flag in (("EU", member.eu), ("NATO", member.nato)) if flag),
        stance=clean_text(member.stance),
        caveats=tuple(clean_text(c) for c in member.caveats),
        approval=member.approval,
        approval_label=label("approvals", member.approval),
        attendance=member.summit_2025_09_04,
        attendance_label=label("attendance", member.summit_2025_09_04),
        commitments=tuple(cell(member, t, name=name) for t in TYPES if t in records),
        undisclosed=tuple([_TYPE_LABEL(t) for t in TYPES if t not in records]),
        member_sources=member.sources,
        origin=(dataset, member),
    )


_built_lines: PerDataset[dict[str, SourceLine]] = PerDataset(lambda dataset: {})
"""Per dataset, the source lines built so far (a source is cited by many cards)."""


def _source_lines(dataset: Dataset, source_ids: Iterable[str]) -> list[SourceLine]:
    """The source lines of `source_ids`, each built once per dataset."""
    built = _built_lines(dataset)
    out = []
    for source_id in source_ids:
        line = built.get(source_id)
        if line is None:
            source = dataset.sources.get(source_id)
            if source is None:
                continue
            line = built[source_id] = source_line(source)
        out.append(line)
    return out


# --- counts, age and the filter in words ----------------------------------------------------------


def status_counts(members: Iterable[Member]) -> dict[tuple[str, str], int]:
    """For every (type, status), including not-disclosed, how many of `members` have it."""
    counts = {(t, s): 0 for t in TYPES for s in STATUSES}
    for m in members:
        for t, s in zip(TYPES, m.statuses, strict=True):
            counts[t, s] += 1
    return counts


def as_of_date(as_of: str) -> date | None:
    """The first day an as-of date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) can mean; None if unreadable."""
    parts = as_of.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    try:
        numbers = [int(p) for p in parts]
        return date(numbers[0], numbers[1] if len(numbers) > 1 else 1, numbers[2] if len(numbers) > 2 else 1)
    except ValueError:
        return None


def data_age(as_of: str, today: date) -> str:
    """How old the data is, in words read at a glance ("about 8 months old"): one rule for the
    header, the snapshot and `show`. A month-precise date counts from the first of the month."""
    start = as_of_date(as_of)
    if start is None:
        return "of unknown age"
    days = (today - start).days
    return "dated in the future" if days < 0 else age_words(days)


def age_words(days: int) -> str:
    """An age in days as read at a glance: "12 days old", "about 8 months old", "about 2 years old" (the
    data's age, a source's age)."""
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''} old"
    months = round(days / 30.44)
    if months < 24:
        return f"about {months} months old"
    return f"about {months // 12} years old"


FACETS = ("types", "statuses", "conditions", "roles")
"""The filter's facets, in the order the filter in words lists them."""


def filter_parts(f: Filter) -> list[str]:
    """The active parts of a filter in words, one per facet: ["types: Air", "statuses: pledged, ..."]."""
    parts = []
    for facet in FACETS:
        slugs: Sequence[str] = getattr(f, facet)
        if slugs:
            vocabulary = VOCABULARIES[facet]
            parts.append(f"{vocabulary.count_noun(len(slugs))}: {', '.join(map(vocabulary.label, slugs))}")
    needle = clean_line(f.search).strip()
    if needle:
        parts.append(f'search: "{needle}"')
    if f.stale is not None:
        parts.append(f"{STALE} {f.stale.months} month{'s' if f.stale.months != 1 else ''}")
    return parts


def filter_in_words(f: Filter) -> str:
    """The filter in words ("types: Air, Sea; status: pledged; search: "pol""), or "no filter"."""
    return "; ".join(filter_parts(f)) or "no filter"
