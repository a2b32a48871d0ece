"""What one use costs, for each of threading's primitives, with no contention.

`Lock` and `RLock` are written in C; `Semaphore` and `Condition` are Python classes
built on a lock, so each use runs several Python calls. `queue.Queue` takes a lock
and notifies a condition on every `put` and every `get`; a `collections.deque`
does neither. One thread, nobody waiting: the floor each one costs.
"""

import collections
import queue
import threading
import time

N = 20_000


def ns_with(primitive) -> float:
    """Nanoseconds per `with primitive: pass`, averaged over N uses."""
    started = time.perf_counter()
    for _ in range(N):
        with primitive:
            pass
    return (time.perf_counter() - started) / N * 1e9


def ns_queue() -> float:
    """Nanoseconds per `put` and `get` of one item on a queue.Queue."""
    items = queue.Queue()
    started = time.perf_counter()
    for _ in range(N):
        items.put(None)
        items.get()
    return (time.perf_counter() - started) / N * 1e9


def ns_deque() -> float:
    """Nanoseconds per `append` and `popleft` of one item on a deque."""
    items = collections.deque()
    started = time.perf_counter()
    for _ in range(N):
        items.append(None)
        items.popleft()
    return (time.perf_counter() - started) / N * 1e9


def main() -> None:
    print(f"Lock      : {ns_with(threading.Lock()):6.0f} ns")
    print(f"RLock     : {ns_with(threading.RLock()):6.0f} ns")
    print(f"Semaphore : {ns_with(threading.Semaphore()):6.0f} ns")
    print(f"Condition : {ns_with(threading.Condition()):6.0f} ns")
    print(f"Queue put + get   : {ns_queue():6.0f} ns")
    print(f"deque append + pop: {ns_deque():6.0f} ns")


if __name__ == "__main__":
    main()
