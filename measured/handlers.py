"""The directive handlers: plain functions, each given one context.

The table of directives (:data:`measured.pages.DIRECTIVES`) names each handler and says
what it is: a *block* (alone on its line) or inline (in a sentence), and which of its
arguments name examples (checked once, before it runs). A handler receives a :class:`Context` (the build,
the directive's place on its page, where its fragments go) and the directive's own
arguments, already bound to its signature and checked against its annotations. It
returns Markdown; HTML goes aside as a fragment (:meth:`Context.fragment`) so that
nothing a script printed is ever read as Markdown. What an author can get wrong is
raised as :class:`~measured.errors.AuthorError`.
"""

from __future__ import annotations

import contextlib
import json
import posixpath
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from . import charts, claims, render
from . import provenance as provenance_module
from .benchmark import Example, Measurement, one_folder, speedup
from .checked import Checked
from .claims import Claim, Status, Verdict
from .errors import AuthorError
from .finder import Located, Problem
from .interpreter import Interpreter, Missing
from .machines import Elsewhere
from .process import Run
from .suite import NotMeasuredYet, Suite

__all__ = ["NOT_EXECUTED", "Build", "Context", "Expanded", "Serving", "Verdicts", "not_yet", "verdicts", "waiting"]

TOKEN = "MEASURED-FRAGMENT-{}-"
NOT_EXECUTED = render.failure(
    "Not executed",
    "This build ran with MEASURED_EXECUTE=0: no example was run, and the cache holds no result for this "
    "(python -m measured import brings a machine's results in).",
)
IDEALS = ("cores", "workers")  # scaling()'s named ideals; else a number of tasks


class Serving(Protocol):
    """What ``mkdocs serve`` tells the pages (:class:`measured.serve.Serving` is one): where its
    background worker is, and one run of a script edited since serving began."""

    def status(self) -> dict: ...

    def edited(self, path: Path) -> bool: ...

    def preview(self, example: str, interpreter: Interpreter) -> Run: ...


@dataclass
class Build:
    """What every directive of one build shares."""

    suite: Suite
    execute: bool = True  # False: run nothing; show what the cache holds (imported bundles), say so elsewhere
    docs_dir: Path | None = None  # where diagram() finds its files
    require_decided: bool = False  # a claim not decided is a problem too
    provenance: provenance_module.Provenance | None = None  # what the build was made from
    repo_url: str | None = None  # None: listings link to no source
    checked: list[Checked] = field(default_factory=list)  # every claim decided so far: the verdict table
    others: list[Elsewhere] = field(default_factory=list)  # other machines' imported results, shown beside
    here: str = ""  # what the building machine is called (its own bundle's name, else its card's label)
    missing: list[str] = field(default_factory=list)  # machines expected whose results did not arrive
    left_out: list[str] = field(default_factory=list)  # imported results not shown, measured from other scripts: why
    serving: Serving | None = None  # while `mkdocs serve` runs: its worker's progress, previews of edited scripts


@dataclass
class Expanded:
    """A page after expansion: Markdown with tokens, the fragments they stand for, its problems."""

    markdown: str
    fragments: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    charts: dict[str, int] = field(default_factory=dict)  # how often each chart is drawn on the page


@dataclass
class Context:
    """What a handler is given: the build, the directive's place, and where its output goes."""

    build: Build
    where: Located
    expanded: Expanded
    machine: Elsewhere | None = None  # another machine whose results are asked for; None: this one

    @property
    def suite(self) -> Suite:
        return self.machine.suite if self.machine else self.build.suite

    @property
    def on_machine(self) -> str:
        """`` on <machine>`` for another machine's results, for messages; empty for this machine's."""
        return f" on {self.machine.label}" if self.machine else ""

    def machines(self, example: str | None = None) -> list[tuple[str, Context]]:
        """This machine, then every other that measured the example's folder (None: every other),
        each as (its name, a context); also one whose results for it were left out as stale, to say so."""
        others = [m for m in self.build.others if example is None or m.measured(example) or m.left_out(example)]
        if not others:
            return [("", self)]
        here = self.build.here or self.build.suite.machine.label
        return [(here, self)] + [(m.label, Context(self.build, self.where, self.expanded, m)) for m in others]

    def fragment(self, html: str) -> str:
        """Keep ``html`` aside; return the token that stands for it in the Markdown."""
        token = TOKEN.format(len(self.expanded.fragments))
        self.expanded.fragments[token] = html
        return token

    def problem(self, message: str) -> None:
        self.expanded.problems.append(Problem(self.where, message))


