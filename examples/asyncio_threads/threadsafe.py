"""Waking an event loop from another thread: call_soon versus call_soon_threadsafe.

The loop below waits on a future with nothing else to do but a 100 ms timer. A
thread finishes some work and asks the loop to set the future's result. With
`loop.call_soon` the callback is queued but the sleeping loop is not woken: it
runs only when the loop wakes up for its own reasons. `call_soon_threadsafe` also
writes to the loop's wake-up pipe, so the loop runs the callback at once.
"""

import asyncio
import threading
import time


async def wait_for_thread(method_name: str) -> float:
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    loop.call_later(0.1, lambda: None)  # the loop's only other reason to wake

    def worker() -> None:
        time.sleep(0.01)  # some work in the thread
        schedule = getattr(loop, method_name)
        schedule(done.set_result, time.perf_counter())

    threading.Thread(target=worker).start()
    asked_at = await done
    return (time.perf_counter() - asked_at) * 1000


def main() -> None:
    for method in ("call_soon", "call_soon_threadsafe"):
        delay = asyncio.run(wait_for_thread(method))
        print(f"{method:20}: callback ran {delay:6.1f} ms after the thread asked")


if __name__ == "__main__":
    main()
