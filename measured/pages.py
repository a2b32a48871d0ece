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
    {{ provenance() }}                           the commit, date, CI run and versions of this build
    {{ diagram("diagrams/handover.svg") }}       a drawn SVG, inlined so it follows the theme
    {{ timeline("gil/turns.py", "timeline.json") }}    a chart from a file the script wrote
    {{ bars("gil/convoy.py", "latency.json") }}
    {{ scaling("lab/cpu_sequential.py", "lab/cpu_threads.py", ideal="cores") }}  speed-up per worker count

Each directive is a method of :class:`Expander` registered with :func:`directive`,
which says what it is: a *block* (alone on its line) or inline (in a sentence), and
*static* (runs nothing, so it is rendered even when execution is off) or measured.
A handler receives a :class:`Page` (the page, the line, where its fragments go) and
the directive's arguments, the examples among them already checked. Only errors a
page author can cause (:data:`AUTHOR_ERRORS`) become page problems; anything else
is a bug in the runner and raises. Directives inside code fences are left alone.

Expansion is two steps, so that nothing a script printed is ever read as Markdown:
:meth:`Expander.expand` turns directives into Markdown (the source as a snippet
include, content tabs per interpreter) with placeholder tokens, and :func:`fill`
swaps the tokens for HTML fragments after the Markdown has been converted.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import charts, claims, render, serve
from . import provenance as provenance_module
from .benchmark import Example, Measurement, one_folder, speedup
from .claims import Claim, Verdict
from .interpreter import Interpreter, Missing
from .suite import ExampleNotFound, NotMeasuredYet, Suite

DIRECTIVE = re.compile(r"\{\{\s*(?P<name>\w+)\((?P<args>.*?)\)\s*\}\}")
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
TOKEN = "MEASURED-FRAGMENT-{}-"
FILLED = re.compile(r"<p>(MEASURED-FRAGMENT-\d+-)</p>|(MEASURED-FRAGMENT-\d+-)")
NOT_EXECUTED = render.failure(
    "Not executed",
    "This build ran with MEASURED_EXECUTE=0: no example was run, and the cache holds no result for this "
    "(python -m measured import brings a machine's results in).",
)


class DirectiveError(ValueError):
    """A directive a page author wrote wrongly."""


AUTHOR_ERRORS = (DirectiveError, ExampleNotFound, claims.ClaimError)


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
    """A page after expansion: Markdown with tokens, the fragments they stand for, its problems."""

    markdown: str
    fragments: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Page:
    """What a directive handler is given: where on which page it is, and where its output goes."""

    name: str
    line: int
    expanded: Expanded

    def fragment(self, html: str) -> str:
        """Keep ``html`` aside; return the token that stands for it in the Markdown."""
        token = TOKEN.format(len(self.expanded.fragments))
        self.expanded.fragments[token] = html
        return token

    def problem(self, message: str) -> None:
        self.expanded.problems.append(Problem(self.name, self.line, message))


@dataclass(frozen=True)
class Directive:
    handler: Callable[..., str]
    block: bool  # stands alone on its line
    static: bool  # runs nothing: rendered even when execution is off
    examples: str  # which arguments name examples: "first", "all", "expression" or "none"


DIRECTIVES: dict[str, Directive] = {}


def directive(*, block: bool, static: bool = False, examples: str = "first"):
    """Register an :class:`Expander` method as the directive of the same name."""

    def register(handler: Callable[..., str]) -> Callable[..., str]:
        DIRECTIVES[handler.__name__] = Directive(handler, block, static, examples)
        return handler

    return register


