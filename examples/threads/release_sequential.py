"""Two tasks that checksum and compress data, one after another.

The baseline for release_threads.py.
"""

import hashlib
import time
import zlib

# 1 MiB of text-like data: 64 KiB repeated, farther apart than zlib's 32 KiB window
BLOCK = " ".join(str(i * i) for i in range(7_000)).encode()[: 64 * 1024] * 16


def pack(task: int, start: float) -> None:
    print(f"[{time.perf_counter() - start:5.3f} s] task {task} started")
    for _ in range(2):
        hashlib.sha256(BLOCK).hexdigest()
        zlib.compress(BLOCK)
    print(f"[{time.perf_counter() - start:5.3f} s] task {task} finished")


def main() -> None:
    start = time.perf_counter()
    for task in (1, 2):
        pack(task, start)


if __name__ == "__main__":
    main()
