"""msgspec is imported without `typing_extensions` when nothing has loaded it (`dataset.msgspec_import`), and
both work as usual afterwards: msgspec decodes what the typed read path decodes, and a later import of
`typing_extensions` (Textual's) loads the real module."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = """
import sys
{before}
from pledge_tui.dataset.msgspec_import import msgspec
hidden = "typing_extensions" not in sys.modules
import typing_extensions
assert sys.modules["typing_extensions"] is typing_extensions and hasattr(typing_extensions, "TypedDict")
class Doc(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    note: str | None
    tags: tuple[str, ...]
assert msgspec.json.decode(b'{{"id": "a", "note": null, "tags": ["x"]}}', type=Doc) == Doc("a", None, ("x",))
try:
    msgspec.json.decode(b'{{"id": "a", "note": null, "tags": [], "more": 1}}', type=Doc)
except msgspec.ValidationError:
    pass
else:
    raise AssertionError("an unknown field was accepted")
print(hidden)
"""


@pytest.mark.parametrize(("before", "hidden"), [("", True), ("import typing_extensions", False)])
def test_msgspec_and_typing_extensions_both_work(before: str, hidden: bool) -> None:
    done = subprocess.run([sys.executable, "-c", CHECK.format(before=before)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(hidden)
