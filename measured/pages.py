"""Directives in pages, expanded into Markdown and HTML fragments.

A page asks for measured content with a directive between double braces::

    {{ example("models/io_threads.py") }}          source, then this build's output
    {{ example("threads/fetch_threads.py", section="pool") }}  a named section
    {{ output("models/io_threads.py") }}           the output alone
    {{ compare("models/io_sequential.py", "models/io_threads.py") }}   a timing table
    {{ claim("speedup('models/io_sequential.py', 'models/io_threads.py') >= 3.2") }}
    {{ value("wall('models/io_threads.py')", "{:.2f}") }}           a number in prose
    {{ matrix("free_threading/cpu_sequential.py", "free_threading/cpu_threads.py") }}  one row per interpreter
    {{ machine() }}                              the machine and the build's interpreter
    {{ diagram("diagrams/handover.svg") }}       a drawn SVG, inlined so it follows the theme
    {{ timeline("gil/turns.py", "timeline.json") }}    a chart from a file the script wrote
    {{ bars("gil/convoy.py", "latency.json") }}
    {{ scaling("lab/cpu_sequential.py", "lab/cpu_threads.py", ideal="cores") }}  speed-up per worker count

Block directives (all but claim and value) stand alone on their line;
claim and value sit inside a sentence. Directives inside code fences are left alone.

Expansion is two steps, so that nothing a script printed is ever read as Markdown:
:func:`Expander.expand` turns directives into Markdown (the source as a snippet
include, content tabs per interpreter) with placeholder tokens, and :func:`fill`
swaps the tokens for HTML fragments after the Markdown has been converted.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import charts, claims, render
from .benchmark import Example, one_folder, speedup
from .claims import Claim, Verdict
from .interpreter import Interpreter, Missing
from .suite import ExampleNotFound, Suite

DIRECTIVE = re.compile(r"\{\{\s*(?P<name>\w+)\((?P<args>.*?)\)\s*\}\}")
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
TOKEN = "MEASURED-FRAGMENT-{}-"
FILLED = re.compile(r"<p>(MEASURED-FRAGMENT-\d+-)</p>|(MEASURED-FRAGMENT-\d+-)")
BLOCKS = {"example", "output", "compare", "matrix", "machine", "timeline", "bars", "scaling", "diagram"}
STATIC = {"diagram"}  # directives that run nothing, rendered even when execution is off
INLINE = {"claim", "value"}
NOT_EXECUTED = render.failure("Not executed", "This build ran with MEASURED_EXECUTE=0: no example was run.")
REQUIRE_DECIDED_VARIABLE = "MEASURED_REQUIRE_DECIDED"  # 1: a claim not decided fails a strict build too


class DirectiveError(ValueError):
    pass


@dataclass
class Problem:
    """Something a strict build must refuse, with the page and line it came from."""

    page: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message}"


@dataclass
class Checked:
    """A claim of a page, decided on one interpreter: a row of the build's verdict table."""

    page: str
    line: int
    claim: Claim
    verdict: Verdict


