"""The product's fixed vocabulary (spec section 2): slugs are stable, labels may be reworded.

Kept as plain tuples and dicts rather than Enums: every slug arrives as a string from JSON or the
command line, and comparing strings avoids a conversion step on every hot path.
"""

from __future__ import annotations

from typing import Final

TYPES: Final = (
    "ground-forces",
    "air-patrol",
    "naval-demining",
    "training",
    "equipment",
    "funding",
    "logistics",
    "monitoring",
    "command",
    "backstop",
)
"""Contribution types, in display order."""

TYPE_LABELS: Final = {
    "ground-forces": "Ground",
    "air-patrol": "Air",
    "naval-demining": "Sea",
    "training": "Training",
    "equipment": "Equipment",
    "funding": "Funding",
    "logistics": "Logistics",
    "monitoring": "Monitoring",
    "command": "Command",
    "backstop": "Backstop",
}

TYPE_MEANINGS: Final = {
    "ground-forces": "troops on Ukrainian soil after a ceasefire: reassurance force, MNF-U land element, hubs",
    "air-patrol": "air policing, patrols and surveillance over Ukraine",
    "naval-demining": "maritime security and mine countermeasures, chiefly in the Black Sea",
    "training": "training and regenerating Ukraine's armed forces, inside or outside Ukraine",
    "equipment": "weapons, equipment and defence-industrial support for Ukraine's army",
    "funding": "money for Ukraine's armed forces or for the mission",
    "logistics": "logistics hubs, transit and basing outside Ukraine",
    "monitoring": "ceasefire monitoring and verification",
    "command": "headquarters, command and coordination cells",
    "backstop": "an external guarantee to respond if Russia attacks again",
}

NOT_DISCLOSED: Final = "not-disclosed"

STORED_STATUSES: Final = ("pledged", "conditional", "considering", "ruled-out")
"""Statuses a commitment record may carry, strongest first."""

STATUSES: Final = (*STORED_STATUSES, NOT_DISCLOSED)
"""All statuses including the derived `not-disclosed`, strongest first."""

STATUS_LABELS: Final = {
    "pledged": "pledged",
    "conditional": "conditional",
    "considering": "considering",
    "ruled-out": "ruled out",
    NOT_DISCLOSED: "not disclosed",
}

STATUS_MEANINGS: Final = {
    "pledged": "said it will provide this once there is a ceasefire or peace",
    "conditional": "could or would provide it only if further named conditions are met, or 'yes in principle'",
    "considering": "is considering it or does not rule it out; no commitment",
    "ruled-out": "has explicitly said no",
    NOT_DISCLOSED: "nothing specific found in the sources (never guessed)",
}
"""One line per status, for the legend and the help screen (domain-facts.md, status conventions)."""

STATUS_RANK: Final = {status: rank for rank, status in enumerate(STATUSES)}
"""0 for the strongest status; used to sort by strongest commitment."""

CONDITIONS: Final = (
    "ceasefire",
    "peace-deal",
    "parliament",
    "us-backstop",
    "un-mandate",
    "outside-ukraine",
    "mission-framework",
    "government-decision",
)

CONDITION_LABELS: Final = {
    "ceasefire": "ceasefire",
    "peace-deal": "peace deal",
    "parliament": "parliament",
    "us-backstop": "US backing",
    "un-mandate": "UN/EU mandate",
    "outside-ukraine": "outside Ukraine",
    "mission-framework": "mission rules",
    "government-decision": "govt decision",
}
"""The one label of each condition (spec section 13): sidebar, detail pane, CLI, Markdown and help."""

CONDITION_MEANINGS: Final = {
    "ceasefire": "only after a ceasefire",
    "peace-deal": "only after a full peace agreement",
    "parliament": "needs a parliamentary vote or mandate",
    "us-backstop": "needs US backing",
    "un-mandate": "needs a UN or EU mandate",
    "outside-ukraine": "only outside Ukraine, e.g. on neighbouring NATO territory",
    "mission-framework": "needs a defined mission, rules or legal framework",
    "government-decision": "a government still has to decide",
}
"""What each condition means, in one line (help screen, legend, `--help`)."""

ROLES: Final = ("member", "partner", "institution", "coalition")
"""`coalition` is the one row (id `COW`) for what the coalition committed to as a whole (spec section 8)."""

COALITION_ID: Final = "COW"
"""The id of the one member with role `coalition` (spec section 8); no other member may have that role."""

ROLE_LABELS: Final = {
    "member": "member",
    "partner": "partner",
    "institution": "institution",
    "coalition": "coalition as a whole",
}

APPROVALS: Final = ("required", "obtained", "not-required", "unknown")
APPROVAL_LABELS: Final = {
    "required": "required before any deployment",
    "obtained": "obtained",
    "not-required": "not required",
    "unknown": "not known",
}

ATTENDANCE: Final = ("in-person", "video", "absent", "unknown")
ATTENDANCE_LABELS: Final = {"in-person": "in person", "video": "by video", "absent": "absent", "unknown": "not known"}

TIERS: Final = ("A", "B", "C")
TIER_LABELS: Final = {"A": "official text", "B": "established outlet or wire", "C": "aggregator or weak source"}

SORTS: Final = ("name", "strongest", "caveats")
"""Sort orders, in the order the browser's `o` key cycles through them."""

SORT_LABELS: Final = {
    "name": "name",
    "strongest": "strongest commitment first",
    "caveats": "most caveats first",
}

TYPE_SHORT: Final = {
    "ground-forces": "Grnd",
    "air-patrol": "Air",
    "naval-demining": "Sea",
    "training": "Trn",
    "equipment": "Eqp",
    "funding": "Fund",
    "logistics": "Log",
    "monitoring": "Mon",
    "command": "Cmd",
    "backstop": "Bkst",
}
"""Column headers for narrow matrix views (the `list` table and the browser's matrix)."""

STATUS_GLYPHS: Final = {
    "pledged": "●",
    "conditional": "◐",
    "considering": "○",
    "ruled-out": "✕",
    NOT_DISCLOSED: "·",
}
"""One character per status, so a member's row reads as a matrix; colour is never the only cue."""

LEAD_MARK: Final = "*"
CAVEAT_MARK: Final = "!"

ROLE_SHORT: Final = {"member": "member", "partner": "partner", "institution": "instit.", "coalition": "coalit."}
"""The role column of the 78-cell matrix (8 cells): the label, cut where it does not fit."""

HISTORY_ACTIONS: Final = (
    "set",
    "unset",
    "add-member",
    "edit-member",
    "add-source",
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
"""What a history entry records (spec sections 8 and 14): the write command's name (`adopt` and `resolve`
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
    "add-event": "events",
    "edit-event": "events",
    "edit-meta": "meta",
    "upgrade": "meta",
}
"""The table each action changes; `undo` names the table of the entry it reverts, and `adopt`, `resolve`,
`merge` and `baseline` the table of their record."""

