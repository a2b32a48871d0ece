"""Pure-Python CPU work, eight tasks shared by N threads: on a GIL build, no faster.

Only the thread holding the GIL executes Python code, and a busy thread is made to
hand the GIL over every switch interval (5 ms by default), so the threads take turns
on one core instead of using several. Run it as ``python cpu_threads.py N``.
"""

import sys
from concurrent.futures import ThreadPoolExecutor

TASKS = 8
# as in cpu_sequential.py
TEXT = b"It was the best of times, it was the worst of times.\n" * 26_400


def count_lines(task: int) -> int:
    lines = 0
    for byte in TEXT:  # holds the GIL: the other threads wait for their turn
        if byte == 10:
            lines += 1
    return lines


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    with ThreadPoolExecutor(max_workers=workers) as pool:
        counts = list(pool.map(count_lines, range(TASKS)))
    print(f"{TASKS} tasks on {workers} threads, each counted {counts[0]:,} lines")


if __name__ == "__main__":
    main()
