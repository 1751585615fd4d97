"""The edit form (README "Editing in the browser"): `enter` on a cell opens it over the matrix; `ctrl+s`
saves, `escape` cancels.

The form shows `views.cell_form.CellValues` (status, summary, conditions, lead, quantity, date, the sources
this change cites, a note) and checks them with validation's own rules before anything is written;
problems are shown beside their fields. Saving goes through the app (`Editor`), which makes the one
write with the data the form was opened on as its base: a change someone else made meanwhile to this
record is refused and the form stays open with what was typed; a change to other records is kept and
the view refreshed. `ctrl+n` opens a sub-form for a new source, which is written at once (its own
history entry, as `add-source`) and cited. Escape asks before discarding typed changes.

Every piece of data text is drawn literally: titles and messages as `Content`, the text boxes with
control characters as visible symbols (`widgets.literal_text`).
"""

from __future__ import annotations

from typing import ClassVar, Protocol

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Footer, Input, RadioButton, RadioSet, Static, TextArea

from pledge_tui.dataset.catalogue import LEAD, field_words
from pledge_tui.dataset.model import Commitment, LoadedDataset, Member
from pledge_tui.dataset.vocab import CONDITIONS, NOT_DISCLOSED, STORED_STATUSES, TIERS
from pledge_tui.ui.editing import SaveOutcome
from pledge_tui.ui.styles import HEADING, MUTED, STRONG, WARNING, status_text
from pledge_tui.ui.widgets.choices import Choice, Tick, TickList
from pledge_tui.ui.widgets.form_field import FieldProblem, form_field
from pledge_tui.ui.widgets.literal_text import LiteralInput, LiteralTextArea
from pledge_tui.ui.widgets.source_picker import SourcePicker
from pledge_tui.views import cell_form
from pledge_tui.views.browse import status_meaning
from pledge_tui.views.cell_form import REMOVE, CellValues, NewSource, ordered_conditions, subject
from pledge_tui.views.conflict import changed_by, compare
from pledge_tui.views.present import label


class Editor(Protocol):
    """What the forms need from the app: the data on screen, and the two saves (run off the event loop)."""

    @property
    def loaded(self) -> LoadedDataset: ...

    async def save_cell(self, base: LoadedDataset, member_id: str, type_slug: str, values: CellValues,
                        initial: CellValues) -> SaveOutcome: ...

    async def save_source(self, new: NewSource) -> SaveOutcome: ...


FORM_BINDINGS: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", priority=True, id="form-save",
            tooltip="Save: the form is checked first, and nothing is written unless the whole dataset validates"),
    Binding("escape", "cancel", "Cancel", priority=True, id="form-cancel",
            tooltip="Close the form without saving (it asks first if you changed anything)"),
]


