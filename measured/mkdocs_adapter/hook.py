"""MkDocs glue (``hooks:`` in mkdocs.yml): a thin layer over :mod:`measured.pages`.

MkDocs imports this file by its path, once per process (``python -m mkdocs``, which puts
the checkout on ``sys.path``, so that the runner imports as the package it is), and calls
its module-level functions, one per event, each written out at the end: they hand the event
to the one :class:`MeasuredPages`, which keeps what a ``mkdocs serve`` session keeps from
one rebuild to the next. Each build gets a fresh :class:`~measured.suite.Suite` (the cache
makes that cheap); each page's directives are expanded before Markdown and filled after it. Problems
(a failing example, a missing file, a false claim) are logged as warnings naming
the page, so ``strict: true`` turns them into a failed build, while a non-strict
build (``mkdocs serve``) shows them on the page as error boxes.

A build takes its steps in one order, in ``on_config``: it measures every group (saying
how far along it is), adds rounds where claims are not decided, decides every claim on
every machine; then the pages render, and what they ask is a lookup.
``mkdocs serve`` renders at once from the cache and measures behind the pages
(:mod:`measured.serve`); with ``--dirty`` it rebuilds only the pages whose text,
examples or results changed (:mod:`.dirty`). The lab notebook is a page of the site
too: executed once per version of it and of the results it reads
(:mod:`measured.notebook`), and rendered once per executed version (:mod:`.notebook_page`).

Environment: ``MEASURED_FRESH=1`` measures everything again; ``MEASURED_EXECUTE=0``
renders the pages without running any example, from what the cache holds (results
imported with ``python -m measured import``, say), saying so where it holds nothing;
``MEASURED_REQUIRE_DECIDED=1`` makes a claim that is not decided fail the build too.
At the end of the build the verdict table is logged: every claim on every
interpreter, those that are contradicted or not decided first, and the build's results
are published as data, ``data/results.json`` and ``data/results.csv`` (:mod:`measured.bundle`), with the
workload model's costs, ``data/model.json`` (:mod:`measured.predict`).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import jinja2
from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from measured import bundle, events, glossary, machines, predict, provenance, render, serve
from measured.checked import collect_claims
from measured.memory import Decided
from measured.mkdocs_adapter import dirty as rebuild
from measured.mkdocs_adapter import notebook_page
from measured.mkdocs_adapter.notebook_page import NotebookFile
from measured.pages import Expanded, Expander, fill
from measured.report import counted, verdict_table
from measured.settings import Environment, Layout
from measured.suite import Suite

log = logging.getLogger("mkdocs.hooks.measured")
ABOUT = "about-this-build.md"  # the page the footer's build line links to
DATA = "data"  # the site's folder of the results it was built from (results.json, results.csv)


def glossary_terms(config, root: Path) -> dict[str, str]:
    """The terms pymdownx.snippets appends to every page (its ``auto_append`` files, each found on
    its ``base_path``, relative to the project), with their meanings."""
    snippets = config["mdx_configs"].get("pymdownx.snippets", {})
    meanings = {}
    for name in snippets.get("auto_append", []):
        found = [root / base / name for base in snippets.get("base_path", ["."]) if (root / base / name).is_file()]
        if found:
            meanings |= glossary.terms(found[0].read_text(encoding="utf-8"))
    return meanings


class MeasuredPages:
    """The state of one build: the suite, and each page's fragments until filled."""

    def __init__(self) -> None:
        self.expander: Expander
        self.fragments: dict[str, dict[str, str]] = {}
        self.early: dict[str, tuple[str, Expanded]] = {}  # serving dirty: pages expanded before the build
        self.notebook: notebook_page.LabNotebook  # the lab notebook's page in this build
        self.built: list[str] = []  # the addresses of the pages built this time
        self.order: list[str] = []  # every page's address, in order
        self.started = 0.0
        self.layout = Layout()
        self.provenance: provenance.Provenance | None = None  # what this build is made from
        self.about: str | None = None  # the address of the page that shows it all
        self.claims: dict = {}  # every claim of the pages, with where it is made
        self.events = events.EventFile(None, log.info)  # the build's progress: logged, and kept if asked
        self.command = "build"  # what MkDocs was started as: `build`, or `serve`
        self.dirty: rebuild.DirtyRebuilds | None = None  # `mkdocs serve --dirty`: what the last rebuild left
        self.serving: serve.Serving | None = None  # `mkdocs serve`'s session, made by the first build
        self.decided: Decided = {}  # every verdict reached, reused by later builds while its runs are the same
        self.meanings: dict[str, str] = {}  # the glossary's terms, explained in the fragments as in the prose

    def on_startup(self, command, dirty):
        self.command = command
        self.dirty = rebuild.DirtyRebuilds() if command == "serve" and dirty else None

    def on_config(self, config):
        self.layout = Layout(Path(config.config_file_path).resolve().parent)
        self.meanings = glossary_terms(config, self.layout.root)
        if self.command == "serve" and self.serving is None:
            self.serving = serve.Serving(self.layout.root, self.layout.examples, self.layout.cache)
        self.started = time.perf_counter()
        environment = Environment.read()
        self.events = events.EventFile(Path(environment.events) if environment.events else None, log.info)
        claims = self.claims = collect_claims(Path(config.docs_dir))
        self.provenance = provenance.gather(self.layout.root)
        suite = self._suite(list(claims))
        others = machines.imported(self.layout.examples, self.layout.cache, list(claims), self.decided)
        left_out = [why for other in others for why in other.stale.values()]
        for why in left_out:
            log.info(f"left out: {why}")
        # A build's steps, in order (serving renders at once from the cache; its worker measures):
        if environment.execute and self.serving is None:
            suite.measure_all()  # every group, from the cache or measured, saying how far along it is
            suite.settle_all()  # rounds added where claims are not decided, within the budget
        if self.serving is None:
            for each in [suite, *(other.suite for other in others)]:
                each.decide_all()  # every claim on every interpreter of every machine
        else:
            self.serving.remember()  # each script as serving first saw it: an edit since shows as a preview
        # ... then the pages render (on_page_markdown, on_page_content): every question a lookup
        here = machines.name_here(self.layout.cache, suite.machine)
        present = [here, *(other.label for other in others)]
        if environment.machine:  # an imported machine's results in place of this machine's
            first = machines.choose_first(environment.machine, environment.machines, present)
            if first != environment.machine:
                log.info(f"{environment.machine}'s results are not in this build: the pages show {first}'s first")
            suite, here, others = machines.first(suite, here, others, first)
        missing = machines.missing(environment.machines, present)
        if environment.machine and environment.machine not in missing + present:
            missing.insert(0, environment.machine)  # asked for first, not in MEASURED_MACHINES
        self.expander = Expander(
            suite,
            execute=environment.execute,
            docs_dir=Path(config.docs_dir),
            require_decided=environment.require_decided,
            provenance=self.provenance,
            repo_url=config.repo_url,
            others=others,
            here=here,
            serving=self.serving,
            missing=missing,
            left_out=left_out,
        )
        self.notebook = notebook_page.LabNotebook(suite, claims, self.layout.cache)
        self.fragments.clear()
        return config

    def _suite(self, claims: list) -> Suite:
        """This build's suite of this machine's examples (serving: measuring nothing itself)."""
        return Suite(
            self.layout.examples,
            self.layout.cache,
            progress=self.events,
            claims=claims,
            measure=self.serving is None,
            interpreters=self.serving.interpreters if self.serving else None,
            provenance=self.provenance,
            decided=self.decided,
        )

    def on_files(self, files, config):
        """Notebooks become pages. Serving dirty: a page whose expanded text changed is rebuilt, edited or not."""
        self.built.clear()
        about = files.get_file_from_path(ABOUT)
        self.about = about.url if about else None
        files = Files([NotebookFile.of(file) if file.src_uri.endswith(".ipynb") else file for file in files])
        if self.dirty:
            pages = files.documentation_pages()
            self.order = [file.url for file in pages]
            cache = self.layout.cache
            results = [path for path in cache.glob("*.json") if path != serve.status_file(cache)]
            self.dirty.force_changed(pages, [*self.layout.example_files(), *results], self._inputs)
        return files

    def _inputs(self, file) -> list[str]:
        """What a page is made from: its text, expanded (the notebook: its bytes and the lab's results)."""
        if file.src_uri.endswith(".ipynb"):
            return self.notebook.inputs(file)
        markdown, _ = get_data(file.content_string)
        expanded = self.expander.expand(markdown, file.src_uri)
        self.early[file.src_uri] = (markdown, expanded)
        return [markdown, expanded.markdown, *sorted(f"{k}={v}" for k, v in expanded.fragments.items())]

    def on_env(self, env, config, files):
        return _keep_compiled(env, self.layout.root / ".cache" / "jinja")

    def on_serve(self, server, config, builder):
        """Serving: measure behind the pages, and rebuild them as results arrive."""
        if self.expander.build.execute and self.serving:
            self.serving.start_worker()
            server.watch(str(serve.signal_dir(self.layout.cache)))
        return server

    def on_shutdown(self):
        if self.serving:
            self.serving.stop_worker()

    def on_pre_page(self, page, config, files):
        """A notebook's page: rendered from the copy executed on this build's lab results."""
        return self.notebook.pre_page(page) if isinstance(page.file, NotebookFile) else page

    def on_page_markdown(self, markdown, page, config, files):
        if isinstance(page.file, NotebookFile):
            return markdown  # the notebook's JSON: rendered as a notebook, not expanded
        early = self.early.pop(page.file.src_uri, None)
        expanded = early[1] if early and early[0] == markdown else self.expander.expand(markdown, page.file.src_uri)
        for problem in expanded.problems:
            log.warning(str(problem))
        self.fragments[page.file.src_uri] = expanded.fragments
        return expanded.markdown

    def on_page_context(self, context, page, config, nav):
        """The footer's build line (docs/overrides/partials/copyright.html shows it), linking to its page."""
        if self.provenance is not None:
            about = get_relative_url(self.about, page.url) if self.about else None
            context["measured_build"] = render.build_line(self.provenance, about)
        return context

    def on_page_content(self, html, page, config, files):
        self.built.append(page.url)
        fragments, explained = self.fragments.pop(page.file.src_uri, {}), set()  # in the page's order
        return fill(html, {token: glossary.explain(it, self.meanings, explained) for token, it in fragments.items()})

    def on_post_page(self, output, page, config):
        """A notebook's page offers the copy it shows for download, beside it."""
        self.notebook.post_page(page)
        return output

    def on_post_build(self, config):
        if self.dirty:  # after Material's search plugin has written its index
            self.dirty.rewrite_search_index(Path(config.site_dir), self.built, self.order)
        if self.expander.build.checked:
            log.info("verdicts of this build's claims:\n" + verdict_table(self.expander.build.checked))
            self.events.record(counted(self.expander.build.checked))  # the table's last line says the same
        if self.serving is None:  # a build publishes its results; serving, the author's loop stays quick
            build, data = self.expander.build, Path(config.site_dir) / DATA
            written = bundle.publish(build.suite, self.claims, data, build.here)
            for other in build.others:  # every bundle the site was built from
                written += bundle.publish(other.suite, self.claims, data / other.card.id, other.label)
            written += (predict.publish(build, data),)  # the workload model's costs, data/model.json
            shown = ", ".join(f"{p.relative_to(data.parent)} ({p.stat().st_size:,} B)" for p in written)
            log.info("results published: " + shown)
        count = len(self.expander.build.suite.measured())
        log.info(f"measured: {count} results used, build took {time.perf_counter() - self.started:.1f} s")


