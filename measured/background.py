"""The background worker behind ``mkdocs serve``: measure what the cache lacks.

    python -m measured.background ROOT CACHE_DIR

Measures every group that is not in the cache, one at a time, the folders whose
files changed most recently first, and touches a file in the folder the server
watches after each group, so that the pages are rebuilt with the new results. When
the examples, the settings or the pages change, it starts over. It stops when the
server that started it is gone (SIGTERM, or its parent process ends).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from .cache import write_atomically
from .checked import collect_claims
from .serve import signal_dir, status_file
from .settings import Layout
from .suite import Suite

POLL = 0.5  # seconds between looks at the files


def snapshot(layout: Layout) -> dict[str, float]:
    """When each file that decides what is measured last changed."""
    files = [*layout.example_files(), *layout.docs.rglob("*.md")]
    return {str(path): path.stat().st_mtime for path in files if path.is_file()}


def newest_first(plan: list, state: dict[str, float], layout: Layout) -> list:
    """The groups, those whose folder holds the most recently changed script first."""

    def changed(group) -> float:
        folder = str(layout.examples / group[0])
        return max((mtime for path, mtime in state.items() if path.startswith(folder + os.sep)), default=0.0)

    return sorted(plan, key=changed, reverse=True)


def main(root: Path, cache_dir: Path) -> int:
    layout, parent = Layout(root), os.getppid()
    done_state: dict[str, float] | None = None
    while os.getppid() == parent:
        state = snapshot(layout)
        if state == done_state:
            time.sleep(POLL)
            continue
        suite = Suite(layout.examples, cache_dir, claims=list(collect_claims(layout.docs)), progress=print)
        plan = newest_first(suite.groups(), state, layout)
        for number, (folder, interpreter) in enumerate(plan, start=1):
            if os.getppid() != parent or snapshot(layout) != state:
                break  # something changed: start over, the changed folder first
            if suite.is_cached(folder, interpreter):
                continue
            doing = {"doing": f"{folder}/ on {interpreter.label}", "group": number, "groups": len(plan)}
            write_atomically(status_file(cache_dir), json.dumps(doing))
            suite.measure(folder, interpreter)
            suite.settle(folder, interpreter)
            write_atomically(signal_dir(cache_dir) / "measured", f"{folder}/ on {interpreter.label}\n")
        else:
            done_state = state
            write_atomically(status_file(cache_dir), json.dumps({}))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
