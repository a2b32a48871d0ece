"""Two threads count into dicts of their own, merged once at the end.

Nothing is shared while the threads work, so there is nothing to lock and nothing
to wait for: on a free-threaded build the two can count on two cores at once. The
only shared step is the merge, once per thread, after join().
"""

import sys
import threading
import time
from collections import Counter

WORKERS, TIMES = 2, 400_000


def tally(start: float, worker: int, results: list) -> None:
    counts: dict = {}  # this thread's own
    for number in range(TIMES):
        key = number & 15
        counts[key] = counts.get(key, 0) + 1
    results[worker] = counts  # each thread writes only its own slot
    # one write: lines of two threads never mix
    sys.stdout.write(
        f"[{time.perf_counter() - start:5.3f} s] worker {worker} finished\n"
    )


def main() -> None:
    start = time.perf_counter()
    print(f"[{time.perf_counter() - start:5.3f} s] counting started")
    results: list = [None] * WORKERS
    threads = [
        threading.Thread(target=tally, args=(start, worker, results))
        for worker in range(WORKERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Counter()
    for counts in results:
        total.update(counts)  # the merge: once per thread
    print(f"{total.total():,} counted, {WORKERS * TIMES - total.total()} lost")


if __name__ == "__main__":
    main()
