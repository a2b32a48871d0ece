"""Tasks sent to a process pool are messages: tiny ones cost more to send than do.

Two thousand squares are computed three ways: in this process, in a pool of two
workers one number per message, and in the same pool a thousand numbers per message
(the chunksize argument of map). The pool is warmed up first, so start-up is not
counted.
"""

import time
from concurrent.futures import ProcessPoolExecutor

NUMBERS = range(2_000)


def square(n: int) -> int:
    return n * n


def main() -> None:
    started = time.perf_counter()
    expected = sum(map(square, NUMBERS))
    elapsed = (time.perf_counter() - started) * 1000
    print(f"in this process:            {elapsed:7.1f} ms")
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(square, range(4)))  # start the workers before timing
        for chunksize in (1, 1000):
            started = time.perf_counter()
            assert sum(pool.map(square, NUMBERS, chunksize=chunksize)) == expected
            elapsed = (time.perf_counter() - started) * 1000
            print(f"pool of 2, chunksize={chunksize:<5}: {elapsed:7.1f} ms")


if __name__ == "__main__":
    main()
