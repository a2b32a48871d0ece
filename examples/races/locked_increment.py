"""The four threads of plain_increment.py, with a lock around every `counter += 1`.

Correct on every build; the difference in run time from plain_increment.py is what
half a million acquire-and-release pairs cost.
"""

import threading

THREADS, TIMES = 4, 125_000
counter = 0
lock = threading.Lock()


def add() -> None:
    global counter
    for _ in range(TIMES):
        with lock:
            counter += 1


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
