"""One blocking call stalls every task on the loop; asyncio.to_thread moves it away.

A heartbeat task asks to tick every 50 ms. Beside it, one coroutine waits 0.3 s in
three ways: awaiting asyncio.sleep, calling time.sleep (which blocks the thread, and
so the loop), and running time.sleep in a worker thread with asyncio.to_thread.
The longest gap between two ticks shows how long the loop was stuck.
"""

import asyncio
import time

TICK = 0.05  # seconds
WAIT = 0.3


async def heartbeat(gaps: list[float]) -> None:
    last = time.perf_counter()
    while True:
        await asyncio.sleep(TICK)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now


async def awaits() -> None:
    await asyncio.sleep(WAIT)  # the loop runs other tasks meanwhile


async def blocks() -> None:
    time.sleep(WAIT)  # nothing else on this loop runs until it returns


async def offloads() -> None:
    await asyncio.to_thread(time.sleep, WAIT)  # blocks a worker thread instead


async def main() -> None:
    for waiter in (awaits, blocks, offloads):
        gaps: list[float] = []
        beat = asyncio.create_task(heartbeat(gaps))
        await asyncio.sleep(TICK)  # the heartbeat is ticking
        await waiter()
        await asyncio.sleep(TICK)  # let it notice the gap
        beat.cancel()
        longest = max(gaps) * 1000
        print(f"{waiter.__name__:>8}: longest gap between ticks {longest:4.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
