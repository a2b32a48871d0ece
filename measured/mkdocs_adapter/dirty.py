"""Serving with ``--dirty`` (``make serve``): rebuild the pages that changed, and only those.

A dirty rebuild of MkDocs re-renders a page when its Markdown file is newer than the
page it wrote, so an edited page is back in about a second instead of the whole
site's rebuild. Our pages also change when an example, a result or a verdict does;
so when an example or a result changed since the last rebuild (:meth:`DirtyRebuilds.same_inputs`),
the hook expands every page (results come from the cache, verdicts are kept) and
:meth:`~DirtyRebuilds.changed` says which expanded texts differ from the last build's. Those are
rebuilt too (:func:`force`).

Material's search index, in a dirty rebuild, keeps the previous entries of every page
but the first one rebuilt (and of none when that is the home page, whose address
prefixes all others), then adds the new ones. :meth:`~DirtyRebuilds.rewrite_search_index` writes it
again from the entries each page produced when it was last built.

What it remembers from one rebuild to the next is a :class:`DirtyRebuilds`, which the hook
keeps for as long as the server runs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path


class DirtyRebuilds:
    """What a dirty rebuild needs from the last: the digest of what each page was built from,
    each page's search entries, and the files :meth:`same_inputs` saw."""

    def __init__(self) -> None:
        self.inputs: dict[str, str] = {}  # page (source path) -> digest of what it was last built from
        self.entries: dict[str, list[dict]] = {}  # page (its address) -> its search entries when last built
        self.files: list[tuple[str, int, int]] | None = None  # the files same_inputs() saw last

    def same_inputs(self, files: list[Path]) -> bool:
        """Whether ``files`` (examples, cache entries) are as at the last call: name, size, time."""
        seen = sorted(stamp for stamp in map(_stamp, files) if stamp)
        same, self.files = seen == self.files, seen
        return same

    def changed(self, page: str, *inputs: str) -> bool:
        """Whether ``page`` must be rebuilt, built now from ``inputs`` (which are remembered)."""
        digest = hashlib.sha256("\0".join(inputs).encode()).hexdigest()
        before, self.inputs[page] = self.inputs.get(page), digest
        return before != digest

    def force_changed(self, pages: list, watched: list[Path], inputs: Callable[[object], list[str]]) -> None:
        """Rebuild every page whose ``inputs`` changed, unless none of the ``watched`` files did
        (then only pages were edited, and MkDocs rebuilds those)."""
        if self.same_inputs(watched):
            return
        for file in pages:
            if self.changed(file.src_uri, *inputs(file)):
                force(file)

    def rewrite_search_index(self, site_dir: Path, rebuilt: list[str], order: list[str]) -> None:
        """The index again, in ``order`` (page addresses), from each page's newest entries.

        A page rebuilt this time takes its entries from the last run of them in the index
        Material wrote (the new ones come after the old); the others keep what they had."""
        path = site_dir / "search" / "search_index.json"
        if not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        runs: dict[str, list[dict]] = {}
        previous = None
        for entry in index["docs"]:
            page = entry["location"].split("#")[0]
            if page != previous:
                runs[page] = []  # a later run of the same page replaces an earlier one
                previous = page
            runs[page].append(entry)
        for page in rebuilt:
            self.entries[page] = runs.get(page, [])
        index["docs"] = [entry for page in order for entry in self.entries.get(page, [])]
        path.write_text(json.dumps(index), encoding="utf-8")


def _stamp(path: Path) -> tuple[str, int, int] | None:
    try:
        status = path.stat()
    except OSError:  # gone meanwhile (the worker replaces cache entries while we look)
        return None
    return str(path), status.st_mtime_ns, status.st_size


def force(file) -> None:
    """Make a dirty rebuild build ``file``'s page, whatever its modification time."""
    file.is_modified = lambda: True
