"""The event loop is a thread like any other: each time it wakes, it needs the GIL.

A coroutine sleeps 10 ms, twenty times, and measures how late each wake-up is:
first with the loop alone, then while a second thread runs pure-Python code. To
resume the coroutine the loop needs the GIL; the busy thread holds it and hands it
over only when asked to, after the switch interval (5 ms by default).
"""

import asyncio
import statistics
import sys
import threading
import time

TICK = 0.01  # seconds
TICKS = 20


def spin(stop: threading.Event) -> None:
    count = 0
    while not stop.is_set():  # pure Python: needs the GIL all the time
        count += 1


async def mean_lateness_ms() -> float:
    late = []
    for _ in range(TICKS):
        started = time.perf_counter()
        await asyncio.sleep(TICK)
        late.append(time.perf_counter() - started - TICK)
    return statistics.mean(late) * 1000


async def main() -> None:
    print(f"switch interval: {sys.getswitchinterval() * 1000:.1f} ms")
    late = await mean_lateness_ms()
    print(f"loop alone:           wake-ups {late:5.2f} ms late on average")
    stop = threading.Event()
    busy = threading.Thread(target=spin, args=(stop,))
    busy.start()
    try:
        late = await mean_lateness_ms()
    finally:
        stop.set()
        busy.join()
    print(f"beside a busy thread: wake-ups {late:5.2f} ms late on average")


if __name__ == "__main__":
    asyncio.run(main())
