"""The two tasks of one_after_another.py, each in its own subinterpreter and thread.

Since Python 3.12 each subinterpreter has its own GIL (PEP 684), so two threads,
each running code in a different subinterpreter, can compute on two cores at once.
Before 3.12 subinterpreters share the main interpreter's GIL, and only one runs at
a time. The last line says how many cores the threads kept busy: the process's
processor time over the time both ran, until the first finished.
"""

import importlib
import sys
import threading
import time

TASK = """
def crunch():
    total = 0
    # pure-Python arithmetic, a tenth of a second or so
    for i in range(4_000_000):
        total += i * i
crunch()
"""


def subinterpreters():
    """Functions to create a subinterpreter, run source code in it, and close it."""
    try:
        from concurrent import interpreters  # public since 3.14
    except ImportError:
        # private: _interpreters in 3.13, _xxsubinterpreters in 3.8 to 3.12
        low = importlib.import_module(
            "_interpreters" if sys.version_info >= (3, 13) else "_xxsubinterpreters"
        )

        def run(interp, code: str) -> None:
            # 3.13 returns the failure instead of raising it
            failure = low.run_string(interp, code)
            if failure is not None:
                raise RuntimeError(failure)

        return low.create, run, low.destroy
    return (
        interpreters.create,
        lambda interp, code: interp.exec(code),
        lambda interp: interp.close(),
    )


# PEP 684 gave each subinterpreter its own GIL in 3.12
SHARED_GIL = sys.version_info < (3, 12)


# --8<-- [start:threads]
def main() -> None:
    create, run, close = subinterpreters()
    version = sys.version.split()[0]
    print(f"Python {version}: subinterpreters share the main GIL: {SHARED_GIL}")
    finished = []  # (wall, processor) time as each task finished
    start = time.perf_counter()
    processor_start = time.process_time()  # the processor time of all its threads

    def work(task: int) -> None:
        interp = create()
        # one write: no mixing
        sys.stdout.write(
            f"[{time.perf_counter() - start:5.3f} s] task {task} started\n"
        )
        # this thread switches to the subinterpreter (3.12+: and to its GIL)
        run(interp, TASK)
        finished.append((time.perf_counter(), time.process_time()))
        sys.stdout.write(
            f"[{time.perf_counter() - start:5.3f} s] task {task} finished\n"
        )
        close(interp)

    threads = [threading.Thread(target=work, args=(task,)) for task in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # while both ran (until the first finished), processor seconds per second:
    # 2 if both computed all along, 1 if in turns
    first_wall, first_processor = min(finished)
    busy = (first_processor - processor_start) / (first_wall - start)
    print(f"while both ran: {busy:.2f} cores kept busy on average")


# --8<-- [end:threads]


if __name__ == "__main__":
    main()
