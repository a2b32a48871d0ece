"""The one finder of directives: where each ``{{ name(arguments) }}`` of a page is.

Expansion (:mod:`measured.pages`), the collection of the pages' claims
(:mod:`measured.checked`), the verdict table and the background worker all read pages
through :func:`find`, so they agree on what a directive is: text between double
braces outside fenced code (a directive inside a ```` ``` ```` or ``~~~`` fence is an
example of one, shown as written). Each is yielded as a :class:`Located` record: its
page, line, name and arguments, still as text; :meth:`Located.arguments` parses them
as literals, or raises :class:`~measured.errors.AuthorError`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import AuthorError

__all__ = ["DIRECTIVE", "Located", "Problem", "find", "find_in_folder", "parse_arguments"]

DIRECTIVE = re.compile(r"\{\{\s*(?P<name>\w+)\((?P<args>.*?)\)\s*\}\}")
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")


@dataclass(frozen=True)
class Located:
    """One directive of a page, where it is and as written."""

    page: str  #: the page's path under the docs folder, e.g. ``"models/threads.md"``
    line: int  #: its line, counted from 1
    name: str  #: the directive, e.g. ``"claim"``
    text: str  #: its arguments as written, between the parentheses
    written: str  #: the whole directive as written, braces included
    start: int  #: where it starts in its line
    end: int  #: where it ends in its line
    alone: bool  #: does it stand alone on its line (block directives must)?
    indent: str  #: the whitespace before it on its line (inside tabs, admonitions, lists)

    def arguments(self) -> tuple[list, dict]:
        """Its arguments as Python literals; ``AuthorError`` if they are not literals."""
        return parse_arguments(self.text)

    def __str__(self) -> str:
        return f"{self.page}:{self.line}"


def find(markdown: str, page: str) -> Iterator[Located]:
    """Every directive of ``markdown`` outside fenced code, in order."""
    fence = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        opened = FENCE.match(line)
        if opened and (fence is None or opened["fence"].startswith(fence)):
            fence = None if fence else opened["fence"]
        if fence or opened:
            continue
        alone = bool(DIRECTIVE.fullmatch(line.strip()))
        indent = line[: len(line) - len(line.lstrip())]
        for match in DIRECTIVE.finditer(line):
            yield Located(page, number, match["name"], match["args"], match[0], *match.span(), alone, indent)


def find_in_folder(docs_dir: Path) -> Iterator[Located]:
    """Every directive of every Markdown page under ``docs_dir``, page by page in order."""
    for path in sorted(Path(docs_dir).rglob("*.md")):
        yield from find(path.read_text(encoding="utf-8"), path.relative_to(docs_dir).as_posix())


def parse_arguments(text: str) -> tuple[list, dict]:
    """Parse ``"a.py", section="x"`` as literal call arguments; ``AuthorError`` if they are not."""
    try:
        call = ast.parse(f"f({text})", mode="eval").body
        if not isinstance(call, ast.Call) or any(kw.arg is None for kw in call.keywords):
            raise ValueError("not a plain list of arguments")
        args = [ast.literal_eval(arg) for arg in call.args]
        kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords}
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError) as error:
        raise AuthorError(f"arguments must be literals: {error}") from None
    return args, kwargs


@dataclass(frozen=True)
class Problem:
    """Something a strict build must refuse, with the directive it came from."""

    where: Located
    message: str

    page = property(lambda self: self.where.page)
    line = property(lambda self: self.where.line)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
