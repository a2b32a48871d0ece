"""Build benchmark: how long the site takes to build cold, warm and unexecuted.

    python -m measured.buildbench            (or: make bench)

Runs ``mkdocs build`` (strict, into a temporary folder) four ways and prints the wall
time of each, the ratios the project holds itself to, and how long each interpreter
spent measuring in the cold build:

- cold, own: every example measured afresh on the build's own interpreter only
- cold, matrix: the same plus the interpreters configured in examples/measure.yml
- warm: everything read from the cache
- plain: no example run at all (MEASURED_EXECUTE=0), the floor for any build

Targets: warm ≤ 1.3 × plain; cold (own interpreter) ≤ 90 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASURING = re.compile(r"measured (\S+)/ on (.+?) in ([\d.]+) s")


def problems(log: str, lines: int = 40) -> str:
    """What a failed MkDocs build complained of: its last warnings and errors, not its progress."""
    kept = [line for line in log.splitlines() if line.strip() and not line.startswith("INFO")]
    return "\n".join(kept[-lines:]) or log[-4000:]


def build(name: str, **env: str) -> tuple[float, dict[str, float]]:
    """One strict build; its wall time and the seconds each interpreter spent measuring."""
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", out],
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{name} build failed:\n{problems(done.stderr)}")
    spent: dict[str, float] = defaultdict(float)
    for _, interpreter, seconds in MEASURING.findall(done.stderr):
        spent[interpreter] += float(seconds)
    print(f"{name:14} {wall:7.1f} s", flush=True)
    return wall, dict(spent)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m measured.buildbench", description=__doc__.split("\n")[0])
    parser.add_argument("--no-matrix", action="store_true", help="skip the cold build with the matrix")
    options = parser.parse_args()

    cold, own = build("cold, own", MEASURED_FRESH="1", MEASURED_INTERPRETERS="")
    matrix = {}
    if not options.no_matrix:
        _, matrix = build("cold, matrix", MEASURED_FRESH="1")
    warm, _ = build("warm")
    plain, _ = build("plain", MEASURED_EXECUTE="0")

    print()
    print(f"warm ÷ plain  {warm / plain:6.2f}   (target ≤ 1.3)  {'ok' if warm <= 1.3 * plain else 'MISSED'}")
    print(f"cold ÷ plain  {cold / plain:6.2f}")
    print(f"cold, own     {cold:6.1f} s (target ≤ 90 s) {'ok' if cold <= 90 else 'MISSED'}")
    for interpreter in sorted(set(own) | set(matrix)):
        print(f"measuring on {interpreter}: {matrix.get(interpreter, own.get(interpreter, 0)):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
