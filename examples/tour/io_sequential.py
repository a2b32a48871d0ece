"""Four simulated downloads, one after another: the baseline for io_threads.py."""

import time

START = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - START:4.2f} s] {message}")


def download(n: int) -> None:
    log(f"download {n} started")
    time.sleep(0.2)  # stands in for a blocking network call
    log(f"download {n} finished")


def main() -> None:
    for n in range(1, 5):
        download(n)


if __name__ == "__main__":
    main()
