"""Which data file to read (spec section 5): --data, $PLEDGE_TUI_DATA, ./data/commitments.json,
else the copy shipped inside the package."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "PLEDGE_TUI_DATA"
LOCAL_DATA = Path("data") / "commitments.json"


def bundled_data_path() -> Path:
    """The dataset shipped in the wheel; in a source checkout (editable install), the repo's copy."""
    packaged = Path(__file__).resolve().parent / "data" / "commitments.json"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "commitments.json"


def resolve_data_path(option: str | None, environ: dict[str, str] | None = None) -> str:
    """The data file to read, as the user should see it named in messages."""
    env = os.environ if environ is None else environ
    if option:
        return option
    if env.get(ENV_VAR):
        return env[ENV_VAR]
    if LOCAL_DATA.is_file():
        return str(LOCAL_DATA)
    return str(bundled_data_path())