# What the handlers share: a result per interpreter, measured, drawn, or not there yet.


Make = Callable[["Context", Interpreter], str]  # a fragment from one machine's results on one interpreter


def per_interpreter(context: Context, examples: Sequence[str], make: Make, machines: bool = True) -> str:
    """One fragment, or content tabs with one per interpreter of the matrix that runs all of ``examples``;
    with other machines' results imported, tabs per machine around them (linked: a reader's choice follows them)."""
    tabs, example = [], examples[0]
    for name, on in context.machines(example) if machines else [("", context)]:
        parts = []
        for interpreter in on.suite.interpreters_for(*examples):
            if isinstance(interpreter, Missing):
                html = render.not_measured(interpreter)
            elif on.machine is None:
                html = make(on, interpreter)
            else:
                try:
                    html = make(on, interpreter)
                except NotMeasuredYet:  # its bundle has other folders or interpreters, or stale ones
                    why = on.machine.left_out(example) or f"{name} sent no results for this"
                    html = render.not_measured(Missing(interpreter.label, why))
            parts.append((interpreter.label, context.fragment(html)))
        tabs.append((name, tabbed(parts)))
    return tabbed(tabs)


def tabbed(parts: list[tuple[str, str]]) -> str:
    """Content tabs, one per (label, Markdown); the Markdown alone if there is one.
    Always a set of its own (``===!``): two directives in a row would otherwise merge
    into one set, an example's output tabs and its chart's one after the other."""
    if len(parts) == 1:
        return parts[0][1]
    return "\n\n".join(
        f'==={"" if number else "!"} "{label}"\n\n' + textwrap.indent(body, "    ")
        for number, (label, body) in enumerate(parts)
    )


def waiting(serving: Serving | None, missing: NotMeasuredYet) -> str:
    """Where the background worker is, for a result it has not measured yet."""
    now = serving.status() if serving else {}
    where = f"; it is measuring {now['doing']} (group {now['group']} of {now['groups']})" if now else ""
    return (
        f"{missing.folder}/ on {missing.interpreter.label} is being measured in the background{where}. "
        "This page reloads when its results are in."
    )


def not_yet(context: Context, missing: NotMeasuredYet, inline: bool = False) -> str:
    """In place of a result not in the cache: serving, the worker will measure it; not executing, never."""
    pending = render.pending(waiting(context.build.serving, missing), inline=inline)
    return context.fragment(pending if context.build.execute else NOT_EXECUTED)


def measure(context: Context, example: str, interpreter: Interpreter) -> Measurement:
    """The measurement; a failed example is the page's problem, shown where it is used."""
    measurement = context.suite.measurement(example, interpreter)
    if not measurement.ok:
        failed = measurement.last.describe_failure()
        context.problem(f"{example} failed on {interpreter.label}{context.on_machine}: {failed}")
    return measurement


def drawn(context: Context, draw, *data) -> str:
    """``draw(*data)``, or the same chart drawn by an earlier build; drawn again on one page
    (two machines or interpreters that measured the same), with ids of its own."""
    key = charts.key(draw, *data)
    times = context.expanded.charts[key] = context.expanded.charts.get(key, 0) + 1
    return charts.again(context.suite.cache.text(key, lambda: draw(*data)), times)


