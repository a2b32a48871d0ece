"""Claims: conditions over measured results, decided from the evidence of every round.

A claim is a Python expression, evaluated safely by ``simpleeval`` with a few
functions over this build's measurements, for example::

    speedup("models/cpu_sequential.py", "models/cpu_processes.py") >= 0.8 * capacity()

Functions, each the median over the rounds read: ``wall(ex)`` and ``cpu(ex)`` (seconds),
``rss(ex)`` (peak MiB), ``speedup(base, ex)`` (the wall time of ``base`` over that of
``ex`` in the same round; two scripts of one folder, which are measured together),
``work_speedup(base, ex)`` (the same, from the times the two examples printed for
their work: from the first ``[1.23 s]`` timestamp each printed to its last, so
without interpreter start-up, imports, or the start of worker processes),
``capacity()`` (how many cores' worth of work the machine gave two independent
processes in the same rounds, measured beside the claim's folder; at most the two
cores they can use),
``printed(ex, pattern)`` (the number in the first group of a regular expression matched
against what ``ex`` printed), ``data(ex, file, key)`` (a value from a JSON file the
example wrote; where it is a list of values, the median of every value of every round
read, as pyperf pools its worker processes' values), ``spread(ex, file, key)`` (half the
interquartile range of those same values: the "±" beside such a figure),
``predicted(ex)`` (the wall time the workload model of :mod:`measured.model` predicts
for one of the lab's scripts, from the lab's rounds and the start-cost listings).
Names: ``cores`` (usable cores), ``gil`` (True when the GIL is
enabled), ``free_threaded`` (a free-threaded build, GIL on or off), ``windows`` (True on
Windows), ``version`` (``(3, 13)``), ``switch_interval`` (seconds). Plus ``min``, ``max``, ``abs``, ``round``.
A condition can depend on the interpreter: ``version < (3, 13) or speedup(...) > 1.6``.

The rule. The rounds of a folder pair naturally: in each round every script ran once,
one after another. A claim is evaluated on ``RESAMPLES`` resamples of its rounds (drawn
with replacement, each round kept whole; with 5 rounds or fewer, on every possible
resample, weighted by its chance). The evidence is the claim's *undisturbed*
rounds, those in which no run it reads was disturbed by other processes, when there
are at least ``MIN_CLEAN`` of them: the claim **holds** when it is true in at least
``CONFIDENCE`` of the resamples, is **contradicted** when it is true in at most
``1 - CONFIDENCE`` of them, and is otherwise **not decided** (the rounds disagree).
With fewer undisturbed rounds, all its rounds are the evidence, and they can show that
it holds but never that it is false: a busy machine leaves a claim not decided. The
value shown beside the bound is the median over the same evidence. ``predicted()`` also
reads other folders' results, whose rounds do not pair with the claim's: as constants
(their medians), which, if any of their runs was disturbed, can show that a claim holds
but never that it is false.
"""

from __future__ import annotations

import ast
import contextlib
import itertools
import json
import math
import random
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from simpleeval import EvalWithCompoundTypes, InvalidExpression

from . import model
from .benchmark import CAPACITY, MAX_ROUNDS, Example, Measurement, Stats, one_folder, round_ratios
from .errors import AuthorError
from .interpreter import WHEN

RESAMPLES = 400
CONFIDENCE = 0.95
MIN_CLEAN = 3  # undisturbed rounds needed before a claim can be called false
WHERE = {  # how the page says where a claim is asserted, after "asserted only "
    "gil": "on builds with the GIL enabled",
    "no-gil": "on builds with the GIL disabled",
    "posix": "on POSIX systems (not Windows)",
    "linux": "on Linux",
    "macos": "on macOS",
    "windows": "on Windows",
    "fork": "where the fork start method exists (POSIX)",
    "forkserver": "where the forkserver start method exists (POSIX)",
    "fork-default": "where processes start by fork by default (Linux before 3.14)",
}
UNITS = {"wall": " s", "cpu": " s", "rss": " MiB", "speedup": "×", "work_speedup": "×", "predicted": " s"}
TIMESTAMP = re.compile(r"\[\s*([0-9.]+) s\]")  # how the examples time their work: "[0.52 s] task 1 finished"
OPERATORS = {ast.Lt: "<", ast.LtE: "≤", ast.Gt: ">", ast.GtE: "≥", ast.Eq: "=", ast.NotEq: "≠"}


