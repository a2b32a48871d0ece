"""Two CPU-bound tasks in two threads: on a GIL build they take turns, not cores.

Each thread needs the GIL to run its loop, and only one thread holds it at a time;
the other waits, and gets its turn when the holder is forced to hand the GIL over
(every switch interval, 5 ms by default). The total is that of sequential work.
"""

import threading
import time

DATA = bytes(range(256)) * 4096  # 1 MiB holding every byte value


def log(start: float, message: str) -> None:
    # one write per line, so that lines printed by several threads never mix
    print(f"[{time.perf_counter() - start:5.3f} s] {message}\n", end="", flush=True)


def crunch(task: int, start: float) -> None:
    log(start, f"task {task} started")
    newlines = 0
    for _ in range(16):  # 16 MiB, one byte at a time, in pure Python
        for byte in DATA:
            if byte == 10:
                newlines += 1
    log(start, f"task {task} finished")


def main() -> None:
    start = time.perf_counter()
    threads = [threading.Thread(target=crunch, args=(n, start)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
