"""The workload calculator: the model's costs on each machine and interpreter, as a form and as data.

    {{ predictor("predicted.md") }}  the form: a workload in, each model's predicted wall time out,
                                     each linked to the costs it rests on, on that page (choosing.md)
    {{ model_costs() }}              the costs the model reads, a table per machine: each value, and
                                     where it is measured (predicted.md)

The model itself is :mod:`measured.model`. Here its costs are read from this build's
results (each :data:`~measured.model.PARAMETERS` expression, evaluated as a ``value()`` is:
the median over the rounds), per machine and interpreter, into one mapping: :func:`costs`.
The page embeds it for ``docs/javascripts/predict.js``, which runs the same formula as
the reader types, and the build publishes it beside the results, as ``data/model.json``
(:func:`publish`; its format is in docs/methodology.md). The form's first prediction is
drawn here, with :func:`measured.model.predict`, so that the page reads without
JavaScript, and when printed.

Both are in the table of directives, :data:`measured.pages.DIRECTIVES`.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import asdict
from pathlib import Path

from . import claims, render
from .cache import write_atomically
from .errors import AuthorError
from .handlers import Build, Context, tabbed
from .interpreter import Interpreter
from .model import FACTS, LIMITS, METHODS, PARAMETERS, UNMEASURED, WHOLE, Workload, predict
from .suite import NotMeasuredYet, Suite

__all__ = ["FIELDS", "FORMAT", "PRESETS", "VERSION", "costs", "interpreter_entry", "publish"]

FORMAT = "gil-measured-model"
VERSION = 1
# Format history (docs/methodology.md, "The workload model's costs"):
# 1 - first version: the parameters' definitions, and each machine's interpreters with their costs.
JSON_NAME = "model.json"
SCRIPT = "javascripts/predict.js"  # under docs/: the form's code, loaded by the page that holds the form
SLOWDOWN = r"\[\s*([0-9.]+) s\] task 2 finished"  # free_threading/cpu_sequential.py's last timestamp: its work

# The form's fields: the model's inputs in the units a reader thinks in (milliseconds, kilobytes).
FIELDS = (
    ("tasks", "Tasks", "", 1, "how many tasks of this kind the program runs"),
    ("wait", "Waiting per task", "ms", 1e-3, "I/O: a reply from a server, a disk, a timer"),
    ("python", "Pure Python per task", "ms", 1e-3, "computing in Python code: it holds the GIL"),
    ("native", "C code per task, GIL released", "ms", 1e-3, "hashlib, zlib, NumPy or Pillow on large data"),
    ("payload", "Data in and out per task", "kB", 1e3, "what a task is given, and as much back"),
    ("workers", "Workers", "", 1, "threads, processes or tasks waiting at once"),
    ("cores", "Cores", "", 1, "the cores the program may use"),
)
# Three programs to start from; the cores are the chosen machine's.
PRESETS = (
    ("Web scraper", {"tasks": 200, "wait": 300, "python": 5, "native": 0, "payload": 50, "workers": 20}),
    ("Image pipeline", {"tasks": 100, "wait": 10, "python": 5, "native": 200, "payload": 2000, "workers": 4}),
    ("CPU-bound simulation", {"tasks": 16, "wait": 0, "python": 2000, "native": 0, "payload": 1, "workers": 4}),
)


def costs(build: Build) -> dict:
    """What the form and ``data/model.json`` hold: the parameters' definitions, the form's fields and
    presets, and every machine of the build with each of its interpreters' costs (None where not measured)."""
    machines = [(build.here or build.suite.machine.label, build.suite)]
    machines += [(other.label, other.suite) for other in build.others]
    return {
        "format": FORMAT,
        "version": VERSION,
        "parameters": [asdict(parameter) for parameter in PARAMETERS],
        "facts": {name: {"label": label, "means": means, "page": page} for name, (label, means, page) in FACTS.items()},
        "unmeasured": UNMEASURED,
        "fields": [
            {"name": name, "label": label, "unit": unit, "scale": scale, "min": round(LIMITS[name][0] / scale, 6)}
            | {"max": round(LIMITS[name][1] / scale, 6), "whole": name in WHOLE, "hint": hint}
            for name, label, unit, scale, hint in FIELDS
        ],
        "presets": [{"name": name, "inputs": inputs} for name, inputs in PRESETS],
        "machines": [
            {"name": name, "cores": suite.machine.usable_cores, "interpreters": _entries(suite)}
            for name, suite in machines
        ],
    }


