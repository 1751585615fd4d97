"""The wheel as a user gets it (README "Command line"): built, installed alone into a fresh virtual environment,
and run from there; and installed beside another Textual version.

Slow (a wheel build and two environments, about a minute with pip's cache warm) and needs PyPI, so it is
marked `install`; `make test` runs it. One environment per test session: the wheel's tests share it.
"""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from pledge_tui import __version__
from pledge_tui.cli import build_parser
from pledge_tui.cli.manpage import render_manpage
from tests.common import ROOT

pytestmark = pytest.mark.install

CONSTRAINTS = ROOT / "constraints.txt"
PIP_TIMEOUT = 900


def run(argv: Sequence[str | Path], *, cwd: Path | None = None, env: dict[str, str] | None = None,
        timeout: int = PIP_TIMEOUT) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PLEDGE_TUI_", "PIP_", "VIRTUAL_ENV"))}
    environ.update(env or {})
    result = subprocess.run([str(a) for a in argv], capture_output=True, text=True, cwd=cwd, env=environ,
                            timeout=timeout, check=False)
    command = " ".join(map(str, argv))
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from the source tree as `pip wheel` (and so pipx) builds it."""
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
         "-w", out, ROOT], env={"PIP_CONSTRAINT": str(CONSTRAINTS)})
    (built,) = out.glob("pledge_tui-*.whl")
    return built


def fresh_venv(folder: Path) -> Path:
    """A new virtual environment with pip and nothing else; its `bin` folder."""
    venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    return folder / "bin"


def pip(bin_: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return run([bin_ / "python", "-m", "pip", "--disable-pip-version-check", *args])


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed alone (with its dependencies at the tested versions) into a fresh venv: its bin."""
    bin_ = fresh_venv(tmp_path_factory.mktemp("venv") / "env")
    pip(bin_, "install", "--quiet", "-c", CONSTRAINTS, wheel)
    return bin_


def test_the_wheel_carries_the_data_the_licences_the_man_page_and_the_metadata(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        dist_info = f"pledge_tui-{__version__}.dist-info"
        metadata = email.parser.Parser().parsestr(archive.read(f"{dist_info}/METADATA").decode("utf-8"))
        page = archive.read(f"pledge_tui-{__version__}.data/data/share/man/man1/pledge-tui.1").decode("utf-8")
    assert "pledge_tui/data/commitments.json" in names
    assert f"{dist_info}/licenses/LICENSE" in names and f"{dist_info}/licenses/LICENSES/CC-BY-4.0.txt" in names
    assert page == render_manpage(build_parser())
    assert metadata["License-Expression"] == "MIT AND CC-BY-4.0"
    classifiers = metadata.get_all("Classifier") or []
    assert {"Operating System :: POSIX :: Linux", "Operating System :: MacOS",
            "Programming Language :: Python :: 3.13"} <= set(classifiers)
    requires = {re.split(r"[<>=!~ ]", r)[0]: r for r in metadata.get_all("Requires-Dist") or [] if "extra ==" not in r}
    assert set(requires) == {"textual", "rich", "tinydb", "msgspec", "shtab"}
    assert not any("==" in r for r in requires.values()), f"runtime dependencies must be ranges: {requires}"
    assert metadata["Author"] == "The pledge-tui contributors"
    assert "ukraine" in (metadata["Keywords"] or "").split(",")


def test_the_installed_script_runs_alone(installed: Path, tmp_path: Path) -> None:
    """From an empty folder, with no source tree in sight: the bundled data is the package's copy."""
    script = installed / "pledge-tui"
    assert run([script, "--version"], cwd=tmp_path).stdout == f"pledge-tui {__version__}\n"
    listed = run([script, "list", "--format", "csv"], cwd=tmp_path, env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert listed.stdout.startswith("member,name,role,type,status,")
    assert len(listed.stdout.splitlines()) > 50
    where = run([script, "config", "get", "data"], cwd=tmp_path, env={"XDG_CONFIG_HOME": str(tmp_path)}).stdout
    assert where.strip().endswith(os.path.join("site-packages", "pledge_tui", "data", "commitments.json"))
    completion = run([script, "completion", "bash"], cwd=tmp_path).stdout
    assert "complete -o bashdefault -F _shtab_pledge_tui pledge-tui" in completion
    if shutil.which("bash"):
        check = subprocess.run(["bash", "-c", 'source /dev/stdin && complete -p pledge-tui'], input=completion,
                               capture_output=True, text=True, timeout=60, check=False)
        assert check.returncode == 0 and "_shtab_pledge_tui" in check.stdout, check.stderr


def test_the_installed_man_page_renders(installed: Path) -> None:
    page = installed.parent / "share" / "man" / "man1" / "pledge-tui.1"
    text = page.read_text(encoding="utf-8")
    assert text == render_manpage(build_parser())
    if shutil.which("man"):
        shown = run(["man", "-l", page], env={"MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"}).stdout
        assert "pledge-tui list" in shown and "EXIT STATUS" in shown and "ENVIRONMENT" in shown
    else:  # no man here: the page is at least well-formed roff with its sections
        assert text.startswith(".TH ")
        sections = re.findall(r"^\.SH (.+)$", text, re.MULTILINE)
        assert sections[:3] == ["NAME", "SYNOPSIS", "DESCRIPTION"] and "EXIT STATUS" in sections
        assert all(line.split()[0] in {".TH", ".SH", ".SS", ".PP", ".TP", ".RS", ".RE", ".nf", ".fi", ".nh", ".ad"}
                   for line in text.splitlines() if line.startswith("."))


def test_installs_beside_another_textual_version(wheel: Path, tmp_path: Path) -> None:
    """Another Textual app's pin does not stop the install: with an older Textual there, pip upgrades it
    into pledge-tui's range; another app that pins a Textual inside the range keeps its version, and
    `pip check` finds no conflict (with `textual==8.2.8` both failed to resolve)."""
    bin_ = fresh_venv(tmp_path / "env")
    pip(bin_, "install", "--quiet", "textual==8.1.1")
    pip(bin_, "install", "--quiet", wheel)
    version = run([bin_ / "python", "-c", "import importlib.metadata as m; print(m.version('textual'))"]).stdout.strip()
    major, minor = (int(part) for part in version.split(".")[:2])
    assert (major, minor) >= (8, 2) and major < 9, version
    pip(bin_, "install", "--quiet", "textual==8.2.0")  # what another app might pin
    pip(bin_, "check")
    assert run([bin_ / "pledge-tui", "--version"], cwd=tmp_path).stdout == f"pledge-tui {__version__}\n"
    assert run([bin_ / "pledge-tui", "show", "PL", "--format", "json"], cwd=tmp_path,
               env={"XDG_CONFIG_HOME": str(tmp_path)}).stdout.startswith('{"id": "PL"')
