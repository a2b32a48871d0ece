"""Neighbours: other programs a test starts beside the runs it measures.

No test may fail because other programs use the CPU (DESIGN.md, "tests on a busy
machine"): a test that needs contention makes it itself, with a neighbour from here,
and confines the neighbour and what it measures to one core by CPU affinity, so that
the neighbour's effect is certain whatever else the machine is doing.

- :func:`whole_core` spins without a pause; :func:`half_core` spins 50 ms in every
  100 ms. Each may be pinned to a CPU; each is running when the ``with`` block starts
  (on its core), and is killed with anything it started when the block ends. A
  neighbour also ends on its own after ``seconds``, or as soon as the process that
  started it is gone, so that none outlives a test that crashed.
- :func:`one_core` confines the calling thread (the runner: ``run_script`` counts the
  machine's busy time on the cores it may use) to one core; :func:`confine` is the
  line a script starts with to run there too.

Run as a program it keeps both kinds of neighbour running for a while, unpinned, to
try tests on a machine as busy as an author's laptop or a shared CI runner::

    timeout 310 .venv/bin/python tests/neighbours.py --seconds 300 &
    .venv/bin/pytest -q tests/test_process.py
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import psutil

LIMIT = 300.0  # seconds after which a neighbour ends on its own, whatever happens to its test
PERIOD = 0.1  # seconds: a half-core neighbour spins half of each

SPIN = """
import os, sys, time
duty, cpu, seconds, period = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
if cpu >= 0:
    os.sched_setaffinity(0, {cpu})
parent, end = os.getppid(), time.monotonic() + seconds
print("spinning", flush=True)
while time.monotonic() < end and os.getppid() == parent:
    started = time.perf_counter()
    while time.perf_counter() - started < duty * period:
        pass
    if duty < 1:
        time.sleep((1 - duty) * period)
"""


@contextlib.contextmanager
def spinning(duty: float = 1.0, cpu: int | None = None, seconds: float = LIMIT) -> Iterator[subprocess.Popen]:
    """A neighbour that keeps ``duty`` of a core busy (on ``cpu`` if given) while the block runs."""
    if cpu is not None and not hasattr(os, "sched_setaffinity"):
        raise ValueError("this OS has no CPU affinity to pin a neighbour with")
    command = [sys.executable, "-c", SPIN, str(duty), str(-1 if cpu is None else cpu), str(seconds), str(PERIOD)]
    neighbour = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    try:
        started = neighbour.stdout.readline()  # once it runs on its core
        if started != b"spinning\n":
            raise RuntimeError(f"the neighbour did not start: exit status {neighbour.wait()}")
        yield neighbour
    finally:
        kill(neighbour)


def whole_core(cpu: int | None = None, seconds: float = LIMIT):
    """A neighbour spinning without a pause: a whole core, or all of ``cpu``'s time it can get."""
    return spinning(1.0, cpu, seconds)


def half_core(cpu: int | None = None, seconds: float = LIMIT):
    """A neighbour spinning 50 ms in every 100 ms: half a core."""
    return spinning(0.5, cpu, seconds)


def kill(process: subprocess.Popen) -> None:
    """Kill ``process`` and everything it started, and reap it."""
    with contextlib.suppress(psutil.NoSuchProcess):
        for child in psutil.Process(process.pid).children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
    process.kill()
    process.wait()
    if process.stdout:
        process.stdout.close()


@contextlib.contextmanager
def one_core() -> Iterator[int | None]:
    """Confine the calling thread to one of the cores it may use, for the block; yields
    that core, or None where the OS has no CPU affinity (macOS, Windows).

    Threads and processes started meanwhile (a launch server, a leader) inherit it; the
    runner counts the machine's busy time on that core alone."""
    if not hasattr(os, "sched_setaffinity"):
        yield None
        return
    before = os.sched_getaffinity(0)
    cpu = max(before)
    os.sched_setaffinity(0, {cpu})
    try:
        yield cpu
    finally:
        os.sched_setaffinity(0, before)


def confine(cpu: int | None) -> str:
    """The first lines of a script that runs on ``cpu`` alone (none if ``cpu`` is None)."""
    return "" if cpu is None else f"import os\nos.sched_setaffinity(0, {{{cpu}}})\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Keep a whole core and half of another busy for a while.")
    parser.add_argument("--seconds", type=float, default=LIMIT, help="how long (default: %(default)s)")
    seconds = parser.parse_args().seconds
    with whole_core(seconds=seconds) as whole, half_core(seconds=seconds) as half:
        print(f"neighbours {whole.pid} (a whole core) and {half.pid} (half a core) for {seconds:g} s", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            time.sleep(seconds)


if __name__ == "__main__":
    main()
