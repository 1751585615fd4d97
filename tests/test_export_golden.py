"""The snapshot of the bundled data at a fixed time, byte for byte.

If the data or the snapshot format changes on purpose, regenerate the golden file:
    pledge-tui --data tests/fixtures/2026-03/commitments.json export --now 2026-01-01T00:00:00Z \
        -o tests/golden/bundled-2026-01-01.md
and review the diff.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pledge_tui.dataset import store
from pledge_tui.formats import snapshot as export
from pledge_tui.views.filters import Filter
from tests.common import FROZEN as BUNDLED
from tests.common import CliRunner

GOLDEN = Path(__file__).parent / "golden" / "bundled-2026-01-01.md"


def test_golden_snapshot_of_the_bundled_data() -> None:
    text = export.render_snapshot(store.load(str(BUNDLED)), Filter(), "name", datetime(2026, 1, 1, tzinfo=UTC))
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_the_command_line_writes_the_same_bytes(cli: CliRunner) -> None:
    result = cli("--data", str(BUNDLED), "export", "--now", "2026-01-01T00:00:00Z")
    assert result.returncode == 0 and result.stdout.encode() == GOLDEN.read_bytes()
    epoch = cli("--data", str(BUNDLED), "export", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert epoch.stdout == result.stdout


def test_export_to_a_null_device_leaves_the_device_alone(tmp_path: Path, cli: CliRunner) -> None:
    """`-o /dev/null` must write into the device: an atomic rename would replace it with a regular file
    (as root, for everyone). Tested on a private null device node, never on the real /dev/null."""
    import os
    import stat

    import pytest

    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device node here: {exc}")
    result = cli("--data", str(BUNDLED), "export", "-o", str(null))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(null.stat().st_mode)


def test_export_into_a_fifo(tmp_path: Path, cli: CliRunner) -> None:
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli("--data", str(BUNDLED), "export", "--now", "2026-01-01T00:00:00Z", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert received and received[0] == GOLDEN.read_bytes()
    assert stat_is_fifo(fifo)


def stat_is_fifo(path: Path) -> bool:
    import stat

    return stat.S_ISFIFO(path.stat().st_mode)
