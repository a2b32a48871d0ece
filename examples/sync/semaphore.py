"""A Semaphore lets at most N threads into a section at once.

Six threads each "download" for 20 ms, but a `BoundedSemaphore(2)` admits two at a
time: the rest wait at `with slots:`. The script records how many were inside at
the worst moment. (A bounded semaphore also raises if released more often than
acquired, which catches a class of bugs a plain `Semaphore` hides.)
"""

import threading
import time

slots = threading.BoundedSemaphore(2)
count_lock = threading.Lock()
inside = most = 0


def download() -> None:
    global inside, most
    with slots:
        with count_lock:
            inside += 1
            most = max(most, inside)
        time.sleep(0.02)  # the limited resource: a connection, a licence
        with count_lock:
            inside -= 1


def main() -> None:
    threads = [threading.Thread(target=download) for _ in range(6)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    print(f"6 threads, at most {most} inside at once, {elapsed * 1000:.0f} ms")


if __name__ == "__main__":
    main()
