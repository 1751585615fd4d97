"""Start-up runner: time from process spawn to the first painted screen, headless at 120x40.

    python first_paint.py MARKS pledge DATA   # the real entry point: pledge_tui.cli.main(["--data", DATA])
    python first_paint.py MARKS bare          # baseline: a bare Textual app with an empty DataTable

The parent starts its clock just before it spawns this process. Here, `App._display` is wrapped so the
first call with a renderable outside a batch update (a real paint; in headless mode it receives the
compositor's update) records `time.time()`, the peak RSS so far (VmHWM) and the rows of the first
DataTable (else the number of members the members screen shows), writes them to MARKS as one JSON line, and exits
the app at once. A second line, written when the app has closed, holds the peak RSS of the whole run
(VmHWM again; the parent's `ru_maxrss` would not do, as Linux counts the parent's memory at fork time
into the child's). `App.run` is wrapped to force `headless=True, size=(120, 40)`, and the browser's refusal
to start without a terminal is switched off (this child has none). Only the standard
library is used before Textual is imported, so both sides pay the same harness cost.
"""

from __future__ import annotations

import time

T_START = time.time()

import sys  # noqa: E402
from typing import Any  # noqa: E402

SIZE = (120, 40)


def _vm_hwm_kb() -> int:
    """Peak resident set size of this process so far, in KiB (Linux; -1 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def _members_shown(app: Any) -> int:
    """How many members the browser shows: the members screen's view, or the app's `shown` list before it."""
    screen = getattr(app, "members_screen", None)
    if screen is not None:
        return len(screen.view.members)
    shown = getattr(app, "shown", None)
    return len(shown) if isinstance(shown, list) else -1


def main(argv: list[str]) -> int:
    """Patch Textual, run the chosen app, and return its exit code."""
    if len(argv) < 2 or argv[1] not in ("pledge", "bare") or (argv[1] == "pledge" and len(argv) < 3):
        print("usage: first_paint.py MARKS pledge DATA | first_paint.py MARKS bare", file=sys.stderr)
        return 2
    marks, mode = argv[0], argv[1]

    from textual.app import App
    from textual.widgets import DataTable

    t_imported = time.time()
    original_display = App._display
    original_run = App.run
    painted = False

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        nonlocal painted
        if not painted and renderable is not None and not self._batch_count:
            painted = True
            t_paint = time.time()
            hwm = _vm_hwm_kb()
            tables = list(self.screen.query(DataTable))
            rows = tables[0].row_count if tables else _members_shown(self)
            line = (f'{{"start": {T_START!r}, "imported": {t_imported!r}, "paint": {t_paint!r}, '
                    f'"vm_hwm_kb": {hwm}, "rows": {rows}, "app": "{type(self).__name__}"}}\n')
            with open(marks, "w", encoding="ascii") as out:
                out.write(line)
            self.exit()
        original_display(self, screen, renderable)

    def run(self: App[Any], **kwargs: Any) -> Any:
        kwargs.update(headless=True, size=SIZE)
        return original_run(self, **kwargs)

    App._display = display  # type: ignore[method-assign]
    App.run = run  # type: ignore[method-assign]

    if mode == "pledge":
        from pledge_tui.cli import main as pledge_main

        try:
            from pledge_tui.ui import terminal
        except ImportError:  # older versions had no terminal check
            pass
        else:
            terminal.require_terminal = lambda *args, **kwargs: None

        code = pledge_main(["--data", argv[2]])
    else:

        class Bare(App[None]):
            def compose(self) -> Any:
                yield DataTable()

        Bare().run()
        code = 0
    if not painted:
        print("first_paint: the app exited without painting", file=sys.stderr)
        return 3
    with open(marks, "a", encoding="ascii") as out:
        out.write(f'{{"exit": {time.time()!r}, "vm_hwm_kb": {_vm_hwm_kb()}}}\n')
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
