"""Four simulated downloads, one after another: the baseline for the io_ scripts."""

import time

WAIT = 0.25  # seconds per download


def log(start: float, message: str) -> None:
    print(f"[{time.perf_counter() - start:4.2f} s] {message}")


def download(n: int, start: float) -> None:
    log(start, f"download {n} started")
    time.sleep(WAIT)  # stands in for a blocking network call
    log(start, f"download {n} finished")


def main() -> None:
    start = time.perf_counter()
    for n in range(1, 5):
        download(n, start)


if __name__ == "__main__":
    main()
