"""A Manager's dict is shared by any process, and every access is a message.

`multiprocessing.Manager()` starts a server process that owns the real objects;
what the program holds are *proxies*. Each `proxy[key] = value` pickles the call,
sends it to the server and waits for the reply. Convenient for a little shared
state (a few flags, a results table); slow inside a loop.
"""

import multiprocessing
import time

N = 500


def us_per_write(table) -> float:
    """Microseconds per `table[i] = i`, averaged over N writes."""
    started = time.perf_counter()
    for i in range(N):
        table[i] = i
    return (time.perf_counter() - started) / N * 1e6


def record(table, worker: int) -> None:
    table[f"worker {worker}"] = "done"


def main() -> None:
    with multiprocessing.Manager() as manager:
        shared = manager.dict()
        worker = multiprocessing.Process(target=record, args=(shared, 1))
        worker.start()
        worker.join()
        print(f"written by the child, read here: {dict(shared)}")
        print(f"plain dict  : {us_per_write({}):8.3f} us per write")
        print(f"manager dict: {us_per_write(shared):8.3f} us per write")


if __name__ == "__main__":
    main()
