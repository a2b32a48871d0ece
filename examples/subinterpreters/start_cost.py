"""What it costs to start a subinterpreter, beside a thread and a process.

Each kind is started, runs nothing, and is stopped. One start takes from a tenth of
a millisecond to tens of them, too short to time alone, so the script times them as
pyperf does: it doubles a loop of starts until the loop lasts 50 ms (those first
loops are the warm-up), then times 3 such loops and keeps each mean. It prints their
median and half their interquartile range (the spread), and writes every mean to
start_cost.json, for a figure that pools the values of several runs (as pyperf's
worker processes do: one process varies less than several). A subinterpreter starts
with nothing imported: any module the work needs is imported again inside it, which
costs extra. fork exists on POSIX systems only: on Windows the script says so and
times spawn alone.
"""

import importlib
import multiprocessing
import sys
import threading
import time

# Nothing else is imported at the top: a spawned child runs the top of this file
# again, and an import here would be part of every start timed.

LOOP_MS = 50  # the shortest loop worth timing
VALUES = 3  # loops timed, after the warm-up


def subinterpreters():
    """Functions to create a subinterpreter, run source code in it, and close it.

    See one_after_another.py.
    """
    try:
        from concurrent import interpreters  # public since 3.14
    except ImportError:
        # private: _interpreters in 3.13, _xxsubinterpreters in 3.8 to 3.12
        low = importlib.import_module(
            "_interpreters" if sys.version_info >= (3, 13) else "_xxsubinterpreters"
        )
        return low.create, low.run_string, low.destroy
    return (
        interpreters.create,
        lambda interp, code: interp.exec(code),
        lambda interp: interp.close(),
    )


def nothing() -> None:
    """The whole job of each thread, subinterpreter and process."""


def start_thread() -> None:
    thread = threading.Thread(target=nothing)
    thread.start()
    thread.join()


def start_subinterpreter(create, run, close) -> None:
    interp = create()
    run(interp, "pass")
    close(interp)


def start_process(context) -> None:
    process = context.Process(target=nothing)
    process.start()
    process.join()


def per_call_ms(loops: int, call, *args) -> float:
    """The mean milliseconds of ``call(*args)`` over a loop of ``loops`` calls."""
    started = time.perf_counter()
    for _ in range(loops):
        call(*args)
    return (time.perf_counter() - started) * 1000 / loops


def calibrated_ms(call, *args) -> list:
    """VALUES means, each of a loop of calls lasting LOOP_MS or more."""
    loops = 1
    while per_call_ms(loops, call, *args) * loops < LOOP_MS:  # warm-up
        loops *= 2
    return [per_call_ms(loops, call, *args) for _ in range(VALUES)]


def median_and_spread(values: list) -> tuple:
    """The median, and half the interquartile range."""
    import statistics

    first, _, third = statistics.quantiles(values, n=4, method="inclusive")
    return statistics.median(values), (third - first) / 2


def main() -> None:
    import json

    offered = multiprocessing.get_all_start_methods()
    # Processes are timed first: on 3.12 and 3.13 a closed subinterpreter can
    # leave memory behind (python/cpython#110411), and forking a bigger process
    # takes longer.
    processes = {
        method: calibrated_ms(start_process, multiprocessing.get_context(method))
        for method in ("fork", "spawn")
        if method in offered
    }
    costs = {
        "thread": calibrated_ms(start_thread),
        "subinterpreter": calibrated_ms(start_subinterpreter, *subinterpreters()),
        **processes,
    }
    print(f"Python {sys.version.split()[0]}: start, run nothing, stop")
    chart = {"title": "Start, run nothing, stop", "unit": "ms", "bars": []}
    labels = {"fork": "process (fork)", "spawn": "process (spawn)"}
    for kind, values in costs.items():
        ms, spread = median_and_spread(values)
        print(f"{kind:>15}: {ms:6.2f} ms ± {spread:.2f}")
        chart[kind] = values
        bar = {"label": labels.get(kind, kind), "value": ms, "spread": spread}
        chart["bars"].append(bar)
    if "fork" not in offered:
        print(f"{'fork':>15}: not offered by this OS (POSIX only)")
    with open("start_cost.json", "w") as file:
        json.dump(chart, file)


if __name__ == "__main__":
    main()
