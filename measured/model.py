"""The workload model: how long a program's tasks take under each concurrency model, from this build's costs.

A program is ``tasks`` tasks (N), each waiting ``wait`` seconds (W: I/O, which needs no
core and no GIL), computing ``python`` seconds of pure Python (C: a core and, on a GIL
build, the GIL) and ``native`` seconds of C code that releases the GIL (D: a core only),
and passing ``payload`` bytes in and as many out (B), run by ``workers`` workers (k) on
``cores`` cores (K). The predicted wall time leaves out the interpreter's own start-up::

    rounds   = ceil(N / k)                        each worker takes its tasks one after another
    span(x)  = rounds · (W + C + D + x)           the busiest worker, x extra per task
    parallel = min(k, K)                          cores the workers can use at once
    sequential      = N · (W + C + D)
    threads         = pool + max(span(h), N·C·g, N·(C + D) / parallel)   the GIL: N·C in turns, g each
    no-GIL threads  = pool + max(span(0), N·(C + D) / parallel)
    asyncio         = loop + max(span(0), N·(C + D))                   one thread computes everything
    processes       = pool(m) + max(span(x), N·(C + D + x) / parallel, N·x)   x = round trip + 2·B·byte cost
    subinterpreters = k · start + max(span(0), N·(C + D) / parallel)   own GIL from 3.12

where a pool costs what the lab's pool of one worker took, and each further worker's start.
Every cost (``pool``, ``x``, ``h``...) is one of :data:`PARAMETERS`, measured by a listing of
the site and read in the claim language (:mod:`measured.claims`), or a fact the interpreter
reported (its switch interval ``h``, its start methods). A cost that was not measured is left
out, never guessed: the prediction is then a lower bound, and says which costs it lacks.

:func:`predict` is the formula, over plain data (the JSON the site publishes, which
``docs/javascripts/predict.js`` reads: ``tests/test_predict.py`` runs both on the same
inputs); :func:`predict_lab` applies it to the lab's own scripts, for the claims that
compare it with what the lab measured (``predicted(ex)`` in a claim).

This module imports nothing of the runner: the verdicts of those claims depend on it, so
it is part of the rule that decides them (:data:`measured.memory.RULE`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["BY_NAME", "FACTS", "LIMITS", "METHODS", "PARAMETERS", "UNMEASURED", "WHOLE", "Parameter", "Prediction"]
__all__ += ["Workload", "lab_case", "lab_reads", "lab_script", "predict", "predict_lab"]

METHODS = ("fork", "forkserver", "spawn")


@dataclass(frozen=True)
class Parameter:
    """A cost the model reads from this build's measurements."""

    name: str
    label: str
    """A few words for the calculator's list of what a prediction rests on."""
    expression: str
    """How it is read, in the claim language, from one folder's results (seconds, or seconds per byte)."""
    means: str
    """What it is, in a phrase."""
    page: str
    """Where the site shows the measurement: a page and its section."""
    unit: str = "s"
    """``s`` (seconds), ``s/byte``, or ``×`` (a ratio)."""
    when: str = "always"
    """Where it means something, as a claim's ``when=`` (measured.claims.WHEN): elsewhere it is not read."""

    @property
    def folder(self) -> str:
        return re.search(r"'([a-z_]+)/", self.expression)[1]