class Directives:
    """What the directive handlers share: the suite, and how a result is measured,
    drawn or shown as not measured yet for a page. The handlers are grouped by kind
    below; :class:`Expander` puts them together."""

    suite: Suite
    execute: bool
    docs_dir: Path | None
    require_decided: bool
    checked: list[Checked]
    built_from: provenance_module.Provenance | None
    repo_url: str | None

    def _per_interpreter(self, page: Page, example: str, make: Callable[[Interpreter], str]) -> str:
        """One fragment, or content tabs with one per interpreter of the matrix."""
        parts = []
        for interpreter in self.suite.interpreters_for(example):
            html = render.not_measured(interpreter) if isinstance(interpreter, Missing) else make(interpreter)
            parts.append((interpreter.label, page.fragment(html)))
        if len(parts) == 1:
            return parts[0][1]
        return "\n\n".join(f'=== "{label}"\n\n    {token}' for label, token in parts)

    def _waiting(self, missing: NotMeasuredYet) -> str:
        """Where the background worker is, for a result it has not measured yet."""
        now = serve.status(self.suite.cache.folder)
        where = f"; it is measuring {now['doing']} (group {now['group']} of {now['groups']})" if now else ""
        return (
            f"{missing.folder}/ on {missing.interpreter.label} is being measured in the background{where}. "
            "This page reloads when its results are in."
        )

    def _not_yet(self, page: Page, missing: NotMeasuredYet, inline: bool = False) -> str:
        """In place of a result not in the cache: serving, the worker will measure it; not executing, never."""
        pending = render.pending(self._waiting(missing), inline=inline)
        return page.fragment(pending if self.execute else NOT_EXECUTED)

    def _measure(self, page: Page, example: str, interpreter: Interpreter) -> Measurement:
        """The measurement; a failed example is the page's problem, shown where it is used."""
        measurement = self.suite.measurement(example, interpreter)
        if not measurement.ok:
            page.problem(f"{example} failed on {interpreter.label}: {measurement.last.describe_failure()}")
        return measurement

    def _drawn(self, draw, *data) -> str:
        """``draw(*data)``, or the same chart drawn by an earlier build."""
        return self.suite.cache.text(charts.key(draw, *data), lambda: draw(*data))


class OutputDirectives(Directives):
    """Listings, what they printed, and timing tables."""

    @directive(block=True, static=True)
    def example(self, page: Page, example: str, section: str | None = None, source=True, output=True) -> str:
        markdown = []
        if source:
            path = Example.parse(example).script  # a variant's arguments are not part of its file
            target = f"{path}:{section}" if section else path
            markdown += [f'```python title="examples/{path}"', f'--8<-- "{target}"', "```", ""]
            if self.repo_url:
                ref = self.built_from.ref if self.built_from else provenance_module.DEFAULT_BRANCH
                url = provenance_module.source_url(self.repo_url, ref, f"examples/{path}")
                markdown += [page.fragment(render.source_link(url, f"examples/{path}", ref)), ""]
        if output:
            try:
                shown = self.output(page, example)
            except NotMeasuredYet as missing:  # serving: the listing now, its output when measured
                shown = page.fragment(render.pending(self._waiting(missing)) if self.execute else NOT_EXECUTED)
            markdown.append(shown)
        return "\n".join(markdown)

    @directive(block=True)
    def output(self, page: Page, example: str) -> str:
        def make(interpreter: Interpreter) -> str:
            try:
                return render.output(self._measure(page, example, interpreter))
            except NotMeasuredYet:
                if not serve.edited(self.suite.path(example)):
                    raise
                return render.preview(serve.preview(self.suite.examples_dir, example, interpreter), interpreter)

        return self._per_interpreter(page, example, make)

    @directive(block=True, examples="all")
    def compare(self, page: Page, *examples: str) -> str:
        if not examples:
            raise DirectiveError("compare() needs at least one example")
        _one_folder(*examples)
        return self._per_interpreter(
            page, examples[0], lambda i: render.comparison([self._measure(page, e, i) for e in examples])
        )

    @directive(block=True, examples="all")
    def matrix(self, page: Page, *examples: str) -> str:
        """The same scripts on every interpreter of the matrix, one row each."""
        if len(examples) < 2:
            raise DirectiveError("matrix() needs a baseline and at least one variant")
        _one_folder(*examples)
        rows = [
            interpreter if isinstance(interpreter, Missing) else [self._measure(page, e, interpreter) for e in examples]
            for interpreter in self.suite.interpreters_for(examples[0])
        ]
        return page.fragment(render.matrix(examples, rows))


