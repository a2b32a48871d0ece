"""The baseline: one thread counts what the two workers of the other scripts count.

Each unit of work counts TIMES numbers into a dict by their last four bits (16
keys), the way a program tallies events. Run twice, one after the other, it is
the work that shared.py and per_thread.py split between two threads.
"""

import time

WORKERS, TIMES = 2, 400_000


def tally(counts: dict) -> None:
    for number in range(TIMES):
        key = number & 15
        counts[key] = counts.get(key, 0) + 1


def main() -> None:
    start = time.perf_counter()
    print(f"[{time.perf_counter() - start:5.3f} s] counting started")
    counts: dict = {}
    for _ in range(WORKERS):
        tally(counts)
    print(f"[{time.perf_counter() - start:5.3f} s] counting finished")
    counted = sum(counts.values())
    print(f"{counted:,} counted, {WORKERS * TIMES - counted} lost")


if __name__ == "__main__":
    main()