def _one_folder(*examples: str) -> None:
    """Comparisons are only meaningful between scripts measured together."""
    try:
        one_folder(*examples)
    except ValueError as error:
        raise AuthorError(str(error)) from None


# Listings, what they printed, and timing tables.


def example(context: Context, example: str, section: str | None = None, source: bool = True, output: bool = True):
    markdown = []
    build = context.build
    if source:
        path = Example.parse(example).script  # a variant's arguments are not part of its file
        target = f"{path}:{section}" if section else path
        markdown += [f'```python title="examples/{path}"', f'--8<-- "{target}"', "```", ""]
        if build.repo_url:
            ref = build.provenance.ref if build.provenance else provenance_module.DEFAULT_BRANCH
            url = provenance_module.source_url(build.repo_url, ref, f"examples/{path}")
            markdown += [context.fragment(render.source_link(url, f"examples/{path}", ref)), ""]
    if output:
        try:
            shown = _printed(context, example)
        except NotMeasuredYet as missing:  # serving: the listing now, its output when measured
            shown = not_yet(context, missing)
        markdown.append(shown)
    return "\n".join(markdown)


def output(context: Context, example: str) -> str:
    """What the example printed in this build, per interpreter."""
    return _printed(context, example)


def _printed(context: Context, example: str) -> str:
    serving = context.build.serving

    def make(on: Context, interpreter: Interpreter) -> str:
        try:
            return render.output(measure(on, example, interpreter))
        except NotMeasuredYet:
            if on.machine or serving is None or not serving.edited(context.suite.path(example)):
                raise
            return render.preview(serving.preview(example, interpreter), interpreter)

    return per_interpreter(context, [example], make)


def compare(context: Context, *examples: str) -> str:
    if not examples:
        raise AuthorError("compare() needs at least one example")
    _one_folder(*examples)
    return per_interpreter(context, examples, lambda on, i: render.comparison([measure(on, e, i) for e in examples]))


def matrix(context: Context, *examples: str) -> str:
    """The same scripts on every interpreter of the matrix, one row each."""
    if len(examples) < 2:
        raise AuthorError("matrix() needs a baseline and at least one variant")
    _one_folder(*examples)
    rows = [
        interpreter if isinstance(interpreter, Missing) else [measure(context, e, interpreter) for e in examples]
        for interpreter in context.suite.interpreters_for(*examples)
    ]
    return context.fragment(render.matrix(examples, rows))


# Charts drawn from what examples wrote, diagrams, and the machine card.


def timeline(context: Context, example: str, file: str) -> str:
    return _chart(context, example, file, charts.timeline)


def bars(context: Context, example: str, file: str) -> str:
    return _chart(context, example, file, charts.bars)


def _chart(context: Context, example: str, file: str, draw) -> str:
    """A chart drawn from a JSON file the example wrote, per interpreter."""

    def make(on: Context, interpreter: Interpreter) -> str:
        measurement = measure(on, example, interpreter)
        if not measurement.ok:
            return render.output(measurement)
        written = measurement.last.files
        if file not in written:
            raise AuthorError(f"{example} wrote no {file}{on.on_machine} (it wrote: {', '.join(written) or 'nothing'})")
        try:
            data = json.loads(written[file])
        except ValueError as error:
            raise AuthorError(f"{example} wrote {file}, but it is not valid JSON: {error}") from error
        return drawn(context, draw, data) + render.caption(measurement)

    return per_interpreter(context, [example], make)


