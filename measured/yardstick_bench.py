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
"""

import importlib
import multiprocessing
import sys
import threading


def nothing() -> None:
    """The whole job of each child, thread and subinterpreter."""


def start_process(context) -> None:
    child = context.Process(target=nothing)
    child.start()
    child.join()


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
    for method in ("fork", "forkserver", "spawn"):
        if method in multiprocessing.get_all_start_methods():
            runner.bench_func(method, start_process, multiprocessing.get_context(method))
    runner.bench_func("thread", start_thread)
    runner.bench_func("subinterpreter", start_subinterpreter, *subinterpreters())


if __name__ == "__main__":
    main()
