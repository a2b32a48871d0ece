"""Two CPU-bound tasks in two processes: each has its own interpreter and GIL.

The tasks run at the same time on two cores. The guard below matters: with the
spawn and forkserver start methods, each child imports this file again.
"""

import time
from multiprocessing import Process


def crunch(task: int, start: float) -> None:
    print(f"[{time.perf_counter() - start:4.2f} s] task {task} started", flush=True)
    total = 0
    for i in range(15_000_000):  # pure-Python arithmetic, about half a second
        total += i * i
    print(f"[{time.perf_counter() - start:4.2f} s] task {task} finished", flush=True)


def main() -> None:
    start = time.perf_counter()
    processes = [Process(target=crunch, args=(task, start)) for task in (1, 2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()


if __name__ == "__main__":
    main()
