"""Each interpreter a workflow measures is the build its name says, on the installs that
actions/setup-python makes on GitHub's Linux, macOS and Windows runners.

GitHub's runners are not here, so this lays out what setup-python v7 makes of each
``python-version`` list in .github/workflows/, with stand-ins that answer the probe as
those interpreters would, and asks :func:`measured.interpreter.find` for every name the
job measures. The layout, and where each part of it is written down:

- Each version listed is an install in the tool cache,
  ``$RUNNER_TOOL_CACHE/Python/<version>/<arch>``, the architecture suffixed
  ``-freethreaded`` for a free-threaded build (setup-python's src/find-python.ts).
- Linux and macOS: ``bin/`` has what CPython's ``make install`` puts there: ``python3.14``
  and ``python3``; for a free-threaded build ``python3.14t``, with ``python3.14`` a link to
  it (python/cpython#119729, #122402). The installer links ``bin/python314``,
  ``bin/python`` and ``python`` beside ``bin/`` to ``python3.14``, in a free-threaded
  install too (actions/python-versions, installers/nix-setup-template.sh). On macOS
  ``bin/`` is a link to the framework's, ``Python.framework`` or, free-threaded,
  ``PythonT.framework`` (macos-pkg-setup-template.sh).
- Windows: an install has ``python.exe`` and ``python3.exe``; a free-threaded one also
  ``python3.14t.exe``, its ``python.exe`` a link to it (win-setup-template.ps1). None has
  ``python3.14.exe`` (actions/setup-python#1079).
- PATH: for each version in the order listed, setup-python puts its install's folder,
  then its ``bin/`` (Windows: its ``Scripts/``, then the user's
  ``%APPDATA%/Python/Python314t/Scripts``) at the front of PATH (``core.addPath``). So
  the last version listed comes first, and its ``python`` runs the job.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from support import ROOT, stand_in

from measured.config import Config
from measured.interpreter import Interpreter, Missing, find, search

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in interpreters are shell scripts")

SYSTEMS = ["Linux", "macOS", "Windows"]
RELEASE = "5"  # the patch release each version listed resolves to: 3.14 is 3.14.5 here
WHICH = shutil.which  # the real one, which Windows' stands in front of


@dataclass(frozen=True)
class SetupPython:
    """One actions/setup-python step: the versions it lists, and the interpreters its job measures."""

    where: str  # "publish.yml: measure"
    versions: list[str]  # as listed: 3.14, 3.14t
    measured: list[str]  # the job's MEASURED_INTERPRETERS, else examples/measure.yml's

    def __str__(self) -> str:
        return self.where


def setup_python_steps() -> list[SetupPython]:
    """Every setup-python step of the workflows."""
    steps = []
    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        for name, job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].items():
            chosen = (job.get("env") or {}).get("MEASURED_INTERPRETERS")
            chosen = None if chosen is None else chosen.replace(",", " ").split()  # as measured.settings reads it
            measured = Config.load(ROOT / "examples", chosen).interpreters
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/setup-python@"):
                    versions = str(step["with"]["python-version"]).split()
                    steps.append(SetupPython(f"{workflow.name}: {name}", versions, measured))
    return steps


def link(path: Path, target: str) -> None:
    """``path`` as a link to ``target``, unless there is one there already."""
    if not path.exists():
        path.symlink_to(target)


def install(listed: str, system: str, runner: Path) -> list[Path]:
    """Lay out setup-python's install of ``listed`` (3.14, 3.14t) on ``runner``; return the
    folders it puts at the front of PATH, in the order it puts them there."""
    version, free = listed.removesuffix("t"), listed.endswith("t")
    folder = runner / "hostedtoolcache" / "Python" / f"{version}.{RELEASE}" / ("x64-freethreaded" if free else "x64")
    if system == "Windows":
        return windows_install(folder, version, free, runner)
    return posix_install(folder, version, free, system, runner)


def posix_install(folder: Path, version: str, free: bool, system: str, runner: Path) -> list[Path]:
    """Linux and macOS: the interpreter in bin/, links to it beside; the folder, then bin/, on PATH."""
    t = "t" if free else ""
    bin_dir = folder / "bin"
    if system == "macOS":
        framework = runner / "Library" / "Frameworks" / f"Python{t.upper()}.framework" / "Versions" / version
        (framework / "bin").mkdir(parents=True)
        folder.mkdir(parents=True)
        bin_dir.symlink_to(framework / "bin")
    stand_in(bin_dir / f"python{version}{t}", f"{version}.{RELEASE}", free, system)
    link(bin_dir / f"python{version}", f"python{version}t")  # make install, free-threaded: python3.14 -> python3.14t
    for name in ("python3", f"python{version.replace('.', '')}", "python"):
        link(bin_dir / name, f"python{version}")
    link(folder / "python", f"bin/python{version}")
    return [folder, bin_dir]


def windows_install(folder: Path, version: str, free: bool, runner: Path) -> list[Path]:
    """Windows: python.exe in the folder, no python3.14.exe; the folder, Scripts/, the user's Scripts/ on PATH."""
    if free:
        stand_in(folder / f"python{version}t.exe", f"{version}.{RELEASE}", free, "Windows")
        link(folder / "python.exe", f"python{version}t.exe")
    else:
        stand_in(folder / "python.exe", f"{version}.{RELEASE}", free, "Windows")
    link(folder / "python3.exe", "python.exe")
    (folder / "Scripts").mkdir()
    user_scripts = runner / "AppData" / "Roaming" / "Python" / f"Python{version.replace('.', '')}{'t' if free else ''}"
    return [folder, folder / "Scripts", user_scripts / "Scripts"]


