"""An initializer prepares each worker; a worker that dies breaks the whole pool.

`initializer` runs once in every worker process before its first job: the place
to open a connection or load a model once, not per job. If a worker dies abruptly
(a crash, `os._exit`, the out-of-memory killer), the pool cannot know what it was
doing: every pending future fails with `BrokenProcessPool`, and the pool refuses
new work. Catch it, then make a new pool.
"""

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

settings = {}


def setup(scale: int) -> None:
    settings["scale"] = scale  # runs once per worker process


def work(n: int) -> int:
    if n == 3:
        os._exit(1)  # the worker process dies without a word
    return n * settings["scale"]


def main() -> None:
    with ProcessPoolExecutor(
        max_workers=2, initializer=setup, initargs=(10,)
    ) as pool:
        print("results:", list(pool.map(work, [1, 2])))
        futures = [pool.submit(work, n) for n in (3, 4, 5)]
        for future in futures:
            try:
                future.result()
            except BrokenProcessPool as error:
                print(f"{type(error).__name__}: {str(error)[:60]}...")
        try:
            pool.submit(work, 6)
        except BrokenProcessPool:
            print("submit() after that: BrokenProcessPool again")


if __name__ == "__main__":
    main()
