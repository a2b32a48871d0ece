"""Arguments and results travel between processes as pickles: a big one costs time.

A worker process receives a copy of what it is given: the pool pickles the argument,
sends the bytes through a pipe, and the worker unpickles them; the result makes the
same trip back. A small argument, a list of a million ints and 4 MB of bytes make
the round trip here, after pickle's two halves are timed on the list alone. Bytes
pickle as they are, in one copy: far faster than a million objects.
"""

import pickle
import time
from concurrent.futures import ProcessPoolExecutor


def echo(value: object) -> object:
    return value


def ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def main() -> None:
    numbers = list(range(10**6))
    raw = bytes(4 * 10**6)
    started = time.perf_counter()
    data = pickle.dumps(numbers)
    dumped = ms_since(started)
    print(f"pickle.dumps, 10**6 ints: {dumped:6.1f} ms ({len(data) / 1e6:.1f} MB)")
    started = time.perf_counter()
    pickle.loads(data)
    print(f"pickle.loads, 10**6 ints: {ms_since(started):6.1f} ms")

    with ProcessPoolExecutor(max_workers=1) as pool:
        pool.submit(echo, None).result()  # start the worker before timing
        for label, argument in (
            ("a small int", 42),
            ("10**6 ints ", numbers),
            ("bytes, 4 MB", raw),
        ):
            started = time.perf_counter()
            pool.submit(echo, argument).result()
            print(f"round trip, {label}: {ms_since(started):6.1f} ms")


if __name__ == "__main__":
    main()
