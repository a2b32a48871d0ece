"""Prose and tables agree (issue 36, item 7): a figure that a sentence shows with ``value()`` is
the figure the table beside it shows for the same scripts, or the text says how the two differ.

Read from the Markdown, with no build. "Beside" is the same section: the lines under one heading.
In each section:

- **What its tables show** (:func:`shown_by`; ``test_the_model_of_each_table_is_what_the_renderer_prints``
  checks the model against :mod:`measured.render`): ``compare()`` shows each script's wall time,
  CPU time, CPU ÷ wall and peak memory, and its speed-up against the first script; ``matrix()``
  wall times and speed-ups against the first; ``scaling()`` the speed-up of each variant against the
  baseline (the table under its chart); ``headline()`` each expression, in its format.
- **What each value() shows** (:func:`figures_of`): a speed-up of a pair (``speedup()``,
  ``work_speedup()``, a ratio of wall times), a script's wall or CPU time, its CPU ÷ wall, its peak
  memory (``rss()``); or nothing a table shows (``printed()``, ``data()``, ``capacity()``, a
  difference, a figure scaled to other units: each a figure of its own).

The rule, for a value() that shows a figure a table of its section shows (the same kind, the same
scripts):

1. **The table's figure** passes: the same expression, printed to the same digits (the table's
   format without its unit: ``"{:.2f}"`` where the table prints ``1.23×``, ``"{:.3g}"`` for a time it
   prints to three significant digits), or that expression turned over, ``1 / speedup(a, b)``
   ("took 3.5 times as long").
2. **Another computation of it** (``work_speedup()`` where the table shows ``speedup()``; a ratio of
   medians, ``wall(a) / wall(b)``, where it shows the median of per-round ratios; ``rss()``, the median
   peak, where it shows the largest) passes only when the text says so beside the table's: the
   section also gives the table's figure in a sentence (a value() of the table's expression, so that
   the words around the two tell them apart), or the value's paragraph names the table ("the table
   times whole runs").

Naming only its own quantity is not enough, and that is what the rule catches: ft-costs.md before
24797e7 read "counting their work only (from the times the scripts printed), the shared version ran
at 0.08 times the baseline's speed" just below a table whose speed-up column read 0.10× for the same
two scripts, and nothing said which of the two answered the question
(``test_the_rule_catches_what_prompted_it`` keeps that text).
"""

from __future__ import annotations

import ast
import re
import statistics
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from support import ROOT

from measured import claims, render
from measured.benchmark import Measurement, Sample, speedup
from measured.config import Config, Settings
from measured.finder import FENCE, Located, find
from measured.interpreter import this_machine
from measured.process import Run
from measured.suite import Suite

DOCS = ROOT / "docs"
TABLES = ("compare", "matrix", "scaling", "headline")
HEADING = re.compile(r"#{1,6}\s")
NAMES_THE_TABLE = re.compile(r"\btables?\b", re.IGNORECASE)
SPEEDUP = "speedup(), the median of per-round ratios of whole runs"


@dataclass(frozen=True)
class Figure:
    """A kind of figure for some scripts: ("speed-up", ("a.py", "b.py")), ("wall time", ("a.py",))."""

    kind: str
    scripts: tuple[str, ...]

    def __str__(self) -> str:
        return f"the {self.kind} of {' over '.join(self.scripts)}"


@dataclass(frozen=True)
class Shown:
    """One figure as a table shows it."""

    figure: Figure
    source: str | None  # the expression that computes it; None where no function of a claim does
    spec: str  # the format of its digits, without the unit
    how: str  # what the table computes, in words, for messages
    where: str  # the directive and its line
    printed: Callable[[float], str] | None = None  # how the table prints it (for the model's test)

    @property
    def expression(self) -> str | None:
        """The expression, canonical (:func:`canonical`)."""
        return canonical(self.source) if self.source else None


def canonical(expression: str) -> str:
    """The expression's syntax tree: the same however it is spaced or quoted."""
    return ast.dump(ast.parse(expression, mode="eval").body)


