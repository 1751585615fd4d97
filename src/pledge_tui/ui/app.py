"""The browser: a thin Textual shell over the headless core.

The app holds the loaded file and the commands (help, quit, the palette, writing a snapshot) and
watches the file (README "The browser"): a change on disk is read through the normal read path and shown
with the same filter, sort and cursor, the changed cells marked and the new history entries named. The
members screen holds the view state, the dataset included, and the widgets paint themselves from it.
So another screen (a timeline, an edit form) can be pushed over the members screen and read the same
dataset.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from pledge_tui import collector
from pledge_tui.dataset.catalogue import NEWEST_SOURCE, VOCABULARIES
from pledge_tui.dataset.files import is_packaged_copy
from pledge_tui.dataset.model import Dataset, History, LoadedDataset
from pledge_tui.dataset.vocab import SORTS
from pledge_tui.errors import DataError, PledgeError
from pledge_tui.sanitize import clean_line
from pledge_tui.ui import terminal, vanished
from pledge_tui.ui.screens.members import FACETS, MembersScreen
from pledge_tui.ui.themes import check_theme
from pledge_tui.ui.threads import in_daemon_thread
from pledge_tui.ui.watching import FileWatcher, Signature, watched_paths
from pledge_tui.views.browse import View, mode_words
from pledge_tui.views.filters import COALITION_ROLE, Filter
from pledge_tui.views.present import label

if TYPE_CHECKING:
    from pledge_tui.ui.editing import SaveOutcome
    from pledge_tui.ui.undoing import OwnSaves
    from pledge_tui.views.cell_form import CellValues, NewSource
    from pledge_tui.views.reload import DiskChange

# The help screen, the edit form and the save path (ui/editing, ui/screens/edit, the form's widgets: ~45 ms
# of imports) are imported when first opened: none of them is needed to paint the first screen. So are the
# views of what changed (views.reload with views.diff and views.changes; views.timeline; dataset.replay, with
# the rules): a reload, a save, `--since` and the timeline import them when they run
# (tests/test_app_lifecycle.py::test_the_first_screen_does_not_import_the_views_of_what_changed).

EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Signals that end the browser the way `q` does: the terminal is restored (normal screen, no mouse
reporting) before the process exits with 128 + the signal's number."""

WATCH_INTERVAL = 0.5
"""Seconds between two looks at the data file (a `stat` of each watched file): a change on disk is on
screen within about that, inside the 2 s README "The browser" promises, for no measurable CPU (benchmarks:
idle browser)."""


def utc_now() -> datetime:
    """The export clock (replaced in tests)."""
    return datetime.now(UTC).replace(microsecond=0)


