"""The command line's views of filtered members: `list` as table, JSON or CSV, and `show`.

Headless and dependency-free (no Rich): these run on every scripted call, so they must start fast.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from pledge_tui.dataset.model import Dataset, Member, source_sort_key
from pledge_tui.dataset.vocab import (
    CAVEAT_MARK,
    CONDITION_LABELS,
    LEAD_MARK,
    NOT_DISCLOSED,
    STATUS_GLYPHS,
    STATUS_LABELS,
    TIER_LABELS,
    TYPE_LABELS,
    TYPE_SHORT,
    TYPES,
)
from pledge_tui.sanitize import clean_line, clean_text

CSV_HEADER = ("member", "name", "role", "type", "status", "conditions", "lead", "summary", "sources")

_EMPTY_ENTRY: dict[str, Any] = {"status": NOT_DISCLOSED, "summary": "", "conditions": [], "lead": False,
                                "sources": []}
"""Shared by every not-disclosed entry: it is only ever serialised, never changed."""


def member_json(member: Member) -> dict[str, Any]:
    """The `list --format json` object for one member (spec section 5)."""
    commitments: dict[str, Any] = {}
    for type_slug in TYPES:
        record = member.commitments.get(type_slug)
        commitments[type_slug] = (
            {
                "status": record.status,
                "summary": record.summary,
                "conditions": list(record.conditions),
                "lead": record.lead,
                "sources": list(record.sources),
            }
            if record
            else _EMPTY_ENTRY
        )
    return {
        "id": member.id,
        "name": member.name,
        "role": member.role,
        "stance": member.stance,
        "caveats": list(member.caveats),
        "commitments": commitments,
    }


def render_json(members: Sequence[Member], *, pretty: bool = False) -> str:
    """A JSON array, one object per member, UTF-8 text (not ASCII escapes), newline-terminated.

    Compact unless `pretty`: the CLI indents only for a terminal, because `json` indents with its
    pure-Python encoder, several times slower than the compact C one on large files.
    """
    return json.dumps([member_json(m) for m in members], ensure_ascii=False, indent=2 if pretty else None) + "\n"


def render_csv(members: Sequence[Member]) -> str:
    """One row per (member, type) that has a record; lists joined with `;`.

    Control characters are removed (a CSV is often `cat`-ed to a terminal); line breaks inside a
    summary are kept, quoted as CSV requires.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for m in members:
        for record in m.commitments.values():
            writer.writerow((
                m.id, clean_text(m.name), m.role, record.type, record.status, ";".join(record.conditions),
                "true" if record.lead else "false", clean_text(record.summary), ";".join(record.sources),
            ))
    return buffer.getvalue()


def _cell(member: Member, type_slug: str) -> str:
    record = member.commitments.get(type_slug)
    if record is None:
        return STATUS_GLYPHS[NOT_DISCLOSED]
    return STATUS_GLYPHS[record.status] + (LEAD_MARK if record.lead else "")


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(members: Sequence[Member], total: int) -> str:
    """A member-by-type matrix for reading in a terminal, with a legend and a count."""
    name_width = min(24, max([len("Member"), *(len(clean_line(m.name)) + 2 for m in members)]))
    id_width = max([2, *(len(m.id) for m in members)])
    lines = [
        f"{'ID':<{id_width}}  {'Member':<{name_width}}  {'Role':<11}  "
        + " ".join(f"{TYPE_SHORT[t]:<4}" for t in TYPES)
    ]
    for m in members:
        name = _fit(clean_line(m.name) + (f" {CAVEAT_MARK}" if m.caveats else ""), name_width)
        lines.append(
            f"{m.id:<{id_width}}  {name:<{name_width}}  {m.role:<11}  "
            + " ".join(f"{_cell(m, t):<4}" for t in TYPES)
        )
    legend = "  ".join(f"{STATUS_GLYPHS[s]} {STATUS_LABELS[s]}" for s in STATUS_GLYPHS)
    lines.append("")
    lines.append(f"{legend}  {LEAD_MARK} lead nation  {CAVEAT_MARK} has caveats")
    lines.append(f"{len(members)} of {total} members shown")
    return "\n".join(lines) + "\n"


def render_member(dataset: Dataset, member: Member) -> str:
    """Everything about one member, as plain text: the `show` command."""
    out: list[str] = []
    memberships = [label for label, flag in (("EU", member.eu), ("NATO", member.nato)) if flag]
    out.append(f"{clean_line(member.name)} ({member.id})")
    out.append(f"Role: {member.role}" + (f"; member of {' and '.join(memberships)}" if memberships else ""))
    out.append(f"Stance: {clean_line(member.stance)}")
    out.append(f"National approval: {member.approval}")
    out.append(f"Paris summit, 4 Sep 2025: {member.summit_2025_09_04}")
    out.append("")
    out.append("Caveats:")
    out.extend(f"  - {clean_line(c)}" for c in member.caveats)
    if not member.caveats:
        out.append("  (none recorded)")
    out.append("")
    out.append("Commitments:")
    for type_slug in TYPES:
        record = member.commitments.get(type_slug)
        label = f"{TYPE_LABELS[type_slug]} ({type_slug})"
        if record is None:
            out.append(f"  {label}: {STATUS_LABELS[NOT_DISCLOSED]}")
            continue
        lead = ", lead nation" if record.lead else ""
        out.append(f"  {label}: {STATUS_LABELS[record.status]}{lead} (stated {record.stated_on})")
        out.append(f"      {clean_line(record.summary)}")
        if record.conditions:
            out.append("      Conditions: " + "; ".join(CONDITION_LABELS[c] for c in record.conditions))
        if record.quantity:
            out.append(f"      Quantity: {clean_line(record.quantity)}")
        out.append(f"      Sources: {', '.join(record.sources)}")
    cited = sorted(
        {*member.sources, *(s for r in member.commitments.values() for s in r.sources)},
        key=source_sort_key,
    )
    out.append("")
    out.append("Sources:")
    for source_id in cited:
        source = dataset.sources[source_id]
        out.append(
            f"  [{source.id}] {clean_line(source.publisher)}, {source.date}, tier {source.tier} "
            f"({TIER_LABELS[source.tier]}): {clean_line(source.title)}"
        )
        if source.url:
            out.append(f"      {clean_line(source.url)}")
    return "\n".join(out) + "\n"

