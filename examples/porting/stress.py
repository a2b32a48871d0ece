"""A stress harness: start N threads at once, repeat, count what went wrong.

Each round, THREADS threads wait on one threading.Barrier, so that they all start
the body at the same instant, then run it TIMES times; after each round the harness
compares a shared counter with the number of increments made. A race is a matter
of chance: the rounds multiply the chances to see it. The harness also shrinks
the switch interval, so that a GIL, where there is one, changes hands far more
often.

Three bodies: `+= 1` with no lock; the same read-modify-write with a function call
between the read and the write; and `+= 1` under a lock.
"""

import sys
import threading
import time

THREADS, TIMES, ROUNDS = 4, 5_000, 20


def plus_one(value: int) -> int:
    return value + 1


class Counter:
    def __init__(self) -> None:
        self.value = 0
        self.lock = threading.Lock()

    def add_unprotected(self) -> None:
        self.value += 1  # read, add, write back: three steps

    def add_through_call(self) -> None:
        self.value = plus_one(self.value)  # a call between the read and the write

    def add_locked(self) -> None:
        with self.lock:
            self.value += 1


def stress(method_name: str) -> tuple[int, int]:
    """Run ROUNDS rounds; return (updates lost in all, rounds that lost some)."""
    lost_total = bad_rounds = 0
    for _ in range(ROUNDS):
        counter = Counter()
        add = getattr(counter, method_name)
        barrier = threading.Barrier(THREADS)

        def body(add=add, barrier=barrier) -> None:
            barrier.wait()  # every thread starts at the same instant
            for _ in range(TIMES):
                add()

        threads = [threading.Thread(target=body) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        lost = THREADS * TIMES - counter.value
        lost_total += lost
        bad_rounds += lost > 0
    return lost_total, bad_rounds


def main() -> None:
    sys.setswitchinterval(1e-6)  # default 0.005 s: hand the GIL over far more often
    print(f"{THREADS} threads x {TIMES:,} increments, {ROUNDS} rounds each")
    for method_name in ("add_unprotected", "add_through_call", "add_locked"):
        start = time.perf_counter()
        lost, bad = stress(method_name)
        took = time.perf_counter() - start
        print(
            f"{method_name:16} {lost:7,} updates lost,"
            f" in {bad:2} of {ROUNDS} rounds ({took:.2f} s)"
        )


if __name__ == "__main__":
    main()
