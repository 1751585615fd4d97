"""The command line's views of filtered members: `list` as table, JSON or CSV, and `show`.

The table and `show` only *format* what `views.present` builds (matrix rows, the member card, the
legend, the count in words); JSON and CSV are the machine formats and carry the data as stored.

Headless and dependency-free (no Rich): these run on every scripted call, so they must start fast.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from pledge_tui import collector
from pledge_tui.dataset import catalogue
from pledge_tui.dataset.catalogue import field_title, field_words
from pledge_tui.dataset.model import Commitment, Dataset, Member, Source
from pledge_tui.dataset.vocab import NOT_DISCLOSED, TYPES
from pledge_tui.sanitize import clean_line, clean_text
from pledge_tui.textwidth import display_width, fit

if TYPE_CHECKING:
    from pledge_tui.views import present
    from pledge_tui.views.freshness import Freshness

CSV_HEADER = ("member", "name", "role", "type", "status", "conditions", "lead", "summary", "sources")

_EMPTY_ENTRY: dict[str, Any] = {"status": NOT_DISCLOSED, "summary": "", "conditions": (), "lead": False,
                                "sources": ()}
"""Shared by every not-disclosed entry: it is only ever serialised, never changed."""

_EMPTY_ROW: dict[str, Any] = dict.fromkeys(TYPES, _EMPTY_ENTRY)
"""Every type not disclosed, in `TYPES` order: a member's `commitments` object starts as a copy of it (a record
replaces its type's entry in place, so the order stays `TYPES`'s, as the member's records are)."""


Fresh = Callable[[Commitment], "Freshness | None"]
"""A record's newest source and its age (`views.freshness.freshness` bound to a dataset and a day)."""


def member_json(member: Member, types: Sequence[str] = TYPES, fresh: Fresh | None = None) -> dict[str, Any]:
    """The `list --format json` object for one member (README "Command line"); `commitments` holds `types`, each
    disclosed one with its newest source's date, id and age in days when `fresh` is given (README "What changed").

    Lists are the model's tuples (both encoders write them as arrays): built for every member listed, so
    without a copy of each."""
    records = member.commitments
    if types is TYPES or types == TYPES:  # every type: the not-disclosed row, with the member's records over it
        cells = _EMPTY_ROW.copy()
        for type_slug, record in records.items():
            cells[type_slug] = record_json(record, fresh)
    else:
        cells = {type_slug: record_json(records[type_slug], fresh) if type_slug in records else _EMPTY_ENTRY
                 for type_slug in types}
    return {"id": member.id, "name": member.name, "role": member.role, "stance": member.stance,
            "caveats": member.caveats, "commitments": cells}


def record_json(record: Commitment, fresh: Fresh | None = None) -> dict[str, Any]:
    """A disclosed cell as `list --format json` gives it; with `fresh`, `newest_source` (the newest date among
    its sources), `newest_source_id` and `newest_source_age_days` (null when no source date is readable)."""
    if fresh is None:
        return {"status": record.status, "summary": record.summary, "conditions": record.conditions,
                "lead": record.lead, "sources": record.sources}
    newest = fresh(record)  # (one literal per case: built for every disclosed cell listed)
    if newest is None:
        return {"status": record.status, "summary": record.summary, "conditions": record.conditions,
                "lead": record.lead, "sources": record.sources, "newest_source": None, "newest_source_id": None,
                "newest_source_age_days": None}
    return {"status": record.status, "summary": record.summary, "conditions": record.conditions,
            "lead": record.lead, "sources": record.sources, "newest_source": newest.date,
            "newest_source_id": newest.source_id, "newest_source_age_days": newest.age_days}


def _selected(types: Sequence[str]) -> tuple[str, ...]:
    """The types a machine format covers: those selected with `--type`, in display order, else all."""
    return tuple(t for t in TYPES if t in types) if types else TYPES


def render_json(members: Sequence[Member], *, pretty: bool = False, types: Sequence[str] = (),
                fresh: Fresh | None = None) -> str:
    """A JSON array, one object per member, UTF-8 text (not ASCII escapes), newline-terminated.

    With `types` (the `--type` filter), each member's `commitments` holds only those types. Compact (no
    space after `,` and `:`) unless `pretty`: the CLI indents only for a terminal, because `json` indents
    with its pure-Python encoder, several times slower than the compact C one on large files.

    msgspec encodes when it is loaded already (`store.load` decodes a large file with it) or when there are
    `MSGSPEC_FROM` members or more: seven times faster than `json`'s C encoder (3.5 ms against 17-20 at
    1,000 members), which pays its import. `msgspec.json.format` indents exactly as `json.dumps` does, and
    both write the same bytes (tests/test_listing_json.py). For a few members `json` is the faster of the
    two, import included.
    """
    encoded = render_json_utf8(members, pretty=pretty, types=types, fresh=fresh)
    return encoded if isinstance(encoded, str) else encoded.decode("utf-8")