class PledgeApp(App[None]):
    """Browse the coalition as a member-by-type matrix, filter with the keyboard, export a snapshot."""

    CSS_PATH = "pledge_tui.tcss"
    TITLE = "pledge-tui"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Two bindings each for help and quit: in the search box `?` and `q` are text, and the footer then
        # shows the other key (it shows the first binding of each action that is active).
        Binding("question_mark", "help", "Help", id="help", tooltip="This help: every key, and what each status means"),
        Binding("f1", "help", "Help", id="help-f1", tooltip="This help: every key, and what each status means"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit"),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit-ctrl", tooltip="Quit"),
        Binding("ctrl+p", "command_palette", "Palette", show=True, priority=True, id="palette",
                tooltip="Command palette: export, clear filters, one command per type, status and condition "
                        "filter, the sorts, the summary panel, reloading the file"),
        # Not a priority binding: in the edit form's summary box, ctrl+z undoes typing (as in any editor).
        Binding("ctrl+z", "suspend_process", "Suspend", show=False, id="suspend",
                tooltip="Suspend the browser to the shell (as vim and less do); the shell's fg brings it back"),
        Binding("U", "undo_own_save", "Undo my save", show=False, id="undo-own-save",
                tooltip="Undo your last save in this browser (after saying what it reverts and asking)"),
    ]

    def __init__(self, loaded: LoadedDataset, export_dir: str = ".", *, today: date | None = None,
                 clock: Callable[[], datetime] = utc_now, since: str | None = None, read_only: bool = False,
                 view_filter: Filter | None = None, sort: str = "name", watcher: FileWatcher | None = None,
                 watch_interval: float | None = WATCH_INTERVAL, recorded_at: str | None = None) -> None:
        super().__init__()
        self.loaded = loaded
        self.export_dir = export_dir
        self.today = today or date.today()
        self.clock = clock
        self.recorded_at = recorded_at
        """The `--at` date when `loaded` is the data rebuilt as it was then (`views.recorded`), else None."""
        self.read_only = read_only or recorded_at is not None or is_packaged_copy(loaded.path)
        """No editing: `--read-only`, the past (`--at`), or the copy of the data inside the installed package
        (never written)."""
        self.watcher = watcher or FileWatcher(watched_paths(loaded.path))
        """The watched files' signatures as last seen (made before the load by the command line)."""
        self.watch_interval = watch_interval if recorded_at is None else None
        """Seconds between two looks at the file; None: not watched (the past of `--at` does not change;
        tests drive `check_file` themselves)."""
        self._writing = 0
        """Saves under way: the file is not looked at meanwhile (the change is the browser's own)."""
        self._reading = False
        """A reload is under way."""
        self._generation = 0
        """Counts the data shown; a reload whose read began before a save showed newer data is dropped."""
        self.members_screen = MembersScreen(loaded.dataset, self.today, read_only=self.read_only,
                                            file_name=Path(loaded.path).name,
                                            mode=mode_words(read_only=self.read_only, at=recorded_at),
                                            view_filter=view_filter, sort=sort)
        self._resume_collector: Callable[[], None] = lambda: None
        """Turns the garbage collector back on once the first screen is drawn (`on_load`)."""
        self._since_problem: str | None = None
        """Why `--since` gave no marks (the history does not replay): said once the screen is up."""
        if since is not None:  # `--since DATE`, checked by the command line: the first frame has the marks
            from pledge_tui.dataset.replay import ReplayError
            from pledge_tui.views.timeline import since_marks

            try:
                self.members_screen.set_reactive(MembersScreen.since, since_marks(loaded.dataset, since))
            except ReplayError as exc:
                self._since_problem = clean_line(str(exc))
            except DataError as exc:  # the history log, read now for the first time
                self._since_problem = clean_line(exc.summary())

    @property
    def dataset(self) -> Dataset:
        """The data shown."""
        return self.loaded.dataset

    def get_default_screen(self) -> Screen[None]:
        """The members screen is the first screen, not pushed over a blank one (no extra frame)."""
        return self.members_screen

    def on_load(self) -> None:
        """The collector paused while Textual builds, lays out and paints the first screen: 60,000 objects
        made and few freed, which its passes walked a hundred times (8 ms of the start at 35 members). It
        resumes once the screen is drawn and quiet (`on_mount`), and at the latest when the app ends."""
        self._resume_collector = collector.pause()

    def on_unmount(self) -> None:
        """The collector back on, should the first screen never have been drawn."""
        self._resume_collector()

    def on_mount(self) -> None:
        """Watch the file; say why `--since` marks nothing, if it does not; in a real terminal: end cleanly on
        SIGTERM and SIGHUP, and repaint after SIGTSTP/SIGCONT. The collector resumes after the screen's
        refreshes (`on_load`)."""
        self.call_after_refresh(self._resume_collector)
        if self.watch_interval is not None:
            self.set_interval(self.watch_interval, self.check_file, name="watch the data file")
        if self._since_problem is not None:
            self.notify(f"{self._since_problem}. `pledge-tui validate` names the problem.",
                        title="No changed-since marks", severity="error", timeout=12, markup=False)
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            loop.add_signal_handler(signum, self._exit_on_signal, signum)
        self.app_resume_signal.subscribe(self, self._repaint_after_resume)
        vanished.watch(self, loop.call_soon_threadsafe)  # the terminal gone: exit 129, hang-up signal or not

    def _exit_on_signal(self, signum: int) -> None:
        self.exit(return_code=128 + signum)

    def _repaint_after_resume(self, _app: App[object]) -> None:
        """Back from a suspension (SIGTSTP, then SIGCONT): the terminal's screen was cleared, so draw it
        all again rather than wait for something to change."""
        self.refresh(layout=True)
        self.screen.refresh(layout=True)

    # --- commands -------------------------------------------------------------------------------------

    def action_help(self) -> None:
        """`?`, `f1`: the help screen (read-only, it does not offer editing)."""
        from pledge_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(editable=not self.read_only))

    async def action_quit(self) -> None:
        """`q`, `ctrl+q`: quit, unless an edit form holds unsaved changes (save or cancel it first)."""
        is_dirty = getattr(self.screen, "is_dirty", None)  # a form (ui/screens/edit's FormScreen)
        if is_dirty is not None and is_dirty():
            self.notify("The form has unsaved changes: ctrl+s saves them, escape cancels; then quit",
                        title="Not quitting", severity="warning", markup=False, timeout=6)
            return
        self.exit()

    # --- undoing the session's own save (README "Editing") -----------------------------------------------

    @cached_property
    def own_saves(self) -> OwnSaves:
        """The history entries this browser session saved: what `U` may undo."""
        from pledge_tui.ui.undoing import OwnSaves

        return OwnSaves()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A read-only browser neither runs nor shows "Undo my last save"."""
        return not (self.read_only and action == "undo_own_save")

    def action_undo_own_save(self) -> None:
        """`U`, the palette's "Undo my last save": the newest entry this session saved, reverted through the
        same undo as `pledge-tui undo ENTRY`, after saying what it reverts and asking."""
        if getattr(self.screen, "is_dirty", None) is not None:  # an edit form is open (ui/screens/edit)
            self.notify("Close the form first (ctrl+s saves, escape cancels), then undo", title="Not now",
                        severity="warning", markup=False, timeout=6)
            return
        entry_id = self.own_saves.newest()
        if entry_id is None:
            self.notify("You have not saved anything in this browser session, so there is nothing of yours to undo "
                        "(pledge-tui undo reverts any entry by its id)", title="Nothing to undo", markup=False,
                        severity="warning", timeout=6)
            return
        self.run_worker(self._undo_own_save(entry_id), group="undo-own-save", exclusive=True, exit_on_error=False)

    async def _undo_own_save(self, entry_id: str) -> None:
        from pledge_tui.ui import undoing
        from pledge_tui.ui.screens.undo import UndoSaveScreen

        check = await in_daemon_thread(partial(undoing.check_undo, self.loaded, entry_id))
        if check.preview is None:
            if check.gone:
                self.own_saves.forget(entry_id)
            assert check.refusal is not None
            self.notify(check.refusal.message, title="Not undone", severity="error", markup=False, timeout=10)
            return
        if not await self.push_screen_wait(UndoSaveScreen(check.preview)):
            return
        cell = check.preview.cell
        await self._write(partial(undoing.undo_save, self.loaded, check.preview),
                          own_cells={cell} if cell else set())

    # --- editing (README "Editing in the browser") --------------------------------------------------------------------

    @on(MembersScreen.EditRequested)
    def open_edit_form(self, event: MembersScreen.EditRequested) -> None:
        """`enter` on a cell: the edit form over the matrix."""
        from pledge_tui.ui.screens.edit import EditScreen

        member = self.dataset.member(event.member_id)
        if member is not None and not self.read_only:
            self.push_screen(EditScreen(self, member, event.type_slug, self.today.isoformat()))

    async def save_cell(self, base: LoadedDataset, member_id: str, type_slug: str, values: CellValues,
                        initial: CellValues) -> SaveOutcome:
        """Save an edit form (in a daemon thread: a busy lock is waited for without freezing the screen, and
        a save stuck in the kernel does not keep the browser from ending on SIGTERM),
        then show the data as written, or as the other writer left it after a conflict."""
        from pledge_tui.ui import editing

        member = self.dataset.member(member_id) or base.dataset.member(member_id)
        what = editing.subject_of(member, member_id, type_slug)
        return await self._write(partial(editing.save_cell, self.loaded, base, member_id, type_slug, what, values,
                                         initial), own_cells={(member_id, type_slug)})

    async def save_source(self, new: NewSource) -> SaveOutcome:
        """Add a new source from the sub-form (in a worker thread), then show the data as written."""
        from pledge_tui.ui import editing

        return await self._write(partial(editing.save_source, self.loaded, new), own_cells=set())

    async def _write(self, save: Callable[[], SaveOutcome], own_cells: set[tuple[str, str]]) -> SaveOutcome:
        """Run a save in a worker thread, the file's signatures taken just after it (so the watcher does not
        take the browser's own write for someone else's), then show what it gives."""

        def save_then_look() -> tuple[SaveOutcome, tuple[Signature, ...]]:
            outcome = save()
            return outcome, self.watcher.now()

        self._writing += 1
        try:
            outcome, seen = await in_daemon_thread(save_then_look)
        finally:
            self._writing -= 1
        self._after_save(outcome, seen, own_cells)
        return outcome

    def _after_save(self, outcome: SaveOutcome, seen: tuple[Signature, ...], own_cells: set[tuple[str, str]]) -> None:
        self.own_saves.saw(outcome)
        change = None
        if outcome.loaded is not None:
            from pledge_tui.views.reload import disk_change

            own = {outcome.entry_id} if outcome.entry_id is not None else set()
            change = disk_change(self.dataset, outcome.loaded.dataset, own=own,
                                 own_cells=own_cells if outcome.kind == "saved" else ())
            self.show_loaded(outcome.loaded)
            self.watcher.accept(seen)
            self.mark_disk_change(change)
        if outcome.kind in ("saved", "unchanged"):
            self.notify(outcome.message, title="Saved" if outcome.kind == "saved" else "Nothing to save",
                        markup=False, timeout=6)
        else:
            self.notify(outcome.message, title="Not saved", severity="error", markup=False, timeout=10)
        if outcome.refreshed and change is not None:
            self.notify(f"Another writer had changed the file since it was loaded: {change.words()}. Your change "
                        "was applied to the newer data, which is shown now", title="View refreshed", markup=False,
                        timeout=10)

    def show_loaded(self, loaded: LoadedDataset) -> None:
        """Show another version of the data file (after a save or a reload): the screen's dataset is
        replaced, and the view is made again with the same filter, sort and highlighted cell."""
        self.loaded = loaded
        self._generation += 1
        if isinstance(loaded.dataset.history, History):
            loaded.dataset.history.read_ahead()  # the log as it is now: what the next reload compares with
        self.members_screen.dataset = loaded.dataset
        self.members_screen.file_problem = None

    def mark_disk_change(self, change: DiskChange) -> None:
        """Mark the cells a change on disk moved (kept with earlier marks until cleared)."""
        if change.diff.cells:
            from pledge_tui.views.reload import disk_marks

            at = f"{self.clock():%H:%M} UTC"
            self.members_screen.disk = disk_marks(change, at, self.members_screen.disk)

    # --- watching the file (README "The browser") ----------------------------------------------------------

    def check_file(self) -> None:
        """The watch's tick: if a watched file changed (and no save or reload is under way), read it again."""
        if self._writing or self._reading:
            return
        seen = self.watcher.changed()
        if seen is not None:
            self._reading = True
            self.run_worker(self._reload(seen), group="reload", exit_on_error=False)

    def action_reload(self) -> None:
        """The palette's "Reload the data file": read it again now, changed or not."""
        if not (self._writing or self._reading):
            self._reading = True
            self.run_worker(self._reload(self.watcher.now(), asked=True), group="reload", exit_on_error=False)

    async def _reload(self, seen: tuple[Signature, ...], *, asked: bool = False) -> None:
        """Read the file again (in a worker thread, through `store.load`) and show it: the marks and a
        notice say what changed and whose history entries it was. A file that cannot be read or is not
        valid now (mid-`git pull`) keeps the last good data on screen, says why, and is read again at
        its next change."""
        from pledge_tui.ui.watching import read_again

        generation = self._generation
        name = clean_line(Path(self.loaded.path).name)
        try:
            loaded = await asyncio.to_thread(read_again, self.loaded)
        except Exception as exc:  # a DataError above all; never a traceback, never a blank view
            self._reading = False
            if generation == self._generation:
                self.watcher.accept(seen)
                self._file_failed(name, exc)
            return
        self._reading = False
        if generation != self._generation:
            return  # a save showed newer data meanwhile: the next tick looks again
        self.watcher.accept(seen)
        if loaded is None:
            self.members_screen.file_problem = None
            if asked:
                self.notify(f"{name} is as shown: nothing changed", title="Reloaded", markup=False, timeout=4)
            return
        from pledge_tui.views.reload import disk_change

        try:
            change = disk_change(self.dataset, loaded.dataset)  # reads both history logs
        except DataError as exc:
            self._file_failed(name, exc)
            return
        self.show_loaded(loaded)
        self.mark_disk_change(change)
        self.notify(change.words(), title=f"{name} changed on disk", markup=False, timeout=10)
        for screen in self.screen_stack:
            data_changed = getattr(screen, "data_changed", None)  # an open edit form (ui/screens/edit)
            if callable(data_changed):
                data_changed(loaded)

    def _file_failed(self, name: str, exc: BaseException) -> None:
        """Say once, per problem, that the file cannot be read now; the data shown stays."""
        problem = (exc.lines()[0] if isinstance(exc, DataError) and exc.lines() else str(exc)) or type(exc).__name__
        problem = clean_line(problem).removeprefix(f"{self.loaded.path}: ").removeprefix(f"{name}: ")[:200]
        if self.members_screen.file_problem == problem:
            return
        self.members_screen.file_problem = problem
        self.notify(f"{name} cannot be read now ({problem}). The data as last read stays on screen; the file is "
                    "read again when it changes", title="Data file cannot be read", severity="warning", markup=False,
                    timeout=10)

    @on(MembersScreen.ExportRequested)
    def export_view(self, event: MembersScreen.ExportRequested) -> None:
        """Write the snapshot of a view to the export folder, never over an earlier one, and say where."""
        from pledge_tui.formats import snapshot as export  # on first use: not needed to paint the screen

        view: View = event.view
        now = self.clock()
        form: dict[str, Any] = {"since": event.since} if event.since else {}  # only when asked for: `e` and
        form |= {"brief": True} if event.brief else {}  # "Export snapshot" write the full snapshot as before
        form |= {"at": self.recorded_at} if self.recorded_at is not None else {}
        destination = Path(self.export_dir) / export.snapshot_filename(now, brief=event.brief)
        try:
            text = export.render_snapshot(self.loaded, view.filter, view.sort, now, **form)
            written = export.write_snapshot(text, destination, data_path=self.loaded.path, overwrite=False)
        except (PledgeError, OSError) as exc:
            self.notify(clean_line(str(exc)), title="Export failed", severity="error", markup=False, timeout=8)
            return
        members = sum(1 for m in view.members if m.role != COALITION_ROLE)
        whole = f" and the {label('roles', COALITION_ROLE)}" if members < len(view.members) else ""
        title = "Brief snapshot exported" if event.brief else "Snapshot exported"
        if event.since:
            title += f" with the changes since {clean_line(event.since.strip())}"
        self.notify(f"{members} members{whole} written to {clean_line(str(written))}", title=title, markup=False,
                    timeout=6)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette: export, clear, one command per type, status and condition, the sorts, the panes."""
        yield from super().get_system_commands(screen)
        members = self.members_screen
        yield SystemCommand("Export snapshot", "Write a Markdown snapshot of the current view", members.action_export)
        yield SystemCommand("Export brief snapshot", "Only the disclosed commitments of the members shown, the "
                            "sources they cite and the events about them", members.action_export_brief)
        yield SystemCommand("Export snapshot with changes since...", "Add the changes since the marks' date "
                            "(else a date asked for) after the matrix", members.action_export_since)
        yield SystemCommand("Clear filters", "Remove every filter and the search", members.action_clear_filters)
        for facet, slugs in FACETS.items():
            noun = VOCABULARIES[facet].noun
            for slug in slugs:
                yield SystemCommand(f"Filter {noun}: {label(facet, slug)}", f"Tick or untick the {slug} {noun} filter",
                                    partial(members.toggle_filter, facet, slug))
        for sort in SORTS:
            yield SystemCommand(f"Sort: {label('sorts', sort)}", "Order the members",
                                partial(setattr, members, "sort", sort))
        yield SystemCommand("Toggle summary panel", "Per type, a bar of members by status",
                            members.action_toggle_summary)
        yield SystemCommand("Timeline", "Events and recorded changes, newest first (T)", members.action_timeline)
        if not self.read_only:
            yield SystemCommand("Undo my last save", "Revert the newest change you saved in this browser, after "
                                "saying what it reverts (U)", self.action_undo_own_save)
        yield SystemCommand("Mark cells changed since...", "Ask for a date; mark the cells changed since then",
                            members.action_ask_since)
        if members.since is not None:
            yield SystemCommand("Clear changed-since marks", f"Remove the marks of the cells {members.since.words}",
                                members.action_clear_since)
        if members.disk is not None:
            yield SystemCommand("Clear on-disk marks", f"Remove the marks of the cells {members.disk.words}",
                                members.action_clear_disk_marks)
        yield SystemCommand("Reload the data file", "Read the data file again now (it is also read again by "
                            "itself whenever it changes)", self.action_reload)
        yield SystemCommand("Keep members with stale sources...", "Ask for a number of months; keep the members with "
                            f"a claim whose {NEWEST_SOURCE} is older (as list --stale)", members.action_ask_stale)
        if members.view_filter.stale is not None:
            yield SystemCommand("Clear the stale filter", "Show the members again whatever their sources' age",
                                members.action_clear_stale)
        yield SystemCommand("Toggle detail: member / type across members",
                            "The detail pane shows the member, or one type for every member shown",
                            members.action_toggle_detail_mode)
        yield SystemCommand("Hide or show the detail pane", "The matrix takes the pane's room (z)",
                            members.action_toggle_pane)


def run_browser(loaded: LoadedDataset, export_dir: str = ".", since: str | None = None, *,
                read_only: bool = False, theme: str | None = None, theme_source: str = "--theme",
                view_filter: Filter | None = None, sort: str = "name", watcher: FileWatcher | None = None,
                recorded_at: str | None = None) -> int:
    """Run the browser until the analyst quits; returns the exit code.

    Refuses (exit 2) without a terminal, and sizes the screen from the terminal itself. `read_only`:
    no editing (`--read-only`). `theme`: a Textual theme name (None: Textual's default). `view_filter` and
    `sort`: the view it opens on (`pledge-tui --type air`); `watcher`: the file's signatures taken before it
    was read; `recorded_at`: the `--at` date when `loaded` is the past, shown read-only with "as recorded at
    DATE" in the header (and in the snapshots it exports).
    """
    if theme is not None:
        check_theme(theme, theme_source)
    terminal.require_terminal()
    terminal.measure_the_real_terminal()
    app = PledgeApp(loaded, export_dir, since=since, read_only=read_only, view_filter=view_filter, sort=sort,
                    watcher=watcher, recorded_at=recorded_at)
    if theme is not None:
        app.theme = theme
    app.run()
    return app.return_code or 0