class DiscardScreen(ModalScreen[bool]):
    """"Discard your changes?": `y` discards, `n` or `escape` goes back to the form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Discard", tooltip="Discard the changes and close the form"),
        Binding("n,escape", "answer(False)", "Keep editing", tooltip="Back to the form"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        """One question."""
        with Vertical(id="discard-box"):
            yield Static(Content.assemble(("Discard your changes?\n", STRONG), self.what, "\n\n",
                                          ("y", STRONG), " discards them, ", ("n", STRONG), " or ",
                                          ("escape", STRONG), " goes back to the form."))

    def action_answer(self, discard: bool) -> None:
        """Close the question with the answer."""
        self.dismiss(discard)


class FormScreen(ModalScreen[str | None]):
    """What the edit form and the new-source sub-form share: saving once at a time, the message line,
    problems beside fields, and escape asking before it discards typed changes. The result is the id
    of the source the sub-form added (None when it added none; the edit form always gives None)."""

    saving = False

    def is_dirty(self) -> bool:
        """Whether the analyst typed or chose anything."""
        raise NotImplementedError

    def discard_question(self) -> str:
        """What escape would discard, in words."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        """`escape`: close; if something was typed, ask first. Not while a save is under way."""
        if self.saving:
            self.say("Saving… (the form closes by itself once saved)")
            return
        if not self.is_dirty():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardScreen(self.discard_question()), answered)

    def say(self, message: str, *, problem: bool = False) -> None:
        """The form's message line (cleaned, one line, never markup)."""
        line = self.query_one("#form-message", FieldProblem)
        line.show(message)
        line.set_class(problem, "-error")

    def show_problems(self, found: dict[str, str]) -> None:
        """Each field's problem beside it; the fields without one are cleared."""
        for problem in self.query(FieldProblem):
            if problem.id and problem.id.startswith("problem-"):
                problem.show(found.get(problem.id.removeprefix("problem-")))

    def start_saving(self, found: dict[str, str], refusal: str) -> bool:
        """Show the form's own problems beside their fields; True (and "saving") when there are none,
        else False, with `refusal` and the fields named on the message line."""
        self.show_problems(found)
        if found:
            in_order = [row.id.removeprefix("field-") for row in self.query(".field") if row.id]
            names = ", ".join(field_words(f) for f in in_order if f in found)
            self.say(f"{refusal}: check {names} (nothing was written)", problem=True)
            self.first_problem_into_view(found)
            return False
        self.saving = True
        self.say("Saving…")
        return True

    def first_problem_into_view(self, found: dict[str, str]) -> None:
        """Scroll the first field with a problem into view."""
        for row in self.query(".field"):
            if row.id and row.id.removeprefix("field-") in found:
                row.scroll_visible(animate=False)
                return


