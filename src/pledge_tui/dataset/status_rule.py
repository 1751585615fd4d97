"""The one rule that tells `pledged` from `conditional` (README, "The data"; the help's words are
`catalogue.STATUSES` meanings), as a check `validate` runs over every record.

Every commitment the tracker records is for after a ceasefire, and most members still need their own
parliament's vote or their government's decision before anyone deploys. A member that said it *will*
provide something on those terms alone has pledged it. An offer that hangs on anything more (US backing,
a UN or EU mandate, only outside Ukraine, defined mission rules, a full peace deal rather than a
ceasefire) is conditional, and so is an offer made only "in principle".

The fields show one half of the rule: a pledged record that names a further condition breaks it. The
other half (whether the words reported were a firm "will" or a "could") is read from the sources, not
from the fields, so nothing here can check it. Pure functions on the model: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from pledge_tui.dataset.catalogue import CONDITIONS as CONDITION_TERMS
from pledge_tui.dataset.model import Member
from pledge_tui.dataset.vocab import CONDITIONS, TYPES

PLEDGE_CONDITIONS: Final = frozenset({"ceasefire", "parliament", "government-decision"})
"""The conditions any pledge may still name: the ceasefire every guarantee waits for, and the member's
own decision (a vote in parliament, a government decision)."""

FURTHER_CONDITIONS: Final = tuple(c for c in CONDITIONS if c not in PLEDGE_CONDITIONS)
"""The conditions that make an offer conditional (vocabulary order)."""


def further_conditions(status: str, conditions: Iterable[str]) -> tuple[str, ...]:
    """The conditions a record with `status` names that its status does not allow (vocabulary order):
    for a pledged record, those beyond a ceasefire and the national decision; for any other status, none."""
    if status != "pledged":
        return ()
    named = set(conditions)
    return tuple(c for c in FURTHER_CONDITIONS if c in named)


@dataclass(frozen=True, slots=True)
class Breach:
    """A record that breaks the status rule: pledged, yet it names a further condition."""

    member_id: str
    type: str
    further: tuple[str, ...]
    """The conditions that make it conditional, as slugs in vocabulary order."""

    @property
    def key(self) -> str:
        """The record's natural key, `MEMBER/TYPE`."""
        return f"{self.member_id}/{self.type}"

    @property
    def message(self) -> str:
        """What is wrong and what the rule says, in one line (the record is named by the caller)."""
        named = ", ".join(CONDITION_TERMS.label(c) for c in self.further)
        return (f"pledged, but it also depends on {named}: by the status rule it is conditional (a pledge "
                f"depends on nothing more than a ceasefire and a national vote or decision)")


def breaches(members: Iterable[Member]) -> tuple[Breach, ...]:
    """Every record of `members` that breaks the status rule, in member then vocabulary type order."""
    found: list[Breach] = []
    for member in members:
        for type_slug in TYPES:
            record = member.commitments.get(type_slug)
            if record is not None and (further := further_conditions(record.status, record.conditions)):
                found.append(Breach(member.id, type_slug, further))
    return tuple(found)
