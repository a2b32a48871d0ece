"""Eight short waits on one event loop, at most N at a time: the waits overlap.

One thread runs every coroutine. ``await asyncio.sleep`` hands control back to the
loop, which starts the next task while this one waits. A semaphore lets at most N
tasks wait at once, so N plays the part of the number of workers.
Run it as ``python sleep_asyncio.py N``.
"""

import asyncio
import sys

TASKS = 8
WAIT = 0.1  # seconds per task, as in sleep_sequential.py


async def wait(task: int, slots: asyncio.Semaphore) -> int:
    async with slots:
        await asyncio.sleep(WAIT)  # the loop runs other tasks meanwhile
    return task


async def main(workers: int) -> None:
    slots = asyncio.Semaphore(workers)
    done = await asyncio.gather(*(wait(task, slots) for task in range(TASKS)))
    print(f"{len(done)} waits of {WAIT} s on one event loop, {workers} at a time")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 4))
