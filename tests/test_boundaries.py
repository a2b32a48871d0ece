"""The boundaries the README states, read from the source: which module may import which.

Every import counts wherever it is written (at the top, inside a function, under
``TYPE_CHECKING``), so a lazy import cannot slip past. Each rule is written once here,
with the README's sentence for it, and the README must say it in those words: the
README and the tests say the same. tests/test_adapter.py checks the first rule by
behaviour too (the runner measuring, deciding and rendering with MkDocs blocked).
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import ROOT
from test_adapter import BLOCKED as SITE_GENERATOR

PACKAGE = ROOT / "measured"
# The pages' machinery: directives found, run and rendered, the claims the pages make, the verdict table.
PAGES = ("finder", "checked", "pages", "handlers", "claims_index", "render", "charts", "report")
SERVING = ("serve", "background")  # mkdocs serve's worker and its state
DATA_FORMATS = ("bundle", "bundle_input", "cache", "events", "provenance")  # what is written and read back
# What runs scripts and keeps their results; deciding (claims, verdicts, settling) comes after.
MEASURING = ("process", "launch", "interpreter", "benchmark", "capacity", "cache", "config", "scripts", "matrix")
MEASURING += ("groups",)
DECIDING = ("claims", "memory", "settling", "suite", "checked")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


@functools.cache
def imports(name: str) -> frozenset[str]:
    """Every module ``name`` imports: of the runner by its dotted name, any other by its top-level name."""
    path = modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules())
    return frozenset(m if m.split(".")[0] == "measured" else m.split(".")[0] for m in found)


def within(name: str, families: tuple[str, ...]) -> bool:
    """Is ``name`` (a module of the runner) one of ``families`` (modules or sub-packages of measured)?"""
    return any(name == f"measured.{f}" or name.startswith(f"measured.{f}.") for f in families)


@dataclass(frozen=True)
class Rule:
    readme: str  # the README's sentence
    importers: tuple[str, ...]  # the modules it is about: measured.<these>, sub-packages included
    forbidden: object  # (importer, imported) -> True when the import breaks the rule

    def offences(self) -> list[str]:
        return sorted(
            f"{importer} imports {imported}"
            for importer in modules()
            if within(importer, self.importers)
            for imported in imports(importer)
            if self.forbidden(importer, imported)
        )


EVERY_MODULE = tuple(name.removeprefix("measured.") for name in modules() if name != "measured")

RULES = {
    "site generator": Rule(
        "only `mkdocs_adapter/` imports MkDocs, Material, mkdocs-jupyter or the Markdown packages",
        EVERY_MODULE,
        lambda importer, imported: imported in SITE_GENERATOR and not within(importer, ("mkdocs_adapter",)),
    ),
    "audit": Rule(
        "`audit/` never imports the runner: nothing of `measured` but `audit/` itself and `settings.py` "
        "(the checkout's folders and a MkDocs run's environment), which imports nothing of it",
        ("audit",),
        lambda importer, imported: imported.startswith("measured.") and not within(imported, ("audit", "settings")),
    ),
    "settings": Rule(
        "`settings.py` imports nothing of `measured`",
        ("settings",),
        lambda importer, imported: imported.startswith("measured"),
    ),
    "serving": Rule(
        "the pages' machinery (finder, handlers, pages, checked, report, render, charts, claims_index) never "
        "imports the serving (`serve.py`, `background.py`): what serving knows reaches a handler through its `Build`",
        PAGES,
        lambda importer, imported: within(imported, SERVING),
    ),
    "data formats": Rule(
        "the data formats (bundle, bundle_input, cache, events, provenance) never import argparse or the pages' "
        "machinery: command lines live in `__main__.py`",
        DATA_FORMATS,
        lambda importer, imported: imported == "argparse" or within(imported, PAGES),
    ),
    "measuring": Rule(
        "measuring (process, launch, interpreter, benchmark, capacity, cache, config, scripts, matrix, groups) "
        "never imports deciding (claims, memory, settling, suite, checked)",
        MEASURING,
        lambda importer, imported: within(imported, DECIDING),
    ),
}


@pytest.mark.parametrize("rule", RULES.values(), ids=RULES.keys())
def test_the_readme_states_each_rule(rule):
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())  # its lines joined
    assert rule.readme in readme, f"the README does not say: {rule.readme}"


@pytest.mark.parametrize("rule", RULES.values(), ids=RULES.keys())
def test_no_import_breaks_a_rule(rule):
    assert rule.offences() == []


def test_every_module_is_in_the_readmes_table_and_every_row_exists():
    """The README's tables of modules ("How it is built") and the files of measured/ name the same modules."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `measured/")]
    named = {path for row in rows for path in row.split("|")[1].replace("`", "").replace(",", " ").split()}
    packages = {path for path in named if path.endswith("/")}
    files = {path.relative_to(ROOT).as_posix() for path in PACKAGE.rglob("*.py")}
    in_a_package = {f for f in files if any(f.startswith(package) for package in packages)}
    unnamed = sorted(f for f in files - in_a_package - named if not f.endswith(("__init__.py",)))
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert (unnamed, missing) == ([], [])


def test_the_import_reader_sees_lazy_and_relative_imports():
    """The reader itself, on a module it must read right: bundle.py's relative imports, __main__'s lazy ones."""
    assert {"measured.cache", "measured.claims"} <= imports("measured.bundle")
    assert "measured.jobs" in imports("measured.__main__")  # imported inside main()
    assert "measured.serve" in imports("measured.mkdocs_adapter.hook")
