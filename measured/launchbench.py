"""What each launcher costs a run: ``python -m measured.launchbench`` (part of ``make bench``).

Runs a script that does nothing through each launcher (:mod:`measured.launch`), in
interleaved rounds, on the build's own interpreter and on each other interpreter of
the matrix found, and prints per launcher the median of the
*outside* time (the runner's, from asking for the run to having its result) minus the
*inside* time (the leader's, from starting the script to its exit): what the runner
spends on a run besides the script itself.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .config import Config
from .interpreter import Interpreter, find
from .launch import LAUNCHERS, Launcher
from .process import run_script
from .settings import Environment, Layout


def overheads(python: str, rounds: int, launchers: tuple[str, ...] = LAUNCHERS) -> dict[str, list[float]]:
    """Per launcher, the outside minus inside seconds of each run of an empty script."""
    found: dict[str, list[float]] = {launcher: [] for launcher in launchers}
    kept = {name: Launcher(name) for name in launchers}  # each keeps its launch servers, as a build's does
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as closing:
        for each in kept.values():
            closing.enter_context(each)
        script = Path(folder) / "nothing.py"
        script.write_text("pass\n")
        for number in range(rounds + 1):  # the first round starts the servers: thrown away
            for launcher in launchers:
                started = time.perf_counter()
                run = run_script(script, python, launcher=kept[launcher])
                outside = time.perf_counter() - started
                if not run.ok:
                    raise SystemExit(f"{launcher} on {python}: {run.describe_failure()}")
                if number:
                    found[launcher].append(outside - run.wall)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    found = [find(name) for name in Config.load(Layout().examples, Environment.read().interpreters).interpreters]
    pythons = [sys.executable, *(each.command for each in found if isinstance(each, Interpreter))]
    print(f"Launchers: the runner's time per run besides the script's own (median of {rounds} runs)")
    for python in pythons:
        cost = {launcher: statistics.median(times) for launcher, times in overheads(python, rounds).items()}
        row = ", ".join(f"{launcher} {1000 * seconds:.1f} ms" for launcher, seconds in cost.items())
        print(f"  {python}: {row}")


if __name__ == "__main__":
    main()
