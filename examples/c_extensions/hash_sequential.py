"""Two tasks that hash 1 MiB buffers with SHA-256, one after another.

The baseline for hash_threads.py.
"""

import hashlib
import time

DATA = bytes(range(256)) * 4096  # 1 MiB


def checksum(task: int, start: float) -> None:
    print(f"[{time.perf_counter() - start:5.3f} s] task {task} started")
    for _ in range(125):  # 125 MiB per task
        hashlib.sha256(DATA).digest()
    print(f"[{time.perf_counter() - start:5.3f} s] task {task} finished")


def main() -> None:
    start = time.perf_counter()
    for task in (1, 2):
        checksum(task, start)


if __name__ == "__main__":
    main()
