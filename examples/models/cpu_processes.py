"""Two CPU-bound tasks in two processes: each has its own interpreter, GIL and core.

The guard at the bottom matters: with the spawn and forkserver start methods, each
child imports this file again.
"""

import time
from multiprocessing import Process

DATA = bytes(range(256)) * 4096  # 1 MiB holding every byte value


def log(start: float, message: str) -> None:
    # one write per line, so that lines printed by several processes never mix
    print(f"[{time.perf_counter() - start:5.3f} s] {message}\n", end="", flush=True)


def crunch(task: int, start: float) -> None:
    log(start, f"task {task} started")
    newlines = 0
    for _ in range(8):  # 8 MiB, one byte at a time, in pure Python
        for byte in DATA:
            if byte == 10:
                newlines += 1
    log(start, f"task {task} finished")


def main() -> None:
    start = time.perf_counter()
    processes = [Process(target=crunch, args=(n, start)) for n in (1, 2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()


if __name__ == "__main__":
    main()
