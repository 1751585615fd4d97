"""The two clocks (README "What changed"): when a thing was *said* and when it was *recorded*, always named.

- *said*: a commitment's `stated_on`, an event's or a source's `date`. Dates as precise as the source
  allows: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
- *recorded*: a history entry's `at`, a UTC moment `YYYY-MM-DDTHH:MM:SSZ`.

This module reads the dates the command line and the browser are given on either clock, once:
`since_moment` (`changes --since`, `history --since`, the browser's marks), `at_moment` (`--at`: the
data as recorded at the end of that day), `said_day` (`changes --said-since`), and answers the two
questions asked of a said date: is it on or after a day (`said_on_or_after`), and what day it means at
the latest (`said_last_day`, for freshness).

Headless, and cheap to import (no dataset, no model).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from pledge_tui.errors import UsageError
from pledge_tui.sanitize import clean_line

EPOCH_VAR = "SOURCE_DATE_EPOCH"
"""The reproducible-builds clock: when set, the time a snapshot records, and the day ages are counted to."""

DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY-MM-DDTHH:MM:SSZ"
"""The forms a recorded-clock date takes (`--since`, `--at`)."""

_MOMENT = r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?|([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)"
"""A recorded-clock value (compiled when one is given: `re` keeps it; most commands take none)."""
_SAID = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _shown(value: str) -> str:
    return repr(clean_line(value)[:40])


def _parts(text: str, option: str) -> tuple[str, str, str]:
    """A recorded-clock value taken apart: (day, clock, precision) with precision `month`, `day` or `second`.
    A bad value is a usage error naming the option."""
    value = text.strip()
    match = re.fullmatch(_MOMENT, value)
    if match is None:
        raise UsageError(f"{option}: expected a date ({DATE_FORMS}), got {_shown(value)}")
    if match.group(4):
        day, clock, precision = value[:10], value[11:19], "second"
    else:
        day = f"{match.group(1)}-{match.group(2)}-{match.group(3) or '01'}"
        clock, precision = "00:00:00", "day" if match.group(3) else "month"
    try:
        date.fromisoformat(day)
        hours, minutes, seconds = (int(part) for part in clock.split(":"))
        if hours > 23 or minutes > 59 or seconds > 59:
            raise ValueError(clock)
    except ValueError:
        raise UsageError(f"{option}: impossible date {_shown(value)}") from None
    return day, clock, precision


def since_moment(text: str, option: str = "--since") -> str:
    """The UTC moment a `--since` value means: `YYYY-MM-DD` (the start of that day, UTC), `YYYY-MM`
    (the first of the month) or an exact `YYYY-MM-DDTHH:MM:SSZ`. A bad value is a usage error."""
    day, clock, _precision = _parts(text, option)
    return f"{day}T{clock}Z"


def _stamp(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment:%H:%M:%S}Z"


def at_moment(text: str, option: str = "--at") -> str:
    """The moment just after the period an `--at` value names: the data "as recorded at" a day is the data
    after every entry of that day (UTC), so `--at 2026-10-01` is the moment 2026-10-02T00:00:00Z; a month,
    the first moment of the next month; an exact time, one second later. Entries before the returned
    moment count (`dataset.replay.dataset_at` undoes those at or after it). A bad value is a usage error."""
    day, clock, precision = _parts(text, option)
    start = datetime.fromisoformat(f"{day}T{clock}")
    try:
        if precision == "second":
            end = start + timedelta(seconds=1)
        elif precision == "day":
            end = start + timedelta(days=1)
        else:
            end = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    except OverflowError:  # the end of year 9999: the last moment a stored time can name
        return "9999-12-31T23:59:59Z"
    return _stamp(end)


def said_day(text: str, option: str = "--said-since") -> str:
    """A said-clock value as given (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), checked. A bad value is a usage
    error naming the option."""
    value = text.strip()
    match = _SAID.fullmatch(value)
    if match is None:
        raise UsageError(f"{option}: expected a date (YYYY-MM-DD, YYYY-MM or YYYY), got {_shown(value)}")
    try:
        date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        raise UsageError(f"{option}: impossible date {_shown(value)}") from None
    return value


def said_on_or_after(said: str, day: str) -> bool:
    """Whether a said date (`2026-01`) is on or after `day` (`2026-01-15`), compared at the precision of the
    coarser of the two: a month-precise statement counts for any day of its month, since it may have been
    made on that day or later (`2026-01` is on or after 2026-01-15; `2025-12` is not)."""
    width = min(len(said), len(day))
    return said[:width] >= day[:width]


@lru_cache(maxsize=4096)
def said_last_day(said: str) -> date | None:
    """The latest day a said date can mean: the day itself, the last day of its month, or 31 December of its
    year; None when it is not such a date. Freshness counts a source's age from this day, so that a source
    dated only by its month is never called older than it can be. Kept for the dates asked about: sources
    share a few hundred dates, and `list --format json` asks for every cited source's."""
    match = _SAID.fullmatch(said.strip())
    if match is None:
        return None
    try:
        year = int(match.group(1))
        if match.group(3):
            return date(year, int(match.group(2)), int(match.group(3)))
        if match.group(2):
            month = int(match.group(2))
            return date(year, month, days_in_month(year, month))
        return date(year, 12, 31)
    except ValueError:
        return None


def days_in_month(year: int, month: int) -> int:
    """How many days the month has (`calendar.monthrange(year, month)[1]`, without importing `calendar` and
    `locale`: two milliseconds of every command's start)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def said_of(table: str, doc: Mapping[str, Any] | None) -> str | None:
    """The said date a stored record carries: a commitment's `stated_on`, an event's or a source's `date`;
    None for a member, the dataset information, or no record."""
    if doc is None:
        return None
    value = doc.get("stated_on") if table == "commitments" else doc.get("date") if table in ("events", "sources") \
        else None
    return value if isinstance(value, str) else None


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the last day of the month when it has no such day).
    Raises `OverflowError` before year 1."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < 1:
        raise OverflowError(months)
    month += 1
    return date(year, month, min(day.day, days_in_month(year, month)))


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
            f"invalid --now value {clean_line(value)[:60]!r}: expected ISO-8601 such as 2026-01-01T00:00:00Z"
        ) from None


def _parse_epoch(value: str) -> datetime:
    text = value.strip()
    try:
        if not (text.isascii() and text.isdigit()):
            raise ValueError(text)
        return datetime.fromtimestamp(int(text), UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"invalid {EPOCH_VAR} {clean_line(value)[:60]!r}: expected a whole number of seconds since "
            "1970-01-01T00:00:00Z"
        ) from None


def reference_time(now: str | None, environ: Mapping[str, str]) -> datetime:
    """"Now" for a command: `--now`, else $SOURCE_DATE_EPOCH, else the clock; aware, UTC, whole seconds. A
    snapshot records it; `list`, `show` and the browser count sources' ages to its day. An empty
    SOURCE_DATE_EPOCH counts as unset. Raises `UsageError` for a value that cannot be read."""
    if now is not None:
        return _parse_now(now)
    epoch = environ.get(EPOCH_VAR, "")
    if epoch.strip():
        return _parse_epoch(epoch)
    return datetime.now(UTC).replace(microsecond=0)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_at(text: str, now: str | None = None) -> str:
    """The moment an `--at` value means (`at_moment`), after refusing a malformed or future date: a usage
    error, before any file is read (and before the rebuilding, `views.recorded`, is imported)."""
    moment = at_moment(text)
    start = since_moment(text, "--at")
    if start > (now or _now()):
        raise UsageError(f"--at {clean_line(text.strip())[:40]!r} is in the future: nothing is recorded there yet")
    return moment
