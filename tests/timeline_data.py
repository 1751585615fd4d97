"""The frozen March 2026 fixture with a small history, made through the one write path (`commit.commit`).

The fixture itself has no history (it is a version-1 file). The timeline and changed-since tests need
some: this copies it to a folder and makes nine changes with fixed times and authors (the first
write also records the upgrade), so the result is the same bytes on every run.
"""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

from pledge_tui.dataset import edits, store
from pledge_tui.dataset.commit import Edit, ReadsLog, commit
from pledge_tui.dataset.model import LoadedDataset
from tests.common import FROZEN

EDITS: tuple[tuple[str, str, Edit | ReadsLog], ...] = (
    ("2026-03-10T09:00:00Z", "ana", partial(
        edits.set_commitment, member="PL", type_="air-patrol", status="considering", sources=["S126"],
        today="2026-03-10", summary="Poland is weighing air policing over western Ukraine after a ceasefire.",
        note="Reported by the Polish press.")),
    ("2026-03-12T14:30:00Z", "ben", partial(
        edits.set_commitment, member="IT", type_="training", status="pledged", sources=["S28"], today="2026-03-12")),
    ("2026-03-20T08:15:00Z", "ana", partial(
        edits.add_source, publisher="Example Wire", title="Türkiye to lead Black Sea demining", date="2026-03-19",
        url="https://example.org/tr-demining", tier="B")),
    ("2026-03-20T08:16:00Z", "ana", partial(
        edits.add_event, date="2026-03-19", title="Türkiye offers to lead Black Sea demining",
        summary="Ankara said it would lead the maritime task force once a ceasefire holds.", sources=["S152"])),
    ("2026-03-21T10:00:00Z", "ben", partial(
        edits.set_commitment, member="TR", type_="naval-demining", status="pledged", sources=["S152"],
        today="2026-03-21", note="Upgraded on the wire report.")),
    ("2026-03-22T11:00:00Z", "ana", partial(
        edits.unset_commitment, member="NL", type_="ground-forces", sources=["S97"],
        note="The cited report was about a different force.")),
    ("2026-03-23T12:00:00Z", "ben", partial(
        edits.edit_member, member="FR", sources=["S132"], add_caveats=["Any deployment follows a ceasefire."])),
    ("2026-03-24T16:45:00Z", "ana", partial(
        edits.set_commitment, member="EE", type_="training", status="conditional", sources=["S88"],
        today="2026-03-24", conditions=["parliament"])),
    ("2026-03-25T09:30:00Z", "ana", ReadsLog(partial(edits.undo, note="Estonia's training offer stands as it was."))),
)
"""(time, author, edit): the changes made, oldest first. The first write begins the history (a baseline entry
per record, then the upgrade), then one entry per edit."""

SINCE = "2026-03-20"
"""A date in the middle: TR/naval-demining and NL/ground-forces changed after it (EE/training was changed
and undone, so it did not); PL/air-patrol and IT/training changed before it."""


REFS: dict[int, str] = {}
"""The entries of `history_copy` by their number (1 the upgrade, then one per edit of `EDITS`): ids are the
hash of the content, and the changes are the same on every run, so the ids are too."""


def ref(number: int) -> str:
    """The id of the `number`th entry `history_copy` made (1 the upgrade, 2 to 10 the edits)."""
    return REFS[number]


REWORDED: tuple[tuple[str, str, Edit], ...] = (
    ("2026-03-26T09:00:00Z", "ben", partial(
        edits.set_commitment, member="TR", type_="ground-forces", status="conditional", sources=["S152"],
        today="2026-03-26", summary="Türkiye would contribute to a ground presence only with the others, after a "
                                   "ceasefire (reworded on the wire report).", note="Reworded; status unchanged.")),
)
"""One more change, after `EDITS`: Türkiye's Ground cell reworded and re-cited, its status, conditions and lead
as they were (the `~` mark, beside the `Δ` of its Sea cell)."""


def history_copy(folder: Path, more: tuple[tuple[str, str, Edit], ...] = ()) -> LoadedDataset:
    """The fixture copied into `folder` with the changes of `EDITS` (and `more`) made, loaded."""
    path = folder / "commitments.json"
    shutil.copyfile(FROZEN, path)
    made: list[str] = []
    for at, by, edit in (*EDITS, *more):
        done = commit(str(path), edit, by=by, at=at)
        assert done.entry_id is not None, (at, edit)
        made += [*([done.upgrade_id] if done.upgrade_id else []), done.entry_id]
    REFS.update(enumerate(made, start=1))
    return store.load(str(path))
