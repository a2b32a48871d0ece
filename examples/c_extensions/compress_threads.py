"""The two tasks of compress_sequential.py, in two threads: they run in parallel.

zlib releases the GIL while deflate works on the buffer, so the threads can
compress on two cores at once, even on a GIL build. The last line says how many
cores the threads kept busy: the process's processor time over the time both ran,
until the first finished.
"""

import sys
import threading
import time
import zlib

# 1.5 MB of text-like data: a 74 KB block repeated, farther apart than
# zlib's 32 KiB window
TEXT = "\n".join(f"line {i}: {i * i}" for i in range(4_000)).encode() * 20


def pack(task: int, start: float, finished: list) -> None:
    # one write: lines never mix
    sys.stdout.write(
        f"[{time.perf_counter() - start:5.3f} s] task {task} started\n"
    )
    for _ in range(2):
        zlib.compress(TEXT)  # the GIL is released while deflate runs
    finished.append((time.perf_counter(), time.process_time()))
    sys.stdout.write(
        f"[{time.perf_counter() - start:5.3f} s] task {task} finished\n"
    )


def main() -> None:
    finished = []  # (wall, processor) time as each task finished
    start = time.perf_counter()
    processor_start = time.process_time()  # the processor time of all its threads
    threads = [
        threading.Thread(target=pack, args=(task, start, finished))
        for task in (1, 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # while both ran (until the first finished), processor seconds per second:
    # 2 if both compressed all along, 1 if in turns
    first_wall, first_processor = min(finished)
    busy = (first_processor - processor_start) / (first_wall - start)
    print(f"while both ran: {busy:.2f} cores kept busy on average")


if __name__ == "__main__":
    main()
