"""Four simulated requests awaited one after another: the baseline for async_gather.py."""

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
    for n in range(1, 5):
        await request(n)


if __name__ == "__main__":
    asyncio.run(main())
