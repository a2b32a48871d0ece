"""Two tasks that hash many 1 KiB pieces, one after another.

The baseline for small_hash_threads.py.
"""

import hashlib
import time

PIECE = bytes(range(256)) * 4  # 1 KiB: under hashlib's 2048-byte threshold


def checksum(task: int, start: float) -> None:
    print(f"[{time.perf_counter() - start:5.3f} s] task {task} started")
    for _ in range(50_000):
        hashlib.sha256(PIECE).digest()
    print(f"[{time.perf_counter() - start:5.3f} s] task {task} finished")


def main() -> None:
    start = time.perf_counter()
    for task in (1, 2):
        checksum(task, start)


if __name__ == "__main__":
    main()
