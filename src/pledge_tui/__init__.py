"""pledge-tui: a terminal browser for the Coalition of the Willing's security guarantees for Ukraine.

The package root imports nothing else, so that headless commands (and scripts that only want the
version) never pay for Textual or Rich.
"""

from __future__ import annotations

__version__ = "0.1.0"
