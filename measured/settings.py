"""Where the project's folders are, and what the environment asks of a build: read in one place.

The ``MEASURED_*`` variables:

- ``MEASURED_FRESH=1``: measure everything again, ignoring the cache;
- ``MEASURED_EXECUTE=0``: run nothing; render the pages from what the cache holds (results
  imported with ``python -m measured import``, say), and say so where it holds nothing;
- ``MEASURED_INTERPRETERS="python3.12 python3.13"``: replaces the matrix of measure.yml
  (empty: no other interpreter);
- ``MEASURED_REQUIRE_DECIDED=1``: a claim that is not decided fails a strict build too;
- ``MEASURED_BUDGET=45``: seconds a build may spend on extra rounds;
- ``MEASURED_LAUNCHER=portable``: start the scripts with another launcher than the
  platform's own (``linux``, ``macos``, ``portable``: see :mod:`measured.launch`);
- ``MEASURED_EVENTS=FILE``: append the build's progress events to FILE, one JSON object a
  line (:mod:`measured.events`; the build benchmark reads them);
- ``MEASURED_CACHE=DIR``: the results cache, instead of ``.cache/measured`` in the checkout
  (the rehearsal builds from a fresh one: :mod:`measured.rehearse`);
- ``MEASURED_MACHINE=NAME``: the imported machine whose results the pages show first, in
  place of the building machine's (a build that measures nothing: the publishing workflow's
  site job, which builds from the runners' bundles);
- ``MEASURED_MACHINES="NAME,NAME..."``: the machines whose bundles the build expects; each one
  missing is named on the pages' machine cards (its runner failed), never stood in for.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 45.0  # seconds of extra rounds a build may spend, unless MEASURED_BUDGET says otherwise
# What every MkDocs run started from here adds to the environment (the Makefile exports
# the same): no end-of-life notice from Material on the console (the README's "Material
# for MkDocs' end of life" says what the project does about it; no page shows it), and
# nbconvert, imported by mkdocs-jupyter, not building each of its exporters at import
# (0.5 s each time a new version of the notebook is rendered).
MKDOCS_ENV = {"NO_MKDOCS_2_WARNING": "1", "NBCONVERT_DISABLE_CONFIG_EXPORTERS": "1"}


@dataclass(frozen=True)
class Layout:
    """The folders of a checkout."""

    root: Path = ROOT

    @property
    def examples(self) -> Path:
        return self.root / "examples"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def cache(self) -> Path:
        """The results cache: ``MEASURED_CACHE`` when set, else ``.cache/measured``."""
        chosen = os.environ.get("MEASURED_CACHE")
        return Path(chosen).resolve() if chosen else self.root / ".cache" / "measured"

    def example_files(self) -> list[Path]:
        """What decides what is measured: every example, and measure.yml."""
        return [*self.examples.rglob("*.py"), self.examples / "measure.yml"]


@dataclass(frozen=True)
class Environment:
    """What the ``MEASURED_*`` variables ask for."""

    fresh: bool = False
    execute: bool = True
    interpreters: list[str] | None = None  # None: measure.yml's matrix
    require_decided: bool = False
    budget: float = BUDGET
    launcher: str = ""  # empty: the platform's own
    events: str = ""  # a file the build appends its progress events to (empty: none)
    machine: str = ""  # the imported machine shown first (empty: the building machine)
    machines: list[str] | None = None  # the machines expected (None: whichever were imported)

    @classmethod
    def read(cls, environ: Mapping[str, str] = os.environ) -> Environment:
        def flag(name: str, default: bool) -> bool:
            value = environ.get(name)
            return default if value is None or value == "" else value != "0"

        interpreters = environ.get("MEASURED_INTERPRETERS")
        return cls(
            fresh=flag("MEASURED_FRESH", False),
            execute=flag("MEASURED_EXECUTE", True),
            interpreters=None if interpreters is None else interpreters.replace(",", " ").split(),
            require_decided=flag("MEASURED_REQUIRE_DECIDED", False),
            budget=float(environ.get("MEASURED_BUDGET") or BUDGET),
            launcher=environ.get("MEASURED_LAUNCHER", ""),
            events=environ.get("MEASURED_EVENTS", ""),
            machine=environ.get("MEASURED_MACHINE", ""),
            machines=[n.strip() for n in environ["MEASURED_MACHINES"].split(",")]
            if environ.get("MEASURED_MACHINES")
            else None,
        )