LAB = "lab.md#reading-a-speed-up-fixed-cost-and-work"
STARTS = "processes.md#starting-a-process-fork-forkserver-spawn"
SUBINTERPRETER = "subinterpreters.md#what-it-costs-to-start-one"
PICKLING = "processes.md#pickling-every-argument-is-copied"
PARAMETERS = (
    Parameter(
        "startup", "interpreter start-up", "wall('lab/startup.py')", "starting and stopping the interpreter", LAB
    ),
    Parameter(
        "threads_pool",
        "pool of threads",
        "wall('lab/empty_threads.py 1') - wall('lab/startup.py')",
        "a pool of one thread: importing concurrent.futures, starting and joining the thread",
        LAB,
    ),
    Parameter(
        "processes_pool",
        "pool of processes",
        "wall('lab/empty_processes.py 1') - wall('lab/startup.py')",
        "a pool of one process, started by the default start method, and stopped",
        LAB,
    ),
    Parameter(
        "asyncio_loop",
        "event loop",
        "wall('lab/empty_asyncio.py 1') - wall('lab/startup.py')",
        "importing asyncio, running an event loop and closing it",
        LAB,
    ),
    Parameter(
        "thread_start",
        "thread start",
        "data('subinterpreters/start_cost.py', 'start_cost.json', 'thread') / 1000",
        "starting one more thread, running nothing, joining it",
        SUBINTERPRETER,
    ),
    Parameter(
        "subinterpreter_start",
        "subinterpreter start",
        "data('subinterpreters/start_cost.py', 'start_cost.json', 'subinterpreter') / 1000",
        "creating a subinterpreter, running nothing in it, closing it",
        SUBINTERPRETER,
    ),
    *(
        parameter
        for method in METHODS
        for parameter in (
            Parameter(
                f"{method}_first",
                f"first {method} start",
                f"printed('start_methods/costs.py', '{method}: first start +([0-9.]+) ms') / 1000",
                f"the first process started with {method}",
                STARTS,
            ),
            Parameter(
                f"{method}_then",
                f"{method} start",
                f"data('start_methods/costs.py', 'start_cost.json', '{method}') / 1000",
                f"each later process started with {method}",
                STARTS,
            ),
        )
    ),
    Parameter(
        "gil_turns",
        "GIL turns",
        "1 / work_speedup('free_threading/cpu_sequential.py', 'free_threading/cpu_threads.py')",
        "how much longer two threads took over pure-Python work than one after the other: taking turns",
        "free-threading.md#what-it-buys-two-threads-on-every-interpreter",
        unit="×",
        when="gil",
    ),
    Parameter(
        "round_trip",
        "task round trip",
        "printed('processes/pickling.py', 'small int: +([0-9.]+) ms') / 1000",
        "a task and its result through a process pool's pipes",
        PICKLING,
    ),
    Parameter(
        "byte_cost",
        "bytes to a process",
        "(printed('processes/pickling.py', 'round trip, bytes.*: +([0-9.]+) ms')"
        " - printed('processes/pickling.py', 'small int: +([0-9.]+) ms')) / 1000 / (2 * 4e6)",
        "one byte of a bytes object pickled, sent to a worker and unpickled (4 MB there and back)",
        PICKLING,
        unit="s/byte",
    ),
)
BY_NAME = {parameter.name: parameter for parameter in PARAMETERS}
# What the model reads besides the measured costs: (a label, what it is, where the site shows it)
FACTS = {
    "switch_interval": (
        "switch interval",
        "how long a thread may keep the GIL while another waits for it (sys.getswitchinterval())",
        "gil.md#the-convoy-effect",
    ),
    "slowdown": (
        "free-threaded slowdown",
        "how much longer the free-threaded build took over the same pure-Python work on one thread",
        "free-threading.md#what-it-buys-two-threads-on-every-interpreter",
    ),
}
# Costs no listing of the site measures: a prediction that needs one is a lower bound, and says so.
UNMEASURED = {
    "interpreters_pool": "setting up a pool of subinterpreters",
    "interpreters_payload": "passing data to a subinterpreter",
}

# The inputs a reader may give: a whole number of tasks and workers, times and sizes neither
# negative nor absurd (a day per task, a gigabyte each way, a million workers).
LIMITS = {
    "tasks": (1, 10**7),
    "wait": (0, 86_400),
    "python": (0, 86_400),
    "native": (0, 86_400),
    "payload": (0, 10**9),
    "workers": (1, 10**6),
    "cores": (1, 4096),
}
WHOLE = ("tasks", "workers", "cores")


