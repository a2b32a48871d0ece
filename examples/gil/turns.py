"""Who runs when: two workers, timed from inside, as threads and as processes.

Each worker does its work in small chunks and notes the time after each one. A pause
much longer than a chunk means the worker was not running: on a GIL build, the other
thread held the lock. The spans each worker ran in are written to timeline.json.
"""

import hashlib
import itertools
import json
import queue
import sys
import threading
import time
from multiprocessing import Process, Queue

PAUSE = 0.0005  # seconds without progress that end a span
DATA = bytes(128 * 1024)


def pure_python() -> None:  # holds the GIL throughout
    total = 0
    for i in range(3_000):
        total += i * i


def sha256() -> None:  # hashlib releases the GIL for data over 2047 bytes
    hashlib.sha256(DATA).digest()


def work(chunk, results) -> None:
    times = [time.perf_counter()]
    for _ in range(500):
        chunk()
        times.append(time.perf_counter())
    results.put(times)


def spans(times: list[float]) -> list[tuple[float, float]]:
    """Runs of progress without a pause longer than PAUSE."""
    found, start = [], times[0]
    for before, after in itertools.pairwise(times):
        if after - before > PAUSE:
            found.append((start, before))
            start = after
    return [*found, (start, times[-1])]


def main() -> None:
    print(f"switch interval: {sys.getswitchinterval() * 1000:g} ms")
    drawn, slices = [], []
    for name, kind, results, chunk in [
        (
            "threads, pure Python",
            threading.Thread,
            queue.SimpleQueue(),
            pure_python,
        ),
        ("processes, pure Python", Process, Queue(), pure_python),
        ("threads, sha256", threading.Thread, queue.SimpleQueue(), sha256),
    ]:
        workers = [kind(target=work, args=(chunk, results)) for _ in range(2)]
        for worker in workers:
            worker.start()
        timings = sorted(results.get() for _ in workers)
        for worker in workers:
            worker.join()
        origin, end = timings[0][0], max(times[-1] for times in timings)
        found = [
            (number, span)
            for number, times in enumerate(timings, 1)
            for span in spans(times)
        ]
        drawn += [
            {"lane": f"{name} {n}", "start": a - origin, "end": b - origin}
            for n, (a, b) in found
        ]
        if name == "threads, pure Python":
            slices = sorted((b - a) * 1000 for _, (a, b) in found)
        print(
            f"{name:22}: both done after {(end - origin) * 1000:3.0f} ms,"
            f" ran in {len(found):2} spans"
        )
    median = slices[len(slices) // 2]
    print(f"pure-Python threads ran in slices of {median:.1f} ms (median)")
    title = "Two workers, each in its own lane: when each one made progress"
    with open("timeline.json", "w") as file:
        json.dump({"title": title, "spans": drawn, "median_slice_ms": median}, file)


if __name__ == "__main__":
    main()
