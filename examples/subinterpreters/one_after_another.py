"""Two CPU-bound tasks, each in its own subinterpreter, run one after the other.

The baseline for two_threads.py. Subinterpreters have a public API only from Python
3.14 (concurrent.interpreters, PEP 734); before that this uses the private module of
each version, which may change without notice.
"""

import importlib
import sys
import time

TASK = """
def crunch():
    total = 0
    # pure-Python arithmetic, a tenth of a second or so
    for i in range(4_000_000):
        total += i * i
crunch()
"""


# --8<-- [start:api]
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
# --8<-- [end:api]


def main() -> None:
    create, run, close = subinterpreters()
    version = sys.version.split()[0]
    print(f"Python {version}: subinterpreters share the main GIL: {SHARED_GIL}")
    start = time.perf_counter()
    for task in (1, 2):
        interp = create()
        print(f"[{time.perf_counter() - start:5.3f} s] task {task} started")
        run(interp, TASK)
        print(f"[{time.perf_counter() - start:5.3f} s] task {task} finished")
        close(interp)


if __name__ == "__main__":
    main()