class EditScreen(FormScreen):
    """Edit one cell: status, summary, conditions, lead, quantity, date, sources, note."""

    AUTO_FOCUS = "#edit-status"
    BINDINGS: ClassVar[list[BindingType]] = [
        *FORM_BINDINGS,
        Binding("ctrl+n", "new_source", "New source", priority=True, id="form-new-source",
                tooltip="Add a new source (publisher, title, date, address, tier): it is written at once, "
                        "with its own history entry, and cited by this change"),
    ]

    def __init__(self, editor: Editor, member: Member, type_slug: str, today: str) -> None:
        super().__init__()
        self.editor = editor
        self.member = member
        self.type_slug = type_slug
        self.base = editor.loaded
        """The data the form was opened on: the save's base, so a change made meanwhile to this record
        by someone else is refused rather than overwritten."""
        self.initial = cell_form.initial_values(member, type_slug, today)
        self.what = subject(member, type_slug)
        self._auto_date = self.initial.stated_on
        """The date the form last put in the date field itself: while the field holds it, citing a source
        dates the change by its sources (`cell_form.suggested_date`); once typed over, it is left alone."""
        self.theirs: LoadedDataset | None = None
        """The data in which someone else changed this record since the form opened, shown beside
        what a save would leave (`views.conflict`); None while no one has."""

    @property
    def exists(self) -> bool:
        """Whether the cell has a record in the data the form works on."""
        member = self.base.dataset.member(self.member.id)
        return member is not None and self.type_slug in member.commitments

    def compose(self) -> ComposeResult:
        """Title, the fields (scrolling), the message line, the keys."""
        initial = self.initial
        record = self.member.commitments.get(self.type_slug)
        with Vertical(id="form-box"):
            yield Static(self._title(), id="form-title")
            with VerticalScroll(id="form-fields"):
                with Vertical(id="form-compare"):
                    yield Static(id="compare-heading")
                    with Horizontal(id="compare-sides"):
                        yield Static(id="compare-theirs", classes="compare-side")
                        yield Static(id="compare-yours", classes="compare-side")
                yield form_field("status", self._status_choices())
                yield form_field("summary", LiteralTextArea(initial.summary, id="edit-summary",
                                                                       tab_behavior="focus", compact=True))
                yield form_field("conditions", TickList(
                    [(c, label("conditions", c)) for c in CONDITIONS], initial.conditions, id="edit-conditions"),
                    hint="space ticks or unticks")
                yield form_field("lead", Tick(Content(LEAD.label), initial.lead, id="edit-lead", compact=True))
                yield form_field("quantity", LiteralInput(
                    initial.quantity, id="edit-quantity", compact=True, placeholder="e.g. two frigates; empty: none"))
                yield form_field("stated_on", LiteralInput(
                    initial.stated_on, id="edit-stated_on", compact=True, placeholder="YYYY-MM or YYYY-MM-DD"),
                    hint="when the position was stated")
                already = ", ".join(record.sources) if record is not None else ""
                yield form_field("sources", SourcePicker(self.base.dataset, id="edit-sources"),
                                 hint=(f"The record already cites {already}; the sources picked here are added. "
                                       if already else "") + "ctrl+n: a new source.")
                yield form_field("note", LiteralInput(id="edit-note", compact=True,
                                                              placeholder="why: shown in the history"),
                                 hint="needed to remove the record")
            yield FieldProblem(id="form-message")
        yield Footer(compact=True)

    def _title(self) -> Content:
        record = self.member.commitments.get(self.type_slug)
        now = status_text(record.status, lead=record.lead) if record is not None else \
            Content.styled(f"no record ({label('statuses', NOT_DISCLOSED)})", MUTED)
        return Content.assemble(("Edit ", HEADING), (self.what, STRONG), "  now: ", now)

    def _status_choices(self) -> RadioSet:
        buttons = [Choice(Content.assemble(status_text(s), (f" — {status_meaning(s)}", MUTED)),
                          value=s == self.initial.status, id=f"status-{s}", compact=True)
                   for s in STORED_STATUSES]
        buttons.append(Choice(Content.assemble(("remove the record", WARNING),
                                               (f" — the cell becomes {label('statuses', NOT_DISCLOSED)}; needs a note",
                                                MUTED)),
                              id=f"status-{REMOVE}", disabled=not self.exists, compact=True))
        return RadioSet(*buttons, id="edit-status", compact=True)

    # --- the values ---------------------------------------------------------------------------------

    def values(self) -> CellValues:
        """What the form holds now."""
        pressed = self.query_one("#edit-status", RadioSet).pressed_button
        status = pressed.id.removeprefix("status-") if pressed is not None and pressed.id else None
        return CellValues(
            status=status,
            summary=self.query_one("#edit-summary", TextArea).text,
            conditions=ordered_conditions(self.query_one("#edit-conditions", TickList).selected),
            lead=self.query_one("#edit-lead", Checkbox).value,
            quantity=self.query_one("#edit-quantity", Input).value,
            stated_on=self.query_one("#edit-stated_on", Input).value,
            sources=self.query_one(SourcePicker).cited,
            note=self.query_one("#edit-note", Input).value,
        )

    def is_dirty(self) -> bool:
        """Anything typed or chosen (citing a source counts)."""
        return cell_form.is_dirty(self.values(), self.initial)

    def discard_question(self) -> str:
        """What escape would discard."""
        return f"Your changes to {self.what} have not been saved."

    # --- saving -------------------------------------------------------------------------------------

    def action_save(self) -> None:
        """`ctrl+s`: check the fields, then save through the app (once at a time)."""
        if self.saving:
            return
        values = self.values()
        if self.start_saving(cell_form.problems(values, exists=self.exists), "Not saved"):
            self._save(values)

    @work(exclusive=True, group="save")
    async def _save(self, values: CellValues) -> None:
        try:
            outcome = await self.editor.save_cell(self.base, self.member.id, self.type_slug, values, self.initial)
        finally:
            self.saving = False
        if not self.is_attached:  # the app is closing
            return
        if outcome.kind in ("saved", "unchanged"):
            self.dismiss(None)
            return
        if outcome.kind == "conflict" and outcome.loaded is not None:
            self.base = outcome.loaded  # saving again applies the typed changes on top of theirs, knowingly
            self._take(outcome.loaded)
            self.show_theirs(outcome.loaded)
        self.show_problems(dict(outcome.field_problems))
        self.say(outcome.message, problem=True)
        if outcome.kind == "conflict":
            self.query_one("#form-compare").scroll_visible(animate=False, top=True)
        else:
            self.first_problem_into_view(dict(outcome.field_problems))

    def _take(self, loaded: LoadedDataset) -> None:
        """Show the record as it is in `loaded` (title, what the remove choice allows, the sources to pick)."""
        self.member = loaded.dataset.member(self.member.id) or self.member
        self.query_one("#form-title", Static).update(self._title())  # "now:" their version
        self.query_one(SourcePicker).set_dataset(loaded.dataset)
        remove = self.query_one(f"#status-{REMOVE}", RadioButton)
        remove.disabled = not self.exists

    def data_changed(self, loaded: LoadedDataset) -> None:
        """The browser read the file again (someone else wrote it). If they changed this record, their
        record is shown beside yours and the base stays the one the form opened on, so that `ctrl+s` is
        still refused once (README "Editing in the browser": no lost update); a second `ctrl+s` saves yours over theirs.
        If they changed only other records, the form simply works on the new data."""
        key = (self.member.id, self.type_slug)
        if self.saving:
            return  # the save's own outcome says what happened
        if _record(self.base, *key) == _record(loaded, *key):
            self.base = loaded
            self.query_one(SourcePicker).set_dataset(loaded.dataset)
            return
        self._take(loaded)
        self.show_theirs(loaded)
        self.say(f"{self.what} was changed on disk {changed_by(loaded.dataset, f'{key[0]}/{key[1]}')} while this "
                 "form was open: their record is shown beside yours at the top. ctrl+s first stops to say so; a "
                 "second ctrl+s saves yours over theirs", problem=True)

    def show_theirs(self, loaded: LoadedDataset) -> None:
        """Their record (as in `loaded`) beside the record a save would leave, field by field."""
        self.theirs = loaded
        key = f"{self.member.id}/{self.type_slug}"
        self.query_one("#compare-heading", Static).update(Content.assemble(
            (f"Changed {changed_by(loaded.dataset, key)} since you opened this form. ", WARNING),
            ("Fields marked ≠ differ: a save leaves the right-hand record.", MUTED)))
        self.query_one("#form-compare").display = True
        self._refresh_compare()

    def _refresh_compare(self) -> None:
        """The two sides again (what a save would leave follows what is typed)."""
        if self.theirs is None:
            return
        record = _record(self.theirs, self.member.id, self.type_slug)
        pairs = compare(record, self.values(), self.initial)
        for side, title in (("theirs", "Theirs now"), ("yours", "After your save (ctrl+s)")):
            parts: list[Content | str | tuple[str, str]] = [(f"{title}\n", HEADING)]
            for pair in pairs:
                parts += [("≠ " if pair.differs else "  ", WARNING), (f"{pair.title}: ", STRONG),
                          Content(getattr(pair, side)), "\n"]
            self.query_one(f"#compare-{side}", Static).update(Content.assemble(*parts))

    # The comparison and the date follow what is typed and cited.

    def on_input_changed(self) -> None:
        """A text box changed."""
        self._refresh_compare()

    def on_text_area_changed(self) -> None:
        """The summary changed."""
        self._refresh_compare()

    def on_radio_set_changed(self) -> None:
        """The status changed."""
        self._refresh_compare()

    def on_checkbox_changed(self) -> None:
        """The lead changed."""
        self._refresh_compare()

    @on(TickList.Toggled)
    def conditions_changed(self) -> None:
        """A condition was ticked or unticked."""
        self._refresh_compare()

    @on(SourcePicker.CitedChanged)
    def date_from_sources(self) -> None:
        """A source was cited or taken off: while the date field holds the form's own default, the change
        is dated by its newest cited source (`cell_form.suggested_date`)."""
        date_box = self.query_one("#edit-stated_on", Input)
        if date_box.value == self._auto_date:
            picker = self.query_one(SourcePicker)
            self._auto_date = cell_form.suggested_date(self.initial, picker.cited_dates(), exists=self.exists)
            date_box.value = self._auto_date
        self._refresh_compare()

    def action_new_source(self) -> None:
        """`ctrl+n`: the new-source sub-form; the source it adds is cited."""

        def added(source_id: str | None) -> None:
            if source_id is None:
                return
            picker = self.query_one(SourcePicker)
            picker.set_dataset(self.editor.loaded.dataset)
            picker.cite(source_id)
            self.say(f"Source {source_id} added to the data file and cited; it stays even if you cancel this form")

        self.app.push_screen(NewSourceScreen(self.editor), added)


