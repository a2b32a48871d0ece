"""Results as they finish (as_completed), the first one (wait), and a timeout.

Three jobs take 60, 20 and 40 ms. `as_completed` yields each future when it is
done, so the fastest comes first whatever the order of submission. `wait` with
`FIRST_COMPLETED` returns as soon as one is done. `result(timeout=...)` gives up
waiting, but does not stop the job: the job keeps its worker until it ends.
"""

import time
from concurrent.futures import (
    FIRST_COMPLETED,
    ThreadPoolExecutor,
    TimeoutError,
    as_completed,
    wait,
)


def job(ms: int) -> int:
    time.sleep(ms / 1000)
    return ms


def main() -> None:
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = [pool.submit(job, ms) for ms in (60, 20, 40)]
        print("submitted: 60, 20, 40 ms")
        print("as_completed:", [f.result() for f in as_completed(futures)])

        futures = [pool.submit(job, ms) for ms in (60, 20, 40)]
        done, pending = wait(futures, return_when=FIRST_COMPLETED)
        print(f"wait: {len(done)} done, {len(pending)} still running")

        slow = pool.submit(job, 100)
        try:
            slow.result(timeout=0.01)
        except TimeoutError:
            print(f"result(timeout=0.01): TimeoutError; running? {slow.running()}")
    print(f"after the with block: the slow job returned {slow.result()}")


if __name__ == "__main__":
    main()
