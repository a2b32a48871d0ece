"""Measure a group of scripts together, in interleaved rounds, and keep every round.

Scripts in one group are compared with each other, so they are measured under the
same conditions: one at a time, round after round, each round in a rotated order so
that no script always runs first or last. Every kept run is a :class:`Sample` with the
number of its round, so that the runs of one round can be paired across scripts:
claims are decided from that paired evidence (:mod:`measured.claims`).

Build machines are shared. A run is *disturbed* when other processes used more of
the machine than the run left free: more than ``BUSY`` cores, or, for a run that
used fewer cores than the machine has, more than the cores it left idle less
``HEADROOM`` (a run counts as needing at least one whole core: see :func:`room`).
A disturbed run is kept and marked, never dropped and never retaken: the claims that
read it decide whether it matters.

Rounds can be added later to a group already measured (:func:`measure_group` with
``previous``), to all its scripts or to some; the newest ``KEPT_ROUNDS`` of each
script are kept (claims read the newest ``MAX_ROUNDS`` their scripts share).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import AuthorError
from .events import RunTimed
from .interpreter import Interpreter, Machine
from .launch import Launcher
from .process import Run, run_script

Progress = Callable[[object], None]  # given a line: a str, or an event whose str() is the line (events.py)
BUSY = 0.1  # cores other processes may always use during a run
HEADROOM = 0.25  # cores of the ones a run leaves idle that others may not use
MAX_ROUNDS = 12  # the newest rounds a claim's scripts share that are its evidence
KEPT_ROUNDS = 48  # the newest rounds of each script kept in the cache
CAPACITY = "@capacity"  # the runner's own calibration script, measured beside a group
CAPACITY_SCRIPT = Path(__file__).with_name("capacity.py")


@dataclass(frozen=True)
class Example:
    """A script of the examples folder, with the arguments of one of its variants."""

    script: str  # path under the examples folder, e.g. "lab/cpu_threads.py"
    args: tuple[str, ...] = ()  # e.g. ("4",)

    @classmethod
    def parse(cls, text: str) -> Example:
        """``"lab/cpu_threads.py 4"`` → ``Example("lab/cpu_threads.py", ("4",))``."""
        script, *args = text.split(" ")
        return cls(script, tuple(args))

    def __str__(self) -> str:
        return " ".join((self.script, *self.args))

    @property
    def folder(self) -> str:
        """Its group: the scripts it is measured together with."""
        return self.script.rpartition("/")[0]

    @property
    def workers(self) -> int:
        """The worker count a variant was run with (its first argument); ``AuthorError`` if none."""
        try:
            return int(self.args[0])
        except (IndexError, ValueError):
            raise AuthorError(f"{self}: its first argument is no worker count (see measure.yml)") from None

    @property
    def calibration(self) -> bool:
        """Is it the runner's calibration, measured beside a folder, rather than an example?"""
        return self.script.rpartition("/")[2] == CAPACITY

    def path(self, examples_dir: Path) -> Path:
        """The file to run: the script under ``examples_dir``, or the runner's calibration."""
        return CAPACITY_SCRIPT if self.calibration else examples_dir / self.script


def one_folder(*examples: str) -> str:
    """The folder shared by ``examples``; ``ValueError`` if they span several.

    Only scripts of one folder are measured together, in interleaved rounds, so only
    they can be compared with each other."""
    folders = {Example.parse(example).folder for example in examples}
    if len(folders) != 1:
        raise ValueError(
            f"{', '.join(examples)}: only scripts of one folder are measured together, "
            "in interleaved rounds, so only they can be compared; put the baseline beside the variant"
        )
    return folders.pop()


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


@dataclass
class Sample:
    """One kept run of a script, with the number of the round it ran in."""

    round: int
    run: Run


def room(run: Run, cores: int) -> float:
    """The cores other processes may use during this run without disturbing it.

    A run needs at least one whole core, whatever its average: a script that mostly
    waits still computes in bursts (starting up, starting threads, waking), and a burst
    squeezed onto a shared core runs slow.
    """
    own = run.cpu / run.wall if run.wall > 0 else 0.0
    return max(BUSY, cores - max(own, 1.0) - HEADROOM)


def disturbed(run: Run, cores: int) -> bool:
    """Did other processes use more of the machine than this run left free?"""
    return run.contention > room(run, cores)


