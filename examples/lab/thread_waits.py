"""Short waits in n threads, n = 10 and 100, timed from inside: close to one wait.

Whole-process timings include the interpreter's start-up; here the script times only
the waits, from starting the first thread to joining the last, so the ideal is
exactly one wait and n waits overlap n-fold.
"""

import threading
import time

WAIT = 0.1  # seconds per wait


def main() -> None:
    for n in (10, 100):
        threads = [
            threading.Thread(target=time.sleep, args=(WAIT,)) for _ in range(n)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        faster = n * WAIT / elapsed
        print(
            f"{n:>3} waits of {WAIT} s in {n:>3} threads: {elapsed:.3f} s,"
            f" {faster:5.1f} times faster"
        )


if __name__ == "__main__":
    main()
