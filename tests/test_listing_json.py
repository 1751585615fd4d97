"""`list --format json` writes the same bytes whether msgspec or `json` encodes it (`listing.render_json`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pledge_tui.dataset.validate import build_dataset
from pledge_tui.dataset.vocab import TYPES
from pledge_tui.formats import listing
from tests.factories import dataset, raw_dataset
from tests.strategies import FUZZ, valid_datasets_v2


def both(members: Any, **options: Any) -> tuple[str, str]:
    import msgspec  # noqa: F401  (loaded, as after a typed load)

    with_msgspec = listing.render_json(members, **options)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "msgspec", None)
        with_json = listing.render_json(members, **options)
    return with_msgspec, with_json


@FUZZ
@given(valid_datasets_v2(), st.booleans(), st.lists(st.sampled_from(TYPES), max_size=3))
def test_msgspec_and_json_write_the_same_text(raw: dict[str, Any], pretty: bool, types: list[str]) -> None:
    built, problems = build_dataset(raw)
    assert built is not None, problems
    fast, plain = both(built.members, pretty=pretty, types=types)
    assert fast == plain


@pytest.mark.parametrize("text", ["\x00\x1f\x7f\u2028\u2029\"\\/ é 漢字 🙂", "\ud800 unpaired"])
def test_awkward_text_is_written_the_same_way(text: str) -> None:
    raw = raw_dataset()
    raw["members"]["1"]["name"] = text
    raw["members"]["1"]["caveats"] = [text]
    members = dataset(raw).members
    for pretty in (False, True):
        fast, plain = both(members, pretty=pretty)
        assert fast == plain


def test_the_command_lines_bytes_are_the_texts() -> None:
    """`list --format json` writes msgspec's bytes as they are (`render_json_utf8`): the same bytes as the
    text; without msgspec, the text itself (the CLI escapes a lone surrogate as it writes it)."""
    import msgspec  # noqa: F401  (loaded, as after a typed load)

    members = dataset(raw_dataset()).members
    for pretty in (False, True):
        encoded = listing.render_json_utf8(members, pretty=pretty)
        assert isinstance(encoded, bytes) and encoded == listing.render_json(members, pretty=pretty).encode("utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "msgspec", None)
        assert listing.render_json_utf8(members) == listing.render_json(members)


def test_msgspec_imported_in_a_thread_meanwhile_writes_the_same_json(tmp_path: Path) -> None:
    """`list --format json` on a large file imports msgspec in a thread while it reads the file
    (`cli.read._import_encoder_meanwhile`) while the load imports it too; in a fresh interpreter, with every
    file counted as large, the output is the same as without that thread."""
    import subprocess

    from tests.clones import v3_file

    data = v3_file(tmp_path / "d.json")
    script = """
import contextlib, io, sys
from pledge_tui.cli import read
from pledge_tui.cli.main import main
from pledge_tui.dataset import store
store.TYPED_FROM_BYTES = 0
if sys.argv[2] == "without":
    read._import_encoder_meanwhile = lambda path: None
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["--data", sys.argv[1], "list", "--format", "json", "--now", "2026-12-08T00:00:00Z"])
assert code == 0
sys.stdout.write(out.getvalue())
"""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", script, str(data), how], capture_output=True, text=True,
                           env=env, check=False) for how in ("with", "without")]
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.startswith('[{"id":')
