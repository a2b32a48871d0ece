"""What an interpreter is, found out by running it (never by trusting its name)."""

from __future__ import annotations

import glob
import json
import os
import platform
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PureWindowsPath

# Runs inside the interpreter being described; must work on CPython 3.8 and later.
PROBE = r"""
import json, multiprocessing, os, platform, sys, sysconfig
gil_check = getattr(sys, "_is_gil_enabled", None)
try:
    cores = len(os.sched_getaffinity(0))
except AttributeError:
    cores = os.cpu_count() or 1
print(json.dumps({
    "executable": sys.executable,
    "implementation": platform.python_implementation(),
    "version": platform.python_version(),
    "sys_version": sys.version,
    "free_threaded_build": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    "gil_enabled": gil_check() if gil_check else True,
    "start_method": multiprocessing.get_start_method(),
    "start_methods": multiprocessing.get_all_start_methods(),
    "platform": sys.platform,
    "switch_interval": sys.getswitchinterval(),
    "usable_cores": getattr(os, "process_cpu_count", lambda: cores)() or cores,
}))
"""


@dataclass(frozen=True)
class Interpreter:
    """A Python interpreter as it described itself when run.

    ``command`` is what was found and run (a path on PATH, a pyenv binary, a wrapper or
    a shim) and is what the runner runs again; ``executable`` is the interpreter's own
    ``sys.executable``, which a wrapper may report as a path that exists only where it
    runs the interpreter (inside a chroot, say), so it is shown, never run.
    """

    executable: str
    implementation: str
    version: str
    sys_version: str
    free_threaded_build: bool
    gil_enabled: bool
    start_method: str
    switch_interval: float
    usable_cores: int
    command: str = ""  # empty only in results recorded before it was kept: run ``executable``
    # the start methods multiprocessing offers there and ``sys.platform`` (linux, darwin,
    # win32); empty only in results recorded before they were kept
    start_methods: tuple[str, ...] = ()
    platform: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "start_methods", tuple(self.start_methods))  # a list when read from JSON

    @property
    def run_command(self) -> str:
        """The command that runs this interpreter."""
        return self.command or self.executable

    @property
    def label(self) -> str:
        """Short name for tables and tabs, e.g. ``CPython 3.13.0t``."""
        suffix = "t" if self.free_threaded_build else ""
        return f"{self.implementation} {self.version}{suffix}"

    @property
    def build(self) -> str:
        """``GIL`` or ``free-threaded``, saying so when a free-threaded build has it on."""
        if not self.free_threaded_build:
            return "GIL"
        return "free-threaded" if not self.gil_enabled else "free-threaded, GIL re-enabled"

    @cached_property  # read for every claim and example: resolving the path each time cost 0.2 s a build
    def fingerprint(self) -> str:
        """Identity for cache keys: the command that runs it and exactly what it is."""
        return f"{os.path.realpath(self.run_command)}|{self.sys_version}|{self.build}"


# Where a claim is asserted (``claim(..., when=...)``) or a folder's capacity measured
# (measure.yml's ``capacity:``): on every interpreter, on builds with the GIL on or off, or
# where the operating system offers what it is about.
WHEN = {
    "always": lambda interpreter: True,
    "gil": lambda interpreter: interpreter.gil_enabled,
    "no-gil": lambda interpreter: not interpreter.gil_enabled,
    "posix": lambda interpreter: interpreter.platform != "win32",
    "linux": lambda interpreter: interpreter.platform.startswith("linux"),
    "macos": lambda interpreter: interpreter.platform == "darwin",
    "windows": lambda interpreter: interpreter.platform == "win32",
    "fork": lambda interpreter: "fork" in interpreter.start_methods,
    "forkserver": lambda interpreter: "forkserver" in interpreter.start_methods,
    "fork-default": lambda interpreter: interpreter.start_method == "fork",
}


@dataclass(frozen=True)
class Missing:
    """A configured interpreter that this build could not run."""

    name: str
    reason: str

    @property
    def label(self) -> str:
        return self.name


class InterpreterError(RuntimeError):
    pass


# A name that asks for a version and build, whatever file provides it: python3.14, python3.14t.
VERSIONED = re.compile(r"python(\d+)\.(\d+)(t?)")


def candidates(name: str) -> list[str]:
    """Where ``name`` might be: on PATH (every folder that has it, in PATH's order), then
    among pyenv's installed versions, then in GitHub's tool cache.

    pyenv's shims are passed over: every start through one runs pyenv first (0.2 s
    here, more than the interpreter itself), and they answer only for the versions
    selected in the shell. The binaries behind them, under ``$PYENV_ROOT/versions``,
    are tried instead.
    """
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    shims = os.path.realpath(os.path.join(root, "shims"))
    folders = [f for f in os.environ.get("PATH", os.defpath).split(os.pathsep) if os.path.realpath(f) != shims]
    found = [shutil.which(name, path=folder) for folder in folders]  # each one on PATH: the first may be passed over
    found += sorted(glob.glob(os.path.join(root, "versions", "*", "bin", name)))
    found += tool_cache(name)
    return list(dict.fromkeys(path for path in found if path))


