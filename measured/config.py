"""``examples/measure.yml``: how each folder is measured, and the matrix's interpreters.

The configuration is the file's, and only the file's: what the environment overrides
(``MEASURED_INTERPRETERS``) is passed to :meth:`Config.load` by whoever read it.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .interpreter import WHEN, Interpreter

__all__ = ["CONFIG_NAME", "Config", "ConfigError", "Settings"]

CONFIG_NAME = "measure.yml"


class ConfigError(ValueError):
    """measure.yml says something the runner does not understand."""


@dataclass(frozen=True)
class Settings:
    """How one folder is measured."""

    repeats: int = 3
    # glob -> the rounds its scripts get in all, more than ``repeats`` (the others'): for a
    # listing whose figures pool the values of several processes, in a folder of slower ones
    repeats_of: dict[str, int] = field(default_factory=dict)
    warmup: int = 1
    timeout: float = 60
    # also run on the configured extra interpreters: every variant (true), or those a glob matches
    matrix: bool | list[str] = False
    arguments: dict[str, list] = field(default_factory=dict)  # glob -> one variant per argument
    # measure the machine's parallel capacity beside the folder, for capacity(): on every
    # interpreter (true), or only where a claim's when= would apply ("gil", "no-gil", ...)
    capacity: bool | str = False

    def measures_capacity(self, interpreter: Interpreter) -> bool:
        return self.capacity is True or (bool(self.capacity) and WHEN[self.capacity](interpreter))

    def key_part(self) -> dict:
        """What of the settings is part of a group's cache key (not ``matrix: true``: where, not how;
        but its globs, which choose the variants measured there; ``repeats_of`` only where it is
        set, so that no other folder's key changed with it)."""
        part = {name: getattr(self, name) for name in ("repeats", "warmup", "timeout", "arguments", "capacity")}
        part |= {"repeats_of": self.repeats_of} if self.repeats_of else {}
        return part | ({"matrix": self.matrix} if isinstance(self.matrix, list) else {})

    def rounds_of(self, name: str) -> int:
        """The rounds script ``name`` gets: those of ``repeats_of``'s first glob it matches, else ``repeats``."""
        for pattern, repeats in self.repeats_of.items():
            if fnmatch.fnmatch(name, pattern):
                return max(repeats, self.repeats)
        return self.repeats

    def on_matrix(self, variant: str) -> bool:
        """Whether ``variant`` (``name`` or ``name arg``, as :meth:`variants` gives it) runs on the matrix."""
        if isinstance(self.matrix, list):
            return any(fnmatch.fnmatch(variant, pattern) for pattern in self.matrix)
        return self.matrix

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
    def load(cls, examples_dir: Path, interpreters: list[str] | None = None) -> Config:
        """The file's settings; ``interpreters``, when given, in place of the matrix it names."""
        path = examples_dir / CONFIG_NAME
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        raw = raw or {}
        _known(path, "the top level", raw, {"defaults", "folders", "interpreters"})
        defaults = Settings(**_known(path, "defaults", raw.get("defaults") or {}))
        folders = {
            name: Settings(**{**defaults.__dict__, **_known(path, f"folders: {name}", options or {})})
            for name, options in (raw.get("folders") or {}).items()
        }
        configured = list(raw.get("interpreters") or [])
        return cls(defaults, folders, configured if interpreters is None else interpreters)

    def settings(self, folder: str) -> Settings:
        return self.folders.get(folder, self.defaults)


def _known(path: Path, where: str, options: dict, allowed: set[str] | None = None) -> dict:
    """``options``, once every key in it is one the runner knows."""
    allowed = allowed or set(Settings.__dataclass_fields__)
    if not isinstance(options, dict):
        raise ConfigError(f"{path}: {where}: expected a mapping, found {options!r}")
    for key in options:
        if key not in allowed:
            raise ConfigError(f"{path}: {where}: unknown key {key!r} (known: {', '.join(sorted(allowed))})")
    capacity = options.get("capacity", False)
    if not isinstance(capacity, bool) and (not isinstance(capacity, str) or capacity not in WHEN):
        known = ", ".join(repr(name) for name in WHEN)
        raise ConfigError(f"{path}: {where}: capacity: expected true, false or one of {known}, found {capacity!r}")
    matrix = options.get("matrix", False)
    if not isinstance(matrix, bool) and not (isinstance(matrix, list) and all(isinstance(g, str) for g in matrix)):
        raise ConfigError(f"{path}: {where}: matrix: expected true, false or a list of globs, found {matrix!r}")
    return options
