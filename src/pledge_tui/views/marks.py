"""The marks the matrix puts on changed cells, worked out in one place from a diff of two datasets.

README "What changed": `Δ` marks a change of status, conditions or lead (and a record added or removed), `~`
any other change. A mark is a character after the cell's glyph, so it reads without colour. The marks
come from `views.diff` (the cells a diff reports, with the fields that moved), so the browser's marks
and `pledge-tui diff` always agree on what changed; when the diff learns more fields, the marks follow.

Headless: no Textual, no Rich.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pledge_tui.dataset.catalogue import CHANGED, TOUCHED
from pledge_tui.dataset.model import Member
from pledge_tui.views.diff import CellChange, cell_mark

MAJOR_MARK = CHANGED.glyph
"""A change of status, conditions or lead, or a record added or removed."""
MINOR_MARK = TOUCHED.glyph
"""Any other change (wording, sources, dates)."""


def mark_of(change: CellChange) -> str:
    """`Δ` for a change of status, conditions or lead (or a record added or removed), else `~`: the rule of
    `views.diff.cell_mark`, which the changed-since marks follow too."""
    return cell_mark(change).glyph


@dataclass(frozen=True, slots=True)
class CellMarks:
    """Per member, per type, the mark of a changed cell."""

    by_member: Mapping[str, Mapping[str, str]]
    """Member id -> type slug -> `MAJOR_MARK` or `MINOR_MARK` (the matrix asks once per row)."""

    def mark(self, member_id: str, type_slug: str) -> str | None:
        """The cell's mark, or None when it is not marked."""
        return self.by_member.get(member_id, {}).get(type_slug)

    def __len__(self) -> int:
        return sum(len(types) for types in self.by_member.values())

    def count_in(self, members: Sequence[Member]) -> int:
        """How many marked cells belong to `members` (the members shown)."""
        if len(self.by_member) < len(members):
            ids = {m.id for m in members}
            return sum(len(types) for member_id, types in self.by_member.items() if member_id in ids)
        return sum(len(self.by_member.get(m.id, ())) for m in members)

    def merged(self, newer: CellMarks) -> CellMarks:
        """These marks and `newer`'s; where both mark a cell, the stronger mark (`Δ` over `~`)."""
        combined = {member_id: dict(types) for member_id, types in self.by_member.items()}
        for member_id, types in newer.by_member.items():
            row = combined.setdefault(member_id, {})
            for type_slug, mark in types.items():
                row[type_slug] = MAJOR_MARK if MAJOR_MARK in (mark, row.get(type_slug)) else mark
        return CellMarks(combined)


NO_MARKS = CellMarks({})


def marks_of(changes: Iterable[CellChange]) -> CellMarks:
    """The marks of the cells a diff reports (`DatasetDiff.cells`)."""
    by_member: dict[str, dict[str, str]] = {}
    for change in changes:
        by_member.setdefault(change.member_id, {})[change.type] = mark_of(change)
    return CellMarks(by_member)
