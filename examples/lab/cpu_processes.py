"""Pure-Python CPU work, eight tasks shared by N processes: each has its own GIL.

The processes compute at the same time, on as many cores as the machine lets this
program use. Only the task number goes to a worker, and only the count comes back
with the task's processor time and when it ran, so almost nothing is pickled. The
last line divides the tasks' processor time by the time from the first start to the
last end: the cores the workers kept busy while they ran. The ``__main__`` guard
matters: with the spawn and forkserver start methods every worker imports this file.
Run it as ``python cpu_processes.py N``.
"""

import sys
import time
from concurrent.futures import ProcessPoolExecutor

TASKS = 8
# as in cpu_sequential.py
TEXT = b"It was the best of times, it was the worst of times.\n" * 26_400


def count_lines(task: int) -> tuple:
    started, cpu = time.perf_counter(), time.process_time()
    lines = 0
    for byte in TEXT:
        if byte == 10:
            lines += 1
    # perf_counter is one clock for every process, process_time this worker's own
    return lines, time.process_time() - cpu, started, time.perf_counter()


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(count_lines, range(TASKS)))
    counts, cpu, starts, ends = zip(*results, strict=True)
    busy = sum(cpu) / (max(ends) - min(starts))
    print(f"{TASKS} tasks in {workers} processes, each counted {counts[0]:,} lines")
    print(f"while they ran: {busy:.2f} cores kept busy on average")


if __name__ == "__main__":
    main()