@dataclass
class Expanded:
    markdown: str
    fragments: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class Expander:
    """Expands the directives of one page at a time against a :class:`Suite`."""

    def __init__(
        self, suite: Suite, execute: bool = True, docs_dir: Path | None = None, require_decided: bool = False
    ) -> None:
        self.suite = suite
        self.execute = execute  # False: show sources, run nothing, say so on the page
        self.docs_dir = docs_dir  # where diagram() finds its files
        self.require_decided = require_decided  # a claim not decided is a problem too
        self.checked: list[Checked] = []  # every claim decided so far, for the build's verdict table

    def expand(self, markdown: str, page: str) -> Expanded:
        result = Expanded("")
        lines, fence = markdown.split("\n"), None
        for number, line in enumerate(lines, start=1):
            opened = FENCE.match(line)
            if opened and (fence is None or opened["fence"].startswith(fence)):
                fence = None if fence else opened["fence"]
            if fence or opened:
                continue
            alone = bool(DIRECTIVE.fullmatch(line.strip()))
            expand = functools.partial(self._directive, result=result, page=page, line=number, alone=alone, text=line)
            lines[number - 1] = DIRECTIVE.sub(expand, line)
        result.markdown = "\n".join(lines)
        return result

    def _directive(self, match: re.Match, result: Expanded, page: str, line: int, alone: bool, text: str) -> str:
        name = match["name"]
        try:
            args, kwargs = _arguments(match["args"])
            if name in BLOCKS and not alone:
                raise DirectiveError(f"{name}(...) must stand alone on its line")
            if name not in BLOCKS | INLINE:
                raise DirectiveError(f"unknown directive {name}(...)")
            if self.execute or name == "example" or name in STATIC:
                produced = getattr(self, f"_{name}")(result, page, line, *args, **kwargs)
            else:
                produced = self._fragment(result, NOT_EXECUTED)
        except (ExampleNotFound, DirectiveError, claims.ClaimError, TypeError, SyntaxError, ValueError) as error:
            message = f"{match.group(0)}: {error}"
            result.problems.append(Problem(page, line, message))
            produced = self._fragment(result, render.failure(f"Cannot render this ({page}, line {line})", message))
        if alone:  # keep the directive's indentation (inside tabs, admonitions, lists)
            indent = text[: len(text) - len(text.lstrip())]
            produced = produced.replace("\n", "\n" + indent)
        return produced

    @staticmethod
    def _fragment(result: Expanded, html: str) -> str:
        token = TOKEN.format(len(result.fragments))
        result.fragments[token] = html
        return token

    @staticmethod
    def _one_folder(*examples: str) -> None:
        """Comparisons are only meaningful between scripts measured together."""
        try:
            one_folder(*examples)
        except ValueError as error:
            raise DirectiveError(str(error)) from None

    def _per_interpreter(self, result: Expanded, page: str, line: int, example: str, make) -> str:
        """One fragment, or content tabs with one per interpreter of the matrix."""
        interpreters = self.suite.interpreters_for(example)
        parts = []
        for interpreter in interpreters:
            if isinstance(interpreter, Missing):
                html = render.not_measured(interpreter)
            else:
                html = make(interpreter, result, page, line)
            parts.append((interpreter.label, self._fragment(result, html)))
        if len(parts) == 1:
            return parts[0][1]
        return "\n\n".join(f'=== "{label}"\n\n    {token}' for label, token in parts)

    def _measure(self, example: str, interpreter: Interpreter, result: Expanded, page: str, line: int):
        measurement = self.suite.measurement(example, interpreter)
        if not measurement.ok:
            failure = measurement.last.describe_failure()
            result.problems.append(Problem(page, line, f"{example} failed on {interpreter.label}: {failure}"))
        return measurement

    def _example(
        self,
        result: Expanded,
        page: str,
        line: int,
        example: str,
        section: str | None = None,
        source: bool = True,
        output: bool = True,
    ) -> str:
        self.suite.path(example)
        markdown = []
        if source:
            path = Example.parse(example).script  # a variant's arguments are not part of its file
            target = f"{path}:{section}" if section else path
            markdown += [f'```python title="examples/{path}"', f'--8<-- "{target}"', "```", ""]
        if output:
            executed = self.execute and self._output(result, page, line, example)
            markdown.append(executed or self._fragment(result, NOT_EXECUTED))
        return "\n".join(markdown)

    def _output(self, result: Expanded, page: str, line: int, example: str) -> str:
        self.suite.path(example)
        return self._per_interpreter(
            result,
            page,
            line,
            example,
            lambda interpreter, *where: render.output(self._measure(example, interpreter, *where)),
        )

    def _compare(self, result: Expanded, page: str, line: int, *examples: str) -> str:
        if not examples:
            raise DirectiveError("compare() needs at least one example")
        self._one_folder(*examples)
        for example in examples:
            self.suite.path(example)
        return self._per_interpreter(
            result,
            page,
            line,
            examples[0],
            lambda interpreter, *where: render.comparison(
                [self._measure(example, interpreter, *where) for example in examples]
            ),
        )

    def _timeline(self, result: Expanded, page: str, line: int, example: str, file: str) -> str:
        return self._chart(result, page, line, example, file, charts.timeline)

    def _bars(self, result: Expanded, page: str, line: int, example: str, file: str) -> str:
        return self._chart(result, page, line, example, file, charts.bars)

    def _chart(self, result: Expanded, page: str, line: int, example: str, file: str, draw) -> str:
        """A chart drawn from a JSON file the example wrote, per interpreter."""
        self.suite.path(example)

        def make(interpreter, *where):
            measurement = self._measure(example, interpreter, *where)
            if not measurement.ok:
                return render.output(measurement)
            written = measurement.last.files
            if file not in written:
                raise DirectiveError(f"{example} wrote no {file} (it wrote: {', '.join(written) or 'nothing'})")
            try:
                data = json.loads(written[file])
            except ValueError as error:
                raise DirectiveError(f"{example} wrote {file}, but it is not valid JSON: {error}") from error
            return self._drawn(draw, data) + render.caption(measurement)

        return self._per_interpreter(result, page, line, example, make)

    def _drawn(self, draw, *data) -> str:
        """``draw(*data)``, or the same chart drawn by an earlier build."""
        return self.suite.cache.text(charts.key(draw, *data), lambda: draw(*data))

    def _scaling(
        self, result: Expanded, page: str, line: int, baseline: str, *models: str, ideal="cores", title=""
    ) -> str:
        """Speed-up of each model's variants (one per worker count) over ``baseline``.

        ``ideal``: ``"cores"`` (min(workers, usable cores)), ``"workers"``, or a number of
        tasks T, whose ideal with N workers is T / ceil(T / N).
        """
        if not models:
            raise DirectiveError("scaling() needs a baseline and at least one model")
        self._one_folder(baseline, *models)
        variants = {model: self.suite.variants(model) for model in models}
        for model, names in variants.items():
            if names == [model]:
                raise DirectiveError(f"{model} has no worker-count arguments in measure.yml")

        def make(interpreter, *where):
            base = self._measure(baseline, interpreter, *where)
            series = {}
            for model, names in variants.items():
                points = []
                for name in names:
                    m = self._measure(name, interpreter, *where)
                    if m.ok and base.ok:
                        points.append((Example.parse(name).workers, speedup(base, m), m.noisy))
                series[model.rpartition("/")[2].removesuffix(".py")] = points
            workers = sorted({w for points in series.values() for w, _, _ in points})
            limit = {
                "cores": lambda n: min(n, interpreter.usable_cores),
                "workers": lambda n: n,
            }.get(ideal, lambda n: int(ideal) / -(-int(ideal) // n))
            chart = self._drawn(charts.scaling, title or baseline, series, [(n, limit(n)) for n in workers])
            return chart + render.caption(base)

        return self._per_interpreter(result, page, line, baseline, make)

    def _diagram(self, result: Expanded, page: str, line: int, path: str) -> str:
        """An SVG drawn by hand, inlined (not an <img>) so currentColor follows light and dark mode."""
        if self.docs_dir is None:
            raise DirectiveError("diagram() needs the docs folder")
        file = (self.docs_dir / path).resolve()
        if self.docs_dir.resolve() not in file.parents or not file.is_file():
            raise DirectiveError(f"no diagram {path!r} (looked for {file})")
        svg = file.read_text(encoding="utf-8")
        start = svg.find("<svg")
        if start < 0 or 'role="img"' not in svg or "<title" not in svg:
            raise DirectiveError(f'{path} must be an <svg> with role="img" and a <title> (its alt text)')
        return self._fragment(result, f'<figure class="measured-diagram">{svg[start:]}</figure>')

    def _machine(self, result: Expanded, page: str, line: int, matrix: bool = False) -> str:
        """The machine and the build's interpreter; with ``matrix=True``, the configured others too."""
        interpreters = [self.suite.default]
        if matrix:
            interpreters += [self.suite.interpreter(name) for name in self.suite.config.interpreters]
        return self._fragment(result, render.machine_card(self.suite.machine, interpreters))

    def _matrix(self, result: Expanded, page: str, line: int, *examples: str) -> str:
        """The same scripts on every interpreter of the matrix, one row each."""
        if len(examples) < 2:
            raise DirectiveError("matrix() needs a baseline and at least one variant")
        self._one_folder(*examples)
        for example in examples:
            self.suite.path(example)
        rows = []
        for interpreter in self.suite.interpreters_for(examples[0]):
            if isinstance(interpreter, Missing):
                rows.append(interpreter)
            else:
                rows.append([self._measure(example, interpreter, result, page, line) for example in examples])
        return self._fragment(result, render.matrix(examples, rows))

    def _claim(self, result: Expanded, page: str, line: int, expression: str, when: str = "always") -> str:
        claim = Claim(expression, when)
        mentioned = claim.examples()
        for example in mentioned:
            self.suite.path(example)
        interpreters = self.suite.interpreters_for(mentioned[0]) if mentioned else [self.suite.default]
        verdicts = []
        for interpreter in interpreters:
            if isinstance(interpreter, Missing):
                verdicts.append(Verdict(interpreter.name, claims.SKIPPED, reason="not measured in this build"))
                continue
            verdict = self.suite.verdict(claim, interpreter)
            verdicts.append(verdict)
            self.checked.append(Checked(page, line, claim, verdict))
            failing = (claims.CONTRADICTED, claims.ERROR) + ((claims.UNDECIDED,) if self.require_decided else ())
            if verdict.status in failing:
                noisy = f" (noisy: {'; '.join(verdict.noisy)})" if verdict.noisy else ""
                message = f"claim {expression!r} is {verdict.status} on {interpreter.label}: {verdict.summary()}{noisy}"
                result.problems.append(Problem(page, line, message))
        return self._fragment(result, render.verdicts(expression, verdicts))

    def _value(self, result: Expanded, page: str, line: int, expression: str, format: str = "{:.3g}") -> str:
        for example in claims.examples_in(expression):
            self.suite.path(example)
        value = claims.evaluate(expression, self.suite.default, self.suite.measurement)
        title = f"Measured in this build on {self.suite.default.label}: {expression}"
        shown = render.escape(format.format(value))
        html = f'<span class="measured-value" title="{render.escape(title)}">{shown}</span>'
        return self._fragment(result, html)


def fill(html: str, fragments: dict[str, str]) -> str:
    """Swap placeholder tokens (bare or wrapped in a paragraph) for their fragments."""
    return FILLED.sub(lambda m: fragments.get(m[1] or m[2], m[0]), html)


def _arguments(text: str) -> tuple[list, dict]:
    """Parse ``"a.py", section="x"`` as literal call arguments."""
    call = ast.parse(f"f({text})", mode="eval").body
    args = [ast.literal_eval(arg) for arg in call.args]
    kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords}
    return args, kwargs


def collect_claims(docs_dir: Path) -> dict[Claim, list[str]]:
    """Every claim the pages under ``docs_dir`` make, with the pages and lines that make it
    (malformed ones are left out: the page reports them when it is expanded)."""
    found: dict[Claim, list[str]] = {}
    for page in sorted(Path(docs_dir).rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in DIRECTIVE.finditer(text):
            if match["name"] != "claim":
                continue
            try:
                args, kwargs = _arguments(match["args"])
                claim = Claim(*args, **kwargs)
            except (SyntaxError, ValueError, TypeError):
                continue
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault(claim, []).append(f"{page.relative_to(docs_dir)}:{line}")
    return found
