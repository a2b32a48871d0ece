"""TaskGroup and asyncio.timeout (3.11+): when one task fails, the others stop.

`async with asyncio.TaskGroup()` waits for all its tasks; if one raises, it cancels
the rest and raises the failures together as an `ExceptionGroup`. `async with
asyncio.timeout(s)` cancels the work inside it after `s` seconds and raises
`TimeoutError`. Both replace error-prone patterns built on `gather` and `wait_for`.
"""

import asyncio
import sys


async def step(name: str, seconds: float, log: list) -> None:
    try:
        await asyncio.sleep(seconds)
        if name == "bad":
            raise ValueError("bad input")
        log.append(f"{name} finished")
    except asyncio.CancelledError:
        log.append(f"{name} cancelled")
        raise


async def demo() -> None:
    log = []
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(step("slow", 1.0, log))
            group.create_task(step("bad", 0.01, log))
            group.create_task(step("fast", 0.001, log))
    # an ExceptionGroup; code for 3.11+ only can write `except* ValueError:`
    except Exception as group:
        log.append(f"{type(group).__name__}: {group.exceptions!r}")
    print("\n".join(log))

    try:
        async with asyncio.timeout(0.02):
            await asyncio.sleep(1.0)
    except TimeoutError:
        print("asyncio.timeout: the 1 s sleep was cancelled after 20 ms")


def main() -> None:
    if sys.version_info < (3, 11):
        print("skipped: TaskGroup and asyncio.timeout need Python 3.11+")
        return
    asyncio.run(demo())


if __name__ == "__main__":
    main()
