"""The data files this program has validated in full before, remembered by the SHA-256 of their bytes, so that
a read command can skip validating the same bytes again (README "Decisions", issue 22).

Validating a file costs more than everything else `list` does with it (at 10,000 members, two thirds of the
load). A file validated once is valid for as long as its bytes and the rules are the same, so a read command
(`list`, `show`, `export`, the browser's start) that meets bytes it validated before builds the model without
the checks (`trusted.build_trusted`, `decode.trusted`). The same holds for a history log: a log whose bytes
passed the reader's checks before (`log.history_loader`) is decoded into its entries in one C pass
(`log_trusted.trusted_entries`: 10,000 entries in about 40 ms, against 250 ms parsed and checked line by
line), which is what `list --at`, `blame` and `history` read it for. What is remembered is one small file
per digest, in the XDG cache folder: `$XDG_CACHE_HOME/pledge-tui/validated/<sha256>` (a log's:
`log-<sha256>`; default `~/.cache`), holding the stamp of the program that validated it (`stamp`: the
version, and the size and time of every module whose rules decided it), so an upgrade, a new schema or an
edited rule invalidates every entry at once.

What it may never do: change an outcome. So
- only a full validation that accepted the file's own bytes (nothing rolled forward from the history log)
  is remembered (`remember`): a read command's, or the write path's for the bytes it has just written
  (`commit.commit` validates the whole dataset it writes, with the same `build_dataset`), so that the
  browser that watches the file reads a teammate's edit without validating it again; only read commands
  ask (`is_validated`); `validate` and every write validate in full, always (the write path never reads
  this);
- any failure (no home folder, an unwritable or unreadable folder, a corrupt or foreign entry) means "not
  validated before": the read validates in full, silently. Nothing here raises.
"""

from __future__ import annotations

import contextlib
import os

from pledge_tui import __version__

APP_FOLDER = "pledge-tui"
SUBFOLDER = "validated"
MAX_ENTRIES = 512
"""When a new entry would make more than this, the oldest half are removed (each is a few dozen bytes, but a
team's file changes with every edit)."""

RULE_MODULES = ("validate", "rules", "vocab", "catalogue", "decode", "model", "ids", "rawio", "upgrade",
                "trusted", "validated", "store", "log", "log_trusted", "model_cache", "kept", "skim_cache")
"""The modules (of `pledge_tui.dataset`) whose code decides whether a file is valid and what is built from it."""

_stamp: str | None = None


def cache_folder() -> str | None:
    """`$XDG_CACHE_HOME/pledge-tui/validated`, else `$HOME/.cache/pledge-tui/validated`; None when neither
    variable gives a folder. As the XDG base-directory specification says, a relative `$XDG_CACHE_HOME` is
    ignored."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.environ.get("HOME", "")
        if not home:
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, APP_FOLDER, SUBFOLDER)


def stamp() -> str:
    """What an entry must hold to count: the program's version, and the size and modification time of each
    module whose code decides validity or what is built (`RULE_MODULES`; `validate` holds the schema version,
    so a new schema, an upgrade or an edited rule in a development copy invalidates every entry)."""
    global _stamp
    if _stamp is None:
        here = os.path.dirname(os.path.abspath(__file__))
        parts = [f"{APP_FOLDER} {__version__}"]
        for name in RULE_MODULES:
            try:
                info = os.stat(os.path.join(here, f"{name}.py"))
                parts.append(f"{name} {info.st_size} {info.st_mtime_ns}")
            except OSError:
                parts.append(f"{name} -")
        _stamp = "\n".join(parts) + "\n"
    return _stamp


KINDS = {"data": "", "log": "log-"}
"""What was validated, and how its entries' names start: a data file (validated in full, `store.load`), or a
history log (every entry's fields and what ties the entries together checked, `log.history_loader`): a log's
checks are not a data file's, so the same bytes validated as one never count as the other."""


def _entry(digest: str, kind: str = "data") -> str | None:
    folder = cache_folder()
    if folder is None or len(digest) != 64 or not digest.isalnum() or kind not in KINDS:
        return None
    return os.path.join(folder, KINDS[kind] + digest)


def is_validated(digest: str, kind: str = "data") -> bool:
    """True when bytes with this SHA-256 (hex) passed a full validation (of `kind`) by this same program before."""
    path = _entry(digest, kind)
    if path is None:
        return False
    try:
        with open(path, "rb") as entry:
            held = entry.read(4096)
    except (OSError, ValueError):
        return False
    return held == stamp().encode("utf-8")


def remember(digest: str, kind: str = "data") -> None:
    """Record that bytes with this SHA-256 passed a full validation of `kind` (written atomically: a reader
    never sees half an entry, and one it does see that is not the stamp is ignored). Failures are ignored."""
    path = _entry(digest, kind)
    if path is None:
        return
    folder = os.path.dirname(path)
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        _prune(folder)
        with open(temporary, "wb") as entry:
            entry.write(stamp().encode("utf-8"))
        os.replace(temporary, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _prune(folder: str) -> None:
    """Keep the folder small: past `MAX_ENTRIES`, remove the oldest half (by modification time)."""
    with os.scandir(folder) as found:
        entries = [(e.stat().st_mtime_ns, e.path) for e in found if e.is_file(follow_symlinks=False)]
    if len(entries) < MAX_ENTRIES:
        return
    for _, path in sorted(entries)[: len(entries) // 2]:
        with contextlib.suppress(OSError):
            os.unlink(path)
