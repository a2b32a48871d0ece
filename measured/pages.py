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
    {{ predictor("predicted.md") }}             the workload calculator; each prediction linked to its costs there
    {{ model_costs() }}                         the costs the calculator reads, per machine and interpreter

The directives are found by :func:`measured.finder.find` (directives inside code
fences are left alone) and run by their handlers (:mod:`measured.handlers`, and
:mod:`measured.claims_index` for ``every_claim()``, :mod:`measured.predict` for the workload
calculator's ``predictor()`` and ``model_costs()``), every one listed in :data:`DIRECTIVES`. Only what
a page author can cause (:class:`~measured.errors.AuthorError`) becomes a page
problem, "page:line: message"; anything else is a bug in the runner and raises.

Expansion is two steps, so that nothing a script printed is ever read as Markdown:
:meth:`Expander.expand` turns directives into Markdown (the source as a snippet
include, content tabs per interpreter) with placeholder tokens, and :func:`fill`
swaps the tokens for HTML fragments after the Markdown has been converted.
"""

from __future__ import annotations

import functools
import inspect
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import claims, claims_index, handlers, predict, render
from . import provenance as provenance_module
from .errors import AuthorError
from .finder import find
from .handlers import Build, Context, Expanded, Serving, not_yet
from .suite import NotMeasuredYet, Suite

__all__ = ["DIRECTIVES", "Directive", "Expanded", "Expander", "fill"]

FILLED = re.compile(r"<p>(MEASURED-FRAGMENT-\d+-)</p>|(MEASURED-FRAGMENT-\d+-)")


@dataclass(frozen=True)
class Directive:
    handler: Callable[..., str]
    block: bool  # stands alone on its line
    examples: str  # which arguments name examples: "first", "all", "expression" or "none"


# Every directive a page may use, by name: its handler, whether it stands alone on its line
# (a block) or sits in a sentence, and which of its arguments name examples.
DIRECTIVES = {
    "example": Directive(handlers.example, block=True, examples="first"),
    "output": Directive(handlers.output, block=True, examples="first"),
    "compare": Directive(handlers.compare, block=True, examples="all"),
    "matrix": Directive(handlers.matrix, block=True, examples="all"),
    "timeline": Directive(handlers.timeline, block=True, examples="first"),
    "bars": Directive(handlers.bars, block=True, examples="first"),
    "scaling": Directive(handlers.scaling, block=True, examples="all"),
    "diagram": Directive(handlers.diagram, block=True, examples="none"),
    "provenance": Directive(handlers.provenance, block=True, examples="none"),
    "machine": Directive(handlers.machine, block=True, examples="none"),
    "headline": Directive(handlers.headline, block=True, examples="none"),
    "claim": Directive(handlers.claim, block=False, examples="expression"),
    "value": Directive(handlers.value, block=False, examples="expression"),
    "every_claim": Directive(claims_index.every_claim, block=True, examples="none"),
    "predictor": Directive(predict.predictor, block=True, examples="none"),
    "model_costs": Directive(predict.model_costs, block=True, examples="none"),
}


class Expander:
    """Expands the directives of one page at a time against a :class:`Suite`."""

    def __init__(
        self,
        suite: Suite,
        execute: bool = True,
        docs_dir: Path | None = None,
        require_decided: bool = False,
        provenance: provenance_module.Provenance | None = None,
        repo_url: str | None = None,
        others: list | None = None,
        here: str = "",
        serving: Serving | None = None,
        missing: list[str] | None = None,
        left_out: list[str] | None = None,
    ) -> None:
        # what every directive shares (:class:`~measured.handlers.Build`): its ``checked`` is every
        # claim shown so far, the verdict table; ``others``, other machines' imported results
        # (measured.machines.imported), ``here``, what this machine is called beside them,
        # ``missing``, the machines expected whose results did not arrive, ``left_out``, why
        # imported results were not shown
        self.build = Build(
            suite,
            execute,
            docs_dir,
            require_decided,
            provenance,
            repo_url,
            others=others or [],
            here=here,
            missing=missing or [],
            left_out=left_out or [],
            serving=serving,
        )

    def expand(self, markdown: str, page: str) -> Expanded:
        expanded = Expanded("")
        lines = markdown.split("\n")
        shift = {}  # how much each line has grown so far: directives are replaced left to right
        for where in find(markdown, page):
            line, moved = lines[where.line - 1], shift.get(where.line, 0)
            produced = self._one(Context(self.build, where, expanded))
            lines[where.line - 1] = line[: where.start + moved] + produced + line[where.end + moved :]
            shift[where.line] = moved + len(produced) - (where.end - where.start)
        expanded.markdown = "\n".join(lines)
        return expanded

    def _one(self, context: Context) -> str:
        """One directive: parse, check, run its handler; an author's mistake becomes a problem."""
        where = context.where
        found = DIRECTIVES.get(where.name)
        try:
            produced = self._run(found, context)
        except AuthorError as error:
            message = f"{where.written}: {error}"
            context.problem(message)
            title = f"Cannot render this ({where.page}, line {where.line})"
            produced = context.fragment(render.failure(title, message))
        except NotMeasuredYet as missing:  # serving: the worker will measure it; not executing: never
            produced = not_yet(context, missing, inline=not found.block)
        if where.alone:  # keep the directive's indentation (inside tabs, admonitions, lists)
            produced = produced.replace("\n", "\n" + where.indent)
        return produced

    def _run(self, found: Directive | None, context: Context) -> str:
        where = context.where
        if found is None:
            raise AuthorError(f"unknown directive {where.name}(...)")
        if found.block and not where.alone:
            raise AuthorError(f"{where.name}(...) must stand alone on its line")
        args, kwargs = where.arguments()
        bind(found, args, kwargs)
        for example in named_examples(found, args):
            self.build.suite.path(example)  # ExampleNotFound (an AuthorError) before the handler runs
        return found.handler(context, *args, **kwargs)


def bind(found: Directive, args: list, kwargs: dict) -> None:
    """``AuthorError`` unless the arguments fit the handler's signature and annotations."""
    signature, hints = _signature(found.handler)
    try:
        bound = signature.bind(None, *args, **kwargs)
    except TypeError as error:
        raise AuthorError(f"wrong arguments: {error}") from None
    for name, given in list(bound.arguments.items())[1:]:
        if name not in hints:
            continue
        variadic = signature.parameters[name].kind is inspect.Parameter.VAR_POSITIONAL
        for value in given if variadic else [given]:
            if not _fits(value, hints[name]):
                expected = found.handler.__annotations__[name]
                raise AuthorError(f"wrong arguments: {name}={value!r}, expected {expected}")


@functools.cache  # asked for every directive of every page: read once per handler
def _signature(handler: Callable[..., str]) -> tuple[inspect.Signature, dict]:
    return inspect.signature(handler), typing.get_type_hints(handler)


def _fits(value: object, hint) -> bool:
    if options := typing.get_args(hint):  # a union: str | None
        return any(_fits(value, option) for option in options)
    if hint is type(None):
        return value is None
    if hint in (int, float):
        return isinstance(value, (int, float) if hint is float else int) and not isinstance(value, bool)
    return isinstance(value, hint)


def named_examples(found: Directive, args: list) -> list[str]:
    """The examples a directive's arguments name (an expression: those it mentions)."""
    if found.examples == "expression":
        return list(claims.examples_in(args[0])) if args else []
    return {"first": args[:1], "all": args, "none": []}[found.examples]


def fill(html: str, fragments: dict[str, str]) -> str:
    """Swap placeholder tokens (bare or wrapped in a paragraph) for their fragments."""
    return _unique_figures(FILLED.sub(lambda m: fragments.get(m[1] or m[2], m[0]), html))


# A chart's figure and the link to it in its caption (measured.charts.figure_anchor).
FIGURE = re.compile(r'id="(figure-[a-z0-9-]+)"(.*?)href="#\1"', re.S)


def _unique_figures(html: str) -> str:
    """The same chart drawn for each interpreter or machine has the same title: the first
    keeps its anchor, the others are numbered in the order of the page (figure-x-2, ...)."""
    seen: dict[str, int] = {}

    def number(found: re.Match) -> str:
        seen[found[1]] = seen.get(found[1], 0) + 1
        anchor = found[1] if seen[found[1]] == 1 else f"{found[1]}-{seen[found[1]]}"
        return f'id="{anchor}"{found[2]}href="#{anchor}"'

    return FIGURE.sub(number, html)
