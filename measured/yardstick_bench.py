"""pyperf's benchmarks of what the start-cost listings time (run by measured/yardstick.py).

    PYTHONPATH=<a folder holding pyperf> python3.14 measured/yardstick_bench.py -o out.json

Run as a script by the interpreter measured, master and workers alike, with nothing but
the standard library and pyperf: it imports no other module of this package. It times
what examples/start_methods/costs.py and examples/subinterpreters/start_cost.py time
(a process started and joined with each start method, a thread, a subinterpreter
started, run and closed), each the same call, whose target lives in this file as
theirs lives in the listing. This file is the main module of each pyperf worker, as a
listing is of its run: a spawned child runs the top of it again (so does a forkserver
child up to Python 3.13), so the top imports what a listing's top imports, and pyperf
is imported under the main guard.

fork is timed from a child of the worker, not the worker itself: having imported
pyperf, the worker is a third bigger than a listing's process, and a fork copies its
process's page tables, so from the worker every fork would take longer than from a
listing.
"""

import importlib
import multiprocessing
import sys
import threading
import time


def nothing() -> None:
    """The whole job of each child, thread and subinterpreter."""


def start_process(context) -> None:
    child = context.Process(target=nothing)
    child.start()
    child.join()


def forks_timed(connection) -> None:
    """A process the size of a listing's: for each number of loops asked, the seconds that
    many forks took, each started and joined; 0 ends it."""
    context = multiprocessing.get_context("fork")
    while loops := connection.recv():
        started = time.perf_counter()
        for _ in range(loops):
            start_process(context)
        connection.send(time.perf_counter() - started)


class ForksInASmallProcess:
    """pyperf's time function for fork: ``loops`` forks timed in a spawned child of this file."""

    def __init__(self) -> None:
        self.connection = None

    def __call__(self, loops: int) -> float:
        if self.connection is None:  # started on first use: in a worker, never in pyperf's master
            self.connection, theirs = multiprocessing.Pipe()
            spawn = multiprocessing.get_context("spawn")
            spawn.Process(target=forks_timed, args=(theirs,)).start()  # not a daemon: it forks
            import atexit

            atexit.register(self.connection.send, 0)  # ended before multiprocessing joins it
        self.connection.send(loops)
        return self.connection.recv()


def start_thread() -> None:
    thread = threading.Thread(target=nothing)
    thread.start()
    thread.join()


def subinterpreters():
    """Create, run and close, as examples/subinterpreters/start_cost.py finds them."""
    try:
        from concurrent import interpreters  # public since 3.14
    except ImportError:
        low = importlib.import_module("_interpreters" if sys.version_info >= (3, 13) else "_xxsubinterpreters")
        return low.create, low.run_string, low.destroy
    return interpreters.create, lambda interp, code: interp.exec(code), lambda interp: interp.close()


def start_subinterpreter(create, run, close) -> None:
    interp = create()
    run(interp, "pass")
    close(interp)


def main() -> None:
    import pyperf

    runner = pyperf.Runner()
    offered = multiprocessing.get_all_start_methods()
    if "fork" in offered:
        runner.bench_time_func("fork", ForksInASmallProcess())
    for method in ("forkserver", "spawn"):
        if method in offered:
            runner.bench_func(method, start_process, multiprocessing.get_context(method))
    runner.bench_func("thread", start_thread)
    runner.bench_func("subinterpreter", start_subinterpreter, *subinterpreters())


if __name__ == "__main__":
    main()
