"""Pieces the dataset layer's tests share (the decoder's, the write path's, the cache of validated files'):
a comparison of two datasets that misses nothing, and a `set` edit as the write path takes it."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from typing import Any

from pledge_tui.dataset import edits
from pledge_tui.dataset.model import Frozen, History, Member


def shape(value: Any) -> Any:
    """Everything a dataset holds, with the type of every part, for a comparison that misses nothing
    (`Member.__eq__` leaves the commitments out, and `==` does not tell a tuple from a list)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value).__name__, tuple((f.name, shape(getattr(value, f.name))) for f in dataclasses.fields(value))
    if hasattr(type(value), "__struct_fields__"):  # a msgspec Struct (`HistoryEntry`)
        return type(value).__name__, tuple((name, shape(getattr(value, name))) for name in value.__struct_fields__)
    if isinstance(value, Frozen):  # every argument, and a member's indexes too (its `==` leaves records out)
        names = (*value._ARGUMENTS, *Member._STATE) if isinstance(value, Member) else value._ARGUMENTS
        return type(value).__name__, tuple((name, shape(getattr(value, name))) for name in dict.fromkeys(names))
    if isinstance(value, Mapping):
        return type(value).__name__, tuple((key, shape(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return type(value).__name__, tuple(shape(item) for item in value)
    if isinstance(value, History):
        return "History", tuple(shape(item) for item in value)
    if isinstance(value, frozenset):
        return "frozenset", tuple(sorted(value))
    return type(value).__name__, value


def set_status(status: str, member: str = "PL", type_: str = "logistics", **kw: Any) -> Any:
    return functools.partial(edits.set_commitment, member=member, type_=type_, status=status,
                             sources=kw.pop("sources", ["S1"]), today="2026-03-10", **kw)
