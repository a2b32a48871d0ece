"""Two CPU-bound tasks in two processes, each with its own interpreter and GIL.

The guard at the bottom matters: with the spawn and forkserver start methods, each
child imports this file again. Each task sends back the share of its time it spent
on a core (its processor time over its wall time: 1.0 if it never waited for one).
The two work at the same time, so the last line, the sum of their shares, is how
many cores they kept busy while they worked.
"""

import time
from multiprocessing import Process, Queue

DATA = bytes(range(256)) * 4096  # 1 MiB holding every byte value


def log(start: float, message: str) -> None:
    # one write per line, so that lines printed by several processes never mix
    print(f"[{time.perf_counter() - start:5.3f} s] {message}\n", end="", flush=True)


def crunch(task: int, start: float, on_core: Queue) -> None:
    log(start, f"task {task} started")
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    newlines = 0
    for _ in range(16):  # 16 MiB, one byte at a time, in pure Python
        for byte in DATA:
            if byte == 10:
                newlines += 1
    # this process's processor time over its wall time
    share = (time.process_time() - cpu_start) / (time.perf_counter() - wall_start)
    on_core.put(share)
    log(start, f"task {task} finished")


def main() -> None:
    on_core = Queue()  # each task puts the share of its time it had a core
    start = time.perf_counter()
    processes = [Process(target=crunch, args=(n, start, on_core)) for n in (1, 2)]
    for process in processes:
        process.start()
    busy = sum(on_core.get() for _ in processes)  # empty the queue before joining
    for process in processes:
        process.join()
    print(f"both finished: {busy:.2f} cores kept busy on average")


if __name__ == "__main__":
    main()
