"""Signal handlers are installed by, and run in, the main thread only.

`signal.signal` called from another thread raises `ValueError`. A signal that
arrives while another thread runs still waits for the main thread: Python's C-level
handler only sets a flag, and the main thread runs the Python handler the next
time it executes bytecode. So a main thread stuck in a long C call, or waiting
without a timeout, reacts late.
"""

import signal
import threading


def handler(signum: int, frame) -> None:
    name = threading.current_thread().name
    print(f"handler for {signal.Signals(signum).name} ran in {name}")


def install_from_thread() -> None:
    try:
        signal.signal(signal.SIGINT, handler)
    except ValueError as error:
        print(f"install from {threading.current_thread().name}: {error}")


def main() -> None:
    worker = threading.Thread(target=install_from_thread, name="worker")
    worker.start()
    worker.join()

    previous = signal.signal(signal.SIGINT, handler)  # fine in the main thread
    raiser = threading.Thread(
        target=signal.raise_signal, args=(signal.SIGINT,), name="raiser"
    )
    raiser.start()  # the signal is raised in the raiser thread...
    raiser.join()  # ...and handled here, once the main thread runs again
    signal.signal(signal.SIGINT, previous)
    print("main: done")


if __name__ == "__main__":
    main()