def which_as_on_windows(name, mode=os.F_OK | os.X_OK, path=None):
    """:func:`shutil.which` as on Windows, where ``python3.14t`` runs ``python3.14t.exe`` (PATHEXT)."""
    return WHICH(name if name.endswith(".exe") else f"{name}.exe", mode, path)


def set_up_python(versions: list[str], system: str, runner: Path, monkeypatch) -> None:
    """What setup-python does with ``python-version: versions`` on ``system``: each version
    installed in turn, its folders put at the front of PATH. Nothing else is on PATH, and
    pyenv is hidden."""
    path: list[Path] = []
    for listed in versions:
        for folder in install(listed, system, runner):
            path.insert(0, folder)  # core.addPath
    monkeypatch.setenv("PATH", os.pathsep.join(str(folder) for folder in path))
    monkeypatch.setenv("RUNNER_TOOL_CACHE", str(runner / "hostedtoolcache"))
    monkeypatch.setenv("PYENV_ROOT", str(runner / "no-pyenv"))
    if system == "Windows":
        monkeypatch.setattr(shutil, "which", which_as_on_windows)


def built(found: Interpreter | Missing) -> str:
    """What ``find`` found, as a python-version list says it (3.14, 3.14t), or ``missing``."""
    if isinstance(found, Missing):
        return "missing"
    return ".".join(found.version.split(".")[:2]) + ("t" if found.free_threaded_build else "")


def check_every_name_finds_its_build(versions: list[str], measured: list[str]) -> None:
    """Each interpreter measured is the build its name says, or missing if that one is not
    listed; ``python``, which runs the job, is the GIL build of the last version listed."""
    asked = {name: name.removeprefix("python") for name in measured}  # python3.14t asks for 3.14t
    found = {name: built(find(name)) for name in measured}
    assert found == {name: wanted if wanted in versions else "missing" for name, wanted in asked.items()}
    assert built(find("python")) == versions[-1].removesuffix("t"), "`python` runs the job: a GIL build"


@pytest.mark.parametrize("system", SYSTEMS)
@pytest.mark.parametrize("setup", setup_python_steps(), ids=str)
def test_each_interpreter_a_workflow_measures_is_the_build_its_name_says(setup, system, tmp_path, monkeypatch):
    set_up_python(setup.versions, system, tmp_path, monkeypatch)
    check_every_name_finds_its_build(setup.versions, setup.measured)


PUBLISHED = ["python3.13", "python3.14", "python3.14t", "python3.15", "python3.15t"]
FREE_THREADED_FIRST = ["3.13", "3.14t", "3.14", "3.15t", "3.15"]
FREE_THREADED_AFTER = ["3.13", "3.14", "3.14t", "3.15t", "3.15"]  # 3.14t's python3.14 is first on PATH


@pytest.mark.parametrize("system", SYSTEMS)
@pytest.mark.parametrize("versions", [FREE_THREADED_FIRST, FREE_THREADED_AFTER], ids=["t-first", "t-after"])
def test_either_order_of_a_free_threaded_build_and_its_gil_build_finds_each(versions, system, tmp_path, monkeypatch):
    set_up_python(versions, system, tmp_path, monkeypatch)
    check_every_name_finds_its_build(versions, PUBLISHED)


def test_a_free_threaded_python3_14_first_on_path_is_passed_over_and_the_log_can_say_why(tmp_path, monkeypatch):
    set_up_python(["3.14", "3.14t"], "Linux", tmp_path, monkeypatch)
    first = shutil.which("python3.14")
    assert "/x64-freethreaded/bin/" in first
    searched = search("python3.14")
    assert built(searched.found) == "3.14" and "/x64/bin/" in searched.found.command
    assert searched.passed_over == (f"{first}: is CPython 3.14.5t (free-threaded), not python3.14",)
