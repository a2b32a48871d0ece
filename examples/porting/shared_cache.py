"""Module-level state: a cache filled by check-then-set, with no lock and with one.

`if key not in CACHE: CACHE[key] = load(key)` is two operations. Each one is safe
on its own, but another thread can run between them: every thread that checks
before the first one has stored finds the key missing and loads it again. A lock
around the whole check-then-set makes it one step; `load` then runs once per key.
"""

import threading
import time

THREADS = 8
CACHE: dict[str, str] = {}  # module-level state, shared by every thread
CACHE_LOCK = threading.Lock()
loads = 0  # how many times load() ran (counted under its own lock)
loads_lock = threading.Lock()


def load(key: str) -> str:
    global loads
    with loads_lock:
        loads += 1
    time.sleep(0.01)  # slow: a file, a database, a network call
    return key.upper()


def get_unguarded(key: str) -> str:
    if key not in CACHE:  # check ...
        CACHE[key] = load(key)  # ... then set: another thread may run in between
    return CACHE[key]


def get_guarded(key: str) -> str:
    with CACHE_LOCK:  # the check and the set are one step now
        if key not in CACHE:
            CACHE[key] = load(key)
        return CACHE[key]


def run(get) -> int:
    """THREADS threads ask for one key at once; return how often it was loaded."""
    global loads
    CACHE.clear()
    loads = 0
    barrier = threading.Barrier(THREADS)

    def ask() -> None:
        barrier.wait()
        get("config")

    threads = [threading.Thread(target=ask) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return loads


def main() -> None:
    print(f"{THREADS} threads ask for the same key at once")
    print(f"no lock:   calls to load: {run(get_unguarded)}")
    print(f"with lock: calls to load: {run(get_guarded)}")


if __name__ == "__main__":
    main()