def _record(loaded: LoadedDataset, member_id: str, type_slug: str) -> Commitment | None:
    member = loaded.dataset.member(member_id)
    return member.commitments.get(type_slug) if member is not None else None


class NewSourceScreen(FormScreen):
    """A new source: publisher, title, date, address, tier, and a note saying why it is added (kept in its
    history entry). Saved at once (`add-source`)."""

    AUTO_FOCUS = "#new-publisher"
    BINDINGS: ClassVar[list[BindingType]] = list(FORM_BINDINGS)

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor = editor

    def compose(self) -> ComposeResult:
        """The five fields of a source and the note, the message line, the keys."""
        with Vertical(id="form-box", classes="-small"):
            yield Static(Content.styled("New source", HEADING), id="form-title")
            with VerticalScroll(id="form-fields"):
                yield form_field("publisher", LiteralInput(id="new-publisher", compact=True,
                                                                        placeholder="e.g. Reuters"))
                yield form_field("title", LiteralInput(id="new-title", compact=True))
                yield form_field("date", LiteralInput(id="new-date", compact=True,
                                                              placeholder="YYYY, YYYY-MM or YYYY-MM-DD"))
                yield form_field("url", LiteralInput(id="new-url", compact=True, placeholder="https://…"),
                                 hint="empty if the address was not captured")
                yield form_field("tier", RadioSet(
                    *(Choice(Content.assemble((t, STRONG), f"  {label('tiers', t)}"), id=f"tier-{t}",
                             compact=True) for t in TIERS), id="new-tier", compact=True))
                yield form_field("note", LiteralInput(id="new-note", compact=True,
                                                    placeholder="why this source: shown in the history"))
            yield FieldProblem(id="form-message")
        yield Footer(compact=True)

    def source(self) -> NewSource:
        """What the sub-form holds now."""
        pressed = self.query_one("#new-tier", RadioSet).pressed_button
        tier = pressed.id.removeprefix("tier-") if pressed is not None and pressed.id else ""
        texts = {name: self.query_one(f"#new-{name}", Input).value
                 for name in ("publisher", "title", "date", "url", "note")}
        return NewSource(tier=tier, **texts)

    def is_dirty(self) -> bool:
        """Anything typed or chosen."""
        return self.source() != NewSource("", "", "", "", "")

    def discard_question(self) -> str:
        """What escape would discard."""
        return "The new source has not been added."

    def action_save(self) -> None:
        """`ctrl+s`: check, then add the source."""
        if self.saving:
            return
        new = self.source()
        if self.start_saving(cell_form.source_problems(new), "Not added"):
            self._save(new)

    @work(exclusive=True, group="save")
    async def _save(self, new: NewSource) -> None:
        try:
            outcome = await self.editor.save_source(new)
        finally:
            self.saving = False
        if not self.is_attached:
            return
        if outcome.kind == "saved":
            self.dismiss(outcome.new_id)
            return
        self.show_problems(dict(outcome.field_problems))
        self.say(outcome.message, problem=True)

