"""Threads pulling items from one generator: 3.15's threading.serialize_iterator.

A generator must not run in two threads at once: a thread that calls next() while
another is inside it gets "ValueError: generator already executing". Python 3.15
adds threading.serialize_iterator, which wraps any iterator so that its next()
calls are made one at a time. Before 3.15 this script uses a small class that does
the same with a lock, and says so.
"""

import threading
import time

THREADS, ITEMS = 4, 2_000


def numbers():
    yield from range(ITEMS)


class LockedIterator:
    """What serialize_iterator does, for versions without it."""

    def __init__(self, iterable) -> None:
        self._iterator = iter(iterable)
        self._lock = threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self._lock:
            return next(self._iterator)


def main() -> None:
    serialize = getattr(threading, "serialize_iterator", None)  # new in 3.15
    if serialize is None:
        print("threading.serialize_iterator: absent (before 3.15); using a lock")
        serialize = LockedIterator
    else:
        print("threading.serialize_iterator: present")
    shared = serialize(numbers())
    taken: list[list[int]] = [[] for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)

    def worker(mine: list) -> None:
        barrier.wait()
        for item in shared:  # every thread pulls from the same iterator
            mine.append(item)
            time.sleep(0)  # work on the item that lets other threads run

    threads = [threading.Thread(target=worker, args=(t,)) for t in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    items = [item for mine in taken for item in mine]
    print(f"items per thread: {[len(mine) for mine in taken]}")
    twice = len(items) - len(set(items))
    print(f"{len(set(items)):,} of {ITEMS:,} items taken, {twice} of them twice")


if __name__ == "__main__":
    main()
