"""Allow `python -m pledge_tui`."""

from __future__ import annotations

from pledge_tui.cli import main

raise SystemExit(main())
