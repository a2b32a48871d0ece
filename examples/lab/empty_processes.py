"""A pool of N processes given eight tasks that do nothing: the model's fixed cost.

Timed from outside, this run is the interpreter's start-up, the import of
``concurrent.futures`` and ``multiprocessing``, starting N worker processes, sending
each task and its result through a pipe, and stopping the workers, and no work.
Run it as ``python empty_processes.py N``.
"""

import sys
from concurrent.futures import ProcessPoolExecutor

TASKS = 8


def nothing(task: int) -> int:
    return task


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    with ProcessPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(nothing, range(TASKS)))
    print(f"{len(done)} tasks that do nothing, in {workers} processes")


if __name__ == "__main__":
    main()