class ChartDirectives(Directives):
    """Charts drawn from what examples wrote, diagrams, and the machine card."""

    @directive(block=True)
    def timeline(self, page: Page, example: str, file: str) -> str:
        return self._chart(page, example, file, charts.timeline)

    @directive(block=True)
    def bars(self, page: Page, example: str, file: str) -> str:
        return self._chart(page, example, file, charts.bars)

    def _chart(self, page: Page, example: str, file: str, draw) -> str:
        """A chart drawn from a JSON file the example wrote, per interpreter."""

        def make(interpreter: Interpreter) -> str:
            measurement = self._measure(page, example, interpreter)
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

        return self._per_interpreter(page, example, make)

    @directive(block=True, examples="all")
    def scaling(self, page: Page, baseline: str, *models: str, ideal="cores", title="") -> str:
        """Speed-up of each model's variants (one per worker count) over ``baseline``.

        ``ideal``: ``"cores"`` (min(workers, usable cores)), ``"workers"``, or a number of
        tasks T, whose ideal with N workers is T / ceil(T / N).
        """
        if not models:
            raise DirectiveError("scaling() needs a baseline and at least one model")
        _one_folder(baseline, *models)
        variants = {model: self.suite.variants(model) for model in models}
        for model, names in variants.items():
            if names == [model]:
                raise DirectiveError(f"{model} has no worker-count arguments in measure.yml")

        def make(interpreter: Interpreter) -> str:
            base = self._measure(page, baseline, interpreter)
            series = {}
            for model, names in variants.items():
                measured = [self._measure(page, name, interpreter) for name in names]
                points = [(Example.parse(m.example).workers, speedup(base, m), m.noisy) for m in measured if m.ok]
                series[model.rpartition("/")[2].removesuffix(".py")] = points if base.ok else []
            workers = sorted({w for points in series.values() for w, _, _ in points})
            limit = {
                "cores": lambda n: min(n, interpreter.usable_cores),
                "workers": lambda n: n,
            }.get(ideal, lambda n: int(ideal) / -(-int(ideal) // n))
            chart = self._drawn(charts.scaling, title or baseline, series, [(n, limit(n)) for n in workers])
            return chart + render.caption(base)

        return self._per_interpreter(page, baseline, make)

    @directive(block=True, static=True, examples="none")
    def diagram(self, page: Page, path: str) -> str:
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
        return page.fragment(f'<figure class="measured-diagram">{svg[start:]}</figure>')

    @directive(block=True, static=True, examples="none")
    def provenance(self, page: Page) -> str:
        """What this build was made from: commit, date, CI run, the versions of what built it."""
        if self.built_from is None:
            raise DirectiveError("provenance() needs the build's provenance (measured.provenance.gather)")
        return page.fragment(render.provenance_table(self.built_from, self.repo_url))

    @directive(block=True, examples="none")
    def machine(self, page: Page, matrix: bool = False) -> str:
        """The machine and the build's interpreter; with ``matrix=True``, the configured others too."""
        interpreters = [self.suite.default]
        if matrix:
            interpreters += [self.suite.interpreter(name) for name in self.suite.config.interpreters]
        return page.fragment(render.machine_card(self.suite.machine, interpreters))


class ClaimDirectives(Directives):
    """Claims, decided on each interpreter, and measured numbers in prose."""

    @directive(block=False, examples="expression")
    def claim(self, page: Page, expression: str, when: str = "always") -> str:
        """The claim decided on each interpreter its folder runs on, as badges."""
        claim = Claim(expression, when)  # ClaimError for an unknown when=, reported on the page
        # an id in the Markdown, where MkDocs checks the links to it (the every_claim() page links
        # here): there whether or not the claim can be decided in this build
        anchor = f'<span id="{render.claim_anchor(expression, when)}"></span>'
        mentioned = claim.examples()
        interpreters = self.suite.interpreters_for(mentioned[0]) if mentioned else [self.suite.default]
        verdicts = []
        failing = {claims.CONTRADICTED, claims.ERROR} | ({claims.UNDECIDED} if self.require_decided else set())
        for interpreter in interpreters:
            if isinstance(interpreter, Missing):
                verdicts.append(Verdict(interpreter.name, claims.SKIPPED, reason="not measured in this build"))
                continue
            try:
                verdict = self.suite.verdict(claim, interpreter)
            except NotMeasuredYet as missing:
                return anchor + self._not_yet(page, missing, inline=True)
            verdicts.append(verdict)
            self.checked.append(Checked(page.name, page.line, claim, verdict))
            if verdict.status in failing:
                noisy = f" (noisy: {'; '.join(verdict.noisy)})" if verdict.noisy else ""
                page.problem(
                    f"claim {expression!r} is {verdict.status} on {interpreter.label}: {verdict.summary()}{noisy}"
                )
        return anchor + page.fragment(render.verdicts(expression, verdicts))

    @directive(block=False, examples="expression")
    def value(self, page: Page, expression: str, format: str = "{:.3g}", when: str = "always") -> str:
        """A number measured in this build, written into a sentence; "n/a" where ``when`` does not apply."""
        if not claims.applies(when, self.suite.default):
            title = f"Not measured on {self.suite.default.label}: it exists only {claims.WHERE[when]}"
            return page.fragment(f'<span class="measured-value" title="{render.escape(title)}">n/a</span>')
        shown = render.escape(format.format(claims.evaluate(expression, self.suite.default, self.suite.measurement)))
        title = f"Measured in this build on {self.suite.default.label}: {expression}"
        return page.fragment(f'<span class="measured-value" title="{render.escape(title)}">{shown}</span>')


class Expander(OutputDirectives, ChartDirectives, ClaimDirectives):
    """Expands the directives of one page at a time against a :class:`Suite`."""

    def __init__(
        self,
        suite: Suite,
        execute: bool = True,
        docs_dir: Path | None = None,
        require_decided: bool = False,
        provenance: provenance_module.Provenance | None = None,
        repo_url: str | None = None,
    ) -> None:
        self.suite = suite
        self.execute = execute  # False: run nothing; show what the cache holds (imported bundles), say so elsewhere
        if not execute:
            suite.measure = False
        self.docs_dir = docs_dir  # where diagram() finds its files
        self.require_decided = require_decided  # a claim not decided is a problem too
        self.built_from = provenance  # what the build was made from (the provenance() directive, source links)
        self.repo_url = repo_url  # None: listings link to no source
        self.checked: list[Checked] = []  # every claim decided so far, for the build's verdict table

    def expand(self, markdown: str, page: str) -> Expanded:
        expanded = Expanded("")
        lines, fence = markdown.split("\n"), None
        for number, line in enumerate(lines, start=1):
            opened = FENCE.match(line)
            if opened and (fence is None or opened["fence"].startswith(fence)):
                fence = None if fence else opened["fence"]
            if fence or opened:
                continue
            where = Page(page, number, expanded)
            lines[number - 1] = DIRECTIVE.sub(lambda match, where=where, line=line: self._one(match, where, line), line)
        expanded.markdown = "\n".join(lines)
        return expanded

    def _one(self, match: re.Match, page: Page, text: str) -> str:
        """One directive: parse, check, run its handler; an author's mistake becomes a problem."""
        alone = bool(DIRECTIVE.fullmatch(text.strip()))
        try:
            found = DIRECTIVES.get(match["name"])
            if found is None:
                raise DirectiveError(f"unknown directive {match['name']}(...)")
            if found.block and not alone:
                raise DirectiveError(f"{match['name']}(...) must stand alone on its line")
            args, kwargs = _arguments(match["args"])
            try:
                inspect.signature(found.handler).bind(self, page, *args, **kwargs)
            except TypeError as error:
                raise DirectiveError(f"wrong arguments: {error}") from None
            self._check_examples(found.examples, args)
            produced = found.handler(self, page, *args, **kwargs)
        except AUTHOR_ERRORS as error:
            message = f"{match.group(0)}: {error}"
            page.problem(message)
            produced = page.fragment(render.failure(f"Cannot render this ({page.name}, line {page.line})", message))
        except NotMeasuredYet as missing:
            produced = self._not_yet(page, missing, inline=not found.block)
        if alone:  # keep the directive's indentation (inside tabs, admonitions, lists)
            indent = text[: len(text) - len(text.lstrip())]
            produced = produced.replace("\n", "\n" + indent)
        return produced

    def _check_examples(self, kind: str, args: list) -> None:
        """Every example the directive names exists (checked once, before its handler runs)."""
        if kind == "expression":
            named = claims.examples_in(args[0]) if args else []
        else:
            named = {"first": args[:1], "all": args, "none": []}[kind]
        for example in named:
            self.suite.path(example)


def fill(html: str, fragments: dict[str, str]) -> str:
    """Swap placeholder tokens (bare or wrapped in a paragraph) for their fragments."""
    return FILLED.sub(lambda m: fragments.get(m[1] or m[2], m[0]), html)


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
            except (DirectiveError, TypeError, claims.ClaimError):
                continue
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault(claim, []).append(f"{page.relative_to(docs_dir).as_posix()}:{line}")
    return found


def _one_folder(*examples: str) -> None:
    """Comparisons are only meaningful between scripts measured together."""
    try:
        one_folder(*examples)
    except ValueError as error:
        raise DirectiveError(str(error)) from None


def _arguments(text: str) -> tuple[list, dict]:
    """Parse ``"a.py", section="x"`` as literal call arguments."""
    try:
        call = ast.parse(f"f({text})", mode="eval").body
        args = [ast.literal_eval(arg) for arg in call.args]
        kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords}
    except (SyntaxError, ValueError) as error:
        raise DirectiveError(f"arguments must be literals: {error}") from None
    return args, kwargs
