"""Which data file to read (README "Command line"): --data, $PLEDGE_TUI_DATA, the settings file's `data`,
./data/commitments.json, else the copy shipped inside the package."""

from __future__ import annotations

import errno
import os
import stat
from typing import TYPE_CHECKING

from pledge_tui.errors import DataError, Problem

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from pledge_tui.config import Setting

ENV_VAR = "PLEDGE_TUI_DATA"
LOCAL_DATA = os.path.join("data", "commitments.json")
"""The data file in the current folder. A plain string: every command resolves it, and `pathlib` (with
the `urllib` and `ipaddress` it imports) costs a few milliseconds that a scripted call should not pay."""

BUNDLED_SOURCE = "default (the copy inside the package)"
"""`data_setting`'s source when nothing names a data file and there is none in the current folder."""

_ABSENT = (errno.ENOENT, errno.ENOTDIR)


def regular_file_exists(path: str | os.PathLike[str]) -> bool:
    """True when `path` is a regular file (after symbolic links); False when nothing is there.

    Unlike `Path.is_file()` on Python 3.11, a path that cannot be checked (a folder on the way that
    cannot be searched, a name too long, a symbolic-link loop) is a `DataError` naming the path, not
    an uncaught `PermissionError` or `OSError`.
    """
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError as exc:
        if exc.errno in _ABSENT:
            return False
        reason = {errno.EACCES: "permission denied", errno.ELOOP: "symbolic link loop",
                  errno.ENAMETOOLONG: "the name is too long"}.get(exc.errno or 0, exc.strerror or str(exc))
        raise DataError(os.fspath(path), [Problem(f"cannot be checked: {reason}")]) from None
    except ValueError:  # an embedded NUL byte
        return False


def bundled_data_path() -> Path:
    """The dataset shipped in the wheel; in a source checkout (editable install), the repo's copy."""
    from pathlib import Path

    packaged = Path(__file__).resolve().parent / "data" / "commitments.json"
    if regular_file_exists(packaged):
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "commitments.json"


def data_setting(option: str | None, environ: Mapping[str, str] | None = None) -> Setting:
    """The data file to read and where that came from (`pledge-tui config` shows both): `--data`, else
    $PLEDGE_TUI_DATA, else the settings file's `data`, else ./data/commitments.json when it exists, else
    the bundled copy. An empty `--data` is refused by the parser; an empty $PLEDGE_TUI_DATA counts as
    unset, as shells treat empty variables."""
    from pledge_tui.config import Setting, setting

    found = setting("data", option or None, environ)
    if found.value is not None:
        return found
    if regular_file_exists(LOCAL_DATA):
        return Setting("data", LOCAL_DATA, "default (./data/commitments.json exists)")
    return Setting("data", str(bundled_data_path()), BUNDLED_SOURCE)


def resolve_data_path(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The data file to read, as the user should see it named in messages (see `data_setting`)."""
    if option:  # `--data` wins over the rest (`data_setting`), which reads the settings (and imports `config`)
        return option
    value = data_setting(option, environ).value
    assert value is not None  # data_setting always ends at the bundled copy
    return value
