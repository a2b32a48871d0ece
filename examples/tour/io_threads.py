"""Four simulated downloads in four threads: the waits overlap.

A blocking call such as time.sleep (or a socket read) releases the GIL while it
waits, so the other threads run in the meantime.
"""

import threading
import time

START = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - START:4.2f} s] {message}")


def download(n: int) -> None:
    log(f"download {n} started")
    time.sleep(0.2)  # stands in for a blocking network call
    log(f"download {n} finished")


def main() -> None:
    threads = [threading.Thread(target=download, args=(n,)) for n in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
