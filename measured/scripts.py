"""The scripts of the examples folder: which exist, their folders, and their variants."""

from __future__ import annotations

from pathlib import Path

from .benchmark import Example
from .config import Config
from .errors import AuthorError

__all__ = ["ExampleNotFound", "Scripts"]


class ExampleNotFound(AuthorError):
    """A page or a claim names an example (or a variant) that does not exist."""


class Scripts:
    """The examples folder's scripts, each found once (they are looked up for every directive and result)."""

    def __init__(self, examples_dir: Path, config: Config) -> None:
        self.examples_dir = examples_dir
        self.config = config  # each folder's variants
        self.found: dict[str, Path] = {}

    def path(self, example: str) -> Path:
        """The script's file (arguments after a space ignored); ``ExampleNotFound`` if none."""
        script = Example.parse(example).script
        if script in self.found:
            return self.found[script]
        path = (self.examples_dir / script).resolve()
        if self.examples_dir not in path.parents or path.suffix != ".py" or not path.is_file():
            raise ExampleNotFound(f"no example {example!r} (looked for {path})")
        self.found[script] = path
        return path

    def variants(self, example: str) -> list[str]:
        """The measured variants of a script: itself, or one per configured argument."""
        self.path(example)
        folder, _, name = example.rpartition("/")
        return [f"{folder}/{variant}" if folder else variant for variant in self.config.settings(folder).variants(name)]

    def folders(self) -> list[str]:
        """Every folder of examples, in order."""
        return sorted({p.parent.relative_to(self.examples_dir).as_posix() for p in self.examples_dir.rglob("*.py")})
