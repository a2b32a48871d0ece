"""Four simulated downloads, tasks on one event loop: one thread, overlapping waits.

While a coroutine awaits, the loop runs the others. Nothing here runs in parallel:
the loop is a single thread and holds the GIL whenever it runs Python code.
"""

import asyncio
import time

WAIT = 0.25  # seconds per download


def log(start: float, message: str) -> None:
    print(f"[{time.perf_counter() - start:4.2f} s] {message}")


async def download(n: int, start: float) -> None:
    log(start, f"download {n} started")
    await asyncio.sleep(WAIT)  # stands in for awaiting a socket
    log(start, f"download {n} finished")


async def main() -> None:
    start = time.perf_counter()
    await asyncio.gather(*(download(n, start) for n in range(1, 5)))


if __name__ == "__main__":
    asyncio.run(main())
