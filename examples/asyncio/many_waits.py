"""Ten thousand tasks wait 0.5 s each on one thread: about half a second in all.

Each task awaits asyncio.sleep, which hands control back to the event loop; the loop
notes when to wake the task and runs the next one. The waits overlap, so the whole
batch takes about as long as one wait, plus the loop's bookkeeping.
"""

import asyncio
import threading
import time

TASKS = 10_000
WAIT = 0.5  # seconds


async def wait() -> None:
    await asyncio.sleep(WAIT)  # stands in for waiting on a socket


async def main() -> None:
    started = time.perf_counter()
    await asyncio.gather(*(wait() for _ in range(TASKS)))
    elapsed = time.perf_counter() - started
    threads = threading.active_count()
    print(
        f"{TASKS:,} waits of {WAIT} s on {threads} thread: {elapsed:.3f} s in all"
    )
    print(f"the same waits one after another: {TASKS * WAIT:,.0f} s")


if __name__ == "__main__":
    asyncio.run(main())