MSGSPEC_FROM = 500
"""From this many members, `render_json` imports msgspec to encode (8 ms, `dataset.msgspec_import`) when it is
not loaded: `json` takes about 17 ms per 1,000 members, msgspec 3.5."""


def render_json_utf8(members: Sequence[Member], *, pretty: bool = False, types: Sequence[str] = (),
                     fresh: Fresh | None = None) -> bytes | str:
    """`render_json`'s JSON, as the UTF-8 bytes msgspec made when it made them (the command line's `write_utf8`
    writes them as they are: decoding 2 MB at 1,000 members only to encode them again took 7 ms), else as
    `json`'s text. The collector is paused meanwhile: the objects are thousands of new dicts, none garbage,
    and its passes walked the whole dataset for them (4-6 ms at 1,000 members)."""
    selected = _selected(types)
    with collector.paused():
        objects = [member_json(m, selected, fresh) for m in members]
        # (imported through the import system even when loaded: `cli.read` may be importing it in a thread,
        # and an import returns the module only once it is whole)
        msgspec = _msgspec() if sys.modules.get("msgspec") is not None or len(members) >= MSGSPEC_FROM else None
        if msgspec is not None:
            try:
                encoded: bytes = msgspec.json.encode(objects)
                return (msgspec.json.format(encoded, indent=2) if pretty else encoded) + b"\n"
            except UnicodeEncodeError:  # an unpaired surrogate, which only `json` can write (as its escape)
                pass
        if pretty:
            return json.dumps(objects, ensure_ascii=False, indent=2) + "\n"
        return json.dumps(objects, ensure_ascii=False, separators=(",", ":")) + "\n"


def _msgspec() -> Any:
    """msgspec (`dataset.msgspec_import`), or None where it cannot be imported."""
    try:
        from pledge_tui.dataset.msgspec_import import msgspec
    except ImportError:
        return None
    return msgspec


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """Data text for a CSV cell: control characters removed, and a leading `'` when the text would
    start with `=`, `+`, `-`, `@`, a tab or a carriage return, which a spreadsheet runs as a formula
    (OWASP's CSV-injection advice). Line breaks inside are kept, quoted as CSV requires."""
    cleaned = clean_text(text)
    return "'" + cleaned if cleaned.startswith(_FORMULA_START) else cleaned


def render_csv(members: Sequence[Member], *, types: Sequence[str] = ()) -> str:
    """One row per (member, type) that has a record, of `types` when given; lists joined with `;`."""
    import csv  # only this format needs it

    selected = _selected(types)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for m in members:
        name = csv_text(m.name)
        for type_slug in selected:
            record = m.commitments.get(type_slug)
            if record is not None:
                writer.writerow((
                    m.id, name, m.role, record.type, record.status, ";".join(record.conditions),
                    "true" if record.lead else "false", csv_text(record.summary), ";".join(record.sources),
                ))
    return buffer.getvalue()


# --- the human table ---------------------------------------------------------------------------------

NAME_WIDTH = 24
"""The widest the member column gets (in terminal cells); longer names are cut with an ellipsis."""


