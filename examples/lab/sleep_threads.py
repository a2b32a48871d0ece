"""Eight short waits shared by N threads: the waits overlap.

``time.sleep`` releases the GIL while it waits, so N threads wait at the same time;
with N workers the eight waits take about ceil(8 / N) × WAIT seconds.
Run it as ``python sleep_threads.py N``.
"""

import sys
import time
from concurrent.futures import ThreadPoolExecutor

TASKS = 8
WAIT = 0.1  # seconds per task, as in sleep_sequential.py


def wait(task: int) -> int:
    time.sleep(WAIT)  # the GIL is released while the thread sleeps
    return task


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(wait, range(TASKS)))
    print(f"{len(done)} waits of {WAIT} s on {workers} threads")


if __name__ == "__main__":
    main()
