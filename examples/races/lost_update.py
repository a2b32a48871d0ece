"""A read-modify-write that hands over the GIL in its middle loses updates.

Each thread reads the counter, does something that may let another thread run (here
time.sleep(0); a log write, a network call or acquiring a lock would do the same),
then writes back what it read plus one. Meanwhile another thread wrote too.
"""

import threading
import time

THREADS, TIMES = 4, 500
counter = 0


def add() -> None:
    global counter
    for _ in range(TIMES):
        value = counter
        time.sleep(0)  # anything that may release the GIL
        counter = value + 1


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