class Status(StrEnum):
    """How a claim stands on one interpreter (its value is what logs, bundles and CSS classes say)."""

    HOLDS = "holds"
    CONTRADICTED = "contradicted"
    UNDECIDED = "undecided"  # the rounds disagree, or too few were undisturbed to call it false
    ERROR = "error"  # it cannot be evaluated: a failed example, a pattern that did not match...
    SKIPPED = "skipped"  # not asserted there (when=), or not measured in this build


class ClaimError(AuthorError):
    """The claim cannot be evaluated (a failed example, a pattern that did not match...)."""


# What evaluating an author's expression can raise that is the expression's fault:
# simpleeval's refusals, ``1 / 0``, ``cores > "a"``, ``version[7]``, ``wall()``.
# (Not LookupError: a result not measured yet, NotMeasuredYet, is one, and is no error.)
EXPRESSION_ERRORS = (
    ClaimError,
    InvalidExpression,
    ArithmeticError,
    TypeError,
    ValueError,
    IndexError,
    KeyError,
    AttributeError,
)


@dataclass(frozen=True)
class Claim:
    """A claim as a page states it."""

    expression: str
    when: str = "always"  # where it is asserted: a key of WHEN

    def __post_init__(self) -> None:
        if not isinstance(self.expression, str):
            raise ClaimError(f"a claim is an expression in a string, not {self.expression!r}")
        known_when(self.when)

    def examples(self) -> list[str]:
        return list(examples_in(self.expression))

    @property
    def folder(self) -> str | None:
        """The folder whose results decide it: its first example's (None if it names none)."""
        return _folder(self.expression)

    def uses_capacity(self) -> bool:
        tree = parse(self.expression)
        return "capacity" in _called(tree) or any(model.lab_computes_in_parallel(e) for e in _predicted(tree))


@dataclass
class Verdict:
    """A claim decided on one interpreter."""

    interpreter: str
    status: Status
    shown: str = ""  # the comparison with measured values, e.g. "3.91× ≥ 3.20×"
    interval: str = ""  # where the first measured side lay in 90 % of resamples
    support: float | None = None  # share of resamples of all rounds in which it is true
    rounds: int = 0  # rounds of evidence
    disturbed: int = 0  # of which disturbed
    reason: str = ""  # why it errored, was skipped or is not decided
    noisy: list[str] = field(default_factory=list)  # results too noisy to trust alone, and why

    def __post_init__(self) -> None:
        self.status = Status(self.status)  # as read back from JSON: its value

    def summary(self) -> str:
        """One line for logs and error messages."""
        parts = [self.shown or self.reason]
        if self.interval:
            parts.append(f"interval {self.interval}")
        if self.support is not None:
            parts.append(f"true in {self.support:.0%} of resamples")
        if self.rounds:
            parts.append(f"{self.rounds} rounds, {self.disturbed} disturbed")
        if self.reason and self.shown:
            parts.append(self.reason)
        return "; ".join(parts)


Lookup = Callable[[str, object], Measurement]


@lru_cache(maxsize=1024)  # a build parses each claim many times; the tree is only read
def parse(expression: str) -> ast.Expression:
    """The expression's syntax tree; ``ClaimError`` if it is not an expression."""
    try:
        return ast.parse(expression, mode="eval")
    except SyntaxError as error:
        raise ClaimError(f"not an expression: {error.msg}") from None
    except (ValueError, MemoryError, RecursionError) as error:  # a null byte (before 3.12), too deep
        raise ClaimError(f"not an expression: {error}") from None


@lru_cache(maxsize=1024)  # asked for each directive and each verdict: walked once
def examples_in(expression: str) -> tuple[str, ...]:
    """The example paths a claim mentions, in order."""
    tree = parse(expression)
    found = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    found += [read for example in _predicted(tree) for read in model.lab_reads(example)]  # all rounds run them
    return tuple(dict.fromkeys(value for value in found if Example.parse(value).script.endswith(".py")))


