"""Why the browser's first screen is drawn several times: every paint of start-up, with what changed.

    .venv/bin/python benchmarks/experiments/first_screen.py DATA [--fix breakpoints,counts,detail,footer]
        [--runs 5]

Runs the real entry point (`pledge_tui.cli.main(["--data", DATA])`) headless at 120x40 (`App.run` forced to
`headless=True, size=(120, 40)`) with `App._display` wrapped: each real paint (a renderable outside a batch
update) records the time since the process started and the state that decides what the screen shows: the
screen's classes (the breakpoint), the matrix's and the detail pane's regions, how many keys the Footer
holds, whether the facet counts are shown, and which member the detail pane was filled for. The app exits
once it has not painted for 0.5 s. One line per paint; with `--runs` > 1 only the summary.

`--fix` applies candidate fixes by monkeypatching (the experiment never edits src/), to measure what each is
worth before anyone changes the app:

- `breakpoints`: set the breakpoint class in `on_mount` from `App.size`, before the first layout (Textual
  applies `HORIZONTAL_BREAKPOINTS` only when the Resize event reaches the screen, after the first layout);
- `counts`: fill the facet counts at once instead of `call_after_refresh(self._show_counts, ...)`;
- `detail`: drop the `call_after_refresh(self._show_highlighted_member)` refill (needed only because of the
  late breakpoint);
- `footer`: let the Footer compose its keys in the first layout (it waits for `bindings_updated_signal`,
  then `call_after_refresh(self.recompose)`): sets its private `_bindings_ready` flag at construction;
- `focus`: focus the matrix with `Screen.set_focus` in `on_mount` (`Widget.focus()` defers it, so the first
  frame shows the unfocused cursor style and the next one the focused style);
- `detail-now`: fill the detail pane in `on_mount` (the `MemberHighlighted` message `populate` posts is
  handled after the first frame);
- `gutter`: `scrollbar-gutter: stable` on the detail pane, so a scrollbar appearing when its text turns
  out taller than the pane does not narrow and re-wrap the text in a later frame.

`--lines` prints the text of the lines each paint changed.
"""

from __future__ import annotations

import time

T_START = time.time()

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

SIZE = (120, 40)
QUIET = 0.5
FIXES = ("breakpoints", "counts", "detail", "footer", "focus", "detail-now", "gutter")


def child(data: str, fixes: set[str], out: str) -> int:
    """Run the app with the paint hook (and the chosen fixes); write one JSON object per paint to `out`."""
    from textual.app import App
    from textual.widgets import Footer

    from pledge_tui.cli import main as pledge_main
    from pledge_tui.ui import app as ui_app

    paints: list[dict[str, Any]] = []
    original_display = App._display
    original_run = App.run

    def state(app: Any) -> dict[str, Any]:
        def region(selector: str) -> list[int] | None:
            try:
                r = app.screen.query_one(selector).region
            except Exception:
                return None
            return [r.x, r.y, r.width, r.height]

        facets = list(app.screen.query("FacetList"))
        footer = list(app.screen.query(Footer))
        return {
            "classes": sorted(c for c in app.screen.classes if c.startswith("-")),
            "table": region("#members"), "detail": region("#detail"),
            "footer_keys": len(footer[0].children) if footer else 0,
            "counts": bool(facets) and all(getattr(f, "_shown_counts", None) for f in facets),
            "detail_for": str(getattr(app, "_painted_detail", None))[:6],
        }

    def changed(renderable: Any) -> dict[str, Any]:
        """What the paint writes: a full layout, or the lines (y) it changes and their text."""
        chops = getattr(renderable, "chops", None)
        if chops is None:
            return {"update": type(renderable).__name__}
        lines = {y: "".join(strip.text for strip in line.values() if strip is not None)
                 for y, line in enumerate(chops) if any(strip is not None for strip in line.values())}
        ys = sorted(lines)
        return {"update": f"{len(ys)} lines", "lines": f"{ys[0]}-{ys[-1]}" if ys else "",
                "sample": [f"{y}:{lines[y].strip()[:50]}" for y in ys[:3]]}

    shown: list[str] = []

    def visible(screen: Any) -> tuple[list[str], list[str]]:
        """The whole screen: a signature per line (text and styles) and its text, rendered without side effects."""
        strips = screen._compositor.render_strips()
        return ["".join(f"{seg.text}\x00{seg.style}" for seg in strip) for strip in strips], [s.text for s in strips]

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        real = renderable is not None and not self._batch_count
        if real:
            paint = {"ms": round((time.time() - T_START) * 1000, 1), **changed(renderable), **state(self)}
        original_display(self, screen, renderable)
        if real:
            now, texts = visible(screen)
            diff = [y for y in range(len(now)) if y >= len(shown) or now[y] != shown[y]]
            paint["visible_lines_changed"] = len(diff)
            paint["visible_range"] = f"{diff[0]}-{diff[-1]}" if diff else ""
            paint["text"] = [f"{y:2d}: {texts[y].rstrip()[:110]}" for y in diff]
            shown[:] = now
            paints.append(paint)
            self.set_timer(QUIET, lambda: _maybe_exit(self))

    def _maybe_exit(app: App[Any]) -> None:
        if paints and time.time() - T_START - paints[-1]["ms"] / 1000 >= QUIET - 0.01:
            app.exit()

    def run(self: App[Any], **kwargs: Any) -> Any:
        kwargs.update(headless=True, size=SIZE)
        return original_run(self, **kwargs)

    App._display = display  # type: ignore[method-assign]
    App.run = run  # type: ignore[method-assign]
    from pledge_tui.ui import terminal

    terminal.require_terminal = lambda *streams: None  # (headless: the browser refuses to start without a terminal)
    _apply_fixes(ui_app.PledgeApp, Footer, fixes)
    code = pledge_main(["--data", data])
    Path(out).write_text(json.dumps(paints), encoding="utf-8")
    return code


