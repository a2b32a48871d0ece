"""Handing work between threads with queue.Queue, and stopping the consumers.

The queue has its own lock: items go in and out whole, and each one reaches one
consumer. To stop the consumers, Python 3.13 added Queue.shutdown(): once the
queue is empty, get() raises queue.ShutDown in every waiting consumer. Before 3.13
the usual way is one sentinel item (None) per consumer.
"""

import queue
import threading

CONSUMERS, ITEMS = 3, 300
STOP = None  # the sentinel, for versions without shutdown()


def consume(jobs: queue.Queue, done: list) -> None:
    while True:
        try:
            item = jobs.get()
        except getattr(queue, "ShutDown", ()):  # 3.13+: the queue was shut down
            return
        if item is STOP:
            return
        done.append(item * item)  # list.append is one operation: safe


def main() -> None:
    has_shutdown = hasattr(queue.Queue, "shutdown")
    how = "Queue.shutdown()" if has_shutdown else "one None sentinel per consumer"
    print(f"this Python stops consumers with {how}")
    jobs: queue.Queue = queue.Queue()
    done: list = []
    threads = [
        threading.Thread(target=consume, args=(jobs, done))
        for _ in range(CONSUMERS)
    ]
    for thread in threads:
        thread.start()
    for item in range(ITEMS):
        jobs.put(item)
    if has_shutdown:
        jobs.shutdown()  # consumers finish what is queued, then get() raises
    else:
        for _ in range(CONSUMERS):
            jobs.put(STOP)
    for thread in threads:
        thread.join()
    print(f"{len(done)} of {ITEMS} items processed, {ITEMS - len(done)} missing")


if __name__ == "__main__":
    main()
