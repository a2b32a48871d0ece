"""faulthandler's thread limit, and 3.15's max_threads (gh-149085).

faulthandler.dump_traceback(all_threads=True) writes the traceback of every
thread, but stops after 100 threads and writes "..." instead of the rest. The
newest threads come first, so in a process with more threads than that, the main
thread, the oldest, is the one left out. 3.15 adds a keyword-only max_threads
argument, default 100, to dump_traceback, dump_traceback_later, enable and
register. Here 120 threads wait while the main thread dumps them all, with the
default and then, where it exists, with max_threads=200.
"""

import faulthandler
import tempfile
import threading

WAITING = 120  # threads, besides the main one
LIMIT = 100  # threads dumped: fixed before 3.15, the default of max_threads since


def dump(**limit) -> str:
    """The text faulthandler writes for every thread (it needs a real file)."""
    with tempfile.TemporaryFile("w+") as file:
        faulthandler.dump_traceback(file, all_threads=True, **limit)
        file.seek(0)
        return file.read()


def describe(text: str) -> str:
    threads = text.count("Thread 0x") + text.count("Current thread 0x")
    main_shown = "Current thread 0x" in text  # the thread that dumps: the main one
    cut = text.rstrip().endswith("...")
    return f"{threads} dumped, main thread shown: {main_shown}, cut short: {cut}"


def main() -> None:
    stop = threading.Event()
    threads = [threading.Thread(target=stop.wait) for _ in range(WAITING)]
    for thread in threads:
        thread.start()
    try:
        print(f"{WAITING + 1} threads; default: {describe(dump())}")
        try:
            print(f"max_threads=200: {describe(dump(max_threads=200))}")
        except TypeError:  # before 3.15: the limit is fixed
            print(f"max_threads=200: TypeError (new in 3.15; {LIMIT} is fixed)")
    finally:
        stop.set()
        for thread in threads:
            thread.join()


if __name__ == "__main__":
    main()
