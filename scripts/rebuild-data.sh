#!/bin/sh
# Rebuild the November 2026 fixture and the bundled data file from the frozen March 2026 file, by running the
# update scripts (the write commands; the data files are never edited by hand). One command:
#
#   make data                  (the same as: PLEDGE_TUI=.venv/bin/pledge-tui sh scripts/rebuild-data.sh)
#
#   1. tests/fixtures/2026-03/  --data/updates/2026-11.sh-->  tests/fixtures/2026-11/
#   2. tests/fixtures/2026-11/  --data/updates/2026-12.sh-->  data/
#
# Each step replays on a copy in a temporary folder, then copies every file the replay leaves beside the data file
# (commitments.json, and commitments.history.jsonl once the storage keeps a history log beside it) into place.
# Run it after a change to the storage format or to a script; tests/test_update_replay.py checks that the files
# in place are exactly what this makes. PLEDGE_TUI names the pledge-tui to run (default: the one on PATH).
set -eu
cd "$(dirname "$0")/.."
export PLEDGE_TUI="${PLEDGE_TUI:-pledge-tui}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# The data file and what the storage keeps beside it (not its lock file).
data_files() {
    for name in commitments.json commitments.history.jsonl; do
        if [ -f "$1/$name" ]; then echo "$1/$name"; fi
    done
}

replay() {  # replay SCRIPT FROM TO
    rm -rf "$work/step"
    mkdir "$work/step"
    for file in $(data_files "$2"); do cp "$file" "$work/step/"; done
    echo "rebuild-data: $1 on a copy of $2/commitments.json" >&2
    sh "$1" "$work/step/commitments.json"
    mkdir -p "$3"
    for file in $(data_files "$work/step"); do cp "$file" "$3/"; done
    echo "rebuild-data: wrote $(data_files "$3" | tr '\n' ' ')" >&2
}

replay data/updates/2026-11.sh tests/fixtures/2026-03 tests/fixtures/2026-11
replay data/updates/2026-12.sh tests/fixtures/2026-11 data