def tool_cache(name: str, root: str | None = None) -> list[str]:
    """The interpreters setup-python installed for a versioned name, newest release first.

    On GitHub's Windows runners each install has only ``python.exe``, no ``python3.14.exe``
    (actions/setup-python#1079), so a versioned name is not on PATH there. The layout is
    ``$RUNNER_TOOL_CACHE/Python/<version>/<arch>/`` (setup-python's advanced-usage.md,
    "Hosted tool cache"), the architecture suffixed ``-freethreaded`` for a free-threaded
    build (its src/find-python.ts); ``bin/python`` on Linux and macOS. The installers of
    actions/python-versions make ``bin/python`` a link to ``bin/python3.14``, in a
    free-threaded install too (nix-setup-template.sh), and make a free-threaded install's
    ``python.exe`` a link to ``python3.14t.exe`` (win-setup-template.ps1).
    """
    root = root or os.environ.get("RUNNER_TOOL_CACHE")
    asked = VERSIONED.fullmatch(name)
    if not (root and asked):
        return []
    found = []
    for install in glob.glob(os.path.join(root, "Python", f"{asked[1]}.{asked[2]}.*", "*")):
        if os.path.basename(install).endswith("-freethreaded") != bool(asked[3]):
            continue
        release = [
            int(part) if part.isdigit() else -1 for part in os.path.basename(os.path.dirname(install)).split(".")
        ]
        for program in (os.path.join(install, "python.exe"), os.path.join(install, "bin", "python")):
            if os.path.isfile(program):
                found.append((release, program))
    return [program for _, program in sorted(found, reverse=True)]


def answers_to(interpreter: Interpreter, name: str) -> bool:
    """Whether ``interpreter`` is what ``name`` asks for: a versioned name (python3.14t) by its
    version and build, whatever its file is called; any other name by the file it was run as."""
    asked = VERSIONED.fullmatch(name)
    if asked is None:
        return ran_as(interpreter) == name
    major, minor = interpreter.version.split(".")[:2]
    return (major, minor) == (asked[1], asked[2]) and interpreter.free_threaded_build == bool(asked[3])


def ran_as(interpreter: Interpreter) -> str:
    """The name the interpreter was found by: the file it was run as, without ``.exe``."""
    command = interpreter.run_command
    name = PureWindowsPath(command).name if "\\" in command else Path(command).name
    return name.removesuffix(".exe")


@dataclass(frozen=True)
class Search:
    """What looking for a name found: the interpreter, or why there is none; and each
    candidate run before it and passed over, with why (for the build log)."""

    found: Interpreter | Missing
    passed_over: tuple[str, ...] = ()


def search(name: str, timeout: float = 30) -> Search:
    """Run each candidate for ``name`` (a path or a command) until one is what it asks for.

    A versioned name (python3.14, python3.14t) asks for a version and build, so each
    candidate, wherever it was found, must say it is that one (:func:`answers_to`); one
    that does not is passed over for the next. A file's name does not say it: CPython's
    ``make install`` of a free-threaded build also installs ``bin/python3.14``, a link to
    ``python3.14t`` (python/cpython#119729, #122402), and setup-python puts each install's
    ``bin/`` at the front of PATH in the order listed (``core.addPath`` in its
    src/find-python.ts), so a 3.14t listed after 3.14 answers first to ``python3.14``."""
    paths = candidates(name)
    if not paths:
        return Search(Missing(name, f"{name}: not installed (not on PATH, not under pyenv)"))
    versioned = VERSIONED.fullmatch(name) is not None
    passed_over: list[str] = []
    for command in paths:
        try:
            found = _probe(command, timeout)
        except InterpreterError as error:
            passed_over.append(str(error))
            continue
        if not versioned or answers_to(found, name):
            return Search(found, tuple(passed_over))
        passed_over.append(f"{command}: is {found.label} ({found.build}), not {name}")
    return Search(Missing(name, "; ".join(passed_over)), tuple(passed_over))


def detect(name: str, timeout: float = 30) -> Interpreter:
    """What ``name`` runs (:func:`search`); :class:`InterpreterError` saying why if nothing fits."""
    found = search(name, timeout).found
    if isinstance(found, Missing):
        raise InterpreterError(found.reason)
    return found


def _probe(command: str, timeout: float) -> Interpreter:
    """Run ``command`` with the probe; the result runs ``command`` again, whatever it reports."""
    try:
        done = subprocess.run(
            [command, "-I", "-c", PROBE],
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise InterpreterError(f"{command}: could not run it ({error})") from error
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        raise InterpreterError(f"{command}: exited {done.returncode}: {tail[0]}")
    return Interpreter(**json.loads(done.stdout), command=command)


def find(name: str) -> Interpreter | Missing:
    """Like :func:`detect`, but a missing interpreter is a value, not an error."""
    return search(name).found


@dataclass(frozen=True)
class Machine:
    """The hardware the measurements ran on."""

    cpu_model: str
    logical_cpus: int
    usable_cores: int
    system: str

    @property
    def label(self) -> str:
        cores = "1 usable core" if self.usable_cores == 1 else f"{self.usable_cores} usable cores"
        return f"{self.cpu_model}, {cores}"


def this_machine() -> Machine:
    """Describe the machine this process runs on."""
    model = _cpu_model() or platform.processor() or platform.machine()
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    return Machine(
        cpu_model=" ".join(model.split()),
        logical_cpus=os.cpu_count() or 1,
        usable_cores=usable,
        system=f"{platform.system()} {platform.release()}",
    )


def _cpu_model() -> str:
    """The processor's name as the OS tells it (Linux: /proc/cpuinfo; macOS: sysctl), or ''."""
    try:
        if platform.system() == "Darwin":
            command = ["sysctl", "-n", "machdep.cpu.brand_string"]
            return subprocess.run(command, capture_output=True, text=True, timeout=5).stdout.strip()
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return ""  # Windows: platform.processor() names it
