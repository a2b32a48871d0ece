"""An initializer prepares each worker; a worker that dies breaks the whole pool.

`initializer` runs once in every worker process before its first job: the place
to open a connection or load a model once, not per job. If a worker dies abruptly
(a crash, `os._exit`, the out-of-memory killer), the pool cannot know what it was
doing: every pending future fails with `BrokenProcessPool`, and the pool refuses
new work. Catch it, then make a new pool.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

settings = {}


def setup(scale: int, go) -> None:
    settings["scale"] = scale  # runs once per worker process
    settings["go"] = go


def work(n: int) -> int:
    if n == 3:
        settings["go"].wait()  # until jobs 4 and 5 are queued behind this one
        os._exit(1)  # the worker process dies without a word
    return n * settings["scale"]


def main() -> None:
    go = multiprocessing.Event()
    with ProcessPoolExecutor(
        max_workers=1, initializer=setup, initargs=(10, go)
    ) as pool:
        print("results:", list(pool.map(work, [1, 2])))
        futures = {n: pool.submit(work, n) for n in (3, 4, 5)}
        go.set()
        for n, future in futures.items():
            try:
                future.result()
            except BrokenProcessPool as error:
                print(f"job {n}: {type(error).__name__}: {str(error)[:40]}...")
        try:
            pool.submit(work, 6)
        except BrokenProcessPool:
            print("submit() after that: BrokenProcessPool again")


if __name__ == "__main__":
    main()
