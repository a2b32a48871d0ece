"""What an idle asyncio task and an idle thread cost in memory.

Ten thousand tasks and then a thousand threads are started, all waiting on an event,
and the growth of this process's resident memory (pages actually in RAM) is divided
by their number. A thread also reserves address space for its stack, most of which
is never touched. It reads /proc/self/statm, which only Linux has: on macOS and
Windows the script says so instead.
"""

import asyncio
import json
import os
import threading

TASKS = 10_000
THREADS = 1_000
STATM = "/proc/self/statm"  # Linux only


def memory_kib() -> tuple[float, float]:
    """(resident, virtual) size of this process in KiB."""
    with open(STATM) as statm:
        virtual, resident = statm.read().split()[:2]
    page = os.sysconf("SC_PAGE_SIZE") / 1024
    return int(resident) * page, int(virtual) * page


async def idle_tasks() -> float:
    event = asyncio.Event()
    before, _ = memory_kib()
    tasks = [asyncio.create_task(event.wait()) for _ in range(TASKS)]
    await asyncio.sleep(0)  # let every task start and block
    after, _ = memory_kib()
    event.set()
    await asyncio.gather(*tasks)
    return (after - before) / TASKS


def idle_threads() -> tuple[float, float]:
    event = threading.Event()
    before, reserved_before = memory_kib()
    threads = [threading.Thread(target=event.wait) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    after, reserved_after = memory_kib()
    event.set()
    for thread in threads:
        thread.join()
    return (after - before) / THREADS, (reserved_after - reserved_before) / THREADS


def main() -> None:
    if not os.path.exists(STATM):
        print(f"this OS has no {STATM} (Linux only): no resident memory to show")
        return
    task = asyncio.run(idle_tasks())  # first: freed memory would be reused
    thread, reserved = idle_threads()
    print(f"measured over {TASKS:,} idle tasks and {THREADS:,} idle threads")
    print(f"one idle task:   {task:6.1f} KiB resident")
    print(
        f"one idle thread: {thread:6.1f} KiB resident, {reserved:,.0f} KiB reserved"
    )
    bars = [{"label": "task", "value": task}, {"label": "thread", "value": thread}]
    chart = {"title": "Resident memory of one idle task or thread", "unit": "KiB"}
    with open("memory.json", "w") as file:
        json.dump({**chart, "bars": bars}, file)


if __name__ == "__main__":
    main()
