"""Hand work to threads with queue.Queue: workers, a stop sentinel, q.join().

The queue does the locking: `put` and `get` are safe from any thread, and `get`
waits while the queue is empty. `task_done` after each job lets `jobs.join()` wait
until every job is finished; one `None` per worker then tells each to stop.
Results come back on a second queue, so no thread touches another's data.
"""

import queue
import threading

WORKERS = 3


def worker(jobs: queue.Queue, results: queue.Queue) -> None:
    while True:
        job = jobs.get()
        if job is None:  # the sentinel: no more work
            jobs.task_done()
            return
        results.put((job, job * job))
        jobs.task_done()


def main() -> None:
    jobs, results = queue.Queue(), queue.Queue()
    threads = [
        threading.Thread(target=worker, args=(jobs, results))
        for _ in range(WORKERS)
    ]
    for thread in threads:
        thread.start()
    for job in range(10):
        jobs.put(job)
    jobs.join()  # returns once task_done was called for every put
    print(f"{results.qsize()} results after jobs.join()")
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        thread.join()
    squares = dict(results.get() for _ in range(results.qsize()))
    print("squares:", [squares[n] for n in sorted(squares)])


if __name__ == "__main__":
    main()