def _entries(suite: Suite) -> list[dict]:
    """Each interpreter's costs on one machine: the build's own first; a free-threaded build also
    beside the GIL build of its version (the form predicts its threads from there)."""
    found = [i for i in suite.interpreters_for("start_methods/costs.py") if isinstance(i, Interpreter)]
    entries = {i.label: interpreter_entry(suite, i) for i in found}
    for interpreter in found:
        twin = _twin(interpreter, found)
        if twin is not None:
            slowdown = _slowdown(suite, interpreter, twin)
            entries[interpreter.label]["free_threaded"] = (
                {**entries[twin.label], "slowdown": slowdown} if slowdown else None
            )
    return list(entries.values())


def _twin(interpreter: Interpreter, found: list[Interpreter]) -> Interpreter | None:
    """The free-threaded build (GIL off) of ``interpreter``'s version, for a GIL build."""
    if not interpreter.gil_enabled:
        return None
    version = interpreter.version.split(".")[:2]
    same = [i for i in found if not i.gil_enabled and i.version.split(".")[:2] == version]
    return same[0] if same else None


def _slowdown(suite: Suite, gil: Interpreter, free: Interpreter) -> float | None:
    """How much longer the free-threaded build took over the same pure-Python work on one thread."""
    work = f"printed('free_threading/cpu_sequential.py', '{SLOWDOWN}')"
    taken = [_read(suite, work, interpreter)[0] for interpreter in (gil, free)]
    return taken[1] / taken[0] if None not in taken and taken[0] > 0 else None


def interpreter_entry(suite: Suite, interpreter: Interpreter) -> dict:
    """One interpreter's costs, as :func:`measured.model.predict` reads them, with why each missing one is."""
    values, missing = {}, {}
    for parameter in PARAMETERS:
        example = claims.examples_in(parameter.expression)[0]
        if not claims.applies(parameter.when, interpreter):
            values[parameter.name], why = None, f"it means something only {claims.WHERE[parameter.when]}"
        elif interpreter in suite.interpreters_for(example):
            values[parameter.name], why = _read(suite, parameter.expression, interpreter)
        else:
            values[parameter.name], why = None, f"{parameter.folder}/ runs only on {suite.default.label}"
        if why:
            missing[parameter.name] = why
    return {
        "label": interpreter.label,
        "gil": interpreter.gil_enabled,
        "version": [int(part) for part in interpreter.version.split(".")[:2]],
        "default_method": interpreter.start_method,
        "start_methods": [method for method in METHODS if method in interpreter.start_methods],
        "switch_interval": interpreter.switch_interval,
        "cores": interpreter.usable_cores,
        "values": values,
        "missing": missing,
        "free_threaded": None,
    }


def _read(suite: Suite, expression: str, interpreter: Interpreter) -> tuple[float | None, str]:
    """The expression's value (the median over the rounds), or None and why it has none. A result
    not measured yet (``mkdocs serve`` measures behind the pages) is missing until it is."""
    try:
        return float(claims.evaluate(expression, interpreter, suite.measurement)), ""
    except NotMeasuredYet:
        return None, f"not in this build's results (yet) on {interpreter.label}"
    except AuthorError as error:  # a failed example, a pattern it did not print, a listing not there
        return None, str(error).splitlines()[0]


