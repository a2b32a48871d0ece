"""Signal handlers are installed by, and run in, the main thread only.

`signal.signal` called from another thread raises `ValueError`. Python's C-level
handler only records that a signal came; the main thread runs the Python handler
the next time it checks. A main thread blocked in `Lock.acquire` (and in what is
built on it: `Event.wait`, `Condition.wait`, `Thread.join`) is woken to check, on
POSIX since Python 3.2 and on Windows since 3.14: here Ctrl-C (SIGINT, sent by a
timer thread) ends a wait on a lock that nobody ever releases.
"""

import signal
import threading
import time

TIMEOUT = 2.0  # seconds the main thread would wait if nothing interrupted it
DELAY = 0.2  # when a timer thread "presses Ctrl-C"


def handler(signum: int, frame) -> None:
    name = threading.current_thread().name
    print(f"handler for {signal.Signals(signum).name} ran in {name}")
    raise KeyboardInterrupt  # what the default SIGINT handler does


def install_from_thread() -> None:
    try:
        signal.signal(signal.SIGINT, handler)
    except ValueError as error:
        print(f"install from {threading.current_thread().name}: {error}")


def press_ctrl_c() -> None:
    """Deliver SIGINT as Ctrl-C in a terminal would."""
    if hasattr(signal, "pthread_kill"):  # POSIX: to the main thread, where it lands
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
    else:  # Windows: the console runs the C handler in a thread of its own
        signal.raise_signal(signal.SIGINT)


def main() -> None:
    worker = threading.Thread(target=install_from_thread, name="worker")
    worker.start()
    worker.join()

    previous = signal.signal(signal.SIGINT, handler)  # fine in the main thread
    never_released = threading.Lock()
    never_released.acquire()
    threading.Timer(DELAY, press_ctrl_c).start()
    print(f"main: waiting up to {TIMEOUT} s for a lock nobody releases")
    start = time.perf_counter()
    try:
        never_released.acquire(timeout=TIMEOUT)
        signal.signal(signal.SIGINT, previous)  # a late handler would run here
    except KeyboardInterrupt:
        waited = time.perf_counter() - start
        print(f"main: KeyboardInterrupt after {waited:.2f} s of a {TIMEOUT} s wait")
        signal.signal(signal.SIGINT, previous)


if __name__ == "__main__":
    main()