def _predicted(tree: ast.AST) -> list[str]:
    """The lab's scripts a claim's ``predicted('lab/...')`` calls name (not those the model cannot predict:
    the claim says so when it is decided)."""
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "predicted"]
    named = [call.args[0].value for call in calls if call.args and isinstance(call.args[0], ast.Constant)]
    known = []
    for example in named:
        try:
            model.lab_script(example)
        except ValueError:
            continue
        known.append(example)
    return known


def known_when(when: object) -> str:
    """``when``, once it is one of WHEN; ``ClaimError`` (a ``ValueError``) naming them if not."""
    if not isinstance(when, str) or when not in WHEN:
        raise ClaimError(f"when={when!r}: expected one of {', '.join(WHEN)}")
    return when


def applies(when: str, interpreter) -> bool:
    """Whether a claim with this ``when`` is asserted on ``interpreter``."""
    return WHEN[known_when(when)](interpreter)


def check(expression: str, interpreter, lookup: Lookup, when: str = "always") -> Verdict:
    """Decide ``expression`` from ``interpreter``'s measurements, round by round."""
    if not applies(when, interpreter):
        return Verdict(interpreter.label, Status.SKIPPED, reason=f"asserted only {WHERE[when]}")
    tree = parse(expression)
    reader = Reader(interpreter, lookup, _folder(expression))
    try:
        passed = bool(reader.evaluator.eval(expression, previously_parsed=tree.body))  # finds what it reads
        fact = not reader.used  # true or false whatever was measured (``version < (3, 12) or ...``)
        rounds, clean = reader.evidence()
        enough = len(clean) >= MIN_CLEAN
        with reader.reading((clean if enough else rounds) or None):  # shown: the value of the rounds that decide
            shown = _show(tree.body, reader)
    except EXPRESSION_ERRORS as error:
        return Verdict(interpreter.label, Status.ERROR, reason=str(error) or type(error).__name__)
    noisy = sorted({f"{m.example} ({m.why_noisy})" for m in [*reader.used.values(), *reader.borrowed] if m.noisy})
    if fact:  # decided without reading a measurement
        return Verdict(interpreter.label, Status.HOLDS if passed else Status.CONTRADICTED, shown=shown)
    generator = random.Random(expression)  # the same evidence always gives the same verdict
    support, sides = _support(tree, reader, clean if enough else rounds, generator)
    verdict = Verdict(
        interpreter.label,
        Status.UNDECIDED,
        shown=shown,
        interval=_interval(sides, _unit(_first_measured(tree.body))),
        support=support,
        rounds=len(rounds),
        disturbed=len(rounds) - len(clean),
        noisy=noisy,
    )
    if support >= CONFIDENCE:
        verdict.status = Status.HOLDS
    elif enough and support <= 1 - CONFIDENCE:
        verdict.status = Status.CONTRADICTED
    elif enough:
        verdict.reason = f"the rounds disagree: true in {support:.0%} of resamples"
    elif len(clean) == len(rounds):
        verdict.reason = f"only {len(rounds)} rounds so far; {MIN_CLEAN} undisturbed rounds are needed to call it false"
    else:
        verdict.reason = (
            f"only {len(clean)} of {len(rounds)} rounds were undisturbed (other processes were busy); "
            f"{MIN_CLEAN} are needed to call it false"
        )
    return verdict


def evaluate(expression: str, interpreter, lookup: Lookup):
    """The value of ``expression`` over every round (for numbers written in prose)."""
    return evaluate_reading(expression, interpreter, lookup)[0]


def evaluate_reading(expression: str, interpreter, lookup: Lookup) -> tuple[object, list[Measurement]]:
    """The value of ``expression`` over every round, and the measurements it read."""
    tree = parse(expression)
    reader = Reader(interpreter, lookup, _folder(expression))
    try:
        return reader.evaluator.eval(expression, previously_parsed=tree.body), list(reader.used.values())
    except ClaimError:
        raise
    except EXPRESSION_ERRORS as error:
        raise ClaimError(str(error) or type(error).__name__) from None


