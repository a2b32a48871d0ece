"""The same read-modify-write as lost_update.py, under a lock: no update is lost.

Only one thread at a time can hold the lock, so no other thread can write between
this thread's read and its write, whatever happens in between.
"""

import threading
import time

THREADS, TIMES = 4, 500
counter = 0
lock = threading.Lock()


def add() -> None:
    global counter
    for _ in range(TIMES):
        with lock:
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