def _ideal(ideal: str | int, usable_cores: int) -> Callable[[int], float]:
    """The ideal speed-up with ``n`` workers: ``"cores"``, ``"workers"``, or T tasks: T / ceil(T / n)."""
    if ideal == "cores":
        return lambda n: min(n, usable_cores)
    if ideal == "workers":
        return lambda n: n
    return lambda n: ideal / -(-ideal // n)


def scaling(context: Context, baseline: str, *models: str, ideal: str | int = "cores", title: str = "") -> str:
    """Speed-up of each model's variants (one per worker count) over ``baseline``.

    ``ideal``: ``"cores"`` (min(workers, usable cores)), ``"workers"``, or a number of
    tasks T, whose ideal with N workers is T / ceil(T / N).
    """
    if not models:
        raise AuthorError("scaling() needs a baseline and at least one model")
    if ideal not in IDEALS and (not isinstance(ideal, int) or ideal < 1):
        raise AuthorError(f"ideal={ideal!r}: expected 'cores', 'workers' or a number of tasks (1 or more)")
    _one_folder(baseline, *models)
    variants = {model: context.suite.variants(model) for model in models}
    for model, names in variants.items():
        if names == [model]:
            raise AuthorError(f"{model} has no worker-count arguments in measure.yml")
        for name in names:
            Example.parse(name).workers  # noqa: B018  AuthorError if its first argument is no worker count

    def line(on: Context, interpreter: Interpreter) -> tuple[charts.Series, charts.Ideal, Measurement]:
        """One machine's speed-ups on ``interpreter``, and its ideal: against its own usable cores."""
        base = measure(on, baseline, interpreter)
        series = {}
        for model, names in variants.items():
            measured = [measure(on, name, interpreter) for name in names]
            points = [(Example.parse(m.example).workers, speedup(base, m), m.noisy) for m in measured if m.ok]
            series[model.rpartition("/")[2].removesuffix(".py")] = points if base.ok else []
        workers = sorted({w for points in series.values() for w, _, _ in points})
        limit = _ideal(ideal, interpreter.usable_cores)
        return series, [(n, limit(n)) for n in workers], base

    def make(here: Context, interpreter: Interpreter) -> str:
        """The chart of every machine that measured it: a line per model and machine, each beside its ideal."""
        lines, captions = [], []
        for name, on in here.machines(baseline):
            counterpart = on.machine.counterpart(interpreter, here.suite) if on.machine else interpreter
            if counterpart is None:
                continue
            try:
                series, limit, base = line(on, counterpart)
            except NotMeasuredYet:
                if on.machine is None:
                    raise
                continue  # that machine sent no results for this interpreter
            lines.append((name, series, limit))
            captions.append(render.caption(base))
        return drawn(context, charts.scaling, title or baseline, lines) + "".join(captions)

    shown = [baseline, *(name for names in variants.values() for name in names)]
    return per_interpreter(context, shown, make, machines=False)


def diagram(context: Context, path: str, phone: str = "") -> str:
    """An SVG drawn by hand, inlined (not an <img>) so currentColor follows light and dark mode.

    ``phone``: the same drawing laid out for a phone (an <svg class="measured-fits-phone">), shown
    instead of the first where the column is narrow (measured.css), so the first need not scroll.
    """
    wide = _drawing(context, path)
    narrow = _drawing(context, phone) if phone else ""
    if phone and "measured-fits-phone" not in narrow.partition(">")[0]:
        raise AuthorError(f'{phone} is the phone drawing: it must be an <svg class="measured-fits-phone">')
    return context.fragment(render.diagram(wide, narrow))


def _drawing(context: Context, path: str) -> str:
    """The <svg> of a diagram file under the docs folder, checked to carry its alt text."""
    docs_dir = context.build.docs_dir
    if docs_dir is None:
        raise AuthorError("diagram() needs the docs folder")
    file = (docs_dir / path).resolve()
    if docs_dir.resolve() not in file.parents or not file.is_file():
        raise AuthorError(f"no diagram {path!r} (looked for {file})")
    svg = file.read_text(encoding="utf-8")
    start = svg.find("<svg")
    if start < 0 or 'role="img"' not in svg or "<title" not in svg:
        raise AuthorError(f'{path} must be an <svg> with role="img" and a <title> (its alt text)')
    return svg[start:]


def provenance(context: Context) -> str:
    """What this build was made from: commit, date, CI run, the versions of what built it."""
    build = context.build
    if build.provenance is None:
        raise AuthorError("provenance() needs the build's provenance (measured.provenance.gather)")
    return context.fragment(render.provenance_table(build.provenance, build.repo_url))


def machine(context: Context, matrix: bool = False) -> str:
    """The machine and the build's interpreter, folded under one line that names them; with
    ``matrix=True``, the configured others too."""
    cards = []
    for name, on in context.machines():
        suite = on.suite
        interpreters = [suite.default]
        if matrix:
            interpreters += [suite.interpreters.get(name) for name in suite.config.interpreters]
        cards.append((name, context.fragment(render.machine_card(suite.machine, interpreters))))
    shown = tabbed(cards)
    # a build detail beside the lesson: folded under one line
    names = [name for name, _ in cards]
    where = f"{len(names)} machines ({', '.join(names)})" if len(names) > 1 else context.suite.machine.label
    on = "on every interpreter below" if matrix else f"with {context.suite.default.label}"
    title = f"Measured on {where}, {on}".replace('"', "'")
    shown = f'??? info "{title}"\n\n' + textwrap.indent(shown, "    ")
    if context.build.missing:
        shown += "\n\n" + context.fragment(render.machines_missing(context.build.missing, context.build.here))
    if context.build.left_out:
        shown += "\n\n" + context.fragment(render.results_left_out(context.build.left_out))
    return shown


def headline(context: Context, *figures: str, format: str = "{:.2f}") -> str:
    """Headline numbers side by side, a row per machine and interpreter that measured them:
    ``headline("label", "expression", "label", "expression", ...)``."""
    if not figures or len(figures) % 2:
        raise AuthorError("headline() takes pairs of a label and an expression")
    labels, expressions = list(figures[::2]), [Claim(expression) for expression in figures[1::2]]
    mentioned = [example for expression in expressions for example in expression.examples()]
    first = mentioned[0] if mentioned else None
    rows = []
    for name, on in context.machines(first):
        interpreters = on.suite.interpreters_for(*mentioned)
        for interpreter in (i for i in interpreters if isinstance(i, Interpreter)):
            cells = [_figure(on, claim.expression, interpreter, format) for claim in expressions]
            rows.append((name or on.suite.machine.label, interpreter.label, cells))
    return context.fragment(render.headline(labels, rows))


def _figure(context: Context, expression: str, interpreter: Interpreter, format: str) -> str:
    """One number of the table, formatted; "measuring…" where a served site has not measured it yet."""
    try:
        return _formatted(claims.evaluate(expression, interpreter, context.suite.measurement), format)
    except NotMeasuredYet:
        return "measuring…"


def _formatted(measured, format: str) -> str:
    """``measured`` as ``format`` shows it; an author's error if it cannot."""
    try:
        return format.format(measured)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError) as error:
        raise AuthorError(f"format {format!r} cannot show {measured!r}: {error}") from None