def call(function: str, *scripts: str) -> str:
    return f"{function}({', '.join(map(repr, scripts))})"


def spec(format: str) -> str:
    """The format specs of its fields, without the text around them: ``"{:.2f}×"`` -> ``".2f"``."""
    fields = string.Formatter().parse(format)
    return "|".join(field_spec or "" for _, name, field_spec, _ in fields if name is not None)


# What each table shows, as measured.render prints it


def shown_by(directive: Located, config: Config) -> list[Shown]:
    """The figures a table directive shows."""
    args, kwargs = directive.arguments()
    where = f"{directive.name}() on line {directive.line}"
    shown = []
    if directive.name in ("compare", "matrix"):
        base = args[0]
        for script in args:
            wall = Figure("wall time", (script,))
            shown.append(Shown(wall, call("wall", script), ".3g", "its median wall time", where, render.seconds))
            if script != base:
                faster = Figure("speed-up", (base, script))
                shown.append(Shown(faster, call("speedup", base, script), ".2f", SPEEDUP, where, "{:.2f}×".format))
            if directive.name == "compare":
                cpu, busy, peak = (Figure(kind, (script,)) for kind in ("CPU time", "CPU ÷ wall", "peak memory"))
                ratio = f"cpu({script!r}) / wall({script!r})"
                shown.append(Shown(cpu, call("cpu", script), ".3g", "its median CPU time", where, render.seconds))
                shown.append(Shown(busy, ratio, ".2f", "median CPU over median wall", where, "{:.2f}".format))
                shown.append(Shown(peak, None, ".1f", "the largest peak of its rounds", where))
    elif directive.name == "scaling":
        baseline, *models = args
        settings = config.settings(baseline.partition("/")[0])
        for variant in (v for model in models for v in settings.variants(model)):
            faster = Figure("speed-up", (baseline, variant))
            shown.append(Shown(faster, call("speedup", baseline, variant), ".2f", SPEEDUP, where, "{:.2f}×".format))
    elif directive.name == "headline":
        digits = spec(kwargs.get("format", "{:.2f}"))
        for expression in args[1::2]:
            tree = ast.parse(expression, mode="eval").body
            figures = [figure for figure, _ in figures_of(tree)] or [Figure("figure", (canonical(expression),))]
            shown += [Shown(figure, expression, digits, expression, where) for figure in figures]
    return shown


# What each value() shows


FUNCTIONS = {"wall": "wall time", "cpu": "CPU time", "rss": "peak memory"}


def figures_of(tree: ast.expr) -> list[tuple[Figure, bool]]:
    """The figures an expression could be, each with whether it is turned over (b's time over a's)."""
    if isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name):
        scripts = tuple(arg.value for arg in tree.args if isinstance(arg, ast.Constant))
        if tree.func.id in ("speedup", "work_speedup") and len(scripts) == 2:
            return [(Figure("speed-up", scripts), False)]
        if tree.func.id in FUNCTIONS and len(scripts) == 1:
            return [(Figure(FUNCTIONS[tree.func.id], scripts), False)]
        return []
    if not (isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Div)):
        return []
    if isinstance(tree.left, ast.Constant) and tree.left.value == 1:
        return [(figure, not over) for figure, over in figures_of(tree.right)]
    above, below = reads(tree.left), reads(tree.right)
    if (
        above.keys() == {"cpu"}
        and below.keys() == {"wall"}
        and above["cpu"] == below["wall"]
        and len(below["wall"]) == 1
    ):
        return [(Figure("CPU ÷ wall", tuple(below["wall"])), False)]
    if above.keys() == below.keys() == {"wall"}:  # a ratio of wall times, start-up taken out or not
        pairs = [(a, b) for a in above["wall"] for b in below["wall"]]
        return [(Figure("speed-up", (a, b)), False) for a, b in pairs] + [
            (Figure("speed-up", (b, a)), True) for a, b in pairs
        ]
    return []


