"""Two CPU-bound tasks in two threads: on a GIL build they take turns, not cores.

The same work as cpu_sequential.py. Pure-Python arithmetic holds the GIL, so
only one thread computes at any moment; the other waits for its turn.
"""

import sys
import threading
import time

DATA = bytes(range(256)) * 4096  # 1 MiB holding every byte value


def crunch(task: int, start: float) -> None:
    sys.stdout.write(f"[{time.perf_counter() - start:4.2f} s] task {task} started\n")  # one write: lines never mix
    newlines = 0
    for _ in range(32):  # 32 MiB, one byte at a time in pure Python: about 0.3 s
        for byte in DATA:
            if byte == 10:
                newlines += 1
    sys.stdout.write(f"[{time.perf_counter() - start:4.2f} s] task {task} finished\n")


def main() -> None:
    start = time.perf_counter()
    threads = [threading.Thread(target=crunch, args=(task, start)) for task in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
