"""One history entry, the record of one change (README "The data" and "Editing"): apart from the rest of the
model because it is the one record msgspec decodes straight from the log (`log_trusted`): a frozen msgspec
`Struct`, which msgspec decodes fastest, and which, unlike a dataclass, needs neither `dataclasses` nor
`inspect` (with `ast`, `dis` and `tokenize`: 8 ms of every command that reads the history,
benchmarks/PROFILE.md A9). The commands that never read the history (`list`, `show`, `export`) never
import this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from pledge_tui.dataset.msgspec_import import msgspec

Doc = Mapping[str, Any]
"""A stored document exactly as it is in the data file (a JSON object; `model.Doc`, repeated here so that
the model, which names this module for its types only, is not imported by it in turn)."""


class HistoryEntry(msgspec.Struct, frozen=True):
    """One change to the data file: one line of the append-only history log (README "The data" and "Editing").

    Entries are never edited or removed; an `undo` is a new entry that names the one it reverts. In a
    schema-version-2 file, whose history is a table of the data file, each entry has the id, parents
    and `undoes` that the upgrade to version 3 will give it (as a version-1 file's events have the ids
    the upgrade will give them).
    """

    id: str
    """`h` + 10 hex digits of the SHA-256 of the entry's canonical JSON (`log.entry_id`): the same in every
    clone, never changed by a merge. Messages cite it ("history entry h3f9a2c10b")."""
    at: str
    """When, in UTC: `YYYY-MM-DDTHH:MM:SSZ`. Never earlier than the entry before it."""
    by: str
    """Who: `--by`, else $PLEDGE_TUI_USER, else the login name."""
    action: str
    """What made the change (`vocab.HISTORY_ACTIONS`): a write command (`set`, `unset`, `add-member`,
    `edit-member`, `add-source`, `edit-source`, `add-event`, `edit-event`, `edit-meta`, `undo`, `adopt`,
    `resolve`), or `upgrade`, `baseline` (a record as it was when history began) or `merge` (the merge
    driver's join)."""
    table: str
    """The table changed: `commitments`, `members`, `sources`, `events` or `meta`."""
    key: str
    """The record's natural key (`natural_key`): `MEMBER/TYPE` for a commitment, the id of a member,
    source or event, `meta` for the meta document."""
    before: Doc | None
    """The whole stored document as it was; None when it did not exist (and for `upgrade`, `baseline`,
    `merge` and `resolve`, whose parents say where they come from)."""
    after: Doc | None
    """The whole stored document as it became; None when it no longer exists (and for `upgrade`)."""
    sources: tuple[str, ...]
    """The source ids that justify the change (empty only for `upgrade`, `add-source`, `baseline`, `merge`
    and the undo or resolve of such an entry)."""
    note: str
    """Free text, possibly empty."""
    parents: tuple[str, ...] = ()
    """The ids of the entries this one follows for the same record: none for a creation or a baseline,
    one normally, two for a `merge` or `resolve` (which joins two lines of history)."""
    undoes: str | None = None
    """For `undo` only: the id of the entry it reverts."""
    seq: int = 0
    """Its 1-based position in the log: for order only (ids say nothing about order)."""

    @property
    def member_id(self) -> str | None:
        """The member the change is about (commitments and members), else None."""
        if self.table == "commitments":
            return self.key.partition("/")[0]
        return self.key if self.table == "members" else None

    @property
    def type_slug(self) -> str | None:
        """The contribution type of a commitment change, else None."""
        return self.key.partition("/")[2] if self.table == "commitments" else None


class MemberHistory(NamedTuple):
    """What the detail pane shows under a member's card, read from the log alone (`History.of_member`)."""

    entries: tuple[HistoryEntry, ...]
    """Oldest first: at least the newest entries (as many as asked for) of each of the member's commitments
    that the lists of changes show (`NOT_LISTED` left out), and every entry a join among them needs."""
    undone_by: Mapping[str, str]
    """Reverted entry's id -> the id of the undo that reverted it, for those entries."""
    listed: Mapping[str, int]
    """Per commitment key, how many of its entries the lists of changes show."""
