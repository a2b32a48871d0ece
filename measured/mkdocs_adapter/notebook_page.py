"""The lab notebook as a page: rendered by mkdocs-jupyter's converter, once per executed version.

Rendering is mkdocs-jupyter's converter (nbconvert underneath), whose import alone took
a quarter of a build that executes nothing: the page it makes is kept in the cache, and
the converter is imported only to render a notebook not seen before. Executing the
notebook is the runner's (:mod:`measured.notebook`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from .. import bundle, notebook
from ..cache import write_atomically
from ..suite import Suite

RENDERS_IT = ("mkdocs-jupyter", "nbconvert", "markdown")
LAB = "lab"  # the folder whose results the notebook reads
log = logging.getLogger("mkdocs.hooks.measured")


@dataclass(frozen=True)
class Rendered:
    """A notebook as a page: its HTML, its headings (as Python-Markdown's ``toc_tokens``) and title."""

    content: str
    toc_tokens: list[dict]
    title: str | None


def rendered(notebook: Path, cache_dir: Path) -> Rendered:
    """``notebook`` as a page's content, rendered by mkdocs-jupyter if not kept yet.

    Its options are those of mkdocs-jupyter's plugin by default, without executing: the
    notebook given is the executed copy. The headings come from the notebook's Markdown
    cells, as the plugin finds them."""
    digest = hashlib.sha256(notebook.read_bytes())
    digest.update(" ".join(version(name) for name in RENDERS_IT).encode())
    kept = cache_dir / "notebooks" / "pages" / f"{digest.hexdigest()[:32]}.json"
    if kept.is_file():
        return Rendered(**json.loads(kept.read_text(encoding="utf-8")))
    import markdown  # only when rendering: these imports are most of the work
    from markdown.extensions.toc import TocExtension
    from mkdocs_jupyter import convert

    content = convert.nb2html(str(notebook), theme="", allow_errors=False, custom_mathjax_url="")
    headings = markdown.Markdown(extensions=[TocExtension(toc_depth=6)])
    headings.convert(convert.nb2md(str(notebook)))
    title = next((token["name"] for token in headings.toc_tokens if token["level"] == 1), None)
    page = Rendered(content, headings.toc_tokens, title)
    write_atomically(kept, json.dumps(asdict(page)))
    return page


class NotebookFile(File):
    """A notebook in docs/, made a page of the site (``lab_notebook.ipynb`` → ``lab_notebook/``).

    mkdocs-jupyter's plugin does this too, but importing it (nbconvert, jupytext) took a
    quarter of a build that executes nothing; its converter is imported only to render
    a notebook not rendered before (:func:`measured.mkdocs_adapter.notebook_page.rendered`)."""

    @classmethod
    def of(cls, file: File) -> NotebookFile:
        return cls(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls, inclusion=file.inclusion)

    def is_documentation_page(self) -> bool:
        return True


class LabNotebook:
    """The lab notebook's page in one build: executed on this build's lab results, rendered, offered for download."""

    def __init__(self, suite: Suite, claims: dict, cache: Path) -> None:
        self.suite = suite  # whose lab/ results the notebook reads
        self.claims = claims  # every claim of the pages, for the results exported to it
        self.cache = cache
        self.shown: dict[str, Path] = {}  # a notebook page's address: the copy it shows (and offers)

    def results(self) -> Path:
        """The cache entry of the lab's results on the build's interpreter, which the notebook reads."""
        return self.suite.cache.path(self.suite.key(LAB, self.suite.default))

    def inputs(self, file: File) -> list[str]:
        """What the notebook's page is made from: its bytes and the lab's results (serving dirty)."""
        lab = self.results()
        notebook_bytes = Path(file.abs_src_path).read_bytes()
        return [hashlib.sha256(notebook_bytes).hexdigest(), lab.read_text() if lab.is_file() else ""]

    def pre_page(self, page):
        """The page rendered from the executed copy kept for the notebook's bytes and the lab's results."""
        shown = Path(page.file.abs_src_path)
        if self.suite.is_cached(LAB, self.suite.default):  # measured here, or imported
            shown = self._executed(shown)
        else:
            log.info(f"{page.file.src_uri}: not executed, the {LAB}/ results it reads are not measured yet")
        self.shown[page.url] = shown

        def render(config, files) -> None:  # instead of Markdown's
            page_of = rendered(shown, self.cache)
            page.content, page.toc = page_of.content, get_toc(page_of.toc_tokens)
            if page_of.title is not None:
                page.title = page_of.title

        page.render = render
        return page

    def post_page(self, page) -> None:
        """The copy the page shows, beside it for download, under the notebook's name."""
        if shown := self.shown.pop(page.url, None):
            beside = Path(page.file.abs_dest_path).with_name(shown.name)
            beside.parent.mkdir(parents=True, exist_ok=True)  # MkDocs writes the page itself afterwards
            shutil.copyfile(shown, beside)

    def _executed(self, source: Path) -> Path:
        """The notebook executed on this build's results (when not kept yet): exported for
        it, and named by ``MEASURED_RESULTS`` in its kernel's environment (it reads no cache)."""

        def results() -> dict[str, str]:
            json_file, _ = bundle.export(self.suite, self.claims).write(self.cache / "export")
            return {"MEASURED_RESULTS": str(json_file)}

        return notebook.executed(source, [self.results()], self.cache, environment=results)