@dataclass
class Measurement:
    """One script measured on one interpreter: every kept round, and its output."""

    example: str  # e.g. "models/io_threads.py" or "lab/cpu_threads.py 4"
    interpreter: Interpreter
    machine: Machine
    samples: list[Sample]  # the kept runs, oldest round first
    measured_at: str  # ISO 8601, UTC, of the newest round
    failure: Run | None = None  # the run that failed, when the script failed
    cached: bool = False

    @property
    def ok(self) -> bool:
        return self.failure is None and bool(self.samples)

    @property
    def last(self) -> Run:
        """The run whose output the page shows: the newest, or the one that failed."""
        return self.failure or self.samples[-1].run

    @property
    def rounds(self) -> int:
        return len(self.samples) if self.ok else 0

    @property
    def wall(self) -> Stats | None:
        return Stats.of([s.run.wall for s in self.samples]) if self.ok else None

    @property
    def cpu(self) -> Stats | None:
        return Stats.of([s.run.cpu for s in self.samples]) if self.ok else None

    @property
    def peak_rss_kib(self) -> int:
        return max((s.run.peak_rss_kib for s in self.samples), default=self.last.peak_rss_kib)

    def disturbed_rounds(self) -> set[int]:
        """The rounds in which other processes disturbed this script's run."""
        cores = self.machine.usable_cores
        return {s.round for s in self.samples if disturbed(s.run, cores)}

    @property
    def busy(self) -> float:
        """The most cores other processes used during one of its kept runs."""
        return max((s.run.contention for s in self.samples), default=0.0)

    @property
    def noisy(self) -> bool:
        """Too noisy to trust on its own: a wide spread, or a disturbed run."""
        return bool(self.wall and self.wall.noisy) or bool(self.disturbed_rounds())

    @property
    def why_noisy(self) -> str:
        if disturbed_count := len(self.disturbed_rounds()):
            return f"other processes kept up to {self.busy:.2f} cores busy ({disturbed_count} of {self.rounds} runs)"
        return "spread too wide to trust" if self.noisy else ""


def round_ratios(base: Measurement, other: Measurement) -> dict[int, float]:
    """Round by round, how many times faster ``other`` ran than ``base``."""
    walls = {s.round: s.run.wall for s in other.samples}
    return {s.round: s.run.wall / walls[s.round] for s in base.samples if s.round in walls}


def speedup(base: Measurement, other: Measurement) -> float:
    """How many times faster ``other`` ran than ``base``: the median, over the rounds
    both ran in, of the ratio of their wall times in that round."""
    ratios = round_ratios(base, other)
    if not ratios:
        raise ValueError(f"{base.example} and {other.example} share no round")
    return statistics.median(ratios.values())


def measure_group(
    examples_dir: Path,
    scripts: list[str],
    interpreter: Interpreter,
    machine: Machine,
    repeats: int = 3,
    warmup: int = 1,
    timeout: float = 60,
    progress: Progress = print,
    previous: dict[str, Measurement] | None = None,
    launcher: Launcher | None = None,
) -> dict[str, Measurement]:
    """Measure ``scripts`` in ``repeats`` interleaved rounds after ``warmup`` rounds.

    A script may carry arguments after a space (``"lab/cpu_threads.py 4"``): each such
    variant is measured as a script of its own. With ``previous``, the rounds are added
    to those measurements (no warm-up), and measurements of scripts not in ``scripts``
    are kept as they are. A script that fails is not run again; its failed run is kept
    so the page can say how it failed. ``launcher``: the build's, which keeps its launch
    servers from one run to the next (:func:`measured.process.run_script`).
    """
    results = dict(previous or {})
    first = 1 + max((s.round for m in results.values() for s in m.samples), default=0)
    samples: dict[str, list[Sample]] = {script: list(_old(results, script)) for script in scripts}
    failed: dict[str, Run] = {}
    warmup = 0 if previous else warmup
    for number in range(warmup + repeats):
        shift = number % len(scripts)
        round_no = first + number - warmup
        for script in scripts[shift:] + scripts[:shift]:
            if script in failed:
                continue
            kind = "warm-up" if number < warmup else f"round {round_no}"
            run = _run(examples_dir, script, interpreter, timeout, machine.usable_cores, progress, kind, launcher)
            if not run.ok:
                failed[script] = run
            elif number >= warmup:
                samples[script].append(Sample(round_no, run))
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for script in scripts:
        results[script] = Measurement(
            example=script,
            interpreter=interpreter,
            machine=machine,
            samples=samples[script][-KEPT_ROUNDS:],
            measured_at=now,
            failure=failed.get(script),
        )
    return results


def _old(results: dict[str, Measurement], script: str) -> Iterable[Sample]:
    measurement = results.get(script)
    return measurement.samples if measurement and measurement.ok else ()


def _run(
    examples_dir: Path,
    script: str,
    interpreter: Interpreter,
    timeout: float,
    cores: int,
    progress: Progress,
    kind: str,
    launcher: Launcher | None,
) -> Run:
    """Run one script once and say how it went."""
    example = Example.parse(script)
    started = time.perf_counter()
    path, command = example.path(examples_dir), interpreter.run_command
    run = run_script(path, command, timeout=timeout, args=list(example.args), launcher=launcher)
    how = "FAILED" if not run.ok else "ok"
    if run.ok and disturbed(run, cores):
        how = f"disturbed (other processes used {run.contention:.2f} cores)"
    progress(RunTimed(script, interpreter.label, kind, time.perf_counter() - started, how))
    return run
