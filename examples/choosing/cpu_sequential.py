"""Two CPU-bound tasks, one after another: the baseline for the other cpu_ scripts."""

import time


def log(start: float, message: str) -> None:
    print(f"[{time.perf_counter() - start:4.2f} s] {message}")


def crunch(task: int, start: float) -> None:
    log(start, f"task {task} started")
    total = 0
    for i in range(9_000_000):  # pure-Python arithmetic, about 0.3 s
        total += i * i
    log(start, f"task {task} finished")


def main() -> None:
    start = time.perf_counter()
    for n in (1, 2):
        crunch(n, start)


if __name__ == "__main__":
    main()
