"""Build benchmark: how long the site takes to build cold, warm and unexecuted.

    python -m measured.buildbench            (or: make bench)

Runs ``mkdocs build`` (strict, into a temporary folder) four ways and prints the wall
time of each, the ratios the project holds itself to, how long each interpreter
spent measuring in the cold build, the rounds it took and the verdicts it reached
(each claim not decided with its reason):

- cold, own: every example measured afresh on the build's own interpreter only
- cold, matrix: the same plus the interpreters configured in examples/measure.yml
- warm: everything read from the cache
- plain: no example run and no result read (MEASURED_EXECUTE=0 MEASURED_FRESH=1), the
  floor for any build
  (warm and plain three times each, alternating: the median of the three plain
  builds, and of the three ratios of a warm build to the plain one beside it)
- serve: ``mkdocs serve`` on a copy with an empty cache, until the first page
  answers, and from editing an example until its new output is on the page; then,
  on a copy of the cache, from editing a page until the server has it

Targets: warm ≤ 1.3 × plain; plain ≤ 3 s; serve to first page ≤ 15 s; edit to
preview ≤ 5 s; a page edit served ≤ 2 s; on 2 cores, ≤ 90 s of measuring on the
build's own interpreter and ≤ 20 s on each other one, on a machine where a
10-million-step module-level loop takes 1.18 s (the slow machine the budget was set
on). The cold builds' measuring is projected onto that machine: the runs' busy
seconds (CPU, at most the run's wall time) and the runner's own work between runs
slowed by the ratio of that loop's time to its time here, the runs' waiting as it
is. The loop is timed before and after the cold build, and read during it from the
one-process runs of the capacity calibration (converted by their ratio to the loop,
timed beside it before and after).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from . import events, servebench
from .audit.build import problems
from .benchmark import CAPACITY, CAPACITY_SCRIPT, Measurement
from .cache import Cache
from .settings import MKDOCS_ENV, ROOT, Layout

SLOW_LOOP = 1.18  # seconds a 10-million-step loop took on the machine the budgets were set on
OWN_BUDGET, OTHER_BUDGET = 90.0, 20.0  # seconds of measuring, on that machine


def loop_time() -> float:
    """Seconds this machine takes for a 10-million-step module-level ``for`` loop (median of 3)."""
    loop = "import time\nt = time.perf_counter()\nfor i in range(10_000_000): pass\nprint(time.perf_counter() - t)"
    return statistics.median(float(subprocess.check_output([sys.executable, "-c", loop], text=True)) for _ in range(3))


def calibration_time() -> float:
    """Seconds the capacity calibration's one-process run takes here, timed from outside
    as the runner times it (median of 3)."""

    def once() -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, str(CAPACITY_SCRIPT), "1"], check=True)
        return time.perf_counter() - started

    return statistics.median(once() for _ in range(3))


def written_since(since: float) -> Iterator[tuple[str, Measurement]]:
    """The measurements in the cache entries written since ``since`` (a cold build's)."""
    cache = Cache(Layout().cache)
    for entry in cache.folder.glob("*.json"):
        if entry.stat().st_mtime >= since and (measurements := cache.load(entry.stem)):
            yield from measurements.items()


def loop_during(since: float, per_calibration: float) -> tuple[float, int] | None:
    """The loop's time while a build ran, and from how many runs: the median of the
    calibration's one-process runs it made on this interpreter, times ``per_calibration``
    (loop seconds per calibration second). A shared machine's speed drifts, and these
    runs are spread through the build."""
    walls = [
        sample.run.wall
        for name, measurement in written_since(since)
        if name.endswith(f"{CAPACITY} 1") and measurement.interpreter.version == platform.python_version()
        for sample in measurement.samples
    ]
    return (statistics.median(walls) * per_calibration, len(walls)) if walls else None


def busy_share(since: float) -> dict[str, tuple[float, float]]:
    """Of the runs in the cache entries written since ``since`` (a cold build's), by
    interpreter: their seconds in all, and how many of those the processor was busy
    (per run, its CPU seconds, at most its wall time: waiting costs the same on any machine)."""
    share: dict[str, tuple[float, float]] = defaultdict(lambda: (0.0, 0.0))
    for _, measurement in written_since(since):
        label = measurement.interpreter.label
        for sample in measurement.samples:
            wall, busy = share[label]
            share[label] = (wall + sample.run.wall, busy + min(sample.run.wall, sample.run.cpu))
    return dict(share)


def projected(measuring: float, share: tuple[float, float], scale: float, budget: float) -> str:
    """What ``measuring`` seconds would take on the budget's machine: the runs' busy
    seconds and the runner's own work between runs slowed by ``scale``, the runs'
    waiting as it is (a sleep lasts as long on any machine)."""
    runs, busy = share
    runner = max(measuring - runs, 0.0)
    seconds = runs - busy + (busy + runner) / scale
    verdict = "ok" if seconds <= budget else "MISSED"
    return (
        f"  {measuring:.1f} s measuring: its runs {runs:.1f} s ({busy:.1f} s of them busy), the runner {runner:.1f} s; "
        f"on the budget's machine about {seconds:.0f} s (budget {budget:.0f} s) {verdict}"
    )


def build(name: str, **env: str) -> tuple[float, dict[str, float], str]:
    """One strict build; its wall time, the seconds each interpreter spent measuring
    (the extra rounds included), and its verdict counts."""
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as scratch:
        kept = Path(scratch) / "events.jsonl"  # what the build did, as data (measured.events)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", out],
            cwd=ROOT,
            env={**os.environ, **MKDOCS_ENV, **env, events.EVENTS: str(kept)},
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        happened = events.read(kept)
    if done.returncode != 0:
        sys.exit(f"{name} build failed:\n{problems(done.stderr)}")
    spent: dict[str, float] = defaultdict(float)
    runs = [event for event in happened if isinstance(event, events.RunTimed)]
    for run in runs:
        spent[run.interpreter] += run.seconds
    extra = sum(isinstance(event, events.Deciding) for event in happened)
    counted = [event for event in happened if isinstance(event, events.VerdictsCounted)][-1:]
    verdicts = str(counted[0]).removeprefix("verdicts: ") if counted else "no claims"
    print(f"{name:14} {wall:7.1f} s   {len(runs)} runs, {extra} extra rounds   verdicts: {verdicts}", flush=True)
    for row in counted[0].open if counted else []:  # the verdict table's rows not "holds", with their reasons
        print(f"    {row}", flush=True)
    return wall, dict(spent), verdicts


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m measured.buildbench", description=__doc__.split("\n")[0])
    parser.add_argument("--no-matrix", action="store_true", help="skip the cold build with the matrix")
    options = parser.parse_args()

    before, calibration_before = loop_time(), calibration_time()
    started = time.time()
    cold, own, _ = build("cold, own", MEASURED_FRESH="1", MEASURED_INTERPRETERS="")
    own_share = busy_share(started)
    after = loop_time()  # a shared machine's speed drifts: time the loop on both sides of the build
    per_calibration = (before + after) / (calibration_before + calibration_time())
    during = loop_during(started, per_calibration)
    loop = during[0] if during else (before + after) / 2
    scale = loop / SLOW_LOOP
    print(
        f"a 10-million-step loop took {before:.2f} s before the cold build and {after:.2f} s after"
        + (f", and {during[0]:.2f} s during it (from its {during[1]} one-process calibration runs)" if during else "")
        + f" ({SLOW_LOOP} s on the budget's machine, {1 / scale:.2f} times as long)"
    )
    matrix, matrix_share, matrix_scale = {}, {}, scale
    if not options.no_matrix:
        started = time.time()
        _, matrix, _ = build("cold, matrix", MEASURED_FRESH="1")
        matrix_share = busy_share(started)
        if during := loop_during(started, per_calibration):
            loop, runs = during
            matrix_scale = loop / SLOW_LOOP
            slower = 1 / matrix_scale
            print(f"during it the loop took {loop:.2f} s ({runs} calibration runs; there {slower:.2f} times as long)")
    # a few seconds each, so one moment of a shared machine could decide them: three
    # pairs, each warm build next to a plain one, as the examples' rounds are interleaved
    pairs = [(build("warm")[0], build("plain", MEASURED_EXECUTE="0", MEASURED_FRESH="1")[0]) for _ in range(3)]
    warm_over_plain = statistics.median(warm / plain for warm, plain in pairs)
    plain = statistics.median(plain for _, plain in pairs)

    first, preview, page = servebench.timings()
    print(
        f"serve: first page in {first:.1f} s, an edited example previewed in {preview:.1f} s, "
        f"an edited page served in {page:.1f} s",
        flush=True,
    )

    print()
    print("warm and plain: medians of three pairs of builds, one of each, side by side")
    print(f"warm ÷ plain  {warm_over_plain:6.2f}   (target ≤ 1.3)  {'ok' if warm_over_plain <= 1.3 else 'MISSED'}")
    print(f"plain         {plain:6.1f} s (target ≤ 3 s)  {'ok' if plain <= 3 else 'MISSED'}")
    print(f"serve, first page {first:4.1f} s (target ≤ 15 s) {'ok' if first <= 15 else 'MISSED'}")
    print(f"edit → preview    {preview:4.1f} s (target ≤ 5 s)  {'ok' if preview <= 5 else 'MISSED'}")
    print(f"page edit → served {page:3.1f} s (target ≤ 2 s)  {'ok' if page <= 2 else 'MISSED'}")
    print(f"cold ÷ plain  {cold / plain:6.2f}")
    build_interpreter = next(iter(own), "")
    print(f"cold, own: {cold:.1f} s in all; on {build_interpreter}:")
    print(projected(own.get(build_interpreter, 0.0), own_share.get(build_interpreter, (0.0, 0.0)), scale, OWN_BUDGET))
    for interpreter in sorted(set(matrix) - {build_interpreter}):
        print(f"cold, matrix, on {interpreter}:")
        print(projected(matrix[interpreter], matrix_share.get(interpreter, (0.0, 0.0)), matrix_scale, OTHER_BUDGET))
    return 0


if __name__ == "__main__":
    sys.exit(main())
