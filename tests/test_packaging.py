"""What a package user and a citer read, kept in step with the code and the data (issue 24 items 1-2).

Ranges in pyproject.toml, exact versions in constraints.txt (every dependency pinned there, inside its
range), the Makefile installing with the constraints; the licences; CITATION.cff and CHANGELOG.md naming
the current version and the data's as-of date; the README's first screen.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

from pledge_tui import __version__
from tests.common import BUNDLED, ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT: dict[str, Any] = PYPROJECT["project"]


def constraints() -> dict[str, str]:
    """constraints.txt as {name: exact version}; every line is `name==version`."""
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep and version, f"constraints.txt: {line!r} is not an exact pin"
            pins[name.strip().lower()] = version.strip()
    return pins


def requirements() -> list[Requirement]:
    extras = [r for group in PROJECT["optional-dependencies"].values() for r in group]
    return [Requirement(r) for r in [*PROJECT["dependencies"], *extras]]


def test_runtime_dependencies_are_ranges() -> None:
    for requirement in (Requirement(r) for r in PROJECT["dependencies"]):
        operators = {spec.operator for spec in requirement.specifier}
        assert "==" not in operators and ">=" in operators and "<" in operators, requirement


@pytest.mark.parametrize("requirement", requirements(), ids=lambda r: r.name)
def test_every_dependency_has_an_exact_version_inside_its_range(requirement: Requirement) -> None:
    pins = constraints()
    name = requirement.name.lower()
    assert name in pins, f"{name} has no exact version in constraints.txt"
    assert requirement.specifier.contains(pins[name], prereleases=True), \
        f"constraints.txt pins {name}=={pins[name]}, outside pyproject's {requirement.specifier}"


def test_the_build_backend_and_pytest_pins() -> None:
    assert PYPROJECT["build-system"]["requires"] == [f"hatchling=={constraints()['hatchling']}"]
    assert int(constraints()["pytest"].split(".")[0]) < 9


def test_the_makefile_installs_with_the_constraints_and_reinstalls_when_they_change() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    stamp = next(line for line in makefile.splitlines() if line.startswith("STAMP :="))
    assert "constraints.txt" in stamp
    assert re.search(r"^\$\(STAMP\): pyproject.toml constraints.txt", makefile, re.MULTILINE)
    assert re.search(r"^\$\(BENCH_STAMP\): pyproject.toml constraints.txt", makefile, re.MULTILINE)
    installs = [line for line in makefile.splitlines()
                if "pip install" in line and '"pip>=' not in line and not line.startswith("#")]
    assert installs and all("-c constraints.txt" in line for line in installs), installs
    assert makefile.count("$(PIP_INSTALL)") >= 2


def test_metadata_says_where_it_runs_and_what_licences_apply() -> None:
    classifiers = set(PROJECT["classifiers"])
    assert {"Operating System :: POSIX :: Linux", "Operating System :: MacOS"} <= classifiers
    assert not any("Windows" in c or "OS Independent" in c for c in classifiers)
    python = re.compile(r"Programming Language :: Python :: 3\.\d+")
    versions = {c.rsplit(" :: ", 1)[1] for c in classifiers if python.fullmatch(c)}
    assert versions == {"3.11", "3.12", "3.13"}
    assert PROJECT["license"] == "MIT AND CC-BY-4.0"
    assert PROJECT["authors"] and PROJECT["keywords"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    assert (ROOT / "LICENSES" / "CC-BY-4.0.txt").read_text(encoding="utf-8").startswith(
        "Creative Commons Attribution 4.0 International")


def as_of() -> str:
    meta = json.loads(BUNDLED.read_text(encoding="utf-8"))["meta"]
    return str(next(iter(meta.values()))["as_of"])


def test_citation_names_this_version_and_the_datas_date() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert {"message", "title", "authors"} <= set(citation)
    assert citation["version"] == __version__ == PROJECT["version"]
    assert citation["license"] == "MIT"
    (data,) = [ref for ref in citation["references"] if ref["type"] == "data"]
    assert data["license"] == "CC-BY-4.0"
    assert data["version"] == as_of(), "a data release: update CITATION.cff (and CHANGELOG.md)"


def test_the_changelog_has_this_version_and_this_data_release() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^### {re.escape(__version__)}\b", changelog, re.MULTILINE)
    assert re.search(rf"^### {re.escape(as_of())}\b", changelog, re.MULTILINE)


def test_the_readmes_first_screen() -> None:
    """What it is, where it runs, how to install and cite it, and the two commands, before the first image."""
    first = (ROOT / "README.md").read_text(encoding="utf-8").split("![", 1)[0]
    assert len(first.splitlines()) <= 60
    for needed in ("Coalition of the Willing", "Linux", "macOS", "pipx install", "CITATION.cff", "CC BY 4.0",
                   "MIT", "make run", "make test"):
        assert needed in first, f"the README's first screen does not say {needed!r}"


SPEC_REFERENCE = re.compile(r"\bspec(ification)?\s*(section|§)\s*\d+", re.IGNORECASE)
"""A pointer into a design document that does not ship with the package (issue 24 item 7): the README's
sections name what the code does instead."""


def test_nothing_shipped_points_into_a_spec_that_does_not_ship() -> None:
    roots = [ROOT / "src", ROOT / "tests", ROOT / "benchmarks", ROOT / "scripts", ROOT / "data" / "updates"]
    files = [p for root in roots for p in root.rglob("*") if p.suffix in {".py", ".sh", ".md", ".tcss"}]
    files += [ROOT / name for name in ("README.md", "CONTRIBUTING.md", "CHANGELOG.md", "Makefile")]
    assert len(files) > 100
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in files
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if SPEC_REFERENCE.search(line) and path != ROOT / "tests" / "test_packaging.py"]
    assert found == []
