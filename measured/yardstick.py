"""The start-cost listings against pyperf: ``python -m measured.yardstick`` (part of ``make bench``).

The pages' start costs come from two listings that time short operations themselves:
``examples/start_methods/costs.py`` (a process started and joined with each start
method) and ``examples/subinterpreters/start_cost.py`` (a thread, a subinterpreter, a
forked and a spawned process). pyperf, the CPython performance team's harness, times
the same calls (:mod:`measured.yardstick_bench`): loops calibrated in a worker of their
own, then 20 worker processes of 3 values each, warm-ups kept apart. On each
interpreter found (the build's own and the matrix of ``examples/measure.yml``), this
runs each listing as the build does (through the runner, in a scratch folder, as many
rounds as ``measure.yml`` gives it), some before pyperf and the rest after it, then
prints a table: the listing's figure
(the median of every value of its rounds ± half their interquartile range, as a page
shows them), pyperf's (the same of its values), and their ratio, flagged when it is
outside 0.8 to 1.25.

pyperf runs inside the interpreter measured, master and workers, which need not have
it installed: pyperf is pure Python, so the package installed in this venv is copied,
with the benchmark script, into a temporary folder put on ``PYTHONPATH`` (under the
system's temporary folder, which the chroot wrappers of ``make interpreters`` show
inside their root). Without psutil there it collects less metadata, nothing else.

    python -m measured.yardstick [--fast] [--rounds 5] [--python python3.14 ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyperf

from .benchmark import Stats
from .config import Config
from .interpreter import Interpreter, find
from .process import run_script
from .settings import Environment, Layout

LISTINGS = ("start_methods/costs.py", "subinterpreters/start_cost.py")  # each writes start_cost.json
BENCH = Path(__file__).with_name("yardstick_bench.py")
AGREE = (0.8, 1.25)  # a listing's figure over pyperf's, where the two are said to agree
OLDEST = (3, 11)  # the oldest Python pyperf runs on

Figures = dict[str, tuple[float, float]]  # by operation: (median ms, spread ms)


@dataclass(frozen=True)
class Row:
    """One operation on one interpreter: a listing's figure beside pyperf's."""

    interpreter: str
    listing: str
    operation: str
    site: tuple[float, float]  # ms: median, spread
    pyperf: tuple[float, float] | None  # ms: median, spread; None when pyperf has no figure for it

    @property
    def ratio(self) -> float | None:
        return self.site[0] / self.pyperf[0] if self.pyperf and self.pyperf[0] > 0 else None

    @property
    def agrees(self) -> bool:
        return self.ratio is not None and AGREE[0] <= self.ratio <= AGREE[1]


def median_and_spread(values: list[float]) -> tuple[float, float]:
    """The median and half the interquartile range, as the listings and the pages give them."""
    stats = Stats.of(values)
    return stats.median, stats.half_iqr


def listing_figures(rounds: list[dict]) -> Figures:
    """A listing's figures over its rounds, each round its ``start_cost.json``: per operation (a
    list of values), the median and half the interquartile range of every value of every round
    (what ``data()`` and ``spread()`` give a page)."""
    pooled: dict[str, list[float]] = {}
    for written in rounds:
        for key, values in written.items():
            if isinstance(values, list) and all(isinstance(value, (int, float)) for value in values):
                pooled.setdefault(key, []).extend(values)  # the bars' list holds dicts: left out
    return {operation: median_and_spread(values) for operation, values in pooled.items() if values}


def pyperf_figures(suite) -> Figures:
    """pyperf's figures from a ``pyperf.BenchmarkSuite``: per benchmark, its values (seconds) in ms."""
    return {bench.get_name(): median_and_spread([v * 1000 for v in bench.get_values()]) for bench in suite}


def rows(interpreter: str, listings: dict[str, Figures], pyperf: Figures) -> list[Row]:
    """A row per operation of each listing, beside pyperf's figure for it."""
    return [
        Row(interpreter, listing, operation, figure, pyperf.get(operation))
        for listing, figures in listings.items()
        for operation, figure in figures.items()
    ]


def _spread_text(spread: float) -> str:
    """Two significant digits, never in exponent form: 0.28, 6.9, 130."""
    return f"{spread:.2g}" if abs(spread) < 100 else f"{spread:.0f}"


