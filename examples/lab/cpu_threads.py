"""Pure-Python CPU work, eight tasks shared by N threads: on a GIL build, no faster.

Only the thread holding the GIL executes Python code, and a busy thread is made to
hand the GIL over every switch interval (5 ms by default), so the threads take turns
on one core instead of using several. The last line divides the process's processor
time by the time from the first task's start to the last one's end: the cores the
threads kept busy while they ran. Run it as ``python cpu_threads.py N``.
"""

import sys
import time
from concurrent.futures import ThreadPoolExecutor

TASKS = 8
# as in cpu_sequential.py
TEXT = b"It was the best of times, it was the worst of times.\n" * 26_400


def count_lines(task: int) -> tuple:
    started = time.perf_counter(), time.process_time()
    lines = 0
    for byte in TEXT:  # holds the GIL: the other threads wait for their turn
        if byte == 10:
            lines += 1
    # process_time counts every thread of the process
    return lines, started, (time.perf_counter(), time.process_time())


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(count_lines, range(TASKS)))
    counts, starts, ends = zip(*results, strict=True)
    (wall_0, cpu_0), (wall_1, cpu_1) = min(starts), max(ends)
    busy = (cpu_1 - cpu_0) / (wall_1 - wall_0)
    print(f"{TASKS} tasks on {workers} threads, each counted {counts[0]:,} lines")
    print(f"while they ran: {busy:.2f} cores kept busy on average")


if __name__ == "__main__":
    main()
