"""At exit, Python waits for ordinary threads and abandons daemon threads.

When the main thread finishes, the interpreter joins every non-daemon thread, then
runs `atexit` functions, then stops. A daemon thread still running at that point is
stopped where it stands: its `finally` block never runs, so whatever it was writing
or holding is left as it was.
"""

import atexit
import threading
import time

never = threading.Event()  # nobody sets it: the daemon waits forever


def daemon_work() -> None:
    try:
        never.wait()
    finally:
        print("daemon: finally block ran")  # never printed


def ordinary_work() -> None:
    try:
        time.sleep(0.05)  # still running when main() returns
    finally:
        print("ordinary thread: finished, finally block ran")


def main() -> None:
    atexit.register(print, "atexit: runs after the ordinary threads are joined")
    threading.Thread(target=daemon_work, daemon=True).start()
    threading.Thread(target=ordinary_work).start()
    print("main: returning without joining either thread")


if __name__ == "__main__":
    main()