def table(found: list[Row]) -> str:
    """The rows as a plain-text table, a note under it for those that do not agree."""
    head = ("interpreter", "listing", "operation", "site (ms)", "pyperf (ms)", "site/pyperf")
    lines = [head]
    for row in found:
        ratio = f"{row.ratio:.2f}" + ("" if row.agrees else " !") if row.ratio is not None else "–"
        pyperf = f"{row.pyperf[0]:.3g} ± {_spread_text(row.pyperf[1])}" if row.pyperf else "–"
        site = f"{row.site[0]:.3g} ± {_spread_text(row.site[1])}"
        lines.append((row.interpreter, Path(row.listing).name, row.operation, site, pyperf, ratio))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    text = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in lines]
    outside = sum(not row.agrees for row in found)
    if outside:
        text.append(f"! {outside} of {len(found)} outside {AGREE[0]}–{AGREE[1]} of pyperf's figure")
    else:
        text.append(f"every figure within {AGREE[0]}–{AGREE[1]} of pyperf's")
    return "\n".join(text)


def build_rounds(listing: str) -> int:
    """The rounds a build gives ``listing`` (``examples/measure.yml``), whose values its page pools."""
    folder, name = listing.split("/")
    return Config.load(Layout().examples).settings(folder).rounds_of(name)


def run_listing(listing: str, python: str) -> dict:
    """One run of a listing through the runner, as a build runs it: the JSON it wrote."""
    run = run_script(Layout().examples / listing, python, timeout=300)
    if not run.ok or "start_cost.json" not in run.files:
        raise SystemExit(f"{listing} on {python}: {run.describe_failure()}")
    return json.loads(run.files["start_cost.json"])


def run_pyperf(python: str, folder: Path, options: list[str]) -> Figures:
    """pyperf's benchmarks run by ``python`` itself, with the copy of pyperf in ``folder``."""
    output = folder / "pyperf.json"
    output.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(folder)}
    command = [python, str(folder / BENCH.name), "--quiet", "-o", str(output), *options]
    subprocess.run(command, env=env, cwd=folder, check=True)
    return pyperf_figures(pyperf.BenchmarkSuite.load(str(output)))


def pyperf_folder(folder: Path) -> Path:
    """The pyperf package of this venv and the benchmark script, copied into ``folder``."""
    shutil.copytree(Path(pyperf.__file__).parent, folder / "pyperf", ignore=shutil.ignore_patterns("tests"))
    shutil.copy(BENCH, folder / BENCH.name)
    return folder


def interpreters(names: list[str]) -> list[Interpreter]:
    """The interpreters named, or the build's own and the matrix's found here; those pyperf runs on."""
    if not names:
        matrix = Config.load(Layout().examples, Environment.read().interpreters).interpreters
        names = [sys.executable, *matrix]
    found, seen = [], set()
    for name in names:
        each = find(name)
        if not isinstance(each, Interpreter) or each.fingerprint in seen:
            continue
        seen.add(each.fingerprint)
        if tuple(int(part) for part in each.version.split(".")[:2]) < OLDEST:
            print(f"{each.label}: pyperf needs Python {OLDEST[0]}.{OLDEST[1]} or later; left out", flush=True)
            continue
        found.append(each)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, help="runs of each listing per interpreter (default: a build's)")
    parser.add_argument("--fast", action="store_true", help="pyperf's --fast: 10 workers of 2 values")
    parser.add_argument("--python", action="append", default=[], help="an interpreter to measure (repeatable)")
    arguments = parser.parse_args()
    options = ["--fast"] if arguments.fast else []
    rounds = {listing: arguments.rounds or build_rounds(listing) for listing in LISTINGS}
    found: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="yardstick-") as scratch:
        folder = pyperf_folder(Path(scratch))
        for interpreter in interpreters(arguments.python):
            python = interpreter.run_command
            each = ", ".join(f"{Path(listing).name} {n} rounds" for listing, n in rounds.items())
            print(f"{interpreter.label}: the listings around pyperf ({each})", flush=True)
            runs = {listing: [run_listing(listing, python) for _ in range(n - n // 2)] for listing, n in rounds.items()}
            pyperf = run_pyperf(python, folder, options)
            for listing, n in rounds.items():
                runs[listing] += [run_listing(listing, python) for _ in range(n // 2)]
            listings = {listing: listing_figures(each) for listing, each in runs.items()}
            found += rows(interpreter.label, listings, pyperf)
    print("\nStart costs: each listing's figure (as a page shows it) against pyperf's (ms, median ± half the IQR)")
    print(table(found))


if __name__ == "__main__":
    main()
