"""`validate --format json`: the verdict on a data file as one JSON object, for scripts and CI.

`valid`, the file as named, every problem located as the text lines locate it (table, record, field) with
that line itself, and, for a valid file, what it holds. Written with `changes_json.dumps`: invisible and
control characters quoted from a broken file are escaped, so the output is inert in a terminal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pledge_tui.dataset.model import Dataset
from pledge_tui.errors import Problem
from pledge_tui.formats.changes_json import dumps
from pledge_tui.views.present import is_coalition


def problem_json(problem: Problem, path: str) -> dict[str, Any]:
    """One problem: where (each part null when unknown), what, and the line `validate` prints for it."""
    return {"table": problem.table, "record": problem.record, "field": problem.field, "message": problem.message,
            "line": problem.describe(path)}


def counts_json(dataset: Dataset) -> dict[str, Any]:
    """What a valid file holds; members counted apart from the coalition-as-a-whole row, as everywhere."""
    coalition = sum(1 for m in dataset.members if is_coalition(m))
    return {"members": len(dataset.members) - coalition, "coalition_rows": coalition,
            "commitments": sum(len(m.commitments) for m in dataset.members), "sources": len(dataset.sources),
            "events": len(dataset.events), "history_entries": len(dataset.history), "as_of": dataset.meta.as_of}


def render_validation_json(path: str, dataset: Dataset | None, problems: Sequence[tuple[Problem, str]], *,
                           warnings: Sequence[tuple[Problem, str]] = (), pretty: bool = False,
                           against: Mapping[str, Any] | None = None) -> str:
    """The verdict: valid with its counts when `dataset` is given, else invalid with every problem; the
    warnings (records that break the status rule, without `--strict`) in either case. Each problem comes
    with the file it is about (the data file, or its history log), which its `line` names. `against`: what
    `--against REV` compared (only with that option)."""
    verdict = {"file": path, "valid": dataset is not None,
               "problems": [problem_json(p, where) for p, where in problems],
               "warnings": [problem_json(w, where) for w, where in warnings],
               "counts": counts_json(dataset) if dataset is not None else None}
    return dumps({**verdict, "against": dict(against)} if against is not None else verdict, pretty=pretty)
