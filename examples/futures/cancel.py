"""Only a future that has not started can be cancelled; shutdown can cancel many.

Two workers, twenty 20 ms jobs: two start at once, eighteen wait in the queue.
`cancel()` succeeds on a waiting future and fails on a running one (a thread cannot
be stopped from outside). `shutdown(cancel_futures=True)` (3.9+) cancels every
job still waiting, then waits only for the running ones.
"""

import time
from concurrent.futures import ThreadPoolExecutor


def job(number: int) -> int:
    time.sleep(0.02)
    return number


def main() -> None:
    pool = ThreadPoolExecutor(max_workers=2)
    futures = [pool.submit(job, n) for n in range(20)]
    time.sleep(0.005)  # let the workers pick up the first jobs
    print(f"cancel() on job 0 (running): {futures[0].cancel()}")
    print(f"cancel() on job 19 (waiting): {futures[19].cancel()}")

    pool.shutdown(wait=True, cancel_futures=True)
    cancelled = sum(f.cancelled() for f in futures)
    finished = sum(f.done() and not f.cancelled() for f in futures)
    print(f"after shutdown(cancel_futures=True): {finished} finished, ", end="")
    print(f"{cancelled} cancelled, of {len(futures)}")


if __name__ == "__main__":
    main()
