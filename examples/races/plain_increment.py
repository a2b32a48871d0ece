"""Four threads add 1 to a shared counter 125,000 times each, with no lock.

On the GIL builds of Python 3.10 and later this usually ends exact: see the page for
why, and why that is luck rather than a promise.
"""

import threading

THREADS, TIMES = 4, 125_000
counter = 0


def add() -> None:
    global counter
    for _ in range(TIMES):
        counter += 1  # read, add, write back: three steps


def main() -> None:
    threads = [threading.Thread(target=add) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lost = THREADS * TIMES - counter
    print(f"expected {THREADS * TIMES:,}, got {counter:,}: {lost:,} updates lost")


if __name__ == "__main__":
    main()
