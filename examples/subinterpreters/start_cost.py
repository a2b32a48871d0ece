"""What it costs to start a subinterpreter, beside a thread and a process.

Each kind is started, runs nothing, and is stopped: once to warm up, then seven
times; the script prints the median. A subinterpreter starts with nothing imported:
any module the work needs is imported again inside it, which costs extra. fork
exists on POSIX systems only: on Windows the script says so and times spawn alone.
"""

import importlib
import json
import multiprocessing
import statistics
import sys
import threading
import time


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


def median_ms(start_and_stop, *args, times: int = 7) -> float:
    start_and_stop(*args)  # warm-up
    taken = []
    for _ in range(times):
        started = time.perf_counter()
        start_and_stop(*args)
        taken.append((time.perf_counter() - started) * 1000)
    return statistics.median(taken)


def main() -> None:
    costs = {
        "thread": median_ms(start_thread),
        "subinterpreter": median_ms(start_subinterpreter, *subinterpreters()),
    }
    offered = multiprocessing.get_all_start_methods()
    for method in ("fork", "spawn"):
        if method in offered:
            # a spawned process takes tenths of a second: three are enough
            costs[method] = median_ms(
                start_process, multiprocessing.get_context(method), times=3
            )
    print(f"Python {sys.version.split()[0]}: start, run nothing, stop")
    for kind, ms in costs.items():
        print(f"{kind:>15}: {ms:6.2f} ms")
    if "fork" not in offered:
        print(f"{'fork':>15}: not offered by this OS (POSIX only)")
    labels = {"fork": "process (fork)", "spawn": "process (spawn)"}
    bars = [
        {"label": labels.get(kind, kind), "value": round(ms, 3)}
        for kind, ms in costs.items()
    ]
    with open("start_cost.json", "w") as file:
        json.dump(
            {
                "title": "Start, run nothing, stop",
                "unit": "ms",
                "bars": bars,
                **costs,
            },
            file,
        )


if __name__ == "__main__":
    main()