class Reader:
    """Reads one interpreter's measurements for a claim, over a chosen list of rounds.

    Each function of a claim is the median of a per-round quantity over ``rounds``
    (every round when it is None; a round's list of values counts value by value);
    per-round values are computed once and kept."""

    def __init__(self, interpreter, lookup: Lookup, folder: str | None) -> None:
        self.interpreter, self.lookup, self.folder = interpreter, lookup, folder
        self.rounds: list[int] | None = None
        self.used: dict[str, Measurement] = {}
        self.borrowed: list[Measurement] = []  # other folders' results, read as constants (by predicted())
        self._per_round: dict[tuple, dict[int, float | list[float]]] = {}
        self.evaluator = EvalWithCompoundTypes(functions=self._functions(), names=self._names())

    def measured(self, example: str) -> Measurement:
        if example not in self.used:
            measurement = self.lookup(example, self.interpreter)
            if not measurement.ok:
                raise ClaimError(f"{example} failed: {measurement.last.describe_failure(lines=3)}")
            self.used[example] = measurement
        return self.used[example]

    @contextlib.contextmanager
    def reading(self, rounds: list[int] | None):
        """Each function read over ``rounds`` only (None: every round) for the ``with`` block."""
        self.rounds = rounds
        try:
            yield self
        finally:
            self.rounds = None

    def evidence(self) -> tuple[list[int], list[int]]:
        """The newest ``MAX_ROUNDS`` rounds every result read so far ran in, and those of
        them none of the results was disturbed in."""
        measurements = list(self.used.values())
        if not measurements:
            return [], []
        common = sorted(set.intersection(*({s.round for s in m.samples} for m in measurements)))[-MAX_ROUNDS:]
        if any(m.disturbed_rounds() for m in self.borrowed):  # a constant read from a busy moment: it can
            return common, []  # show that the claim holds, never that it is false
        disturbed = set().union(*(m.disturbed_rounds() for m in measurements))
        return common, [r for r in common if r not in disturbed]

    def pooled(self, key: tuple, per_round: Callable[[], dict[int, float | list[float]]]) -> list[float]:
        """The values of the rounds read, those of a round that holds a list one by one."""
        if key not in self._per_round:
            self._per_round[key] = per_round()
        values = self._per_round[key]
        picked = list(values.values()) if self.rounds is None else [values[r] for r in self.rounds if r in values]
        if not picked:
            raise ClaimError(f"no round holds {key[0]}({', '.join(map(repr, key[1:]))})")
        return [value for each in picked for value in (each if isinstance(each, list) else [each])]

    def median(self, key: tuple, per_round: Callable[[], dict[int, float | list[float]]]) -> float:
        return statistics.median(self.pooled(key, per_round))

    def _each_run(self, example: str, read: Callable) -> dict[int, float]:
        return {s.round: read(s.run) for s in self.measured(example).samples}

    def _functions(self) -> dict[str, Callable]:
        def wall(example: str) -> float:
            return self.median(("wall", example), lambda: self._each_run(example, lambda run: run.wall))

        def cpu(example: str) -> float:
            return self.median(("cpu", example), lambda: self._each_run(example, lambda run: run.cpu))

        def rss(example: str) -> float:
            return self.median(("rss", example), lambda: self._each_run(example, lambda run: run.peak_rss_kib / 1024))

        def ratio(base: str, example: str) -> dict[int, float]:
            one_folder_or_error(base, example)
            return round_ratios(self.measured(base), self.measured(example))

        def speedup(base: str, example: str) -> float:
            return self.median(("speedup", base, example), lambda: ratio(base, example))

        def work_speedup(base: str, example: str) -> float:
            def ratios() -> dict[int, float]:
                one_folder_or_error(base, example)
                first, second = (self._each_run(e, _work_span(e)) for e in (base, example))
                return {r: first[r] / second[r] for r in first if r in second and second[r] > 0}

            return self.median(("work_speedup", base, example), ratios)

        def capacity(folder: str | None = None) -> float:
            folder = folder or self.folder
            if folder is None:
                raise ClaimError("capacity() needs a folder: name one, or an example of it in the claim")
            one, two = f"{folder}/{CAPACITY} 1", f"{folder}/{CAPACITY} 2"
            cores = min(2, self.interpreter.usable_cores)  # more than that is the noise of two short runs
            return self.median(("capacity", folder), lambda: {r: min(2 * v, cores) for r, v in ratio(one, two).items()})

        def printed(example: str, pattern: str) -> float:
            read = _number(example, pattern)
            return self.median(("printed", example, pattern), lambda: self._each_run(example, read))

        def data_values(example: str, file: str, key: str) -> list[float]:
            read = _datum(example, file, key)
            return self.pooled(("data", example, file, key), lambda: self._each_run(example, read))

        def data(example: str, file: str, key: str):
            return statistics.median(data_values(example, file, key))

        def spread(example: str, file: str, key: str) -> float:
            return Stats.of(data_values(example, file, key)).half_iqr

        def predicted(example: str) -> float:
            here = EvalWithCompoundTypes(functions=functions, names=self._names())  # this folder: these rounds

            def elsewhere(expression: str) -> float | None:  # another folder's: its median, a constant
                if expression not in constants:
                    try:
                        constants[expression], read = evaluate_reading(expression, self.interpreter, self.lookup)
                        self.borrowed += read
                    except AuthorError:  # not measured here (a failed or missing listing): left out
                        constants[expression] = None
                return constants[expression]

            facts = self.interpreter
            interpreter = {
                "gil": facts.gil_enabled,
                "version": self._names()["version"],
                "default_method": facts.start_method,
                "start_methods": list(facts.start_methods),
                "switch_interval": facts.switch_interval,
                "cores": facts.usable_cores,
            }
            try:
                return model.predict_lab(example, here.eval, elsewhere, interpreter)
            except ValueError as error:
                raise ClaimError(str(error)) from None

        constants: dict[str, float | None] = {}  # what predicted() read of other folders
        functions = {
            "wall": wall,
            "cpu": cpu,
            "rss": rss,
            "speedup": speedup,
            "work_speedup": work_speedup,
            "capacity": capacity,
            "printed": printed,
            "data": data,
            "spread": spread,
            "predicted": predicted,
            "min": min,
            "max": max,
            "abs": abs,
            "round": round,
        }
        return functions

    def _names(self) -> dict:
        interpreter = self.interpreter
        return {
            "cores": interpreter.usable_cores,
            "gil": interpreter.gil_enabled,
            "switch_interval": interpreter.switch_interval,
            "version": tuple(int(part) for part in interpreter.version.split(".")[:2]),
            "free_threaded": interpreter.free_threaded_build,
            "windows": interpreter.platform == "win32",
            "True": True,
            "False": False,
        }


