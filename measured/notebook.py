"""The lab notebook, executed once per version of it and of the results it reads,
and rendered once per version of the executed copy.

Executing a notebook starts a Jupyter kernel and takes seconds, so a build does not
do it every time: the executed copy is kept in the cache under a key made of the
notebook's bytes, the cache entries it reads and the versions of what runs it, and
a build whose key is unchanged reuses it. The copy keeps the notebook's file name,
so the page offers it for download under that name, outputs included.

Rendering it is mkdocs-jupyter's converter (nbconvert underneath), whose import
alone took a quarter of a build that executes nothing: the page it makes is kept
too, and the converter is imported only to render a notebook not seen before.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

from .cache import write_atomically

RUNS_IT = ("nbclient", "ipykernel", "matplotlib")
RENDERS_IT = ("mkdocs-jupyter", "nbconvert", "markdown")


@dataclass(frozen=True)
class Rendered:
    """A notebook as a page: its HTML, its headings (as Python-Markdown's ``toc_tokens``) and title."""

    content: str
    toc_tokens: list[dict]
    title: str | None


def executed(
    notebook: Path,
    reads: list[Path],
    cache_dir: Path,
    timeout: float = 120,
    environment: Callable[[], dict[str, str]] | None = None,
) -> Path:
    """The executed copy of ``notebook``, made (in the notebook's folder) if it is not kept yet.

    ``reads``: the files whose contents the notebook's outputs depend on. ``environment``:
    called only when the notebook is executed, what to add to its kernel's environment
    (the hook exports the results the notebook reads there, and names them)."""
    digest = hashlib.sha256(notebook.read_bytes())
    for path in reads:
        digest.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    digest.update(" ".join([sys.version, *(version(name) for name in RUNS_IT)]).encode())
    kept = cache_dir / "notebooks" / digest.hexdigest()[:32] / notebook.name
    if not kept.is_file():
        import nbclient  # only when executing: a warm build never starts a kernel
        import nbformat

        document = nbformat.read(notebook, as_version=4)
        env = {**os.environ, **(environment() if environment else {})}
        nbclient.NotebookClient(
            document, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
        ).execute(env=env)
        write_atomically(kept, nbformat.writes(document))
    return kept


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
