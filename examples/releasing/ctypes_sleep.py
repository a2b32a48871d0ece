"""A C function called through ctypes: CDLL releases the GIL, PyDLL keeps it.

Two threads each call the C library's `usleep` twice for 30 ms. Loaded with
`ctypes.CDLL`, the call runs with the GIL released, so the threads wait at the same
time; loaded with `ctypes.PyDLL`, the GIL stays held for the whole call and the
other thread waits for it. `time.sleep`, written in C inside CPython, releases it.
"""

import ctypes
import ctypes.util
import sys
import threading
import time

PAUSE = 0.03  # seconds per call
CALLS = 2  # calls per thread


def in_two_threads(sleep) -> float:
    """Run `sleep(PAUSE)` CALLS times in each of two threads; return the seconds."""

    def work() -> None:
        for _ in range(CALLS):
            sleep(PAUSE)

    started = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def main() -> None:
    name = ctypes.util.find_library("c")
    if sys.platform == "win32" or name is None:
        print("skipped: no C library with usleep found (POSIX only)")
        return
    released = ctypes.CDLL(name).usleep
    held = ctypes.PyDLL(name).usleep
    print(f"all calls one after another: {2 * CALLS * PAUSE:.3f} s")
    print(f"CDLL usleep : {in_two_threads(lambda s: released(int(s * 1e6))):.3f} s")
    print(f"PyDLL usleep: {in_two_threads(lambda s: held(int(s * 1e6))):.3f} s")
    print(f"time.sleep  : {in_two_threads(time.sleep):.3f} s")


if __name__ == "__main__":
    main()
