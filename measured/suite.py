"""The examples as one suite: which scripts are measured together, where, and how.

A folder of ``examples/`` is one benchmark group: its scripts are measured together,
interleaved, so they can be compared with each other. ``examples/measure.yml``
sets how each folder is measured and which extra interpreters the folders marked
``matrix: true`` run on. Every group is measured at most once per build, and not at
all when the cache already holds its identical files on the identical interpreter.
"""

from __future__ import annotations

import fnmatch
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .benchmark import Measurement, Progress, folder_of, measure_group, script_of
from .cache import Cache, group_key
from .interpreter import Interpreter, Machine, Missing, find, this_machine

CONFIG_NAME = "measure.yml"
FRESH_VARIABLE = "MEASURED_FRESH"  # set to 1 to ignore the cache and measure again
INTERPRETERS_VARIABLE = "MEASURED_INTERPRETERS"  # overrides the configured matrix


@dataclass(frozen=True)
class Settings:
    """How one folder is measured."""

    repeats: int = 3
    warmup: int = 1
    timeout: float = 60
    matrix: bool = False  # also run on the configured extra interpreters
    arguments: dict[str, list] = field(default_factory=dict)  # glob -> one variant per argument

    def key_part(self) -> dict:
        return {"repeats": self.repeats, "warmup": self.warmup, "timeout": self.timeout, "arguments": self.arguments}

    def variants(self, name: str) -> list[str]:
        """``name`` alone, or ``name arg`` for each argument of the first glob it matches."""
        for pattern, values in self.arguments.items():
            if fnmatch.fnmatch(name, pattern):
                return [f"{name} {value}" for value in values]
        return [name]


@dataclass
class Config:
    defaults: Settings = field(default_factory=Settings)
    folders: dict[str, Settings] = field(default_factory=dict)
    interpreters: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, examples_dir: Path) -> Config:
        path = examples_dir / CONFIG_NAME
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        raw = raw or {}
        defaults = Settings(**raw.get("defaults", {}))
        folders = {
            name: Settings(**{**defaults.__dict__, **(options or {})})
            for name, options in (raw.get("folders") or {}).items()
        }
        interpreters = list(raw.get("interpreters") or [])
        override = os.environ.get(INTERPRETERS_VARIABLE)
        if override is not None:
            interpreters = override.replace(",", " ").split()
        return cls(defaults, folders, interpreters)

    def settings(self, folder: str) -> Settings:
        return self.folders.get(folder, self.defaults)


class ExampleNotFound(LookupError):
    pass


class Suite:
    """Measurements of the examples, measured on demand and cached."""

    def __init__(
        self,
        examples_dir: Path,
        cache_dir: Path,
        fresh: bool | None = None,
        progress: Progress | None = None,
        python: str = sys.executable,
    ) -> None:
        self.examples_dir = Path(examples_dir).resolve()
        self.cache = Cache(cache_dir)
        self.config = Config.load(self.examples_dir)
        self.fresh = os.environ.get(FRESH_VARIABLE, "") not in ("", "0") if fresh is None else fresh
        self.progress = progress or (lambda line: print(line, file=sys.stderr, flush=True))
        self.python = python
        self._machine: Machine | None = None
        self._interpreters: dict[str, Interpreter | Missing] = {}
        self._groups: dict[tuple[str, str], dict[str, Measurement]] = {}

    @property
    def machine(self) -> Machine:
        if self._machine is None:
            self._machine = this_machine()
        return self._machine

    def interpreter(self, name: str) -> Interpreter | Missing:
        if name not in self._interpreters:
            self._interpreters[name] = find(name)
        return self._interpreters[name]

    @property
    def default(self) -> Interpreter:
        """The interpreter running the build."""
        found = self.interpreter(self.python)
        if isinstance(found, Missing):
            raise RuntimeError(f"cannot run the build's own interpreter: {found.reason}")
        return found

    def interpreters_for(self, example: str) -> list[Interpreter | Missing]:
        """The build's interpreter, then the matrix if the example's folder asks for it."""
        found: list[Interpreter | Missing] = [self.default]
        if self.config.settings(folder_of(example)).matrix:
            for name in self.config.interpreters:
                other = self.interpreter(name)
                seen = [i.fingerprint for i in found if isinstance(i, Interpreter)]
                if isinstance(other, Missing) or other.fingerprint not in seen:
                    found.append(other)
        return found

    def path(self, example: str) -> Path:
        """The script's file (arguments after a space ignored); ``ExampleNotFound`` if none."""
        path = (self.examples_dir / script_of(example)).resolve()
        if self.examples_dir not in path.parents or path.suffix != ".py" or not path.is_file():
            raise ExampleNotFound(f"no example {example!r} (looked for {path})")
        return path

    def measurement(self, example: str, interpreter: Interpreter | None = None) -> Measurement:
        """The example's measurement on ``interpreter`` (default: the build's own)."""
        self.path(example)
        interpreter = interpreter or self.default
        folder = folder_of(example)
        group = self._group(folder, interpreter)
        if example not in group:
            variants = ", ".join(name for name in group if name.startswith(script_of(example)))
            raise ExampleNotFound(f"no variant {example!r} is configured in measure.yml (there is: {variants})")
        return group[example]

    def variants(self, example: str) -> list[str]:
        """The measured variants of a script: itself, or one per configured argument."""
        self.path(example)
        folder, _, name = example.rpartition("/")
        return [f"{folder}/{variant}" if folder else variant for variant in self.config.settings(folder).variants(name)]

    def _group(self, folder: str, interpreter: Interpreter) -> dict[str, Measurement]:
        memo = (folder, interpreter.fingerprint)
        if memo not in self._groups:
            self._groups[memo] = self._load_or_measure(folder, interpreter)
        return self._groups[memo]

    def _load_or_measure(self, folder: str, interpreter: Interpreter) -> dict[str, Measurement]:
        directory = self.examples_dir / folder
        files = {p.name: p.read_bytes() for p in sorted(directory.glob("*.py"))}
        settings = self.config.settings(folder)
        key = group_key(files, interpreter, settings.key_part())
        names = [variant for name in files for variant in settings.variants(name)]
        scripts = [f"{folder}/{name}" if folder else name for name in names]
        if not self.fresh and (cached := self.cache.load(key)) is not None:
            self.progress(f"cached   {folder or '.'}/ on {interpreter.label}")
            return cached
        with self.cache.measuring():
            if not self.fresh and (cached := self.cache.load(key)) is not None:
                return cached  # another build measured it while we waited
            started = time.perf_counter()
            results = measure_group(
                self.examples_dir,
                scripts,
                interpreter,
                self.machine,
                repeats=settings.repeats,
                warmup=settings.warmup,
                timeout=settings.timeout,
                progress=self.progress,
            )
            self.progress(f"measured {folder or '.'}/ on {interpreter.label} in {time.perf_counter() - started:.1f} s")
            if all(m.ok for m in results.values()):
                self.cache.store(key, results)  # a failure is never cached
        return results

    def measured(self) -> list[Measurement]:
        """Every measurement this build has used so far."""
        return [m for group in self._groups.values() for m in group.values()]