# Claims, decided on each interpreter, and measured numbers in prose.


def claim(context: Context, expression: str, when: str = "always") -> str:
    """The claim decided on each interpreter its folder runs on (and each machine), as one mark:
    a chip counting the verdicts that opens to each of them."""
    build = context.build
    claim = Claim(expression, when)  # ClaimError for an unknown when=, reported on the page
    # an id in the Markdown, where MkDocs checks the links to it (the every_claim() page links
    # here): there whether or not the claim can be decided in this build
    claim_id = render.claim_anchor(expression, when)
    anchor = render.claim_place(claim_id)
    found = verdicts(context, claim)
    if found.waiting:
        return anchor + not_yet(context, found.waiting, inline=True)
    failing = {Status.CONTRADICTED, Status.ERROR} | ({Status.UNDECIDED} if build.require_decided else set())
    for (name, verdict), shown in zip(found.named, found.shown, strict=True):
        build.checked.append(Checked(context.where.page, context.where.line, claim, shown))
        if verdict.status in failing:
            noisy = f" (noisy: {'; '.join(verdict.noisy)})" if verdict.noisy else ""
            on = f" on {name}" if name else ""
            context.problem(
                f"claim {expression!r} is {verdict.status} on {verdict.interpreter}{on}: {verdict.summary()}{noisy}"
            )
    mark = render.claim_mark(expression, found.shown, claim_id, found.machines)
    return anchor + context.fragment(mark) + _rule_link(context) + context.fragment(render.MARK_END)


