"""The two CPU-bound tasks of cpu_sequential.py, in two threads.

With the GIL, only one thread runs Python at a time: the threads take turns and the
pair takes as long as the sequential baseline. On a free-threaded build with the
GIL disabled, the two threads can run on two cores at once, and when the machine
gives them two, the pair finishes in about half the time.
"""

import sys
import threading
import time


def crunch(task: int, start: float) -> None:
    # one write: lines never mix
    sys.stdout.write(
        f"[{time.perf_counter() - start:5.3f} s] task {task} started\n"
    )
    total = 0
    # pure-Python arithmetic, a tenth of a second or so
    for i in range(1_000_000):
        total += i * i
    sys.stdout.write(
        f"[{time.perf_counter() - start:5.3f} s] task {task} finished\n"
    )


def main() -> None:
    start = time.perf_counter()
    threads = [
        threading.Thread(target=crunch, args=(task, start)) for task in (1, 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
