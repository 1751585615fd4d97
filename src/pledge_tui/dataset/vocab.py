"""The product's fixed vocabulary (README "Vocabulary") as slugs: what values exist, in what order.

The slugs are declared with their words in `dataset.catalogue`; this module gives the tuples the data
model, validation and the filters test membership and order with, and the history's actions and tables.
Kept as plain tuples and dicts rather than Enums: every slug arrives as a string from JSON or the
command line, and comparing strings avoids a conversion step on every hot path.
"""

from __future__ import annotations

from typing import Final

from pledge_tui.dataset import catalogue

TYPES: Final = catalogue.TYPES.slugs
"""Contribution types, in display order."""

NOT_DISCLOSED: Final = catalogue.NOT_DISCLOSED

STATUSES: Final = catalogue.STATUSES.slugs
"""All statuses including the derived `not-disclosed`, strongest first."""

STORED_STATUSES: Final = tuple(s for s in STATUSES if s != NOT_DISCLOSED)
"""Statuses a commitment record may carry, strongest first."""

STATUS_RANK: Final = {status: rank for rank, status in enumerate(STATUSES)}
"""0 for the strongest status; used to sort by strongest commitment."""

CONDITIONS: Final = catalogue.CONDITIONS.slugs

ROLES: Final = catalogue.ROLES.slugs
"""`coalition` is the one row (id `COW`) for what the coalition committed to as a whole (README "The data")."""

COALITION_ID: Final = "COW"
"""The id of the one member with role `coalition` (README "The data"); no other member may have that role."""

APPROVALS: Final = catalogue.APPROVALS.slugs
ATTENDANCE: Final = catalogue.ATTENDANCE.slugs
TIERS: Final = catalogue.TIERS.slugs

SORTS: Final = catalogue.SORTS.slugs
"""Sort orders, in the order the browser's `o` key cycles through them."""

HISTORY_ACTIONS: Final = (
    "set",
    "unset",
    "add-member",
    "edit-member",
    "add-source",
    "edit-source",
    "add-event",
    "edit-event",
    "edit-meta",
    "undo",
    "upgrade",
    "adopt",
    "resolve",
    "merge",
    "baseline",
)
"""What a history entry records (README "The data" and "Editing"): the write command's name (`adopt` and `resolve`
too), `upgrade` (the one-time move of a file to a newer schema version), `baseline` (a record as it was
when history began) or `merge` (the merge driver's join of two lines of history)."""

HISTORY_TABLES: Final = ("commitments", "members", "sources", "events", "meta")
"""The tables a history entry may name."""

ACTION_TABLE: Final = {
    "set": "commitments",
    "unset": "commitments",
    "add-member": "members",
    "edit-member": "members",
    "add-source": "sources",
    "edit-source": "sources",
    "add-event": "events",
    "edit-event": "events",
    "edit-meta": "meta",
    "upgrade": "meta",
}
"""The table each action changes; `undo` names the table of the entry it reverts, and `adopt`, `resolve`,
`merge` and `baseline` the table of their record."""

