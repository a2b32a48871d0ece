"""What starting a process costs with each start method: fork, forkserver and spawn.

fork copies this process; forkserver asks a small server process (started on first
use) to fork a copy of itself; spawn starts a fresh interpreter, which imports this
file again. Each method starts a child that does nothing and waits for it to exit.

A start takes milliseconds, and one start timed alone is mostly noise, so the script
times them as pyperf does: it doubles a loop of starts until the loop lasts 50 ms
(those first loops are the warm-up), then times 3 such loops and keeps each mean.
It prints their median and half their interquartile range (the spread), and writes
every mean to start_cost.json: one process varies less than several do, so a figure
worth quoting pools the values of several runs, as pyperf's worker processes do.

fork and forkserver exist on POSIX systems only: Windows offers spawn alone, and
the script says which methods this OS lacks instead of timing them.
"""

import multiprocessing
import time

# Nothing else is imported at the top: a spawned child runs the top of this file
# again (so does a forkserver child up to Python 3.13: main_again.py), and an import
# here would be part of every start timed.

METHODS = ("fork", "forkserver", "spawn")
LOOP_MS = 50  # the shortest loop worth timing
VALUES = 3  # loops timed, after the warm-up


def nothing() -> None:
    """The child's whole job."""


def start_and_join(context: multiprocessing.context.BaseContext) -> None:
    child = context.Process(target=nothing)
    child.start()
    child.join()


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

    print(f"default start method here: {multiprocessing.get_start_method()}")
    chart = {"title": "Start and join one process", "unit": "ms", "bars": []}
    for method in METHODS:
        if method not in multiprocessing.get_all_start_methods():
            print(f"{method:>10}: not offered by this OS (POSIX only)")
            continue
        context = multiprocessing.get_context(method)
        first = per_call_ms(1, start_and_join, context)  # forkserver starts here
        values = calibrated_ms(start_and_join, context)
        ms, spread = median_and_spread(values)
        first_start = f"{method:>10}: first start {first:5.1f} ms"
        print(f"{first_start}, then {ms:5.2f} ms ± {spread:.2f}")
        chart[method] = values
        chart["bars"].append({"label": method, "value": ms, "spread": spread})
    with open("start_cost.json", "w") as file:
        json.dump(chart, file)


if __name__ == "__main__":
    main()
