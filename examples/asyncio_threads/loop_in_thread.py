"""An event loop in a background thread, fed from ordinary code in the main thread.

A loop belongs to the thread that runs it, and one thread runs one loop at a time.
Synchronous code (a GUI, a web framework's worker, a script) can still use async
libraries: start a loop in a thread of its own, then hand it coroutines with
`asyncio.run_coroutine_threadsafe`, which returns a `concurrent.futures.Future`
that the calling thread can wait on.
"""

import asyncio
import threading


async def fetch(item: int) -> str:
    await asyncio.sleep(0.02)  # stands for an async network call
    return f"item {item} from {threading.current_thread().name}"


def main() -> None:
    loop = asyncio.new_event_loop()
    runner = threading.Thread(target=loop.run_forever, name="loop-thread")
    runner.start()
    try:
        futures = [
            asyncio.run_coroutine_threadsafe(fetch(n), loop) for n in range(3)
        ]
        for future in futures:
            print(future.result(timeout=1))  # blocks this thread, not the loop
        print(f"the caller is {threading.current_thread().name}")
    finally:
        loop.call_soon_threadsafe(loop.stop)
        runner.join()
        loop.close()


if __name__ == "__main__":
    main()
