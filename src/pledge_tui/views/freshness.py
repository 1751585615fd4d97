"""Freshness (README "What changed"): how old is the newest source a disclosed cell rests on, and which members
have a claim that rests only on old sources.

A cell's `newest_source` is the newest date among its record's sources (the said clock: a source's date,
`YYYY`, `YYYY-MM` or `YYYY-MM-DD`); its age is counted to a day (`--now`, else today) from the latest day
that date can mean (`views.clocks.said_last_day`), so a source dated only by its month is never said to be
older than it can be. `show`, `list --format json` and the detail pane give it; `--stale MONTHS` (the
command line's `list` and `export`, the browser's palette) keeps the members with a disclosed cell whose
newest source is older than MONTHS months.

Headless. The stale filter is a `views.filters.Filter` part (`Filter.stale`): resolved against one dataset
(which members are stale), so every path that filters (`list`, the snapshot, the browser, the counts) keeps
the same members.
"""

# (No `from __future__ import annotations` here: typing compiles each string annotation of a NamedTuple
# field into a ForwardRef, 0.08 ms a field in every command's start; benchmarks/PROFILE.md A8.)

from collections.abc import Callable, Mapping
from datetime import date
from typing import NamedTuple

from pledge_tui.dataset.catalogue import NEWEST_SOURCE
from pledge_tui.dataset.model import Commitment, Dataset, Member, Source
from pledge_tui.errors import UsageError
from pledge_tui.sanitize import clean_line
from pledge_tui.views.caches import PerDataset
from pledge_tui.views.clocks import months_before, said_last_day
from pledge_tui.views.filters import Stale

MAX_STALE_MONTHS = 1200
"""The most months `--stale` takes (a century): beyond it every dated source is "recent" to nobody."""


class Freshness(NamedTuple):
    """A disclosed cell's newest source: which, its date, and how old it is."""

    source_id: str
    date: str
    """As the source gives it (`2026-01`, `2026-01-06`)."""
    age_days: int
    """Days from the latest day the date can mean to the day asked about (0 when not older)."""

    @property
    def words(self) -> str:
        """"newest source 2026-01-06 (S24), 11 months old"."""
        from pledge_tui.views.present import age_words  # (not for `list --format json`, which gives days)

        return f"{NEWEST_SOURCE} {clean_line(self.date)} ({self.source_id}), {age_words(self.age_days)}"


_NO_DAY = (date.min, "")


def _source_days(dataset: Dataset) -> dict[str, tuple[date, str]]:
    """Per source id asked about, (the latest day its date can mean, the date as given), kept per dataset."""
    return {}


_days_of: PerDataset[dict[str, tuple[date, str]]] = PerDataset(_source_days)
"""Each dataset's source days, filled on first use (a `list --format json` asks for every cited source)."""


def _newest(dataset: Dataset, record: Commitment) -> tuple[date, str, str] | None:
    """(latest day its date can mean, the date as given, the source id) of the record's newest source."""
    return _newest_of(_days_of(dataset), dataset.sources, record.sources)


def _newest_of(days: dict[str, tuple[date, str]], sources: Mapping[str, Source],
               source_ids: tuple[str, ...]) -> tuple[date, str, str] | None:
    """`_newest` with the dataset's source days (`_days_of`) and sources at hand."""
    best: tuple[date, str, str] | None = None
    for source_id in source_ids:
        found = days.get(source_id)
        if found is None:
            source = sources.get(source_id)
            last = said_last_day(source.date) if source is not None else None
            found = days[source_id] = (last, source.date) if source is not None and last is not None else _NO_DAY
        if found is not _NO_DAY and (best is None or found[0] > best[0]):
            best = (found[0], found[1], source_id)
    return best


def freshness(dataset: Dataset, record: Commitment, today: date) -> Freshness | None:
    """The record's newest source and its age on `today`; None when none of its sources has a readable date."""
    best = _newest(dataset, record)
    if best is None:
        return None
    last, shown, source_id = best
    return Freshness(source_id, shown, max(0, (today - last).days))


def freshness_on(dataset: Dataset, today: date) -> Callable[[Commitment], Freshness | None]:
    """`freshness` bound to a dataset and a day, for asking about many records (`list --format json` asks about
    every disclosed cell: 2,292 at 1,000 members, in 2 ms this way against 6 one call at a time). Records
    that cite the same sources get the same answer, worked out once."""
    days, sources = _days_of(dataset), dataset.sources
    answers: dict[tuple[str, ...], Freshness | None] = {}
    unknown = object()

    def fresh(record: Commitment) -> Freshness | None:
        source_ids = record.sources
        answer = answers.get(source_ids, unknown)  # (not try/except: most records ask about sources of their own)
        if answer is unknown:
            best = _newest_of(days, sources, source_ids)
            answer = answers[source_ids] = (None if best is None else
                                            Freshness(best[2], best[1], max(0, (today - best[0]).days)))
        return answer  # type: ignore[return-value]

    return fresh


def cell_freshness(dataset: Dataset, member: Member, today: date) -> dict[str, Freshness | None]:
    """Per disclosed type of `member`, its newest source (`freshness`)."""
    return {type_slug: freshness(dataset, record, today) for type_slug, record in member.commitments.items()}


def parse_stale(text: str, option: str = "--stale") -> int:
    """A `--stale` value: a whole number of months, 1 to `MAX_STALE_MONTHS`. Anything else is a usage error."""
    value = text.strip()
    if not value.isascii() or not value.lstrip("-+").isdigit():
        raise UsageError(f"{option}: expected a whole number of months, got {clean_line(value)[:40]!r}")
    months = int(value)
    if not 1 <= months <= MAX_STALE_MONTHS:
        raise UsageError(f"{option}: expected a number of months from 1 to {MAX_STALE_MONTHS}, got {months}")
    return months


def stale_filter(dataset: Dataset, months: int, today: date) -> Stale:
    """The stale part of a filter, resolved against `dataset`: the members with a disclosed cell whose
    newest source is dated before `today` less `months` months (every day its date can mean is earlier)."""
    try:
        cutoff = months_before(today, months)
    except OverflowError:
        raise UsageError(f"--stale: {months} months before {today.isoformat()} is before the year 1") from None
    stale = frozenset(m.id for m in dataset.members if any(
        (newest := _newest(dataset, record)) is not None and newest[0] < cutoff for record in m.commitments.values()))
    return Stale(months, cutoff.isoformat(), stale)
