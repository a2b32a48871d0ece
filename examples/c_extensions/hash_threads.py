"""The two tasks of hash_sequential.py, in two threads: they run at the same time.

hashlib releases the GIL while its C code hashes more than 2047 bytes at once, so
the two threads can compute on two cores at once, even on a GIL build. A thread
needs the GIL back only between two calls. The last line says how many cores the
threads kept busy: the process's processor time over the time both ran, until the
first finished.
"""

import hashlib
import sys
import threading
import time

DATA = bytes(range(256)) * 4096  # 1 MiB


def checksum(task: int, start: float, finished: list) -> None:
    # one write: lines never mix
    sys.stdout.write(
        f"[{time.perf_counter() - start:5.3f} s] task {task} started\n"
    )
    for _ in range(125):  # 125 MiB per task
        # the GIL is released while the buffer is hashed
        hashlib.sha256(DATA).digest()
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