def reads(tree: ast.expr) -> dict[str, list[str]]:
    """The scripts each function of the expression reads: {"wall": ["a.py", "startup.py"]}."""
    found: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            found.setdefault(node.func.id, []).extend(a.value for a in node.args if isinstance(a, ast.Constant))
    return found


def turned_over(tree: ast.expr) -> str | None:
    """The canonical expression that ``1 / expression`` turns over; None for any other expression."""
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Div) and isinstance(tree.left, ast.Constant):
        return ast.dump(tree.right) if tree.left.value == 1 else None
    return None


# The rule


def sections(lines: list[str]) -> list[int]:
    """The section of each line: how many headings (outside fenced code) come before it or on it."""
    numbers, number, fence = [], 0, None
    for line in lines:
        opened = FENCE.match(line)
        if opened and (fence is None or opened["fence"].startswith(fence)):
            fence = None if fence else opened["fence"]
        elif fence is None and HEADING.match(line):
            number += 1
        numbers.append(number)
    return numbers


def paragraph(lines: list[str], line: int) -> str:
    """The paragraph that holds ``line`` (counted from 1): the lines around it up to blank ones."""
    first = last = line
    while first > 1 and lines[first - 2].strip():
        first -= 1
    while last < len(lines) and lines[last].strip():
        last += 1
    return "\n".join(lines[first - 1 : last])


def disagreements(markdown: str, page: str, config: Config) -> Iterator[str]:
    """Each value() of the page that shows a figure of a table beside it otherwise, without saying so."""
    directives = list(find(markdown, page))
    lines = markdown.split("\n")
    section = sections(lines)
    values = []
    for directive in (d for d in directives if d.name == "value"):
        args, kwargs = directive.arguments()
        written = args[1] if len(args) > 1 else kwargs.get("format", "{:.3g}")
        values.append((directive, ast.parse(args[0], mode="eval").body, spec(written)))
    for directive, tree, digits in values:
        here = section[directive.line - 1]
        tables = [d for d in directives if d.name in TABLES and section[d.line - 1] == here]
        shown = [s for d in tables for s in shown_by(d, config)]
        written = f"{page}:{directive.line}: value({ast.unparse(tree)!r})"
        same = [s for s in shown if s.expression == ast.dump(tree)]
        if same:
            if not any(s.spec == digits for s in same):
                table = same[0]
                yield (
                    f"{written} prints {table.figure} with {{:{digits}}}, {table.where} with {{:{table.spec}}}: "
                    "a sentence prints the table's figure to the table's digits"
                )
            continue
        if turned_over(tree) in {s.expression for s in shown} - {None}:
            continue  # 1 / the table's own figure
        near = [other for d, other, _ in values if section[d.line - 1] == here]
        given = {ast.dump(other) for other in near} | {turned_over(other) for other in near}
        says = NAMES_THE_TABLE.search(paragraph(lines, directive.line))
        for figure, _ in figures_of(tree):
            rivals = [s for s in shown if s.figure == figure]
            if not rivals or says or any(s.expression and s.expression in given for s in rivals):
                continue
            yield (
                f"{written} shows {figure}, which {rivals[0].where} shows as {rivals[0].how}: give the table's "
                "figure, or give it in a sentence of this section too, or say in this paragraph how the two differ"
            )


# The pages


@pytest.fixture(scope="module")
def config() -> Config:
    return Config.load(ROOT / "examples")


