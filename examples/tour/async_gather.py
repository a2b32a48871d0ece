"""Four simulated requests gathered on one event loop: one thread, overlapping waits.

While a coroutine awaits, the loop runs the others. Nothing here runs in parallel:
the loop is a single thread and holds the GIL whenever it runs Python code.
"""

import asyncio
import time

START = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - START:4.2f} s] {message}")


async def request(n: int) -> None:
    log(f"request {n} sent")
    await asyncio.sleep(0.2)  # stands in for waiting on a socket
    log(f"request {n} answered")


async def main() -> None:
    await asyncio.gather(*(request(n) for n in range(1, 5)))


if __name__ == "__main__":
    asyncio.run(main())
