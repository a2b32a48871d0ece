"""Two CPU-bound tasks gathered on an event loop, each sent to a thread with to_thread.

A coroutine that computes never awaits, so the loop cannot run anything beside it;
the best asyncio offers is to hand the work to a thread. On a GIL build that thread
still needs the GIL to compute, so the two tasks take turns: no faster than one
after the other. (Handing them to a process pool would use both cores.)
"""

import asyncio
import time


def log(start: float, message: str) -> None:
    # one write per line, so that lines printed by several threads never mix
    print(f"[{time.perf_counter() - start:4.2f} s] {message}\n", end="", flush=True)


def crunch(task: int, start: float) -> None:
    log(start, f"task {task} started")
    total = 0
    for i in range(9_000_000):  # pure-Python arithmetic, about 0.3 s
        total += i * i
    log(start, f"task {task} finished")


async def main() -> None:
    start = time.perf_counter()
    await asyncio.gather(*(asyncio.to_thread(crunch, n, start) for n in (1, 2)))


if __name__ == "__main__":
    asyncio.run(main())
