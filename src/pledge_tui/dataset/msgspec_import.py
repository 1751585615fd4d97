"""msgspec, imported without `typing_extensions` when nothing has imported that yet.

msgspec's `_utils` prefers `typing_extensions`' `get_type_hints`, `Required` and `NotRequired` and falls back
to `typing`'s when it cannot import them. On Python 3.11 and later `typing` has all three, with the same
meaning for what this program decodes (Structs of plain types: no TypedDict). But `typing_extensions`
imports `inspect` (with `ast`, `dis` and `tokenize`): in a command that had imported none of them, importing
msgspec took 15-16 ms, of which 7-8 went on `typing_extensions` (benchmarks/PROFILE.md A9); a read command
that meets a large file imports msgspec to decode it or to write its JSON.

So the first import of msgspec, when `typing_extensions` is not loaded, is made with that module hidden
(`sys.modules[name] = None` makes its import fail, which msgspec catches), and the entry is removed at once:
a later import of `typing_extensions` (Textual's, in the browser) loads it as usual. In the browser
`typing_extensions` is loaded before any data is read, so this changes nothing there.

Every module of this program takes msgspec from here (`from pledge_tui.dataset.msgspec_import import
msgspec`), so whichever imports it first imports it this way.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

_HIDDEN = "typing_extensions"


def _import_msgspec() -> object:
    if _HIDDEN in sys.modules or sys.version_info < (3, 11):
        import msgspec

        return msgspec
    sys.modules[_HIDDEN] = None  # type: ignore[assignment]
    try:
        import msgspec
    finally:
        if sys.modules.get(_HIDDEN, ...) is None:
            del sys.modules[_HIDDEN]
    return msgspec


if TYPE_CHECKING:
    import msgspec as msgspec
else:
    msgspec = _import_msgspec()
