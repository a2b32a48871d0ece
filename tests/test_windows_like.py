"""Every example runs as copied under Windows' multiprocessing, emulated on Linux.

Windows has one start method, ``spawn``, and no ``os.fork``: a script that asks for
``fork`` or ``forkserver`` stops there with ``ValueError``. ``windows_like/sitecustomize.py``
takes the same away from a Linux interpreter, and every example (with each of its
arguments from ``measure.yml``) runs under it on the build's interpreter and on each
of the configured ones found here, copied alone into an empty folder as a reader
would copy it. The runner strips PYTHONPATH from an example's environment, so these
tests run the examples themselves.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import ROOT

from measured.interpreter import InterpreterError, detect
from measured.process import UNSET
from measured.suite import Config

EXAMPLES = ROOT / "examples"
EMULATION = Path(__file__).resolve().parent / "windows_like"
CONFIG = Config.load(EXAMPLES)
# The build's own interpreter, then the matrix of measure.yml (3.12 to 3.15, 3.14t, 3.15t).
INTERPRETERS = [sys.executable, *CONFIG.interpreters]
NAMES = ["own", *CONFIG.interpreters]
TIMEOUT = 180  # seconds for one run, with others beside it on a busy machine
WORKERS = max(2, os.cpu_count() or 1)  # runs at once: most of an example's time is waiting

# Run inside the emulation: what multiprocessing and os offer there.
PROBE = """
import multiprocessing, os
for method in ("fork", "forkserver", "spawn"):
    try:
        multiprocessing.get_context(method)
        print(method, "available")
    except ValueError as error:
        print(method, "ValueError:", error)
print("all", multiprocessing.get_all_start_methods())
print("default", multiprocessing.get_start_method())
print("os", [name for name in ("fork", "forkpty", "register_at_fork") if hasattr(os, name)])
"""


@dataclass
class Run:
    """One example run under the emulation."""

    command: str  # "folder/script.py" and its arguments, as measure.yml gives them
    returncode: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    seconds: float


def interpreter_command(name: str) -> str:
    """The command that runs ``name``; the test is skipped, saying why, when it is not here."""
    if name == sys.executable:
        return name
    try:
        return detect(name).run_command
    except InterpreterError as error:
        pytest.skip(str(error))


def windows_like(folder: Path) -> dict[str, str]:
    """An environment that starts Python under the emulation, kept in ``folder``.

    The emulation is copied beside the script: a wrapped interpreter (3.14 and 3.15
    here run in a chroot) sees the working folder and /tmp, not the checkout."""
    shutil.copytree(EMULATION, folder / "windows_like", ignore=shutil.ignore_patterns("__pycache__"))
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    return {**env, "PYTHONPATH": str(folder / "windows_like")}


def run(command: list[str], folder: Path, timeout: float = TIMEOUT) -> tuple[int | None, str, str]:
    """Run ``command`` in ``folder`` under the emulation; on timeout its whole session is killed."""
    process = subprocess.Popen(
        command,
        cwd=folder,
        env=windows_like(folder),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,  # its spawned children with it, to kill them all at a timeout (POSIX)
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # Windows, where CI runs these tests too: the emulation changes nothing there
            process.kill()
        stdout, stderr = process.communicate()
        return None, stdout, stderr
    return process.returncode, stdout, stderr


def run_example(interpreter: str, variant: str, scratch: Path) -> Run:
    """Copy the example alone into an empty folder and run it there, as a reader would."""
    script, *arguments = shlex.split(variant)
    folder = scratch / variant.replace("/", "-").replace(" ", "-")
    folder.mkdir()
    shutil.copy(EXAMPLES / script, folder)
    started = time.perf_counter()
    code, stdout, stderr = run([interpreter, Path(script).name, *arguments], folder)
    return Run(variant, code, stdout, stderr, time.perf_counter() - started)


def variants() -> list[str]:
    """Every example, once for each of its arguments in measure.yml."""
    found = []
    for script in sorted(EXAMPLES.rglob("*.py")):
        name = script.relative_to(EXAMPLES).as_posix()
        found += CONFIG.settings(name.split("/")[0]).variants(name)
    return found


@pytest.mark.parametrize("name", INTERPRETERS, ids=NAMES)
def test_the_emulation_leaves_only_spawn_and_no_fork(name, tmp_path):
    """As on Windows: fork and forkserver raise ValueError, spawn is all there is, os has no fork."""
    code, stdout, stderr = run([interpreter_command(name), "-c", PROBE], tmp_path, timeout=60)
    assert code == 0, stderr
    assert stdout.splitlines() == [
        "fork ValueError: cannot find context for 'fork'",
        "forkserver ValueError: cannot find context for 'forkserver'",
        "spawn available",
        "all ['spawn']",
        "default spawn",
        "os []",
    ]


@pytest.mark.slow  # every example, run under Windows' multiprocessing
@pytest.mark.parametrize("name", INTERPRETERS, ids=NAMES)
def test_every_example_runs_with_only_spawn(name, tmp_path):
    """Every example, with each of its arguments, exits 0 where only spawn exists."""
    interpreter = interpreter_command(name)
    started = time.perf_counter()
    with ThreadPoolExecutor(WORKERS) as pool:
        runs = list(pool.map(lambda variant: run_example(interpreter, variant, tmp_path), variants()))
    failed = [run for run in runs if run.returncode != 0]
    slowest = max(runs, key=lambda run: run.seconds)
    print(
        f"{name}: {len(runs) - len(failed)} of {len(runs)} runs exited 0 in {time.perf_counter() - started:.0f} s"
        f" (slowest: {slowest.command}, {slowest.seconds:.1f} s)"
    )
    assert not failed, "\n\n".join(
        f"{run.command}: {'timed out' if run.returncode is None else f'exited {run.returncode}'}"
        f" after {run.seconds:.1f} s\n{run.stderr[-1500:]}"
        for run in failed
    )