def _apply_fixes(app_class: Any, footer_class: Any, fixes: set[str]) -> None:
    original_mount = app_class.on_mount
    original_after_refresh = app_class.call_after_refresh

    def on_mount(self: Any) -> None:
        if "gutter" in fixes:
            for pane in self.query("#detail, #summary"):
                pane.styles.scrollbar_gutter = "stable"
        if "breakpoints" in fixes:
            width = self.size.width
            names = [name for _, name in self.HORIZONTAL_BREAKPOINTS]
            wanted = max((bp for bp in self.HORIZONTAL_BREAKPOINTS if width >= bp[0]), default=None)
            self.screen.update_classes({name: wanted is not None and name == wanted[1] for name in names},
                                       animate=False)
        original_mount(self)
        if "focus" in fixes:
            self.screen.set_focus(self.query_one("#members"))
        if "detail-now" in fixes:
            table = self.query_one("#members")
            self.on_member_table_member_highlighted(type(table).MemberHighlighted(table.highlighted_id))

    def call_after_refresh(self: Any, callback: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(callback, "__name__", "")
        if "counts" in fixes and name == "_show_counts":
            callback(*args, **kwargs)
            return True
        if "detail" in fixes and name == "_show_highlighted_member":
            return True
        return original_after_refresh(self, callback, *args, **kwargs)

    app_class.on_mount = on_mount
    app_class.call_after_refresh = call_after_refresh
    if "footer" in fixes:
        original_init = footer_class.__init__

        def footer_init(self: Any, *args: Any, **kwargs: Any) -> None:
            original_init(self, *args, **kwargs)
            self._bindings_ready = True

        footer_class.__init__ = footer_init


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child(sys.argv[2], set(filter(None, sys.argv[3].split(","))), sys.argv[4])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("data")
    parser.add_argument("--fix", default="", help=f"comma-separated: {','.join(FIXES)}, or all")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--lines", action="store_true", help="print the text of the lines each paint changed")
    args = parser.parse_args()
    fixes = ",".join(FIXES) if args.fix == "all" else args.fix
    out = Path("/tmp") / f"first-screen-{time.time_ns()}.json"
    summaries = []
    for _ in range(args.runs + (1 if args.runs > 1 else 0)):  # one warm-up when several runs
        subprocess.run([sys.executable, __file__, "--child", args.data, fixes, str(out)], check=True,
                       stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        paints = json.loads(out.read_text(encoding="utf-8"))
        out.unlink()
        frames = [p for p in paints if p["visible_lines_changed"]]
        summaries.append((len(frames), frames[-1]["ms"], frames[0]["ms"], len(paints)))
        if args.runs == 1:
            print("| ms after start | update written | visible lines changed | screen class | table region | "
                  "footer keys | counts | detail filled |\n|---:|---|---|---|---|---:|---|---|")
            for p in paints:
                lines = f"{p['visible_lines_changed']} ({p['visible_range']})" if p["visible_lines_changed"] else "0"
                print(f"| {p['ms']:.0f} | {p['update']} {p.get('lines', '')} | {lines} | {' '.join(p['classes'])} | "
                      f"{p['table']} | {p['footer_keys']} | {'yes' if p['counts'] else 'no'} | "
                      f"{'no' if p['detail_for'] == 'None' else 'yes'} |")
                if args.lines:
                    print("\n".join(f"    {line}" for line in p["text"]))
    if args.runs > 1:
        summaries = summaries[1:]
    print(f"fixes: {fixes or 'none'}; paints {statistics.median(s[3] for s in summaries):g}, of which "
          f"{statistics.median(s[0] for s in summaries):g} change what is visible (first at "
          f"{statistics.median(s[2] for s in summaries):.0f} ms, last visible change at "
          f"{statistics.median(s[1] for s in summaries):.0f} ms after start; median of {len(summaries)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
