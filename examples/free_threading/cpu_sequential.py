"""Two CPU-bound tasks, one after another: the baseline for cpu_threads.py.

The same two tasks run on every interpreter of the matrix, so the speed-up of the
threaded version can be read per build: GIL or free-threaded.
"""

import time


def crunch(task: int, start: float) -> None:
    print(f"[{time.perf_counter() - start:5.3f} s] task {task} started")
    total = 0
    # pure-Python arithmetic, a tenth of a second or so
    for i in range(1_000_000):
        total += i * i
    print(f"[{time.perf_counter() - start:5.3f} s] task {task} finished")


def main() -> None:
    start = time.perf_counter()
    for task in (1, 2):
        crunch(task, start)


if __name__ == "__main__":
    main()
