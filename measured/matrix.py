"""Which interpreters a folder runs on: the build's own, and the matrix for the folders that ask.

Each interpreter is probed once (it is started and asked what it is) and kept; a
build that serves pages shares its :class:`Interpreters` between rebuilds.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from .config import Config
from .interpreter import Interpreter, Missing, Search, search

__all__ = ["Interpreters"]


class Interpreters:
    """The interpreters of a build: found on demand, each once."""

    def __init__(self, python: str, config: Config, found: dict[str, Interpreter | Missing] | None = None) -> None:
        self.python = python  # the build's own, by name or path
        self.config = config  # which folders run on the matrix, and its interpreters
        self.found = {} if found is None else found  # by name, as found (shared if given)
        self.passed_over: dict[str, tuple[str, ...]] = {}  # by name: the candidates run and not taken, with why

    def get(self, name: str) -> Interpreter | Missing:
        if name not in self.found:
            self._keep(name, search(name))
        return self.found[name]

    def _keep(self, name: str, searched: Search) -> None:
        self.found[name] = searched.found
        if searched.passed_over:
            self.passed_over[name] = searched.passed_over

    def find_all(self, names: list[str]) -> None:
        """Probe the interpreters not found yet all at once: each probe starts one (through
        a wrapper, 60 ms), and one after another they took 0.3 s of every build."""
        missing = [name for name in dict.fromkeys(names) if name not in self.found]
        if not missing:  # found already: every call after a build's first
            return
        with ThreadPoolExecutor(max_workers=len(missing)) as pool:
            for name, searched in zip(missing, pool.map(search, missing), strict=True):
                self._keep(name, searched)

    @property
    def default(self) -> Interpreter:
        """The interpreter running the build."""
        found = self.get(self.python)
        if isinstance(found, Missing):
            raise RuntimeError(f"cannot run the build's own interpreter: {found.reason}")
        return found

    def for_folder(self, folder: str) -> list[Interpreter | Missing]:
        """The build's interpreter, then the matrix if the folder asks for it (each build once)."""
        found: list[Interpreter | Missing] = [self.default]
        if self.config.settings(folder).matrix:
            self.find_all(self.config.interpreters)
            for name in self.config.interpreters:
                other = self.get(name)
                seen = [i.fingerprint for i in found if isinstance(i, Interpreter)]
                if isinstance(other, Missing) or other.fingerprint not in seen:
                    found.append(other)
        return found