@dataclass(frozen=True)
class Workload:
    """A program: N tasks of the same kind, and the workers and cores to run them."""

    tasks: int
    wait: float  # seconds per task of waiting: I/O, a timer
    python: float  # seconds per task of pure-Python computing
    native: float  # seconds per task of C code that releases the GIL
    payload: float  # bytes per task passed in, and as many out
    workers: int
    cores: float  # a reader's: a whole number; the lab's: its measured parallel capacity

    @classmethod
    def checked(cls, **given: object) -> Workload:
        """A reader's workload, once every input is a number within LIMITS; ValueError naming the first that is not."""
        for name, (low, high) in LIMITS.items():
            value = given.get(name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
                raise ValueError(f"{name}: {value!r} is not a number")
            if name in WHOLE and value != int(value):
                raise ValueError(f"{name}: {value!r} is not a whole number")
            if not low <= value <= high:
                raise ValueError(f"{name}: {value!r} is not between {low:,} and {high:,}")
        return cls(**given)


@dataclass(frozen=True)
class Prediction:
    """One model's predicted wall time for a workload."""

    model: str  # "threads", "processes (spawn)"...
    seconds: float | None  # None: the model does not apply here (``unavailable`` says why)
    rests_on: tuple[str, ...] = ()  # the parameters and facts it used
    left_out: tuple[str, ...] = ()  # costs it needed that were not measured: then it is a lower bound
    unavailable: str = ""


class Costs:
    """An interpreter's costs as published (``values``: seconds, None where not measured), read
    by the formula, remembering which it used and which it had to leave out."""

    def __init__(self, values: Mapping[str, float | None]) -> None:
        self.values, self.used, self.missing = values, [], []

    def __call__(self, *names: str) -> float:
        total = 0.0
        for name in names:
            value = self.values.get(name)
            (self.missing if value is None else self.used).append(name)
            total += 0.0 if value is None else max(0.0, value)  # a difference of two noisy medians can dip below 0
        return total

    def prediction(self, model: str, seconds: float, *facts: str) -> Prediction:
        used = tuple(dict.fromkeys([*self.used, *facts]))
        return Prediction(model, seconds, used, tuple(dict.fromkeys(self.missing)))


def predict(work: Workload, interpreter: Mapping) -> list[Prediction]:
    """Every model's predicted wall time for ``work`` on ``interpreter``: a mapping as the site
    publishes it for each machine and interpreter (:func:`measured.predict.interpreter_entry`):
    ``values`` (every parameter, None where not measured), ``gil``, ``version`` ([3, 13]),
    ``start_methods``, ``default_method``, ``switch_interval``, and ``free_threaded``: the
    entry of the free-threaded build of the same version on the same machine, with its
    ``slowdown`` on pure Python, or None."""
    n, k, w, c, d = work.tasks, work.workers, work.wait, work.python, work.native
    rounds, parallel = math.ceil(n / k), min(k, work.cores)

    def span(extra: float) -> float:
        return rounds * (w + c + d + extra)

    found = [Prediction("sequential", n * (w + c + d))]
    found.append(_threads(work, interpreter, "threads"))
    if interpreter["gil"]:
        twin = interpreter.get("free_threaded")
        if twin:
            slower = Workload(n, w, c * twin["slowdown"], d, work.payload, k, work.cores)
            threads = _threads(slower, twin, "free-threaded threads")
            found.append(Prediction(threads.model, threads.seconds, (*threads.rests_on, "slowdown"), threads.left_out))
        else:
            found.append(Prediction("free-threaded threads", None, unavailable="no free-threaded build measured"))
    costs = Costs(interpreter["values"])
    found.append(costs.prediction("asyncio", costs("asyncio_loop") + max(span(0), n * (c + d))))
    default, pooled = interpreter["default_method"], interpreter["values"].get("processes_pool") is not None
    for method in interpreter["start_methods"]:
        costs = Costs(interpreter["values"])
        if method == default and pooled:  # the lab's pool of one, and each process more
            pool = costs("processes_pool") + (k - 1) * costs(f"{method}_then")
        else:  # the pool's own set-up, then this method's first start and each one more
            setup = max(0.0, costs("processes_pool") - costs(f"{default}_first")) if pooled else costs("processes_pool")
            pool = setup + costs(f"{method}_first") + (k - 1) * costs(f"{method}_then")
        extra = costs("round_trip") + 2 * work.payload * costs("byte_cost")
        seconds = pool + max(span(extra), n * (c + d + extra) / parallel, n * extra)
        found.append(costs.prediction(f"processes ({method})", seconds))
    if tuple(interpreter["version"]) >= (3, 12):
        costs = Costs(interpreter["values"])
        seconds = k * costs("subinterpreter_start") + max(span(0), n * (c + d) / parallel)
        costs.missing += ["interpreters_pool"] + (["interpreters_payload"] if work.payload else [])
        found.append(costs.prediction("subinterpreters", seconds))
    else:
        found.append(Prediction("subinterpreters", None, unavailable="no GIL of their own before Python 3.12"))
    return found


def _threads(work: Workload, interpreter: Mapping, model: str) -> Prediction:
    """A pool of threads: with the GIL, the pure-Python parts take turns (each hand-over costing time:
    ``gil_turns``), and a thread back from a wait or from C code waits for the GIL up to a switch
    interval while another computes."""
    n, k, w, c, d = work.tasks, work.workers, work.wait, work.python, work.native
    costs = Costs(interpreter["values"])
    pool = costs("threads_pool") + (k - 1) * costs("thread_start")
    parallel = min(k, work.cores)
    if not interpreter["gil"]:
        return costs.prediction(model, pool + max(math.ceil(n / k) * (w + c + d), n * (c + d) / parallel))
    handover = interpreter["switch_interval"] if k > 1 and c > 0 and w + d > 0 else 0.0
    turns = max(1.0, costs("gil_turns")) if k > 1 and c > 0 else 1.0  # taking turns costs time too
    seconds = pool + max(math.ceil(n / k) * (w + c + d + handover), n * c * turns, n * (c + d) / parallel)
    return costs.prediction(model, seconds, *(["switch_interval"] if handover else []))


# The lab's own scripts (examples/lab), predicted: a claim compares them with what the lab measured.

Read = Callable[[str], float | None]  # the value of an expression in the claim language; None: not measured


def lab_script(example: str) -> tuple[str, str, int]:
    """``"lab/cpu_threads.py 2"`` → ``("cpu", "threads", 2)``; ValueError for a script the model does not predict."""
    script = r"lab/(cpu|hash|sleep|socket|empty)_(sequential|threads|processes|asyncio)\.py( \d+)?"
    found = re.fullmatch(script, example) if isinstance(example, str) else None
    if not found or (found[2] == "sequential") != (found[3] is None) or (found[1], found[2]) == ("empty", "sequential"):
        raise ValueError(f"predicted() knows the lab's workloads, lab/<workload>_<model>.py N, not {example!r}")
    return found[1], found[2], int(found[3] or 1)


def lab_computes_in_parallel(example: str) -> bool:
    """Whether the model's prediction for a lab script depends on the cores the machine gives: work that
    computes, with more than one worker (the lab's parallel capacity is then read; not for waits)."""
    workload, model, workers = lab_script(example)
    return workload in ("cpu", "hash") and model != "sequential" and workers > 1


def lab_reads(example: str) -> list[str]:
    """The lab's scripts :func:`predict_lab` reads for ``example`` (for the rounds a claim needs)."""
    workload, model, _ = lab_script(example)
    reads = [example, "lab/startup.py"]
    if workload != "empty":
        reads.append(f"lab/{workload}_sequential.py")
    if model != "sequential":
        reads.append(f"lab/empty_{model}.py 1")
    return reads


def predict_lab(example: str, here: Read, elsewhere: Read, interpreter: Mapping) -> float:
    """The model's wall time for one of the lab's scripts, interpreter start-up included, as the runner
    times it. ``here`` reads the lab's results (resampled with the claim's rounds), ``elsewhere`` the
    start-cost listings (their medians: constants); ``interpreter`` holds ``gil``, ``version``,
    ``default_method``, ``start_methods``, ``switch_interval`` and ``cores``."""
    work, on, model = lab_case(example, here, elsewhere, interpreter)
    return here("wall('lab/startup.py')") + next(p.seconds for p in predict(work, on) if p.model == model)


def lab_case(example: str, here: Read, elsewhere: Read, interpreter: Mapping) -> tuple[Workload, dict, str]:
    """One of the lab's scripts as the model sees it: its workload, the costs it reads, the model that runs it.

    Each task's work is what the sequential script took beyond a bare interpreter, over its tasks
    (the sleeps: the wait the script printed); the cores are the usable ones, scaled by the share of
    two that two independent processes got in the same rounds (the lab's parallel capacity), where the
    work computes on several."""
    workload, model, workers = lab_script(example)
    tasks = round(here(f"printed('{example}', '^([0-9]+) ')"))
    wait = python = native = 0.0
    if workload == "sleep":
        wait = here("printed('lab/sleep_sequential.py', 'waits of ([0-9.]+) s')")
    elif workload != "empty":
        per_task = (here(f"wall('lab/{workload}_sequential.py')") - here("wall('lab/startup.py')")) / tasks
        if workload == "cpu":
            python = per_task
        elif workload == "hash":
            native = per_task
        else:
            wait = per_task
    cores = interpreter["cores"]
    if lab_computes_in_parallel(example):  # the cores the machine gave the lab in the same rounds
        cores = cores * here("capacity()") / min(2, cores)
    work = Workload(tasks, wait, python, native, 0, workers, cores)
    method = interpreter["default_method"]
    needed = {
        "sequential": (),
        "threads": ("threads_pool", "thread_start", "gil_turns"),
        "asyncio": ("asyncio_loop",),
        "processes": ("processes_pool", f"{method}_then", "round_trip"),
    }[model]
    values = {name: (here if BY_NAME[name].folder == "lab" else elsewhere)(BY_NAME[name].expression) for name in needed}
    on = {**interpreter, "values": values, "start_methods": [method], "free_threaded": None}
    return work, on, f"processes ({method})" if model == "processes" else model
