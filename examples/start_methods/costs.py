"""What starting a process costs with each start method: fork, forkserver and spawn.

Each method starts a child that does nothing and waits for it to exit, once to warm
up and then three times; the script prints the average. fork copies this process;
forkserver asks a small server process (started on first use) to fork a copy of
itself; spawn starts a fresh interpreter, which imports this file again.

fork and forkserver exist on POSIX systems only: Windows offers spawn alone, and
the script says which methods this OS lacks instead of timing them.
"""

import json
import multiprocessing
import time

METHODS = ("fork", "forkserver", "spawn")
STARTS = 3


def nothing() -> None:
    """The child's whole job."""


def start_and_join(context: multiprocessing.context.BaseContext) -> float:
    """Milliseconds to start one child and wait for it to exit."""
    started = time.perf_counter()
    child = context.Process(target=nothing)
    child.start()
    child.join()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    print(f"default start method here: {multiprocessing.get_start_method()}")
    per_process = {}
    for method in METHODS:
        if method not in multiprocessing.get_all_start_methods():
            print(f"{method:>10}: not offered by this OS (POSIX only)")
            continue
        context = multiprocessing.get_context(method)
        first = start_and_join(context)  # forkserver starts its server here
        then = sum(start_and_join(context) for _ in range(STARTS)) / STARTS
        per_process[method] = then
        print(
            f"{method:>10}: first start {first:5.1f} ms, then {then:5.1f} ms each"
        )
    bars = [
        {"label": name, "value": round(ms, 2)} for name, ms in per_process.items()
    ]
    chart = {"title": "Start and join one process", "unit": "ms", "bars": bars}
    with open("start_cost.json", "w") as file:
        json.dump({**chart, **per_process}, file)


if __name__ == "__main__":
    main()