def one_folder_or_error(*examples: str) -> None:
    try:
        one_folder(*examples)
    except ValueError as error:
        raise ClaimError(str(error)) from None


def _work_span(example: str) -> Callable:
    """Seconds from the first ``[1.23 s]`` timestamp a run printed to its last: its work,
    without the interpreter's start-up, imports, or the start of its worker processes
    (which forkserver, the default from 3.14, makes longer: a lesson of its own)."""

    def read(run) -> float:
        stamps = [float(stamp) for stamp in TIMESTAMP.findall(run.stdout)]
        if len(stamps) < 2:
            raise ClaimError(f"{example} printed {len(stamps)} [1.23 s] timestamps; work_speedup() reads two or more")
        return stamps[-1] - stamps[0]

    return read


def _number(example: str, pattern: str) -> Callable:
    try:
        compiled = re.compile(pattern)
    except (re.error, TypeError) as error:
        raise ClaimError(f"printed() needs a regular expression, not {pattern!r}: {error}") from None

    def read(run) -> float:
        match = compiled.search(run.stdout)
        if not match:
            raise ClaimError(f"{example} printed nothing that matches {pattern!r}")
        return float((match.group(1) if match.groups() else match.group(0)).replace(",", ""))

    return read


def _datum(example: str, file: str, key: str) -> Callable:
    def read(run):
        if file not in run.files:
            raise ClaimError(f"{example} wrote no {file}")
        try:
            value = json.loads(run.files[file])[key]
        except (ValueError, KeyError) as error:
            raise ClaimError(f"{example} wrote {file} without a readable {key!r}: {error}") from None
        if value == []:
            raise ClaimError(f"{example} wrote {file} with no values under {key!r}")
        return value

    return read


def _folder(expression: str) -> str | None:
    examples = examples_in(expression)
    return Example.parse(examples[0]).folder if examples else None


