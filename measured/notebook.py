"""The lab notebook, executed once per version of it and of the results it reads,
executed by nbclient. Making it a page is MkDocs's side (:mod:`measured.mkdocs_adapter.notebook_page`).

Executing a notebook starts a Jupyter kernel and takes seconds, so a build does not
do it every time: the executed copy is kept in the cache under a key made of the
notebook's bytes, the cache entries it reads and the versions of what runs it, and
a build whose key is unchanged reuses it. The copy keeps the notebook's file name,
so the page offers it for download under that name, outputs included.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from .cache import write_atomically

RUNS_IT = ("nbclient", "ipykernel", "matplotlib")


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
