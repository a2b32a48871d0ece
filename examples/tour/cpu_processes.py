"""Two CPU-bound tasks in two processes: each has its own interpreter and GIL.

The tasks run at the same time on two cores. The guard below matters: with the
spawn and forkserver start methods, each child imports this file again.
"""

import time
from multiprocessing import Process

DATA = bytes(range(256)) * 4096  # 1 MiB holding every byte value


def crunch(task: int, start: float) -> None:
    print(f"[{time.perf_counter() - start:4.2f} s] task {task} started", flush=True)
    newlines = 0
    for _ in range(32):  # 32 MiB, one byte at a time in pure Python: about 0.3 s
        for byte in DATA:
            if byte == 10:
                newlines += 1
    print(f"[{time.perf_counter() - start:4.2f} s] task {task} finished", flush=True)


def main() -> None:
    start = time.perf_counter()
    processes = [Process(target=crunch, args=(task, start)) for task in (1, 2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()


if __name__ == "__main__":
    main()
