"""The catalogue of words: every vocabulary, every stored field and every mark, declared once.

A reader meets the same value in the browser, in `show`, in a snapshot and in a history line; each of
them says it the way this module does, because each reads its words from here: a vocabulary's slug,
label, short label (a column header), meaning and glyph; a stored field's title and the words a change
to it is told in; the marks of the matrix (lead nation, caveats, changed since); the words of a change.
Nothing else in `src/` spells a label, a field's title or a glyph (tests/test_catalogue.py checks a
list of them). Slugs are stable identifiers; every word here may be reworded without touching data.

`dataset.vocab` derives its slug tuples from the vocabularies here; validation keeps its rules
(`dataset.validate.SCHEMAS`), and a test holds the fields here and the fields there together.

Headless and quick to import: plain classes with `__slots__` (a dataclass costs a few tenths of a
millisecond to create, on every run of every command), built once at import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final


class Term:
    """One value of a vocabulary: its slug and the words it is shown with.

    `short`: the narrow form (the matrix's column header, the 8-cell role column), else the label;
    `meaning`: one line saying what it means (the legend's tooltip, the help screen, `--help`);
    `glyph` and `ascii_glyph`: one character for a matrix, and its stand-in for an output that cannot
    encode it (an ASCII or Latin-1 terminal)."""

    __slots__ = ("ascii_glyph", "glyph", "label", "meaning", "short", "slug")

    def __init__(self, slug: str, label: str, *, short: str | None = None, meaning: str = "", glyph: str = "",
                 ascii_glyph: str = "") -> None:
        self.slug, self.label, self.meaning = slug, label, meaning
        self.short = label if short is None else short
        self.glyph, self.ascii_glyph = glyph, ascii_glyph or glyph

    def __repr__(self) -> str:
        return f"Term({self.slug!r}, {self.label!r})"


class Vocabulary:
    """A fixed list of values (README "Vocabulary"), in display order, with the noun that names one of them
    ("type", "status") in messages, filter titles and the filter in words."""

    __slots__ = ("by_slug", "labels", "name", "noun", "plural", "slugs", "terms")

    def __init__(self, name: str, noun: str, plural: str, terms: Iterable[Term]) -> None:
        self.name, self.noun, self.plural = name, noun, plural
        self.terms: tuple[Term, ...] = tuple(terms)
        self.slugs: tuple[str, ...] = tuple(t.slug for t in self.terms)
        self.by_slug: Mapping[str, Term] = {t.slug: t for t in self.terms}
        self.labels: Mapping[str, str] = {t.slug: t.label for t in self.terms}

    def label(self, slug: str) -> str:
        """The one label of `slug`; the slug itself when it is not in the vocabulary."""
        return self.labels.get(slug, slug)

    def short(self, slug: str) -> str:
        """The narrow label (a column header); the slug itself when unknown."""
        term = self.by_slug.get(slug)
        return term.short if term is not None else slug

    def meaning(self, slug: str) -> str:
        """What the value means, in one line ("" when unknown)."""
        term = self.by_slug.get(slug)
        return term.meaning if term is not None else ""

    def glyph(self, slug: str, *, ascii_only: bool = False) -> str:
        """The value's one character ("?" when unknown)."""
        term = self.by_slug.get(slug)
        if term is None:
            return "?"
        return term.ascii_glyph if ascii_only else term.glyph

    def title(self, *, many: bool = True) -> str:
        """The noun as a title: "Types", "Status"."""
        word = self.plural if many else self.noun
        return word[:1].upper() + word[1:]

    def count_noun(self, count: int) -> str:
        """The noun for `count` values: "type" for one, "types" otherwise."""
        return self.noun if count == 1 else self.plural


# --- the vocabularies (README "Vocabulary") --------------------------------------------------------------

TYPES: Final = Vocabulary("types", "type", "types", (
    Term("ground-forces", "Ground", short="Grnd",
         meaning="troops on Ukrainian soil after a ceasefire: reassurance force, MNF-U land element, hubs"),
    Term("air-patrol", "Air", meaning="air policing, patrols and surveillance over Ukraine"),
    Term("naval-demining", "Sea", meaning="maritime security and mine countermeasures, chiefly in the Black Sea"),
    Term("training", "Training", short="Trn",
         meaning="training and regenerating Ukraine's armed forces, inside or outside Ukraine"),
    Term("equipment", "Equipment", short="Eqp",
         meaning="weapons, equipment and defence-industrial support for Ukraine's army"),
    Term("funding", "Funding", short="Fund", meaning="money for Ukraine's armed forces or for the mission"),
    Term("logistics", "Logistics", short="Log", meaning="logistics hubs, transit and basing outside Ukraine"),
    Term("monitoring", "Monitoring", short="Mon", meaning="ceasefire monitoring and verification"),
    Term("command", "Command", short="Cmd", meaning="headquarters, command and coordination cells"),
    Term("backstop", "Backstop", short="Bkst", meaning="an external guarantee to respond if Russia attacks again"),
))
"""Contribution types, in display order; `short` is the column header of narrow matrices (the `list`
table, the browser's matrix), which `--type` also accepts."""

NOT_DISCLOSED: Final = "not-disclosed"
"""The derived status of a member x type with no record: never stored."""

STATUSES: Final = Vocabulary("statuses", "status", "statuses", (
    Term("pledged", "pledged", glyph="●", ascii_glyph="#",
         meaning="said it will provide this once there is a ceasefire, subject at most to a national vote or "
                 "decision"),
    Term("conditional", "conditional", glyph="◐", ascii_glyph="+",
         meaning="would provide it only if more is met (US backing, a UN/EU mandate, a peace deal...), or said "
                 "yes in principle"),
    Term("considering", "considering", glyph="○", ascii_glyph="o",
         meaning="is considering it or does not rule it out; no commitment"),
    Term("ruled-out", "ruled out", glyph="✕", ascii_glyph="x", meaning="has explicitly said no"),
    Term(NOT_DISCLOSED, "not disclosed", glyph="·", ascii_glyph=".",
         meaning="nothing specific found in the sources (never guessed)"),
))
"""Statuses, strongest first, the derived `not-disclosed` last. One glyph each, so a member's row reads
as a matrix and colour is never the only cue; the ASCII glyphs still tell every status apart."""

CONDITIONS: Final = Vocabulary("conditions", "condition", "conditions", (
    Term("ceasefire", "ceasefire", meaning="only after a ceasefire"),
    Term("peace-deal", "peace deal", meaning="only after a full peace agreement"),
    Term("parliament", "parliament", meaning="needs a parliamentary vote or mandate"),
    Term("us-backstop", "US backing", meaning="needs US backing"),
    Term("un-mandate", "UN/EU mandate", meaning="needs a UN or EU mandate"),
    Term("outside-ukraine", "outside Ukraine", meaning="only outside Ukraine, e.g. on neighbouring NATO territory"),
    Term("mission-framework", "mission rules", meaning="needs a defined mission, rules or legal framework"),
    Term("government-decision", "govt decision", meaning="a government still has to decide"),
))

ROLES: Final = Vocabulary("roles", "role", "roles", (
    Term("member", "member"),
    Term("partner", "partner"),
    Term("institution", "institution", short="instit."),
    Term("coalition", "coalition as a whole", short="coalit."),
))
"""`coalition` is the one row (id `COW`) for what the coalition committed to as a whole (README "The data").
`short` fits the matrix's 8-cell role column."""

APPROVALS: Final = Vocabulary("approvals", "approval", "approvals", (
    Term("required", "required before any deployment"),
    Term("obtained", "obtained"),
    Term("not-required", "not required"),
    Term("unknown", "not known"),
))

ATTENDANCE: Final = Vocabulary("attendance", "attendance", "attendance", (
    Term("in-person", "in person"),
    Term("video", "by video"),
    Term("absent", "absent"),
    Term("unknown", "not known"),
))

TIERS: Final = Vocabulary("tiers", "tier", "tiers", (
    Term("A", "official text"),
    Term("B", "established outlet or wire"),
    Term("C", "aggregator or weak source"),
))

SORTS: Final = Vocabulary("sorts", "sort", "sorts", (
    Term("name", "name"),
    Term("strongest", "strongest commitment first"),
    Term("caveats", "most caveats first"),
))
"""Sort orders, in the order the browser's `o` key cycles through them."""

CHANGE_KINDS: Final = Vocabulary("changes", "change", "changes", (
    Term("added", "added", glyph="+"),
    Term("removed", "removed", glyph="-"),
    Term("changed", "changed", glyph="~"),
))
"""What happened to a record, a list item or a field between two versions (`diff`, `changes`, history)."""

TABLES: Final = Vocabulary("tables", "table", "tables", (
    Term("commitments", "commitment"),
    Term("members", "member"),
    Term("sources", "source"),
    Term("events", "event"),
    Term("meta", "dataset information"),
))
"""The stored tables, each named by what one record of it is ("source S152", "event E31")."""

KINDS: Final = Vocabulary("kinds", "kind of change", "kinds of change", (
    Term("status", "status", meaning="the status moved (pledged, conditional, considering, ruled out)"),
    Term("conditions", "conditions", meaning="a condition came or went"),
    Term("lead", "lead nation", meaning="the member became, or stopped being, the lead nation"),
    Term("sources", "sources", meaning="a source was cited or no longer cited"),
    Term("dates", "dates", meaning="a date moved: when it was said (stated on, an event's or a source's date) or "
                                   "the data's as-of date"),
    Term("wording", "wording", meaning="any other field: a summary, quantity, stance, caveat, title, name, role..."),
))
"""What a change moved (README "What changed"), in the order a change is told: `diff` and `changes` lead with it,
and the browser marks `status`, `conditions` and `lead` with `Δ` and anything else with `~`."""

CLOCKS: Final = Vocabulary("clocks", "clock", "clocks", (
    Term("said", "said", meaning="when it was stated: a commitment's stated-on date, an event's or a source's date"),
    Term("recorded", "recorded", meaning="when it was entered in the data file: a history entry's time (UTC)"),
))
"""The two clocks of README "What changed", always named: `changes --said-since` reads the first, `--since`, `--at`
and `history --since` the second."""

VOCABULARIES: Final[Mapping[str, Vocabulary]] = {v.name: v for v in (
    TYPES, STATUSES, CONDITIONS, ROLES, APPROVALS, ATTENDANCE, TIERS, SORTS, CHANGE_KINDS, TABLES, KINDS, CLOCKS)}
"""Every vocabulary by name: the names `label` and `views.filters.parse_slug` take."""


def label(vocabulary: str, slug: str) -> str:
    """The one label of `slug` in `vocabulary` ("types", "statuses", ...); the slug itself if unknown."""
    return VOCABULARIES[vocabulary].label(slug)


# --- the marks ----------------------------------------------------------------------------------------

MARKS: Final = Vocabulary("marks", "mark", "marks", (
    Term("lead", "lead nation", short="lead", glyph="*",
         meaning="a source names the member as the one leading the task"),
    Term("caveats", "has caveats", glyph="!",
         meaning="the member attached conditions or reservations; the detail pane and `show` list them"),
    Term("changed", "changed since", glyph="Δ", ascii_glyph="^",
         meaning="the cell's status, conditions or lead nation differ from what they were at the marks' date, "
                 "or the record was added or removed"),
    Term("touched", "otherwise changed since", glyph="~",
         meaning="the cell's status, conditions and lead nation are as they were at the marks' date, but its "
                 "wording, sources or dates changed"),
    Term("chosen", "chosen", glyph="●", meaning="the edit form's chosen option"),
))
"""The matrix's marks beside a status glyph or a name, and the form's radio mark. The lead mark's short
label is for the browser's one-line legend only, which has 78 cells for five statuses and the mark."""

LEAD: Final = MARKS.by_slug["lead"]
CAVEATS: Final = MARKS.by_slug["caveats"]
CHANGED: Final = MARKS.by_slug["changed"]
TOUCHED: Final = MARKS.by_slug["touched"]


# --- the stored fields ------------------------------------------------------------------------------


class Field:
    """One stored field: its table, its name as stored (`reported_commitments.note` for a field of the
    meta's nested object), and the words it is told in: `words` inside a sentence ("stated on: 2026-03
    → 2026-04"), `title` at the head of a line or a form row ("Stated on").

    `vocabulary`: the field holds slugs of that vocabulary (shown by their labels); `prose`: the field
    holds running text (a one-line format says it "changed" rather than quoting it); `key`: the field is
    part of the record's natural key (a change never lists it)."""

    __slots__ = ("key", "kind", "name", "prose", "table", "vocabulary", "words")

    def __init__(self, table: str, name: str, words: str, *, vocabulary: str | None = None, prose: bool = False,
                 key: bool = False) -> None:
        self.table, self.name, self.words = table, name, words
        self.vocabulary, self.prose, self.key = vocabulary, prose, key
        self.kind: str = _KIND_OF_FIELD.get(name, "wording")
        """What a change to the field moved (a slug of `KINDS`): `status`, `conditions`, `lead`, `sources`,
        `dates`, or `wording` for every other field."""

    @property
    def title(self) -> str:
        """The words with a capital first letter ("Stated on", "EU", "Paris summit, 4 Sep 2025")."""
        return self.words[:1].upper() + self.words[1:]

    def __repr__(self) -> str:
        return f"Field({self.table!r}, {self.name!r}, {self.words!r})"


_KIND_OF_FIELD: Final[Mapping[str, str]] = {
    "status": "status", "conditions": "conditions", "lead": "lead", "sources": "sources",
    "reported_commitments.sources": "sources", "stated_on": "dates", "date": "dates", "as_of": "dates",
    "reported_commitments.date": "dates",
}
"""The fields whose change is not `wording` (README "What changed"), by stored name."""


def field_kind(name: str) -> str:
    """What a change to the field `name` moved (a slug of `KINDS`); `wording` for an unknown name."""
    return _KIND_OF_FIELD.get(name, "wording")


def _table(table: str, *fields: tuple[str, str, str]) -> tuple[Field, ...]:
    """A table's fields from (name, words, flags): flags name a vocabulary ("types"), or say "key" or "prose"."""
    out = []
    for name, words, flags in fields:
        vocabulary = flags if flags in VOCABULARIES else None
        out.append(Field(table, name, words, vocabulary=vocabulary, prose=flags == "prose", key=flags == "key"))
    return tuple(out)


FIELDS: Final[tuple[Field, ...]] = (
    *_table("commitments", ("member", "member", "key"), ("type", "type", "key"),
            ("status", "status", "statuses"), ("conditions", "conditions", "conditions"), ("lead", "lead nation", ""),
            ("summary", "summary", "prose"), ("quantity", "quantity", ""), ("stated_on", "stated on", ""),
            ("sources", "sources", "")),
    *_table("members", ("id", "id", "key"), ("name", "name", ""), ("role", "role", "roles"), ("eu", "EU", ""),
            ("nato", "NATO", ""), ("stance", "stance", "prose"), ("caveats", "caveats", "prose"),
            ("approval", "national approval", "approvals"),
            ("summit_2025_09_04", "Paris summit, 4 Sep 2025", "attendance"), ("sources", "sources", "")),
    *_table("sources", ("id", "id", "key"), ("publisher", "publisher", ""), ("title", "title", "prose"),
            ("date", "date", ""), ("url", "address", ""), ("tier", "tier", "tiers")),
    *_table("events", ("id", "id", "key"), ("date", "date", ""), ("title", "title", "prose"),
            ("summary", "summary", "prose"), ("sources", "sources", "")),
    *_table("meta", ("schema_version", "schema version", ""), ("title", "title", "prose"), ("as_of", "as of", ""),
            ("summary", "summary", "prose"), ("reported_commitments.count", "reported count", ""),
            ("reported_commitments.date", "reported date", ""),
            ("reported_commitments.note", "reported note", "prose"),
            ("reported_commitments.sources", "reported sources", "")),
    *_table("history", ("at", "recorded at", ""), ("by", "by", ""), ("action", "action", ""), ("table", "table", ""),
            ("key", "record", ""), ("before", "before", ""), ("after", "after", ""), ("sources", "sources", ""),
            ("note", "note", "prose"), ("undoes", "undoes", "")),
)
"""Every stored field, table by table, each table's fields in the order a reader is told them (the
sources last). The rules of the fields are validation's (`dataset.validate.SCHEMAS`); a test checks
that the two name the same fields."""

FIELD_BY_NAME: Final[Mapping[str, Field]] = {f.name: f for f in reversed(FIELDS)}
"""Each field name's first declaration: a name says the same words in every table (a test checks it),
so a change can be told from the name alone."""


def field(table: str, name: str) -> Field:
    """The field `name` of `table` (KeyError when there is none)."""
    for candidate in FIELDS:
        if candidate.table == table and candidate.name == name:
            return candidate
    raise KeyError(f"{table}.{name}")


def field_words(name: str) -> str:
    """A field in words, inside a sentence ("stated on"); an unknown name with its underscores as spaces."""
    known = FIELD_BY_NAME.get(name)
    return known.words if known is not None else name.replace("_", " ")


def field_title(name: str) -> str:
    """A field's title, at the head of a line or a form row ("Stated on")."""
    known = FIELD_BY_NAME.get(name)
    return known.title if known is not None else name.replace("_", " ").capitalize()


# --- the words of a change --------------------------------------------------------------------------

ARROW: Final = "→"
"""Between a value before and after a change."""
NONE: Final = "none"
"""A value that is empty (no conditions, no quantity)."""
YES: Final = "yes"
NO: Final = "no"


# --- the two clocks, the past, freshness ------------------------------------------------------------

AS_RECORDED_AT: Final = "as recorded at"
"""The data rebuilt from its history (`--at DATE`): "as recorded at 2026-10-01" (the header, the snapshot)."""
BASELINE: Final = "baseline"
"""What `blame` says of a value no history entry set: it is as the data was when history began."""
NEWEST_SOURCE: Final = "newest source"
"""A disclosed cell's newest source date, with its age (freshness, README "What changed")."""
STALE: Final = f"{NEWEST_SOURCE} older than"
"""The stale filter in words: "newest source older than 6 months"."""
CHART_TITLE: Final = "Commitments by the month they were said"
"""The chart over time (the timeline screen) and its table in the snapshot."""
