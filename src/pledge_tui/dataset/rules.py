"""Field rules, each declared once: the message it gives and the fast test derived from it.

A data file is checked in two passes that must agree exactly. Every document first meets one
predicate per table (`compile_table`), generated from its fields' rules as straight-line Python:
that is what keeps loading 10,000 members fast (a call per field would double the time). Only a
document the predicate rejects is walked field by field (`Rule.message`) to say what is wrong. Both
passes come from the same `Rule` object, so a rule cannot be changed in one and forgotten in the
other; `tests/test_fuzz.py` checks the two agree on mutated documents.

Generating the predicate's source (as `dataclasses` and `attrs` do for `__init__`) was preferred to
a schema library: the messages must name records by their own ids and stay as they are, and the
command line must start quickly (pydantic alone costs more to import than TinyDB and our code).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from pledge_tui.sanitize import has_visible_text

Check = Callable[[Any], str | None]
"""A field check: returns a message when the value is wrong, else None."""


def type_name(value: Any) -> str:
    """How a JSON value's type is named in messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def visible(text: str) -> bool:
    """True when the text shows something: `sanitize.has_visible_text`, the one rule of what is visible.

    A first character that is printable ASCII other than a space settles it without looking further
    (most text starts so, and this runs for every text field of every document loaded).
    """
    return "!" <= text[:1] <= "~" or has_visible_text(text)


class Rule:
    """One field's rule. `message(value)` says what is wrong (None when nothing is); `fast(name, ns)`
    returns a Python expression over the variable `name` that is true exactly when `message` is None,
    registering in `ns` any object the expression uses.

    Plain classes rather than dataclasses: the rules are built at import, on every run of the command,
    and a dataclass costs a few tenths of a millisecond to create."""

    def message(self, value: Any) -> str | None:
        raise NotImplementedError

    def fast(self, name: str, ns: dict[str, Any]) -> str:
        """By default, the fast test calls the message: exact, if not the fastest."""
        return f"{_bind(ns, self.message)}({name}) is None"

    def __call__(self, value: Any) -> str | None:
        return self.message(value)


def _bind(ns: dict[str, Any], value: object) -> str:
    """A name under which `value` is reachable from generated code."""
    name = f"_c{len(ns)}"
    ns[name] = value
    return name


