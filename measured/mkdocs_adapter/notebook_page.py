"""The lab notebook as a page: rendered by mkdocs-jupyter's converter, once per executed version.

Rendering is mkdocs-jupyter's converter (nbconvert underneath), whose import alone took
a quarter of a build that executes nothing: the page it makes is kept in the cache, and
the converter is imported only to render a notebook not seen before. Executing the
notebook is the runner's (:mod:`measured.notebook`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

from ..cache import write_atomically

RENDERS_IT = ("mkdocs-jupyter", "nbconvert", "markdown")


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
