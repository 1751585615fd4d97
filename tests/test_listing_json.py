"""`list --format json` writes the same bytes whether msgspec or `json` encodes it (`listing.render_json`)."""

from __future__ import annotations

import sys
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
