"""Stability: measure the headline results three times cold and show how far they move.

    python -m measured.stability            (or: make stability)

A headline result is an example that a claim on a page names. Each of the three
passes measures every folder holding one afresh (the cache is not read, and is
refreshed); the table gives the three medians and how far the farthest lies from
their mean, against the project's target: every headline median within ±10 %.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from .benchmark import Example
from .checked import collect_claims
from .render import seconds
from .settings import Layout
from .suite import Suite


def headline_examples(docs: Path) -> list[str]:
    """The examples named by claims in the pages, in order of first mention."""
    return list(dict.fromkeys(example for claim in collect_claims(docs) for example in claim.examples()))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m measured.stability", description=__doc__.split("\n")[0])
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("folders", nargs="*", help="only headline results in these folders")
    options = parser.parse_args()

    examples = headline_examples(Layout().docs)
    if options.folders:
        examples = [e for e in examples if Example.parse(e).folder in options.folders]
    medians: dict[str, list[float]] = {example: [] for example in examples}
    for number in range(1, options.passes + 1):
        print(
            f"pass {number}/{options.passes}: measuring {len({Example.parse(e).folder for e in examples})} folders",
            flush=True,
        )
        suite = Suite(Layout().examples, Layout().cache, fresh=True, progress=lambda line: None)
        for folder in dict.fromkeys(Example.parse(e).folder for e in examples):
            suite.measure(folder, suite.default)  # measured afresh, no rounds added: what one build first sees
        for example in examples:
            measurement = suite.measurement(example)
            medians[example].append(measurement.wall.median if measurement.ok else float("nan"))

    print(f"\n{'headline result':48} " + " ".join(f"{'pass ' + str(n):>9}" for n in range(1, options.passes + 1)))
    worst = 0.0
    for example, values in medians.items():
        mean = statistics.fmean(values)
        deviation = max(abs(value - mean) for value in values) / mean
        worst = max(worst, deviation)
        flag = "" if deviation <= 0.10 else "  outside ±10 %"
        print(f"{example:48} " + " ".join(f"{seconds(v):>9}" for v in values) + f"  ±{deviation:5.1%}{flag}")
    print(f"\nfarthest from its mean: ±{worst:.1%} (target: ±10 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
