"""Rich `Text` for everything the browser shows from the data.

Data text goes through `sanitize` and into `Text` objects, never into markup strings: `Text` is not
parsed, so `[bold]`, `[/]` or `[@click=app.quit]` in a caveat is shown as typed and does nothing.
Colours come from the active theme's variables, passed in as `Palette`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from pledge_tui.dataset.model import Dataset, Member, source_sort_key
from pledge_tui.dataset.vocab import (
    CAVEAT_MARK,
    CONDITION_LABELS,
    LEAD_MARK,
    NOT_DISCLOSED,
    STATUS_GLYPHS,
    STATUS_LABELS,
    STATUSES,
    TIER_LABELS,
    TYPE_LABELS,
    TYPES,
)
from pledge_tui.sanitize import clean_line, clean_text

ATTENDANCE_LABELS = {"in-person": "in person", "video": "by video", "absent": "absent", "unknown": "not known"}
APPROVAL_LABELS = {
    "required": "required before any deployment",
    "obtained": "obtained",
    "not-required": "not required",
    "unknown": "not known",
}


@dataclass(frozen=True, slots=True)
class Palette:
    """Status colours taken from the theme, so every theme (and NO_COLOR) stays consistent."""

    status: Mapping[str, str] = field(hash=False)
    muted: str
    accent: str

    @classmethod
    def from_variables(cls, variables: Mapping[str, str]) -> Palette:
        """Build from `App.get_css_variables()`."""
        def pick(*names: str) -> str:
            for name in names:
                value = variables.get(name, "")
                if value.startswith("#"):
                    return value[:7]
            return "default"

        return cls(
            status={
                "pledged": pick("text-success", "success"),
                "conditional": pick("text-warning", "warning"),
                "considering": pick("text-primary", "primary"),
                "ruled-out": pick("text-error", "error"),
                NOT_DISCLOSED: pick("foreground-darken-3", "foreground"),
            },
            muted=pick("foreground-darken-2", "foreground"),
            accent=pick("text-accent", "accent"),
        )


def legend(palette: Palette) -> Text:
    """Glyph legend shown under the table: one line that fits the 78 cells it has at 80 columns."""
    text = Text()
    for status in STATUSES:
        text.append(STATUS_GLYPHS[status], style=palette.status[status])
        text.append(f"{STATUS_LABELS[status]} ")
    text.append(f"{LEAD_MARK}lead {CAVEAT_MARK}caveats", style=palette.muted)
    return text


def age_in_words(as_of: str, today: date) -> str:
    """How old the data is, in words an analyst reads at a glance ("about 8 months old")."""
    parts = [int(p) for p in as_of.split("-")]
    start = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    days = (today - start).days
    if days < 0:
        return "dated in the future"
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''} old"
    months = round(days / 30.44)
    if months < 24:
        return f"about {months} months old"
    return f"about {months // 12} years old"


def header_text(dataset: Dataset, shown: int, sort_label: str, today: date, palette: Palette) -> Text:
    """Two lines: members shown of total, as-of date and age, sort, title; then the attributed figure.

    Lines are cut with an ellipsis rather than wrapped, so the header keeps its height at 80 columns;
    the most-needed facts come first.
    """
    meta = dataset.meta
    figure = meta.reported_commitments
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{shown} of {len(dataset.members)} members shown", style="bold")
    text.append(f" · data as of {meta.as_of} ({age_in_words(meta.as_of, today)}) · sort: {sort_label} · ")
    text.append(clean_line(meta.title), style="bold")
    text.append("\n")
    text.append(f"Reported: {figure.count} countries committed ({figure.date}; {', '.join(figure.sources)}), "
                f"never named, so no list here is \"the {figure.count}\"", style=palette.muted)
    return text


def detail_text(dataset: Dataset, member: Member, palette: Palette) -> Text:
    """Everything about one member: stance, caveats, commitments, sources, summit attendance."""
    text = Text(overflow="fold")  # long URLs fold instead of running off the pane
    text.append(clean_line(member.name), style="bold")
    memberships = [label for label, flag in (("EU", member.eu), ("NATO", member.nato)) if flag]
    text.append(f"  {member.id} · {member.role}" + (f" · {' · '.join(memberships)}" if memberships else ""),
                style=palette.muted)
    text.append("\n\n")
    text.append("Stance\n", style=f"bold {palette.accent}")
    text.append(clean_line(member.stance) + "\n\n")
    text.append("Caveats\n", style=f"bold {palette.accent}")
    for caveat in member.caveats:
        text.append(f"• {clean_line(caveat)}\n")
    if not member.caveats:
        text.append("None recorded.\n", style=palette.muted)
    text.append("\n")
    text.append("Commitments\n", style=f"bold {palette.accent}")
    if not member.commitments:
        text.append("Nothing disclosed for any type.\n", style=palette.muted)
    for type_slug in TYPES:
        record = member.commitments.get(type_slug)
        if record is None:
            continue
        colour = palette.status[record.status]
        text.append(f"{STATUS_GLYPHS[record.status]} {TYPE_LABELS[type_slug]}: ", style=f"bold {colour}")
        text.append(STATUS_LABELS[record.status], style=colour)
        if record.lead:
            text.append("  lead nation", style="bold")
        text.append(f"  ({record.stated_on})\n", style=palette.muted)
        text.append(f"  {clean_text(record.summary)}\n")
        if record.conditions:
            text.append("  Conditions: ", style=palette.muted)
            text.append("; ".join(CONDITION_LABELS[c] for c in record.conditions) + "\n")
        if record.quantity:
            text.append("  Quantity: ", style=palette.muted)
            text.append(clean_line(record.quantity) + "\n")
        text.append(f"  Sources: {', '.join(record.sources)}\n", style=palette.muted)
    undisclosed = [TYPE_LABELS[t] for t in TYPES if t not in member.commitments]
    if undisclosed and member.commitments:
        text.append(f"Not disclosed: {', '.join(undisclosed)}\n", style=palette.muted)
    text.append("\n")
    text.append("Paris summit, 4 Sep 2025: ", style=f"bold {palette.accent}")
    text.append(ATTENDANCE_LABELS[member.summit_2025_09_04] + "\n")
    text.append("National approval: ", style=f"bold {palette.accent}")
    text.append(APPROVAL_LABELS[member.approval] + "\n\n")
    text.append("Sources\n", style=f"bold {palette.accent}")
    cited = {*member.sources, *(s for r in member.commitments.values() for s in r.sources)}
    for source_id in sorted(cited, key=source_sort_key):
        source = dataset.sources[source_id]
        text.append(f"[{source.id}] ", style="bold")
        text.append(f"{clean_line(source.publisher)}, {source.date}, ")
        tier_style = palette.status["ruled-out"] if source.tier == "C" else palette.muted
        text.append(f"tier {source.tier} ({TIER_LABELS[source.tier]})", style=tier_style)
        text.append(f"\n  {clean_line(source.title)}\n")
        if source.url:
            text.append(f"  {clean_line(source.url)}\n", style=palette.muted)
    return text


@dataclass(frozen=True, slots=True)
class SummaryBars:
    """`summary_text` as a renderable whose bars are as wide as the space it is drawn in.

    The panel's width is not known when `g` shows it (it is laid out afterwards) and changes when the
    terminal is resized; a fixed width wrapped every bar onto a second line in a narrow panel.
    """

    members: Sequence[Member]
    palette: Palette

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield summary_text(self.members, self.palette, options.max_width)


def summary_text(members: Sequence[Member], palette: Palette, width: int) -> Text:
    """Per type, one horizontal bar of the members shown, split by status, with the counts."""
    label_width = max(len(label) for label in TYPE_LABELS.values()) + 1
    bar_width = max(10, width - label_width - 2)
    total = len(members)
    text = Text()
    text.append(f"Members shown by type and status ({total})\n\n", style="bold")
    for index, type_slug in enumerate(TYPES):
        counts = [0] * len(STATUSES)
        for m in members:
            counts[STATUSES.index(m.statuses[index])] += 1
        text.append(f"{TYPE_LABELS[type_slug]:<{label_width}}", style="bold")
        used = 0
        for position, status in enumerate(STATUSES):
            cells = round(bar_width * sum(counts[: position + 1]) / total) - used if total else 0
            used += cells
            text.append("█" * cells, style=palette.status[status])
        text.append("\n" + " " * label_width)
        for status, count in zip(STATUSES, counts, strict=True):
            text.append(f"{STATUS_GLYPHS[status]} {count}  ", style=palette.status[status])
        text.append("\n")
    text.append("\n")
    text.append_text(legend(palette))
    return text
