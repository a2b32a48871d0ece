"""MkDocs glue (``hooks:`` in mkdocs.yml): a thin layer over :mod:`measured.pages`.

Each build gets a fresh :class:`~measured.suite.Suite` (the cache makes that cheap);
each page's directives are expanded before Markdown and filled after it. Problems
(a failing example, a missing file, a false claim) are logged as warnings naming
the page, so ``strict: true`` turns them into a failed build, while a non-strict
build (``mkdocs serve``) shows them on the page as error boxes.

A build measures every group first (saying how far along it is), then renders.
``mkdocs serve`` renders at once from the cache and measures behind the pages
(:mod:`measured.serve`). The lab notebook is executed once per version of it and of
the results it reads (:mod:`measured.notebook`).

Environment: ``MEASURED_FRESH=1`` measures everything again; ``MEASURED_EXECUTE=0``
renders the pages without running anything (for the build benchmark);
``MEASURED_REQUIRE_DECIDED=1`` makes a claim that is not decided fail the build too.
At the end of the build the verdict table is logged: every claim on every
interpreter, those that are contradicted or not decided first.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:  # MkDocs loads this file by path, not through the package
    sys.path.insert(0, ROOT)

from measured import notebook, serve  # noqa: E402
from measured.pages import Expander, collect_claims, fill  # noqa: E402
from measured.report import verdict_table  # noqa: E402
from measured.settings import Environment, Layout  # noqa: E402
from measured.suite import Suite  # noqa: E402

log = logging.getLogger("mkdocs.hooks.measured")
LAB = "lab"  # the folder whose results the notebook reads


class MeasuredPages:
    """The state of one build: the suite, and each page's fragments until filled."""

    def __init__(self) -> None:
        self.expander: Expander
        self.fragments: dict[str, dict[str, str]] = {}
        self.started = 0.0
        self.layout = Layout()

    def on_startup(self, command, dirty):
        serve.serving = command == "serve"

    def on_config(self, config):
        self.layout = Layout(Path(config.config_file_path).resolve().parent)
        self.started = time.perf_counter()
        environment = Environment.read()
        claims = collect_claims(Path(config.docs_dir))
        suite = Suite(
            self.layout.examples,
            self.cache,
            progress=log.info,
            claims=list(claims),
            measure=not serve.serving,
            interpreters=serve.interpreters if serve.serving else None,
        )
        if environment.execute and not serve.serving:  # measure everything first, saying how far along it is
            suite.measure_all()
        self.expander = Expander(
            suite,
            execute=environment.execute,
            docs_dir=Path(config.docs_dir),
            require_decided=environment.require_decided,
        )
        self.fragments.clear()
        return config

    @property
    def cache(self) -> Path:
        return self.layout.cache

    def on_serve(self, server, config, builder):
        """Serving: measure behind the pages, and rebuild them as results arrive."""
        if self.expander.execute:
            serve.start_worker(self.layout.root, self.cache)
            server.watch(str(serve.signal_dir(self.cache)))
        return server

    def on_shutdown(self):
        serve.stop_worker()

    @event_priority(100)  # before mkdocs-jupyter's, which renders (and caches) the file it finds
    def on_pre_page(self, page, config, files):
        """The lab notebook: show the executed copy kept for its bytes and its results."""
        if not page.file.src_uri.endswith(".ipynb") or not self.expander.execute:
            return page
        suite = self.expander.suite
        if not suite.is_cached(LAB, suite.default):
            log.info(f"{page.file.src_uri}: not executed, the {LAB}/ results it reads are not measured yet")
            return page
        reads = [suite.cache.path(suite.key(LAB, suite.default))]
        page.file.abs_src_path = str(notebook.executed(Path(page.file.abs_src_path), reads, self.cache))
        return page

    def on_page_markdown(self, markdown, page, config, files):
        expanded = self.expander.expand(markdown, page.file.src_uri)
        for problem in expanded.problems:
            log.warning(str(problem))
        self.fragments[page.file.src_uri] = expanded.fragments
        return expanded.markdown

    def on_page_content(self, html, page, config, files):
        return fill(html, self.fragments.pop(page.file.src_uri, {}))

    def on_post_build(self, config):
        if self.expander.checked:
            log.info("verdicts of this build's claims:\n" + verdict_table(self.expander.checked))
        count = len(self.expander.suite.measured())
        log.info(f"measured: {count} results used, build took {time.perf_counter() - self.started:.1f} s")


_pages = MeasuredPages()
on_startup = _pages.on_startup
on_config = _pages.on_config
on_serve = _pages.on_serve
on_shutdown = _pages.on_shutdown
on_pre_page = _pages.on_pre_page
on_page_markdown = _pages.on_page_markdown
on_page_content = _pages.on_page_content
on_post_build = _pages.on_post_build
