"""A pool of N threads given eight tasks that do nothing: the model's fixed cost.

Timed from outside, this run is the interpreter's start-up, the import of
``concurrent.futures``, starting the threads and joining them again, and no work.
Run it as ``python empty_threads.py N``.
"""

import sys
from concurrent.futures import ThreadPoolExecutor

TASKS = 8


def nothing(task: int) -> int:
    return task


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(nothing, range(TASKS)))
    print(f"{len(done)} tasks that do nothing, on {workers} threads")


if __name__ == "__main__":
    main()
