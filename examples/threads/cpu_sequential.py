"""Two CPU-bound tasks, one after another: the baseline for cpu_threads.py."""

import time

DATA = bytes(range(256)) * 4096  # 1 MiB holding every byte value


def crunch(task: int, start: float) -> None:
    print(f"[{time.perf_counter() - start:4.2f} s] task {task} started")
    newlines = 0
    for _ in range(32):  # 32 MiB, one byte at a time in pure Python: about 0.3 s
        for byte in DATA:
            if byte == 10:
                newlines += 1
    print(f"[{time.perf_counter() - start:4.2f} s] task {task} finished")


def main() -> None:
    start = time.perf_counter()
    for task in (1, 2):
        crunch(task, start)


if __name__ == "__main__":
    main()
