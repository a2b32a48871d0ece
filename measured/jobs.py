"""What the publishing workflow's jobs check and report, as commands a job runs.

    python -m measured interpreters [--require]   each interpreter of the matrix: found as what?
    python -m measured summary BUNDLE             a measuring job's summary, from its bundle
    python -m measured summary --site             the site job's summary, from the imported cache

``interpreters --require`` is how a runner makes sure nothing is silently missing: an
interpreter of the matrix (``examples/measure.yml``, the one list both jobs read) that is
absent, or is not the version and build its name says, fails the job, naming it. The
summaries are Markdown for ``$GITHUB_STEP_SUMMARY``: the measuring job's from the bundle
it exports (the machine card, each interpreter it ran, the verdicts, the time its runs
took), the site job's from the cache it built from (the machines imported, shown first,
refused, left out and missing). Everything a bundle says is another machine's input:
each value is escaped and cut short before it goes into the Markdown.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from .bundle import Bundle, BundleError, refused
from .claims import Status
from .config import Config
from .interpreter import Missing, answers_to
from .machines import choose_first, imported, missing, own_card
from .matrix import Interpreters
from .settings import Environment, Layout

__all__ = ["bundle_summary", "main", "matrix", "site_summary"]

LONGEST = 200  # characters of any one value from a bundle in a summary


def cell(value: object) -> str:
    """``value`` as one Markdown table cell: no markup, no line breaks, not too long."""
    text = " ".join(str(value).split())
    text = text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"
    for mark, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("`", "\\`")):
        text = text.replace(mark, escaped)
    return text


def plural(count: int, thing: str) -> str:
    return f"{count:,} {thing}{'' if count == 1 else 's'}"


def matrix(examples: Path, environment: Environment) -> Interpreters:
    """Every interpreter of the matrix (measure.yml's list, or ``MEASURED_INTERPRETERS``), found here."""
    config = Config.load(examples, environment.interpreters)
    found = Interpreters("python", config)
    found.find_all(list(config.interpreters))
    return found


def interpreters_report(found: Interpreters) -> list[str]:
    """A line per interpreter: its name, then what was found and run, or why none was; and
    under it each candidate that was run for the name and passed over, with why."""
    lines = []
    for name in found.config.interpreters:
        interpreter = found.get(name)
        if isinstance(interpreter, Missing):
            lines.append(f"{name:12} MISSING: {interpreter.reason}")
            continue
        lines.append(f"{name:12} {interpreter.label} ({interpreter.build}) at {interpreter.run_command}")
        lines += [f"{'':12} passed over {why}" for why in found.passed_over.get(name, ())]
    return lines


def bundle_summary(bundle: Bundle, names: list[str]) -> str:
    """A measuring job's summary: what its machine had, ran and decided, from the bundle it exported."""
    card = bundle.machine
    ran = Counter(group.interpreter for group in bundle.groups)
    runs = [sample.run for group in bundle.groups for m in group.measurements for sample in m.samples]
    lines = [
        f"### Measured on {cell(card.label)}",
        "",
        f"**Machine:** {cell(card.card.label)} ({card.card.logical_cpus} logical CPUs, {cell(card.card.system)}); "
        f"id {cell(card.id)}",
        "",
        "| Interpreter | Found as | Build | Path | Folders measured |",
        "|---|---|---|---|---|",
    ]
    for interpreter, folders in ran.most_common():
        called = ", ".join(name for name in names if answers_to(interpreter, name)) or "the build's own"
        lines.append(
            f"| {cell(interpreter.label)} | {cell(called)} | {cell(interpreter.build)} "
            f"| {cell(interpreter.run_command)} | {folders} |"
        )
    for name in names:
        if not any(answers_to(interpreter, name) for interpreter in ran):
            lines.append(f"| {cell(name)} | not measured | | | 0 |")
    counts = Counter(kept.verdict.status for kept in bundle.verdicts)
    told = ", ".join(f"{counts[status]} {status}" for status in Status if counts[status]) or "none"
    lines += [
        "",
        f"**Verdicts:** {told}.",
        f"**Measured:** {plural(len(bundle.groups), 'group')} of examples, {plural(len(runs), 'run')}, "
        f"{sum(run.wall for run in runs):.1f} s of runs.",
    ]
    for kept in bundle.verdicts:
        if kept.verdict.status in (Status.CONTRADICTED, Status.ERROR):
            where = ", ".join(kept.pages)
            lines.append(
                f"- {kept.verdict.status} on {cell(where)}: {cell(kept.claim)} ({cell(kept.verdict.summary())})"
            )
    return "\n".join(lines) + "\n"


def site_summary(layout: Layout, environment: Environment) -> str:
    """The site job's summary: the machines the site was built from, and those it was not."""
    cache = layout.cache
    others = imported(layout.examples, cache, [])
    present = [other.label for other in others]
    own = own_card(cache)
    if own:  # a bundle from the machine building the site: its results are the cache's own
        present.insert(0, own.label)
    lines = ["### The site's machines", ""]
    if environment.machine:
        first = choose_first(environment.machine, environment.machines, present)
        instead = "" if first == environment.machine else f" ({cell(environment.machine)}'s did not arrive)"
        lines.append(f"- **Shown first:** {cell(first)}{instead}")
    lines.append(f"- **Imported:** {', '.join(cell(name) for name in present) or 'none'}")
    for name in missing(environment.machines, present):
        lines.append(f"- **Missing:** {cell(name)}: no bundle arrived (its measuring job failed)")
    for bundle in refused(cache):
        lines.append(f"- **Refused:** {cell(bundle.source)}: {cell(bundle.reason)}")
    for other in others:
        for why in other.stale.values():
            lines.append(f"- **Left out:** {cell(why)}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """``python -m measured interpreters`` and ``python -m measured summary``."""
    layout = Layout()
    parser = argparse.ArgumentParser(prog="python -m measured", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("interpreters", help="find every interpreter of the matrix and say what each is")
    check.add_argument("--require", action="store_true", help="exit 1 if any is missing or not what its name says")
    check.add_argument("--examples", type=Path, default=layout.examples, help="the examples folder (measure.yml)")
    summary = commands.add_parser("summary", help="a job's summary, in Markdown, on standard output")
    what = summary.add_mutually_exclusive_group(required=True)
    what.add_argument("bundle", nargs="?", type=Path, help="a measuring job's bundle (a folder or results.json)")
    what.add_argument("--site", action="store_true", help="the site job's: the machines in the cache")
    options = parser.parse_args(argv)
    environment = Environment.read()

    if options.command == "interpreters":
        found = matrix(options.examples, environment)
        print("\n".join(interpreters_report(found)))
        absent = [name for name in found.config.interpreters if isinstance(found.get(name), Missing)]
        if options.require and absent:
            print(f"not every interpreter of the matrix is here: {', '.join(absent)}")
            return 1
        return 0
    if options.site:
        print(site_summary(layout, environment), end="")
        return 0
    try:
        bundle = Bundle.load(options.bundle)
    except BundleError as error:
        print(f"### No bundle\n\n{cell(error)}")
        return 1
    names = list(Config.load(layout.examples, environment.interpreters).interpreters)
    print(bundle_summary(bundle, names), end="")
    return 0
