"""Two tasks that compress 1.5 MB of text with zlib, one after another.

The baseline for compress_threads.py.
"""

import time
import zlib

# 1.5 MB of text-like data: a 74 KB block repeated, farther apart than
# zlib's 32 KiB window
TEXT = "\n".join(f"line {i}: {i * i}" for i in range(4_000)).encode() * 20


def pack(task: int, start: float) -> None:
    print(f"[{time.perf_counter() - start:5.3f} s] task {task} started")
    for _ in range(2):
        zlib.compress(TEXT)
    print(f"[{time.perf_counter() - start:5.3f} s] task {task} finished")


def main() -> None:
    start = time.perf_counter()
    for task in (1, 2):
        pack(task, start)


if __name__ == "__main__":
    main()
