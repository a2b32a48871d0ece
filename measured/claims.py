"""Claims: conditions over measured results, checked on every build.

A claim is a Python expression, evaluated safely by ``simpleeval`` with a few
functions over this build's measurements, for example::

    speedup("models/io_sequential.py", "models/io_threads.py") >= 0.8 * 4

Functions: ``wall(ex)`` and ``cpu(ex)`` (median seconds), ``rss(ex)`` (peak MiB),
``speedup(base, ex)`` (median wall of ``base`` over that of ``ex``, two scripts of one
folder, which are measured together),
``printed(ex, pattern)`` (the number in the first group of a regular expression
matched against what ``ex`` printed), ``data(ex, file, key)`` (a value from a JSON
file the example wrote). Names: ``cores`` (usable cores), ``gil`` (True when the GIL
is enabled), ``free_threaded`` (a free-threaded build, GIL on or off), ``version``
(``(3, 13)``), ``switch_interval`` (seconds). Plus ``min``, ``max``, ``abs``, ``round``.
A condition can depend on the interpreter: ``version < (3, 13) or speedup(...) > 1.6``.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from simpleeval import EvalWithCompoundTypes

from .benchmark import Measurement, folder_of, script_of
from .interpreter import Interpreter

WHEN = {
    "always": lambda interpreter: True,
    "gil": lambda interpreter: interpreter.gil_enabled,
    "no-gil": lambda interpreter: not interpreter.gil_enabled,
}
UNITS = {"wall": " s", "cpu": " s", "rss": " MiB", "speedup": "×"}
OPERATORS = {
    ast.Lt: "<",
    ast.LtE: "≤",
    ast.Gt: ">",
    ast.GtE: "≥",
    ast.Eq: "=",
    ast.NotEq: "≠",
}


class ClaimError(ValueError):
    """The claim cannot be evaluated (a failed example, a pattern that did not match...)."""


@dataclass
class Verdict:
    """A claim checked on one interpreter."""

    interpreter: str
    status: str  # "pass", "fail", "error" or "skipped"
    shown: str = ""  # the measured comparison, e.g. "3.91× ≥ 3.20×"
    detail: str = ""  # why it errored or was skipped
    noisy: list[str] = field(default_factory=list)  # the examples too noisy to trust, and why


Lookup = Callable[[str, Interpreter], Measurement]


def examples_in(expression: str) -> list[str]:
    """The example paths a claim mentions, in order."""
    tree = ast.parse(expression, mode="eval")
    found = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return list(dict.fromkeys(value for value in found if script_of(value).endswith(".py")))


def check(expression: str, interpreter: Interpreter, lookup: Lookup, when: str = "always") -> Verdict:
    """Evaluate ``expression`` against ``interpreter``'s measurements."""
    if when not in WHEN:
        raise ValueError(f"when={when!r}: expected one of {', '.join(WHEN)}")
    if not WHEN[when](interpreter):
        return Verdict(interpreter.label, "skipped", detail=f"asserted only where {when}")
    used: list[Measurement] = []
    evaluator = _evaluator(interpreter, lookup, used)
    try:
        passed = bool(evaluator.eval(expression))
        shown = _show(ast.parse(expression, mode="eval").body, evaluator)
    except ClaimError as error:
        return Verdict(interpreter.label, "error", detail=str(error))
    noisy = sorted({f"{m.example} ({m.why_noisy})" for m in used if m.noisy})
    return Verdict(interpreter.label, "pass" if passed else "fail", shown=shown, noisy=noisy)


def evaluate(expression: str, interpreter: Interpreter, lookup: Lookup):
    """The value of ``expression`` (for numbers written in prose)."""
    return _evaluator(interpreter, lookup, []).eval(expression)


def _evaluator(interpreter: Interpreter, lookup: Lookup, used: list[Measurement]) -> EvalWithCompoundTypes:
    """A safe evaluator whose functions read ``interpreter``'s measurements."""

    def measured(example: str) -> Measurement:
        measurement = lookup(example, interpreter)
        if not measurement.ok:
            raise ClaimError(f"{example} failed: {measurement.last.describe_failure(lines=3)}")
        used.append(measurement)
        return measurement

    def printed(example: str, pattern: str) -> float:
        match = re.search(pattern, measured(example).last.stdout)
        if not match:
            raise ClaimError(f"{example} printed nothing that matches {pattern!r}")
        return float((match.group(1) if match.groups() else match.group(0)).replace(",", ""))

    def data(example: str, file: str, key: str):
        files = measured(example).last.files
        if file not in files:
            raise ClaimError(f"{example} wrote no {file}")
        return json.loads(files[file])[key]

    def speedup(base: str, example: str) -> float:
        if folder_of(base) != folder_of(example):
            raise ClaimError(
                f"speedup({base!r}, {example!r}): only scripts of one folder are measured together, "
                "in interleaved rounds, so only they can be compared; put the baseline beside the variant"
            )
        return measured(base).wall.median / measured(example).wall.median

    functions = {
        "wall": lambda ex: measured(ex).wall.median,
        "cpu": lambda ex: measured(ex).cpu.median,
        "rss": lambda ex: measured(ex).peak_rss_kib / 1024,
        "speedup": speedup,
        "printed": printed,
        "data": data,
        "min": min,
        "max": max,
        "abs": abs,
        "round": round,
    }
    names = {
        "cores": interpreter.usable_cores,
        "gil": interpreter.gil_enabled,
        "switch_interval": interpreter.switch_interval,
        "version": tuple(int(part) for part in interpreter.version.split(".")[:2]),
        "free_threaded": interpreter.free_threaded_build,
        "True": True,
        "False": False,
    }
    return EvalWithCompoundTypes(functions=functions, names=names)


def _show(node: ast.expr, evaluator: EvalWithCompoundTypes) -> str:
    """The comparison with every side replaced by its value, e.g. ``3.91× ≥ 3.20×``."""
    if isinstance(node, ast.BoolOp):
        joiner = " and " if isinstance(node.op, ast.And) else " or "
        return joiner.join(_show(value, evaluator) for value in node.values)
    if not isinstance(node, ast.Compare):
        return _value(node, evaluator, _unit(node))
    sides = [node.left, *node.comparators]
    unit = next((u for u in map(_unit, sides) if u), "")
    parts = [_value(sides[0], evaluator, unit)]
    for op, side in zip(node.ops, sides[1:], strict=True):
        parts += [OPERATORS.get(type(op), "?"), _value(side, evaluator, unit)]
    return " ".join(parts)


def _unit(node: ast.expr) -> str:
    calls = [n.func.id for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    return next((UNITS[name] for name in calls if name in UNITS), "")


def _value(node: ast.expr, evaluator: EvalWithCompoundTypes, unit: str) -> str:
    value = evaluator.eval(ast.unparse(node))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}{unit}"
    return f"{value:.3g}{unit}" if abs(value) < 100 else f"{value:,.0f}{unit}"
