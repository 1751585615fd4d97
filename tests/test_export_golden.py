"""The snapshot of the bundled data at a fixed time, byte for byte.

If the data or the snapshot format changes on purpose, regenerate the golden file:
    pledge-tui --data data/commitments.json export --now 2026-01-01T00:00:00Z -o tests/golden/bundled-2026-01-01.md
and review the diff.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pledge_tui import export, store
from pledge_tui.filters import Filter
from tests.conftest import BUNDLED, CliRunner

GOLDEN = Path(__file__).parent / "golden" / "bundled-2026-01-01.md"


def test_golden_snapshot_of_the_bundled_data() -> None:
    text = export.render_snapshot(store.load(str(BUNDLED)), Filter(), "name", datetime(2026, 1, 1, tzinfo=UTC))
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_the_command_line_writes_the_same_bytes(cli: CliRunner) -> None:
    result = cli("--data", str(BUNDLED), "export", "--now", "2026-01-01T00:00:00Z")
    assert result.returncode == 0 and result.stdout.encode() == GOLDEN.read_bytes()
    epoch = cli("--data", str(BUNDLED), "export", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert epoch.stdout == result.stdout
