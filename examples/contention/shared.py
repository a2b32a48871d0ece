"""Two threads count into one shared dict, under one lock: correct, and contended.

Every update takes the same lock, so the two threads wait for each other on every
count. With the GIL they take turns anyway. Without it they could run at once,
but each update still waits for the lock, which moves between two cores every
time; one shared object, however well protected, makes threads queue.
"""

import sys
import threading
import time

WORKERS, TIMES = 2, 400_000
counts: dict = {}  # shared by both workers
lock = threading.Lock()


def tally(start: float, worker: int) -> None:
    for number in range(TIMES):
        key = number & 15
        with lock:  # the read-modify-write must be one step
            counts[key] = counts.get(key, 0) + 1
    # one write: lines of two threads never mix
    sys.stdout.write(
        f"[{time.perf_counter() - start:5.3f} s] worker {worker} finished\n"
    )


def main() -> None:
    start = time.perf_counter()
    print(f"[{time.perf_counter() - start:5.3f} s] counting started")
    threads = [
        threading.Thread(target=tally, args=(start, worker))
        for worker in range(WORKERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counted = sum(counts.values())
    print(f"{counted:,} counted, {WORKERS * TIMES - counted} lost")


if __name__ == "__main__":
    main()
