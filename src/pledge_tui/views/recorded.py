"""The data as recorded at a moment (`--at DATE`, README "What changed"), on the recorded clock.

`list`, `show`, `export` and the browser take `--at DATE`: the dataset rebuilt from its history
(`dataset.replay.dataset_at`, with its checks: a history that does not replay is a data error) as it was
after every entry recorded up to the end of DATE (`views.clocks.at_moment`). The one function here is
what each of them calls, so they all refuse the same dates in the same words:

- a malformed date (usage error, the forms named);
- a date in the future (usage error: nothing is recorded there yet);
- a file with no history, or a date before its history starts (usage error naming the start: what the
  data was then is not known).
"""

from __future__ import annotations

from typing import NamedTuple

from pledge_tui.dataset.catalogue import AS_RECORDED_AT
from pledge_tui.dataset.model import Dataset
from pledge_tui.dataset.replay import dataset_at, history_starts
from pledge_tui.errors import UsageError
from pledge_tui.sanitize import clean_line
from pledge_tui.views.clocks import check_at


class AsRecorded(NamedTuple):
    """The data as recorded at a date, and the date as given. (A typed named tuple, not a frozen dataclass:
    `list --at` does not import `dataclasses`, benchmarks/PROFILE.md A9.)"""

    dataset: Dataset
    at: str
    """The date as given, cleaned (`2026-10-01`)."""
    moment: str
    """The moment just after the period it names (entries before it count)."""

    @property
    def words(self) -> str:
        """"as recorded at 2026-10-01" (the browser's header, the snapshot)."""
        return f"{AS_RECORDED_AT} {self.at}"


def as_recorded(dataset: Dataset, text: str, now: str | None = None) -> AsRecorded:
    """The dataset as recorded at the end of `text` (`YYYY-MM-DD`, `YYYY-MM`, `YYYY-MM-DDTHH:MM:SSZ`, UTC).

    Raises `UsageError` for a malformed or future date, a file with no history, or a date before its
    history starts (naming the start); `ReplayError` when the history does not lead back to valid data.
    """
    moment = check_at(text, now)
    shown = clean_line(text.strip())
    start = history_starts(dataset)
    if start is None:
        raise UsageError("--at: this data file has no history, so what it held at an earlier date is not known")
    if moment <= start:
        from pledge_tui.views.describe import time_words

        raise UsageError(f"--at {shown[:40]!r}: history begins at {time_words(start)}; what the data held "
                         "before is not known")
    return AsRecorded(dataset_at(dataset, moment), shown, moment)