PAGES = sorted(path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md"))


@pytest.mark.parametrize("page", PAGES)
def test_a_sentence_gives_the_table_figure_or_says_how_it_differs(page, config):
    found = list(disagreements((DOCS / page).read_text(encoding="utf-8"), page, config))
    assert not found, "\n".join(found)


def test_the_pages_have_tables_and_values_side_by_side(config):
    """Guards the finder: the pages are read, and some sections show a table and a value of it."""
    compared = 0
    for page in PAGES:
        markdown = (DOCS / page).read_text(encoding="utf-8")
        lines, directives = markdown.split("\n"), list(find(markdown, page))
        section = sections(lines)
        for table in (d for d in directives if d.name in TABLES):
            expressions = {s.expression for s in shown_by(table, config)}
            compared += sum(
                d.name == "value"
                and section[d.line - 1] == section[table.line - 1]
                and canonical(d.arguments()[0][0]) in expressions
                for d in directives
            )
    assert compared >= 10, (
        f"only {compared} values of a table's figure found beside it: is the finder reading the pages?"
    )


# The rule on small pages: each way to pass, and what it catches


def check(markdown: str) -> list[str]:
    lab = Settings(arguments={"*_threads.py": [1, 2]})
    return list(disagreements(markdown, "page.md", Config(folders={"g": lab})))


TABLE = '{{ compare("g/base.py", "g/fast.py") }}'
WORK = "{{ value(\"work_speedup('g/base.py', 'g/fast.py')\", \"{:.2f}\") }}"
WHOLE = "{{ value(\"speedup('g/base.py', 'g/fast.py')\", \"{:.2f}\") }}"

OLD_FT_COSTS = """\
## Contention

Their speed, on every interpreter of the matrix:

{{ matrix("contention/sequential.py", "contention/shared.py", "contention/per_thread.py") }}

On a **GIL** build neither can gain: the two threads take turns, and the
per-thread version kept one core busy at a time
{{ claim("cpu('contention/per_thread.py') <= 1.25 * wall('contention/per_thread.py')", when="gil") }}.
The shared version is slower than the baseline, by the cost of a lock taken and
released 800,000 times, and on older versions by the hand-overs it causes. On
the build's own interpreter, counting their work only (from the times the
scripts printed), the shared version ran at
{{ value("work_speedup('contention/sequential.py', 'contention/shared.py')", "{:.2f}") }}
times the baseline's speed, the per-thread one at
{{ value("work_speedup('contention/sequential.py', 'contention/per_thread.py')", "{:.2f}") }}.
"""


def test_the_rule_catches_what_prompted_it():
    """ft-costs.md as it was at 790fe36: two work-only figures below a table of whole-run speed-ups."""
    found = check(OLD_FT_COSTS)
    assert len(found) == 2, found
    assert all(
        "work_speedup('contention/sequential.py'" in problem and "matrix() on line 5" in problem for problem in found
    )
    assert "page.md:14:" in found[0] and "page.md:16:" in found[1]


def test_the_table_figure_passes_and_other_digits_do_not():
    assert check(f"{TABLE}\n\nThe fast one ran {WHOLE} times as fast.") == []
    coarse = WHOLE.replace("{:.2f}", "{:.1f}")
    [found] = check(f"{TABLE}\n\nThe fast one ran {coarse} times as fast.")
    assert "with {:.1f}, compare() on line 1 with {:.2f}" in found
    turned = "{{ value(\"1 / speedup('g/base.py', 'g/fast.py')\", \"{:.1f}\") }}"
    assert check(f"{TABLE}\n\nThe base took {turned} times as long.") == []
    busy = "{{ value(\"cpu('g/fast.py') / wall('g/fast.py')\", \"{:.2f}\") }}"
    assert check(f"{TABLE}\n\nIt kept {busy} cores busy.") == []


def test_another_computation_passes_only_beside_the_table_figure_or_naming_the_table():
    alone = f"{TABLE}\n\nCounting the work only, it ran {WORK} times as fast."
    [found] = check(alone)
    assert "compare() on line 1 shows as speedup()" in found
    assert check(f"{alone}\n\nThe whole runs: {WHOLE} times.") == []
    assert check(f"{TABLE}\n\nCounting the work only (the table times whole runs), {WORK} times.") == []
    ratio = "{{ value(\"wall('g/base.py') / wall('g/fast.py')\", \"{:.2f}\") }}"
    assert len(check(f"{TABLE}\n\nIt ran {ratio} times as fast.")) == 1
    slower = "{{ value(\"wall('g/fast.py') / wall('g/base.py')\", \"{:.2f}\") }}"
    assert len(check(f"{TABLE}\n\nThe base took {slower} times as long.")) == 1
    peak = '{{ value("rss(\'g/fast.py\')", "{:.1f}") }}'
    assert len(check(f"{TABLE}\n\nIt peaked at {peak} MiB.")) == 1


def test_a_table_is_beside_the_values_of_its_own_section_only():
    assert check(f"{TABLE}\n\n## Elsewhere\n\nCounting the work only, {WORK} times.") == []
    fenced = f"{TABLE}\n\n```python\n# not a heading\n```\n\nCounting the work only, {WORK} times."
    assert len(check(fenced)) == 1


def test_scaling_and_headline_tables_are_read_too():
    scaling = '{{ scaling("g/base.py", "g/fast_threads.py") }}'
    work = WORK.replace("g/fast.py", "g/fast_threads.py 2")
    assert len(check(f"{scaling}\n\nThe work: {work} times.")) == 1
    headline = '{{ headline("Work", "work_speedup(\'g/base.py\', \'g/fast.py\')", format="{:.2f}×") }}'
    assert check(f"{headline}\n\nThe work: {WORK} times.") == []
    assert len(check(f"{headline}\n\nThe whole runs: {WHOLE} times.")) == 1


# The model of the tables, against what measured.render prints


def run(wall: float, cpu: float, peak_mib: float) -> Run:
    return Run(0, False, wall, cpu, int(peak_mib * 1024), "", "", 0, 0)


def measured(python, example: str, rounds: list[tuple[float, float, float]]) -> Measurement:
    samples = [Sample(number, run(*each)) for number, each in enumerate(rounds, start=1)]
    return Measurement(example, python, this_machine(), samples, "2026-01-01T00:00:00Z")


def cells(html: str) -> list[list[str]]:
    """The text of each cell of each body row."""
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1])
    return [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td>(.*?)</td>", row)] for row in rows]


def test_the_model_of_each_table_is_what_the_renderer_prints(tmp_path):
    """Rounds chosen so that each way of computing a figure gives another number: a median of
    per-round ratios is not a ratio of medians, and the largest peak is not the median one."""
    python = Suite(tmp_path / "examples", tmp_path / "cache").default
    results = {
        "g/base.py": measured(python, "g/base.py", [(1.0, 0.9, 10), (1.3, 1.1, 30), (3.0, 2.8, 12)]),
        "g/fast.py": measured(python, "g/fast.py", [(0.4, 0.7, 20), (0.9, 1.5, 11), (1.1, 1.9, 14)]),
    }

    def value(expression: str) -> float:
        return claims.evaluate(expression, python, lambda example, interpreter: results[example])

    assert value("speedup('g/base.py', 'g/fast.py')") != value("wall('g/base.py') / wall('g/fast.py')")
    assert value("rss('g/base.py')") != max(s.run.peak_rss_kib for s in results["g/base.py"].samples) / 1024
    config = Config()
    for name, html in [
        ("compare", render.comparison(list(results.values()))),
        ("matrix", render.matrix(tuple(results), [list(results.values())])),
    ]:
        [directive] = find(f'{{{{ {name}("g/base.py", "g/fast.py") }}}}', "page.md")
        rows = cells(html)
        for shown in shown_by(directive, config):
            script = shown.figure.scripts[-1]
            row = rows[list(results).index(script)] if name == "compare" else rows[0]
            if shown.source is None:  # peak memory: the largest of the rounds, which no claim function gives
                largest = max(s.run.peak_rss_kib for s in results[script].samples)
                assert render.mib(largest) in row, (shown, row)
                continue
            printed = shown.printed(value(shown.source))
            assert any(cell.startswith(printed) for cell in row), (shown.source, printed, row)
    # scaling() draws and tabulates benchmark.speedup, which is the claims' speedup()
    assert speedup(*results.values()) == value("speedup('g/base.py', 'g/fast.py')")
    assert statistics.median([1.0 / 0.4, 1.3 / 0.9, 3.0 / 1.1]) == speedup(*results.values())