def publish(build: Build, folder: Path) -> Path:
    """Write ``data/model.json`` into ``folder`` of the built site."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / JSON_NAME
    write_atomically(path, json.dumps(costs(build), indent=1))
    return path


# The directives


def predictor(context: Context, costs_page: str) -> str:
    """The form, its first prediction (the first preset on this machine's own interpreter) and its data;
    each prediction links the costs it rests on to their rows on ``costs_page``, the page of model_costs()."""
    docs = context.build.docs_dir
    if docs is None or not (docs / SCRIPT).is_file():
        raise AuthorError(f"predictor() needs its script, docs/{SCRIPT}")
    if not (docs / costs_page).is_file():
        raise AuthorError(f"predictor(): no page {costs_page!r} for the costs its predictions link to")
    data = costs(context.build)
    machine = data["machines"][0]
    entry, inputs = machine["interpreters"][0], {**PRESETS[0][1], "cores": machine["cores"]}
    work = Workload.checked(**{name: inputs[name] * scale for name, _, _, scale, _ in FIELDS})
    here = _written_to(context.where.page)
    costs_at = posixpath.relpath(_written_to(costs_page), here) + "/#cost-"
    shown = render.predicted(
        predict(work, entry), labels(data), f"{entry['label']}, {machine['name']}", work.tasks, costs_at
    )
    return context.fragment(
        render.predictor({**for_form(data), "costs_at": costs_at}, inputs, shown, posixpath.relpath(SCRIPT, here))
    )


def for_form(data: dict) -> dict:
    """What the form's script reads of :func:`costs`, and no more (the page carries it): the words for each
    cost, the fields, the presets, and each interpreter's costs without the reasons for those missing."""

    def entry(interpreter: dict | None) -> dict | None:
        if interpreter is None:
            return None
        kept = {key: value for key, value in interpreter.items() if key not in ("missing", "cores")}
        return {**kept, "free_threaded": entry(interpreter["free_threaded"])}

    machines = [
        {**machine, "interpreters": [entry(i) for i in machine["interpreters"]]} for machine in data["machines"]
    ]
    return {"labels": labels(data), "fields": data["fields"], "presets": data["presets"], "machines": machines}


def labels(data: dict) -> dict[str, str]:
    """The words for each cost a prediction rests on or leaves out, as the form says them."""
    return {
        **{parameter["name"]: parameter["label"] for parameter in data["parameters"]},
        **{name: fact["label"] for name, fact in data["facts"].items()},
        **data["unmeasured"],
    }


def _written_to(page: str) -> str:
    """The folder MkDocs writes a page into (directory URLs), from the docs folder: ``lab.md`` → ``lab``."""
    name = posixpath.basename(page)
    return posixpath.join(posixpath.dirname(page), "" if name == "index.md" else name.removesuffix(".md")) or "."


def model_costs(context: Context) -> str:
    """The costs the model reads: a row per cost, linked to where the site measures it, and its value on
    each interpreter; a table per machine, in tabs. The first table's rows are what the form links to."""
    data = costs(context.build)
    folder = posixpath.dirname(context.where.page) or "."

    def measured_by(listings: str, page: str) -> str:
        return f"{listings} ([{page.split('.md')[0]}]({posixpath.relpath(page, folder)}))"

    def row(name: str, means: str, where: str, cells: list[str], anchored: bool) -> str:
        first = context.fragment(render.cost_name(name, means, anchored))
        return "| " + " | ".join([first, where, *(context.fragment(cell) for cell in cells)]) + " |"

    tables = []
    for number, machine in enumerate(data["machines"]):
        entries, anchored = machine["interpreters"], number == 0  # the first machine's rows are linked to

        head = ["Cost", "Measured by", *(context.fragment(render.escape(entry["label"])) for entry in entries)]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for parameter in PARAMETERS:
            name, unit = parameter.name, parameter.unit
            listings = ", ".join(f"`{example}`" for example in claims.examples_in(parameter.expression))
            cells = [render.cost(e["values"][name], unit, e["missing"].get(name, "")) for e in entries]
            lines.append(row(name, parameter.means, measured_by(listings, parameter.page), cells, anchored))
        _, means, page = FACTS["switch_interval"]
        cells = [render.cost(entry["switch_interval"], "s") for entry in entries]
        lines.append(row("switch_interval", means, measured_by("the interpreter", page), cells, anchored))
        _, means, page = FACTS["slowdown"]
        cells = [render.slowdown(entry) for entry in entries]
        lines.append(row("slowdown", means, measured_by("`free_threading/cpu_sequential.py`", page), cells, anchored))
        tables.append((machine["name"], "\n".join(lines)))
    return '<div class="measured-later" markdown>\n\n' + tabbed(tables) + "\n\n</div>"  # laid out near the screen
