"""Measure examples from the command line, without building the site.

    python -m measured                     every folder of examples/
    python -m measured models gil/convoy.py  some folders or scripts
    python -m measured --fresh models      ignore the cache
    python -m measured export DIR          this machine's results as a bundle (:mod:`measured.bundle`)
    python -m measured import DIR...       merge bundles into the cache
    python -m measured rehearse [DIR]      this machine as two, merged into one site (:mod:`measured.rehearse`)
    python -m measured interpreters        each interpreter of the matrix, as found (:mod:`measured.jobs`)
    python -m measured summary BUNDLE      a publishing job's summary, in Markdown (:mod:`measured.jobs`)

Prints a table per folder (median wall time with half its interquartile range, CPU
time, peak memory), then the verdicts of the pages' claims on what was measured, and
exits 1 if any script failed or any claim is contradicted. Groups are measured until
the claims on them are decided, as in a build.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import bundle
from .benchmark import Example
from .checked import Checked, collect_claims
from .claims import Status
from .interpreter import Missing
from .render import mib, seconds
from .report import verdict_table
from .settings import Layout
from .suite import Suite


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["export"], ["import"]):
        return bundles(argv)
    if argv[:1] in (["interpreters"], ["summary"]):
        from .jobs import main as jobs

        return jobs(argv)
    if argv[:1] == ["rehearse"]:
        from .rehearse import main as rehearsal

        return rehearsal(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m measured", description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="*", help="folders or scripts under the examples folder")
    parser.add_argument("--examples", type=Path, default=Layout().examples, help="the examples folder")
    parser.add_argument("--cache", type=Path, default=Layout().cache, help="the results cache")
    parser.add_argument("--docs", type=Path, help="the pages whose claims to decide (default: docs/ beside examples/)")
    parser.add_argument("--fresh", action="store_true", default=None, help="measure again, ignoring the cache")
    options = parser.parse_args(argv)

    docs = options.docs or options.examples.parent / "docs"
    claims = collect_claims(docs) if docs.is_dir() else {}
    suite = Suite(options.examples, options.cache, fresh=options.fresh, claims=list(claims))
    scripts = sorted(p.relative_to(suite.examples_dir).as_posix() for p in suite.examples_dir.rglob("*.py"))
    if options.targets:
        wanted = [t.strip("/") for t in options.targets]
        scripts = [s for s in scripts if s in wanted or Example.parse(s).folder in wanted]
        if not scripts:
            parser.error(f"no example matches {' '.join(options.targets)}")

    print(f"machine: {suite.machine.label}")
    for line in suite.passed_over():
        print(line)
    folders = {Example.parse(script).folder for script in scripts}
    plan = [(folder, interpreter) for folder, interpreter in suite.groups() if folder in folders]
    for folder, interpreter in plan:  # measure, then settle, as a build does
        suite.measure(folder, interpreter)
    for folder, interpreter in plan:
        suite.settle(folder, interpreter)
    failed = 0
    for script in [variant for name in scripts for variant in suite.variants(name)]:
        for interpreter in suite.interpreters_for(script):
            if isinstance(interpreter, Missing):
                print(f"{script:45} {interpreter.name}: not measured ({interpreter.reason})")
                continue
            m = suite.measurement(script, interpreter)
            if not m.ok:
                failed += 1
                print(f"{script:45} {interpreter.label}: FAILED, {m.last.describe_failure(lines=5)}")
                continue
            noisy = f"  noisy: {m.why_noisy}" if m.noisy else ""
            print(
                f"{script:45} {interpreter.label:16} wall {seconds(m.wall.median):>9} "
                f"± {seconds(m.wall.half_iqr, digits=2):>8}  CPU {seconds(m.cpu.median):>9}  "
                f"peak {mib(m.peak_rss_kib):>10}{noisy}"
            )
    checked = [
        Checked(where[0].page, where[0].line, claim, suite.verdict(claim, interpreter))
        for claim, where in claims.items()
        if claim.folder in folders
        for interpreter in suite.interpreters_for(*claim.examples())
        if not isinstance(interpreter, Missing)
    ]
    if checked:
        print()
        print(verdict_table(checked))
    contradicted = any(row.verdict.status in (Status.CONTRADICTED, Status.ERROR) for row in checked)
    return 1 if failed or contradicted else 0


def bundles(argv: list[str]) -> int:
    """``python -m measured export DIR`` and ``python -m measured import DIR...`` (:mod:`measured.bundle`)."""
    parser = argparse.ArgumentParser(prog="python -m measured", description=bundle.__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    out = commands.add_parser("export", help="write this machine's results to DIR/results.json and results.csv")
    out.add_argument("folder", type=Path, metavar="DIR")
    out.add_argument("--name", default="", help="what to call this machine (default: its processor and cores)")
    out.add_argument("--examples", type=Path, default=Layout().examples, help="the examples folder")
    out.add_argument("--cache", type=Path, default=Layout().cache, help="the results cache")
    out.add_argument("--docs", type=Path, help="the pages whose claims to decide (default: docs/ beside examples/)")
    into = commands.add_parser(
        "import",
        help="merge bundles into the results cache: all of them, or (one refused) none",
        description="Each bundle is checked in full first; one that is not valid is refused in one line on stderr, "
        "naming the file and the field. Exit status 2 if nothing was imported.",
    )
    into.add_argument("bundles", type=Path, nargs="+", metavar="DIR", help="a folder with a results.json, or the file")
    into.add_argument("--cache", type=Path, default=Layout().cache, help="the results cache")
    into.add_argument(
        "--partial",
        action="store_true",
        help="import the bundles that are valid and leave the others out "
        f"(named in {bundle.MACHINES}/{bundle.REFUSED} in the cache)",
    )
    options = parser.parse_args(argv)

    if options.command == "export":
        docs = options.docs or options.examples.parent / "docs"
        claims = collect_claims(docs) if docs.is_dir() else {}
        started = time.perf_counter()
        suite = Suite(options.examples, options.cache, claims=list(claims), measure=False, progress=lambda line: None)
        exported = bundle.export(suite, claims, options.name)
        paths = exported.write(options.folder)
        runs = sum(1 for _ in bundle.csv_rows(exported))
        print(f"machine {exported.machine.id}: {exported.machine.label}")
        took = time.perf_counter() - started
        print(f"{len(exported.groups)} groups, {runs} runs, {len(exported.verdicts)} verdicts, in {took:.1f} s")
        for path in paths:
            print(f"wrote {path} ({path.stat().st_size:,} bytes)")
        return 0
    return bundle.import_bundles(options.bundles, options.cache, options.partial)


if __name__ == "__main__":
    sys.exit(main())