def _keep_compiled(env, compiled: Path):
    """Keep the theme's templates compiled between builds: Jinja compiles them anew
    for each one otherwise, a tenth of a plain build. A template whose source changed
    is compiled again (Jinja checks its checksum)."""
    compiled.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(compiled))
    return env


# MkDocs calls the hook's module-level functions by the events' names; each hands the event
# to the one object that holds this build's state (and, serving, the session's).
_pages = MeasuredPages()


def on_startup(command, dirty):
    return _pages.on_startup(command, dirty)


def on_config(config):
    return _pages.on_config(config)


def on_files(files, config):
    return _pages.on_files(files, config)


def on_env(env, config, files):
    return _pages.on_env(env, config, files)


def on_serve(server, config, builder):
    return _pages.on_serve(server, config, builder)


def on_shutdown():
    return _pages.on_shutdown()


def on_pre_page(page, config, files):
    return _pages.on_pre_page(page, config, files)


def on_page_markdown(markdown, page, config, files):
    return _pages.on_page_markdown(markdown, page, config, files)


def on_page_content(html, page, config, files):
    return _pages.on_page_content(html, page, config, files)


def on_page_context(context, page, config, nav):
    return _pages.on_page_context(context, page, config, nav)


def on_post_page(output, page, config):
    return _pages.on_post_page(output, page, config)


def on_post_build(config):
    return _pages.on_post_build(config)
