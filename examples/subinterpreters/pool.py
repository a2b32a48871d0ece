"""The two tasks of one_after_another.py in an InterpreterPoolExecutor (3.14+).

concurrent.futures.InterpreterPoolExecutor is a ThreadPoolExecutor whose workers
each run in a subinterpreter of their own, with its own GIL, so they can compute
on two cores at once. Each task here is source code handed to exec(), which every
interpreter has: nothing needs to be imported from this script. The pool is started
before the clock starts, as a pool is meant to be reused; the last line says how
many cores the workers kept busy while both ran (until the first finished). Before
3.14 the executor does not exist, and the script says so.
"""

import sys
import time
from concurrent.futures import FIRST_COMPLETED, wait

TASK = """
def crunch():
    total = 0
    # pure-Python arithmetic, as in one_after_another.py
    for i in range(4_000_000):
        total += i * i


crunch()
"""


def log(start: float, message: str) -> None:
    sys.stdout.write(f"[{time.perf_counter() - start:5.3f} s] {message}\n")


def main() -> None:
    version = sys.version.split()[0]
    try:
        from concurrent.futures import InterpreterPoolExecutor
    except ImportError:
        print(f"Python {version}: no InterpreterPoolExecutor (new in 3.14)")
        return
    print(f"Python {version}: two tasks, a pool of two interpreters")
    with InterpreterPoolExecutor(max_workers=2) as pool:
        # a pool is made to be reused: start both workers' interpreters first
        warm_up = "import time; time.sleep(0.05)"
        for future in [pool.submit(exec, warm_up) for _ in range(2)]:
            future.result()
        start = time.perf_counter()
        processor_start = time.process_time()  # all its threads': the workers'
        futures = [pool.submit(exec, TASK) for _ in range(2)]
        log(start, "both tasks submitted to the started pool")
        wait(futures, return_when=FIRST_COMPLETED)
        # while both ran, processor seconds per second: 2 if both computed all along
        elapsed = time.perf_counter() - start
        busy = (time.process_time() - processor_start) / elapsed
        for future in futures:
            future.result()  # raises here any exception the task raised
        log(start, "both tasks finished")
        print(f"while both ran: {busy:.2f} cores kept busy on average")


if __name__ == "__main__":
    main()