@dataclass
class Verdicts:
    """A claim's verdicts as the pages show them (its mark, the every-claim table)."""

    named: list[tuple[str, Verdict]]  # (its machine's name, "" while this machine is the only one; the verdict)
    machines: int
    waiting: NotMeasuredYet | None = None  # this machine's results not in this build yet (the first asked for)

    @property
    def shown(self) -> list[Verdict]:
        """Each verdict, named by its machine when there are several."""
        return [replace(v, interpreter=f"{name}, {v.interpreter}") if name else v for name, v in self.named]


NOT_IN_BUILD = "its results are not in this build"  # the reason of a verdict whose results are not measured yet


def verdicts(context: Context, claim: Claim) -> Verdicts:
    """The claim decided on each interpreter its folder runs on here (skipped, saying why, where one
    is not installed or its results are not in this build), then on every other machine that measured it."""
    suite = context.suite
    here, waiting = [], None
    for interpreter in suite.interpreters_for(*claim.examples()):
        if isinstance(interpreter, Missing):
            here.append(Verdict(interpreter.name, Status.SKIPPED, reason=render.NOT_MEASURED))
            continue
        try:
            here.append(suite.verdict(claim, interpreter))
        except NotMeasuredYet as missing:
            waiting = waiting or missing
            here.append(Verdict(interpreter.label, Status.SKIPPED, reason=NOT_IN_BUILD))
    others = elsewhere(context, claim)
    this = (context.build.here or suite.machine.label) if others else ""
    return Verdicts([(this, v) for v in here] + others, 1 + len({name for name, _ in others}), waiting)


RULE = "methodology.md#verdicts-holds-contradicted-not-decided"  # how a claim is decided, and what its marks mean


def _rule_link(context: Context) -> str:
    """A Markdown link from a claim's mark to the rule that decides it, relative to the claim's page
    (MkDocs checks it and rewrites it as a page address); none on a site without that page."""
    docs_dir = context.build.docs_dir
    page, anchor = RULE.split("#")
    if docs_dir is None or not (docs_dir / page).is_file():
        return ""
    folder = posixpath.dirname(context.where.page)
    return f"[How a claim is decided]({posixpath.relpath(page, folder or '.')}#{anchor})"


def elsewhere(context: Context, claim: Claim) -> list[tuple[str, Verdict]]:
    """The claim decided on every other machine that measured its folder, from that machine's runs:
    (the machine's name, the verdict), on each of its interpreters whose results it sent."""
    mentioned = claim.examples()
    found = []
    for name, on in context.machines(mentioned[0])[1:] if mentioned else []:
        for interpreter in on.suite.interpreters_for(*mentioned):
            if isinstance(interpreter, Interpreter):
                with contextlib.suppress(NotMeasuredYet):  # not in its bundle: nothing to decide
                    found.append((name, on.suite.verdict(claim, interpreter)))
    return found


def value(context: Context, expression: str, format: str = "{:.3g}", when: str = "always") -> str:
    """A number measured in this build, written into a sentence; "n/a" where ``when`` does not apply."""
    suite = context.suite
    if not claims.applies(when, suite.default):
        title = f"Not measured on {suite.default.label}: it exists only {claims.WHERE[when]}"
        return context.fragment(render.measured_value("n/a", title))
    measured, read = claims.evaluate_reading(expression, suite.default, suite.measurement)
    shown = _formatted(measured, format)
    noisy = sorted({f"{m.example}: {m.why_noisy}" for m in read if m.noisy})  # said beside the number
    title = f"Measured in this build on {suite.default.label}: {expression}"
    return context.fragment(render.measured_value(shown, title, noisy))
