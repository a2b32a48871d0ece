"""Measure a group of scripts together: warm-up, interleaved rounds, median and spread.

Scripts in one group are compared with each other, so they are measured under the
same conditions: one at a time, round after round, each round in a rotated order so
that no script always runs first or last. The median of the rounds is reported with
its interquartile range, and a result is flagged *noisy* by pyperf's rule of thumb:
a standard deviation of 10 % of the mean or more, or a minimum or maximum 50 % or
more away from the mean.

Build machines are shared. A run during which other processes kept more than
``BUSY`` cores busy is taken again, up to ``RETAKES`` times, and the quietest take
is kept: runs are chosen by how busy the machine was, never by how fast they were.
A result that kept a busy run anyway is flagged noisy too.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .interpreter import Interpreter, Machine
from .process import Run, run_script

Progress = Callable[[str], None]
BUSY = 0.1  # cores other processes may use during a run before it is taken again
RETAKES = 2
PAUSE = 0.5  # seconds to let the other work pass before a retake


@dataclass
class Stats:
    """Summary of repeated samples of one quantity."""

    median: float
    q1: float
    q3: float
    mean: float
    stdev: float
    minimum: float
    maximum: float
    samples: list[float]

    @classmethod
    def of(cls, samples: list[float]) -> Stats:
        ordered = sorted(samples)
        if len(ordered) >= 2:
            q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
        else:
            q1 = q3 = ordered[0]
        return cls(
            median=statistics.median(ordered),
            q1=q1,
            q3=q3,
            mean=statistics.fmean(ordered),
            stdev=statistics.stdev(ordered) if len(ordered) >= 2 else 0.0,
            minimum=ordered[0],
            maximum=ordered[-1],
            samples=samples,
        )

    @property
    def noisy(self) -> bool:
        """pyperf's thresholds: std dev ≥ 10 % of the mean, or min/max ≥ 50 % from it."""
        if self.mean <= 0:
            return False
        far = max(self.maximum - self.mean, self.mean - self.minimum) / self.mean
        return self.stdev / self.mean >= 0.10 or far >= 0.50

    @property
    def half_iqr(self) -> float:
        """Half the interquartile range: the "±" shown beside a median."""
        return (self.q3 - self.q1) / 2

    @property
    def spread(self) -> float:
        """Interquartile range relative to the median."""
        return (self.q3 - self.q1) / self.median if self.median else 0.0


@dataclass
class Measurement:
    """One script measured on one interpreter: timings over rounds, and its output."""

    example: str  # path relative to the examples folder, e.g. "models/io_threads.py"
    interpreter: Interpreter
    machine: Machine
    wall: Stats | None  # None when the script failed
    cpu: Stats | None
    peak_rss_kib: int
    rounds: int
    last: Run  # the last run: its output is what the page shows
    measured_at: str  # ISO 8601, UTC
    busy: float = 0.0  # the most cores other processes used during one of its kept runs
    cached: bool = False

    @property
    def ok(self) -> bool:
        return self.last.ok

    @property
    def noisy(self) -> bool:
        """Too noisy to trust: a wide spread, or a run the machine was busy during."""
        return bool(self.wall and self.wall.noisy) or self.busy > BUSY

    @property
    def why_noisy(self) -> str:
        if self.busy > BUSY:
            return f"other processes kept {self.busy:.2f} cores busy during a run"
        return "spread too wide to trust" if self.noisy else ""


def script_of(example: str) -> str:
    """The file of an example or of one of its variants: ``"lab/cpu_threads.py 4"`` → ``"lab/cpu_threads.py"``."""
    return example.split(" ")[0]


def folder_of(example: str) -> str:
    """The folder of an example: its group, the scripts it is measured together with."""
    return script_of(example).rpartition("/")[0]


def measure_group(
    examples_dir: Path,
    scripts: list[str],
    interpreter: Interpreter,
    machine: Machine,
    repeats: int = 3,
    warmup: int = 1,
    timeout: float = 60,
    progress: Progress = print,
) -> dict[str, Measurement]:
    """Measure ``scripts`` (paths under ``examples_dir``) in interleaved rounds.

    A script may carry arguments after a space (``"lab/cpu_threads.py 4"``): each such
    variant is measured as a script of its own.

    A script that fails is not run again; its failed run is kept so the page can say
    how it failed.
    """
    runs: dict[str, list[Run]] = {script: [] for script in scripts}
    failed: dict[str, Run] = {}
    for round_no in range(warmup + repeats):
        shift = round_no % len(scripts)
        for script in scripts[shift:] + scripts[:shift]:
            if script in failed:
                continue
            kind = "warm-up" if round_no < warmup else f"round {round_no - warmup + 1}/{repeats}"
            run = _quietest_run(
                examples_dir, script, interpreter, timeout, f"{script} on {interpreter.label}: {kind}", progress
            )
            if not run.ok:
                failed[script] = run
            elif round_no >= warmup:
                runs[script].append(run)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    results = {}
    for script in scripts:
        kept = runs[script]
        if script in failed:
            wall = cpu = None
            last, rss = failed[script], failed[script].peak_rss_kib
        else:
            wall = Stats.of([run.wall for run in kept])
            cpu = Stats.of([run.cpu for run in kept])
            last, rss = kept[-1], max(run.peak_rss_kib for run in kept)
        busy = max((run.contention for run in kept), default=0.0)
        results[script] = Measurement(
            example=script,
            interpreter=interpreter,
            machine=machine,
            wall=wall,
            cpu=cpu,
            peak_rss_kib=rss,
            rounds=len(kept),
            last=last,
            measured_at=now,
            busy=busy,
        )
    return results


def _quietest_run(
    examples_dir: Path, script: str, interpreter: Interpreter, timeout: float, what: str, progress: Progress
) -> Run:
    """Run ``script`` once, again if the machine was busy meanwhile; the quietest take."""
    path, *args = script.split(" ")
    takes: list[Run] = []
    while True:
        started = time.perf_counter()
        run = run_script(examples_dir / path, interpreter.executable, timeout=timeout, args=args)
        takes.append(run)
        spent = f"{time.perf_counter() - started:.2f} s"
        if not run.ok:
            progress(f"measured {what}, {spent}, FAILED")
            return run
        if run.contention <= BUSY:
            progress(f"measured {what}, {spent}, ok")
            return run
        busy = f"machine busy (other processes used {run.contention:.2f} cores)"
        if len(takes) > RETAKES:
            progress(f"measured {what}, {spent}, {busy}; kept the quietest of {len(takes)} takes")
            return min(takes, key=lambda take: take.contention)
        progress(f"measured {what}, {spent}, {busy}; taking it again")
        time.sleep(PAUSE)
