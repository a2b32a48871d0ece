"""Two CPU-bound tasks gathered on an event loop, each run in a thread by to_thread.

A coroutine that computes never awaits, so the loop cannot run anything beside it;
the best asyncio offers is to hand the work to a thread. On a GIL build that thread
still needs the GIL to compute, so the two tasks take turns: no faster than one
after the other. (Handed to a process pool, they could use two cores.)
"""

import asyncio
import time

DATA = bytes(range(256)) * 4096  # 1 MiB holding every byte value


def log(start: float, message: str) -> None:
    # one write per line, so that lines printed by several threads never mix
    print(f"[{time.perf_counter() - start:5.3f} s] {message}\n", end="", flush=True)


def crunch(task: int, start: float) -> None:
    log(start, f"task {task} started")
    newlines = 0
    for _ in range(16):  # 16 MiB, one byte at a time, in pure Python
        for byte in DATA:
            if byte == 10:
                newlines += 1
    log(start, f"task {task} finished")


async def main() -> None:
    start = time.perf_counter()
    await asyncio.gather(*(asyncio.to_thread(crunch, n, start) for n in (1, 2)))


if __name__ == "__main__":
    asyncio.run(main())
