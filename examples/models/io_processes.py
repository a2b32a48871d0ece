"""Four simulated downloads in four processes: waits overlap, at a start-up price.

Waiting needs no processor, so processes overlap waits as well as threads do; each
one costs more to start, and anything it returned would have to be pickled.
"""

import time
from multiprocessing import Process

WAIT = 0.25  # seconds per download


def log(start: float, message: str) -> None:
    # one write per line, so that lines printed by several processes never mix
    print(f"[{time.perf_counter() - start:4.2f} s] {message}\n", end="", flush=True)


def download(n: int, start: float) -> None:
    log(start, f"download {n} started")
    time.sleep(WAIT)  # stands in for a blocking network call
    log(start, f"download {n} finished")


def main() -> None:
    start = time.perf_counter()
    processes = [Process(target=download, args=(n, start)) for n in range(1, 5)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()


if __name__ == "__main__":
    main()
