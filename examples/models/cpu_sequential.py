"""Two CPU-bound tasks, one after another: the baseline for the cpu_ scripts."""

import time

DATA = bytes(range(256)) * 4096  # 1 MiB holding every byte value


def log(start: float, message: str) -> None:
    print(f"[{time.perf_counter() - start:5.3f} s] {message}")


def crunch(task: int, start: float) -> None:
    log(start, f"task {task} started")
    newlines = 0
    for _ in range(16):  # 16 MiB, one byte at a time, in pure Python
        for byte in DATA:
            if byte == 10:
                newlines += 1
    log(start, f"task {task} finished")


def main() -> None:
    start = time.perf_counter()
    for n in (1, 2):
        crunch(n, start)


if __name__ == "__main__":
    main()
