"""The tasks of small_hash_sequential.py, in two threads, take turns on a GIL build.

hashlib keeps the GIL for data of 2047 bytes or less: releasing and re-acquiring it
would cost more than hashing 1 KiB. Each call, and the Python loop around it, runs
with the GIL held, so only one thread works at a time. The last line says how many
cores the threads kept busy: the process's processor time over the time both
ran, until the first finished.
"""

import hashlib
import sys
import threading
import time

PIECE = bytes(range(256)) * 4  # 1 KiB: under hashlib's 2048-byte threshold


def checksum(task: int, start: float, finished: list) -> None:
    # one write: lines never mix
    sys.stdout.write(
        f"[{time.perf_counter() - start:5.3f} s] task {task} started\n"
    )
    for _ in range(50_000):
        hashlib.sha256(PIECE).digest()  # the GIL stays held
    finished.append((time.perf_counter(), time.process_time()))
    sys.stdout.write(
        f"[{time.perf_counter() - start:5.3f} s] task {task} finished\n"
    )


def main() -> None:
    finished = []  # (wall, processor) time as each task finished
    start = time.perf_counter()
    processor_start = time.process_time()  # the processor time of all its threads
    threads = [
        threading.Thread(target=checksum, args=(task, start, finished))
        for task in (1, 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # while both ran (until the first finished), processor seconds per second:
    # 2 if both hashed all along, 1 if in turns
    first_wall, first_processor = min(finished)
    busy = (first_processor - processor_start) / (first_wall - start)
    print(f"while both ran: {busy:.2f} cores kept busy on average")


if __name__ == "__main__":
    main()
