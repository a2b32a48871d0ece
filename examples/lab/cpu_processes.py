"""Pure-Python CPU work, eight tasks shared by N processes: each has its own GIL.

The processes compute at the same time, on as many cores as the machine lets this
program use. Only the task number goes to a worker and only the count comes back,
so almost nothing is pickled. The ``__main__`` guard matters: with the spawn and
forkserver start methods every worker imports this file.
Run it as ``python cpu_processes.py N``.
"""

import sys
from concurrent.futures import ProcessPoolExecutor

TASKS = 8
# as in cpu_sequential.py
TEXT = b"It was the best of times, it was the worst of times.\n" * 26_400


def count_lines(task: int) -> int:
    lines = 0
    for byte in TEXT:
        if byte == 10:
            lines += 1
    return lines


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    with ProcessPoolExecutor(max_workers=workers) as pool:
        counts = list(pool.map(count_lines, range(TASKS)))
    print(f"{TASKS} tasks in {workers} processes, each counted {counts[0]:,} lines")


if __name__ == "__main__":
    main()