def _support(tree: ast.Expression, reader: Reader, rounds: list[int], generator: random.Random):
    """The share of resamples of ``rounds`` in which the claim is true, and the first
    measured side's value in each, with each resample's weight."""
    side = _first_measured(tree.body)
    hits, sides = Fraction(0), []
    for resample, weight in _resamples(rounds, generator):
        with reader.reading(resample):
            try:
                hits += weight * bool(reader.evaluator.eval("", previously_parsed=tree.body))
                if side is not None:
                    sides.append((reader.evaluator.eval("", previously_parsed=side), weight))
            except ZeroDivisionError:
                pass
    return float(hits), sides


def _resamples(rounds: list[int], generator: random.Random) -> list[tuple[list[int], Fraction]]:
    """Resamples of ``rounds`` (as many, drawn with replacement) with their probabilities.

    A claim reads medians over rounds, which depend only on how often each round was
    drawn, not in which order. While there are at most ``RESAMPLES`` such multisets (3
    for 2 rounds, 126 for 5), each is taken once with its chance: the exact answer that
    random draws estimate, and a fraction of their cost. Beyond that, ``RESAMPLES``
    random draws."""
    n = len(rounds)
    if not n:
        return []
    if math.comb(2 * n - 1, n) > RESAMPLES:
        return [(generator.choices(rounds, k=n), Fraction(1, RESAMPLES)) for _ in range(RESAMPLES)]
    exact = []
    for drawn in itertools.combinations_with_replacement(rounds, n):
        # drawn in n! / (c1! c2! ...) of the n**n equally likely orders, c being each round's count
        orders = math.factorial(n) // math.prod(math.factorial(drawn.count(r)) for r in set(drawn))
        exact.append((list(drawn), Fraction(orders, n**n)))
    return exact


def _interval(sides: list[tuple[object, Fraction]], unit: str) -> str:
    """Where the first measured side lay in the middle 90 % of the resamples' weight."""
    numbers = sorted((v, w) for v, w in sides if isinstance(v, (int, float)) and not isinstance(v, bool))
    if len(numbers) < 2:
        return ""
    total, below, low, high = sum(w for _, w in numbers), 0.0, None, numbers[-1][0]
    for value, weight in numbers:
        below += weight
        if low is None and below >= 0.05 * total:
            low = value
        if below >= 0.95 * total:
            high = value
            break
    return f"{_number_text(low, '')}–{_number_text(high, unit)}"


def _called(node: ast.AST) -> list[str]:
    return [n.func.id for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]


def _first_measured(node: ast.expr) -> ast.expr | None:
    """The first side of the first comparison that reads a measurement."""
    if isinstance(node, ast.BoolOp):
        return next((side for value in node.values if (side := _first_measured(value)) is not None), None)
    sides = [node.left, *node.comparators] if isinstance(node, ast.Compare) else [node]
    measuring = set(UNITS) | {"printed", "data", "spread", "capacity"}
    return next((side for side in sides if measuring & set(_called(side))), None)


def _show(node: ast.expr, reader: Reader) -> str:
    """The comparison with every side replaced by its value, e.g. ``3.91× ≥ 3.20×``."""
    if isinstance(node, ast.BoolOp):  # as Python evaluates it: up to the side that decides
        joiner, decides = (" and ", False) if isinstance(node.op, ast.And) else (" or ", True)
        shown = []
        for value in node.values:
            shown.append(_show(value, reader))
            if bool(reader.evaluator.eval("", previously_parsed=value)) is decides:
                break
        return joiner.join(shown)
    if not isinstance(node, ast.Compare):
        return _value(node, reader, _unit(node))
    sides = [node.left, *node.comparators]
    unit = next((u for u in map(_unit, sides) if u), "")
    parts = [_value(sides[0], reader, unit)]
    for op, side in zip(node.ops, sides[1:], strict=True):
        parts += [OPERATORS.get(type(op), "?"), _value(side, reader, unit)]
    return " ".join(parts)


def _unit(node: ast.expr | None) -> str:
    if node is None:
        return ""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):  # seconds over seconds: a ratio
        left, right = _unit(node.left), _unit(node.right)
        if left and left == right:
            return "×"
    return next((UNITS[name] for name in _called(node) if name in UNITS), "")


def _value(node: ast.expr, reader: Reader, unit: str) -> str:
    return _number_text(reader.evaluator.eval("", previously_parsed=node), unit)


def _number_text(value, unit: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}{unit}"
    return f"{value:.3g}{unit}" if abs(value) < 100 else f"{value:,.0f}{unit}"
