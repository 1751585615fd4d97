"""Run the pledge-tui command line in this process, then record the process's peak memory.

    python peak_of.py MARKS -- ARGUMENTS...

Runs `pledge_tui.cli.main.main(ARGUMENTS)` (what the `pledge-tui` console script runs) and writes
{"code": exit code, "vm_hwm_kb": VmHWM} to MARKS: the peak resident set size of the whole run, read from
/proc/self/status. (A parent's `ru_maxrss` of the child would not do: Linux counts the parent's memory at
fork time into it.) Exits with the command's code.
"""

from __future__ import annotations

import json
import sys


def vm_hwm_kb() -> int:
    """Peak resident set size of this process so far, in KiB (Linux; -1 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] != "--":
        print("usage: peak_of.py MARKS -- ARGUMENTS...", file=sys.stderr)
        return 2
    from pledge_tui.cli.main import main as pledge_tui

    code = pledge_tui(argv[2:])
    with open(argv[0], "w", encoding="ascii") as marks:
        json.dump({"code": code, "vm_hwm_kb": vm_hwm_kb()}, marks)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
