"""Four simulated downloads in four threads: the waits overlap.

A blocking call such as time.sleep (or a socket read) releases the GIL while it
waits, so the other threads run in the meantime.
"""

import threading
import time

WAIT = 0.25  # seconds per download


def log(start: float, message: str) -> None:
    # one write per line, so that lines printed by several threads never mix
    print(f"[{time.perf_counter() - start:4.2f} s] {message}\n", end="", flush=True)


def download(n: int, start: float) -> None:
    log(start, f"download {n} started")
    time.sleep(WAIT)  # stands in for a blocking network call
    log(start, f"download {n} finished")


def main() -> None:
    start = time.perf_counter()
    threads = [
        threading.Thread(target=download, args=(n, start)) for n in range(1, 5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
