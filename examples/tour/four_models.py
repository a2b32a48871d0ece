"""Each model on one workload, drawn on one timeline.

Two tasks, each waiting 0.1 s (as for a server's reply) and then computing in pure
Python. Each model runs both: one after the other, in two threads, in two processes,
and as two asyncio tasks. Every task notes when its waiting and its computing began
and ended; the spans go to timeline.json, each model's timed from its own start (a
process pool's included), so that the lanes line up, with how long each model's
computing lasted against the two tasks computing one after the other.
"""

import asyncio
import json
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

WAIT = 0.1  # seconds each task waits
COUNT = 1_500_000  # pure-Python additions each task computes


def compute() -> int:
    total = 0
    for number in range(COUNT):
        total += number
    return total


def spans(started: float, waited: float, done: float) -> list:
    return [("waiting", started, waited), ("computing", waited, done)]


def task() -> list:
    """Wait, then compute; the spans of each, as (what, start, end)."""
    started = time.perf_counter()
    time.sleep(WAIT)
    waited = time.perf_counter()
    compute()
    return spans(started, waited, time.perf_counter())


async def async_task() -> list:
    started = time.perf_counter()
    await asyncio.sleep(WAIT)
    waited = time.perf_counter()
    compute()  # no await inside: the event loop runs nothing else meanwhile
    return spans(started, waited, time.perf_counter())


async def two_tasks() -> list:
    return await asyncio.gather(async_task(), async_task())


def run(model: str) -> list:
    """Both tasks, run by one model: the spans of each task."""
    if model == "sequential":
        return [task(), task()]
    if model == "asyncio":
        return asyncio.run(two_tasks())
    pool_of = ThreadPoolExecutor if model == "threads" else ProcessPoolExecutor
    with pool_of(max_workers=2) as pool:
        futures = [pool.submit(task) for _ in range(2)]
        return [future.result() for future in futures]


def main() -> None:
    compute()  # once, untimed: a first run is slower (CPython specialises the loop)
    drawn, computing = [], {}
    for model in ("sequential", "threads", "processes", "asyncio"):
        origin = time.perf_counter()
        tasks = run(model)
        took = time.perf_counter() - origin
        print(f"{model:>10}: both done in {took * 1000:4.0f} ms")
        computing[model] = [
            (a, b) for one in tasks for what, a, b in one if what == "computing"
        ]
        for number, one in enumerate(tasks, 1):
            lane = model if model == "sequential" else f"{model}: task {number}"
            drawn += [
                {"lane": lane, "kind": what, "start": a - origin, "end": b - origin}
                for what, a, b in one
            ]
    # how long the two tasks' computing lasted, first start to last end, against
    # both computing one after the other: about 1 when they took turns, about a
    # half on two cores at once
    both = sum(b - a for a, b in computing["sequential"])
    together = {}
    for model, spans in computing.items():
        lasted = max(b for a, b in spans) - min(a for a, b in spans)
        together[f"{model}_together"] = lasted / both
    title = "Two tasks, each waiting then computing, in the four models"
    with open("timeline.json", "w") as file:
        axis = "time since the model started"
        json.dump({"title": title, "axis": axis, "spans": drawn, **together}, file)


if __name__ == "__main__":
    main()