def render_table(members: Sequence[Member], everyone: Sequence[Member], *, ascii_only: bool = False) -> str:
    """A member-by-type matrix for reading in a terminal, with a legend and the count in words.

    Columns are measured in terminal cells (wide CJK and emoji take two), so they stay aligned. With
    `ascii_only` (an output that cannot encode the status glyphs) the glyphs are ASCII ones that still
    tell the statuses apart, and names are shown as the output will write them. `everyone` is every
    member of the dataset, for the count ("5 of 37 members shown").
    """
    from pledge_tui.views import present  # (`list --format json` and `csv` do not need it: a few ms)

    rows = [present.matrix_row(m) for m in members]

    def shown(text: str) -> str:
        return text.encode("ascii", "replace").decode("ascii") if ascii_only else text

    names = [shown(clean_line(r.name)) for r in rows]
    name_width = min(NAME_WIDTH, max([len("Member"), *(display_width(n) for n in names)]))
    id_width = max([2, *(len(r.id) for r in rows)])
    role_width = max([4, *(len(r.role_label) for r in rows)])
    ellipsis = "~" if ascii_only else "…"
    lines = [f"{'ID':<{id_width}}  {'Member':<{name_width}}    {'Role':<{role_width}}  "
             + " ".join(f"{catalogue.TYPES.short(t):<4}" for t in TYPES)]
    for row, name in zip(rows, names, strict=True):
        glyphs = " ".join(f"{g:<4}" for g in row.glyphs(ascii_only=ascii_only))
        mark = catalogue.CAVEATS.glyph if row.has_caveats else " "  # after the name, where a cut name cannot hide it
        lines.append(f"{row.id:<{id_width}}  {fit(name, name_width, ellipsis=ellipsis)} {mark}  "
                     f"{row.role_label:<{role_width}}  {glyphs}")
    legend = "  ".join(f"{mark} {words}" for mark, words in present.legend(ascii_only=ascii_only))
    lines += ["", legend, present.count_in_words(members, everyone)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


# --- show --------------------------------------------------------------------------------------------


def render_card(card: present.MemberCard, fresh: Mapping[str, Freshness | None] | None = None) -> str:
    """A member card as plain text: the `show` command; with `fresh` (by type), each commitment's newest
    source and its age after its sources."""
    from pledge_tui.views import present

    out = [f"{clean_line(card.name)} ({card.id})",
           f"{field_title('role')}: {card.role_label}"
           + (f"; member of {' and '.join(card.blocs)}" if card.blocs else ""),
           f"{field_title('stance')}: {clean_line(card.stance)}",
           f"{field_title('approval')}: {card.approval_label}",
           f"{field_title('summit_2025_09_04')}: {card.attendance_label}",
           f"{field_title('sources')} for the stance and caveats: {', '.join(card.member_sources)}",
           "",
           f"{field_title('caveats')}:",
           *(f"  - {clean_line(c)}" for c in card.caveats)]
    if not card.caveats:
        out.append("  (none recorded)")
    out += ["", "Commitments:"]
    for cell in card.commitments:
        out.append(f"  {cell.type_label} ({cell.type}): {cell.status_text} ({field_words('stated_on')} "
                   f"{cell.stated_on})")
        out.append(f"      {clean_line(cell.summary)}")
        if cell.condition_labels:
            out.append(f"      {field_title('conditions')}: " + "; ".join(cell.condition_labels))
        if cell.quantity:
            out.append(f"      {field_title('quantity')}: {clean_line(cell.quantity)}")
        newest = (fresh or {}).get(cell.type)
        out.append(f"      {field_title('sources')}: {', '.join(cell.sources)}"
                   + (f" · {newest.words}" if newest is not None else ""))
    if not card.commitments:
        out.append("  (none recorded)")
    if card.undisclosed:
        out.append(f"  {present.NOT_DISCLOSED_TITLE}: {', '.join(card.undisclosed)}")
    out += ["", f"{field_title('sources')}:"]
    for source in card.sources:
        out.append(f"  {clean_line(source.text())}")
        if source.url:
            out.append(f"      {clean_line(source.url)}")
    return "\n".join(out) + "\n"


def render_member(dataset: Dataset, member: Member, today: date | None = None) -> str:
    """Everything about one member, as plain text: the `show` command; with `today`, each commitment's
    newest source and its age on that day (README "What changed")."""
    from pledge_tui.views import present
    from pledge_tui.views.freshness import cell_freshness

    fresh = cell_freshness(dataset, member, today) if today is not None else None
    return render_card(present.member_card(dataset, member), fresh)


def render_member_json(dataset: Dataset, member: Member, *, pretty: bool = False, today: date | None = None) -> str:
    """One member as JSON (`show --format json`): the fields of `list --format json`'s object (with `today`,
    each disclosed cell's `newest_source` and its age, README "What changed") and every other field the data file
    holds (EU and NATO membership, approval, summit attendance, the member's own sources; each commitment's
    quantity and date), then `cited_sources`, every source it cites in full. Slugs, not labels; invisible and
    control characters escaped (`changes_json.dumps`)."""
    from functools import partial

    from pledge_tui.formats.changes_json import dumps
    from pledge_tui.views.freshness import freshness
    from pledge_tui.views.present import cited_source_ids

    fresh = partial(freshness, dataset, today=today) if today is not None else None

    def entry(type_slug: str) -> dict[str, Any]:
        record = member.commitments.get(type_slug)
        if record is None:
            return {**_EMPTY_ENTRY, "quantity": None, "stated_on": None}
        return {**record_json(record, fresh), "quantity": record.quantity, "stated_on": record.stated_on}

    document = {
        "id": member.id, "name": member.name, "role": member.role, "eu": member.eu, "nato": member.nato,
        "stance": member.stance, "caveats": member.caveats, "approval": member.approval,
        "summit_2025_09_04": member.summit_2025_09_04, "sources": member.sources,
        "commitments": {type_slug: entry(type_slug) for type_slug in TYPES},
        "cited_sources": [source_json(dataset.sources[s]) for s in cited_source_ids(member) if s in dataset.sources],
    }
    return dumps(document, pretty=pretty)


def source_json(source: Source) -> dict[str, Any]:
    """A source as the data file holds it."""
    return {"id": source.id, "publisher": source.publisher, "title": source.title, "date": source.date,
            "url": source.url, "tier": source.tier}