class Text(Rule):
    """A string with something visible in it; `one_line`: no line breaks."""

    def __init__(self, *, one_line: bool = False) -> None:
        self.one_line = one_line

    def message(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return f"expected a string, got {type_name(value)}"
        if not value.strip():
            return "must not be empty"
        if not visible(value):
            return "must not be empty (it holds only invisible characters)"
        if self.one_line and ("\n" in value or "\r" in value):
            return "must be a single line"
        return None

    def fast(self, name: str, ns: dict[str, Any]) -> str:
        test = f"type({name}) is str and {_bind(ns, visible)}({name})"
        return f"{test} and '\\n' not in {name} and '\\r' not in {name}" if self.one_line else test


class OfType(Rule):
    """Any value of one JSON type: `OfType(bool, "true or false")`, `OfType(str, "a string")` (a note)."""

    def __init__(self, of: type[str] | type[bool], expected: str) -> None:
        self.type, self.expected = of, expected

    def message(self, value: Any) -> str | None:
        return None if type(value) is self.type else f"expected {self.expected}, got {type_name(value)}"

    def fast(self, name: str, ns: dict[str, Any]) -> str:
        return f"type({name}) is {_bind(ns, self.type)}"


class OptionalText(Rule):
    """Text or null (null when there is nothing to say)."""

    def message(self, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            return f"expected a string or null, got {type_name(value)}"
        if not visible(value):
            return "must not be empty (use null when there is nothing to say)"
        return None

    def fast(self, name: str, ns: dict[str, Any]) -> str:
        return f"({name} is None or type({name}) is str and {_bind(ns, visible)}({name}))"


class OneOf(Rule):
    """A slug of a fixed vocabulary. `refused` maps a value to a message of its own."""

    def __init__(self, allowed: tuple[str, ...], what: str, *, refused: Mapping[str, str] | None = None) -> None:
        self.allowed, self.what, self.refused = allowed, what, refused or {}

    def message(self, value: Any) -> str | None:
        if isinstance(value, str) and value in self.refused:
            return self.refused[value]
        if not isinstance(value, str):
            return f"expected a string, got {type_name(value)}"
        if value not in self.allowed:
            return f"unknown {self.what} {value!r} (expected one of: {', '.join(self.allowed)})"
        return None

    def fast(self, name: str, ns: dict[str, Any]) -> str:
        # The type first: a list or an object is not hashable.
        return f"type({name}) is str and {name} in {_bind(ns, frozenset(self.allowed))}"


class Pattern(Rule):
    """A string matching a regular expression in full; `may_be_empty`: or the empty string (a URL that
    was not captured), in which case `what` is the expected thing with its article."""

    def __init__(self, regex: re.Pattern[str], what: str, *, may_be_empty: bool = False) -> None:
        self.regex, self.what, self.may_be_empty = regex, what, may_be_empty

    def message(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return f"expected a string, got {type_name(value)}"
        if (self.may_be_empty and value == "") or self.regex.fullmatch(value):
            return None
        if self.may_be_empty:
            return f"expected {self.what} or an empty string, got {value[:60]!r}"
        return f"malformed {self.what} {value!r}"

    def fast(self, name: str, ns: dict[str, Any]) -> str:
        match = f"{_bind(ns, self.regex.fullmatch)}({name}) is not None"
        return f"type({name}) is str and ({name} == '' or {match})" if self.may_be_empty else \
            f"type({name}) is str and {match}"


DATE_ANY = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
"""`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, in ASCII digits only (`\\d` would take Arabic-Indic or
full-width digits, which then sort after every real date)."""


class Date(Rule):
    """A calendar date with at least `min_precision` parts (1 = year, 2 = month, 3 = day).

    Valid values are remembered: a large file repeats a few hundred dates tens of thousands of times.
    That memo makes the message itself the fast path (a set lookup, then return), so the fast test
    is the default one, a call.
    """

    def __init__(self, *, min_precision: int) -> None:
        self.min_precision = min_precision
        self.shapes = {1: "YYYY, YYYY-MM or YYYY-MM-DD", 2: "YYYY-MM or YYYY-MM-DD", 3: "YYYY-MM-DD"}[min_precision]
        self._seen: set[str] = set()

    def message(self, value: Any) -> str | None:
        if isinstance(value, str) and value in self._seen:
            return None
        if not isinstance(value, str):
            return f"expected a date string ({self.shapes}), got {type_name(value)}"
        match = DATE_ANY.fullmatch(value)
        parts = [p for p in match.groups() if p is not None] if match else []
        if not match or len(parts) < self.min_precision:
            return f"malformed date {value!r} (expected {self.shapes})"
        year, month, day = (int(p) for p in (*parts, "1", "1")[:3])
        try:
            date(year, month, day)
        except ValueError:
            return f"impossible date {value!r}"
        if len(self._seen) < 100_000:
            self._seen.add(value)
        return None


class ListOf(Rule):
    """A list whose items all meet one rule: condition slugs, caveats, source ids.

    `noun` names the items in "expected a list of NOUN"; `numbered` prefixes an item's message with
    its position (otherwise a non-string item is "found" and the item's own message stands); `empty`
    and `twice`, when given, refuse an empty list and an item listed twice.
    """

    def __init__(self, item: Rule, noun: str, *, numbered: bool = False, empty: str | None = None,
                 twice: str | None = None) -> None:
        self.item, self.noun, self.numbered, self.empty, self.twice = item, noun, numbered, empty, twice

    def message(self, value: Any) -> str | None:
        if not isinstance(value, list):
            return f"expected a list of {self.noun}, got {type_name(value)}"
        if not value and self.empty:
            return self.empty
        for i, item in enumerate(value):
            if not self.numbered and not isinstance(item, str):
                return f"expected a list of {self.noun}, found {type_name(item)}"
            if (message := self.item.message(item)) is not None:
                return f"item {i + 1}: {message}" if self.numbered else message
        if self.twice and len(set(value)) != len(value):
            return self.twice
        return None

    def fast(self, name: str, ns: dict[str, Any]) -> str:
        test = f"type({name}) is list"
        if self.empty:
            test += f" and len({name}) > 0"
        test += f" and all({self.item.fast('x', ns)} for x in {name})"
        return test + f" and len(set({name})) == len({name})" if self.twice else test


def slugs(item: OneOf) -> ListOf:
    """A list of slugs of one vocabulary, none twice (a commitment's conditions)."""
    return ListOf(item, f"{item.what} slugs", twice=f"lists the same {item.what} twice")


def source_ids(*, may_be_empty: bool = False) -> ListOf:
    """The shape of a `sources` field; whether the ids exist is checked once all tables are read.

    `may_be_empty`: for history entries, where an upgrade or a new source cites none.
    """
    return ListOf(OfType(str, "a string"), "source ids", twice="cites the same source twice",
                  empty=None if may_be_empty else "cites no source (every claim needs at least one)")


URL = Pattern(re.compile(r"https?://\S+"), "an http(s) address", may_be_empty=True)
"""A source's address, or empty when it was not captured."""


class Custom(Rule):
    """A rule given as a function (meta and history fields: few documents, no need for speed)."""

    def __init__(self, check: Check) -> None:
        self.check = check

    def message(self, value: Any) -> str | None:
        return self.check(value)


Fields = Mapping[str, Rule]
"""A table's fields and their rules. Each field is required; any other field is an error (a
misspelt field name would otherwise be silently ignored)."""


def compile_table(fields: Fields, name: str) -> Callable[[dict[str, Any]], bool]:
    """One predicate, true exactly when a document has these fields, no others, and every rule passes.

    The source is generated from the rules (`Rule.fast`) so that it runs as plain expressions, one
    statement per field, with no call per field except where a rule asks for one.
    """
    ns: dict[str, Any] = {"_keys": frozenset(fields)}
    lines = [f"def {name}(d):", "    if d.keys() != _keys:", "        return False"]
    for field_name, rule in fields.items():
        lines += [f"    v = d[{field_name!r}]", f"    if not ({rule.fast('v', ns)}):", "        return False"]
    lines.append("    return True")
    exec("\n".join(lines), ns)  # the source is built above from our own rules; no data goes into it
    predicate: Callable[[dict[str, Any]], bool] = ns[name]
    return predicate
