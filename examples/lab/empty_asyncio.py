"""Eight coroutines that do nothing, at most N at a time: the model's fixed cost.

Timed from outside, this run is the interpreter's start-up, the import of
``asyncio`` (a large package), creating and closing an event loop, and scheduling
eight tasks, and no work. Run it as ``python empty_asyncio.py N``.
"""

import asyncio
import sys

TASKS = 8


async def nothing(task: int, slots: asyncio.Semaphore) -> int:
    async with slots:
        return task


async def main(workers: int) -> None:
    slots = asyncio.Semaphore(workers)
    done = await asyncio.gather(*(nothing(task, slots) for task in range(TASKS)))
    print(
        f"{len(done)} tasks that do nothing, on one event loop, {workers} at a time"
    )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 4))
