"""The models that the tour and choosing pages compare do the same work, and the pages say how much.

The four computing models (``examples/models/cpu_*.py``) are timed against each other, so each
scans the same bytes the same number of times; the four waiting ones wait as long as each other;
``empty_processes.py``, which times what ``cpu_processes.py`` pays besides its work, starts the
same processes the same way. A page that names the size of the work names what the listings scan.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from support import ROOT

MODELS = ROOT / "examples" / "models"
COMPUTING = sorted(MODELS.glob("cpu_*.py"))
WAITING = sorted(MODELS.glob("io_*.py"))
# The pages that state the size of the computing work (processes.md does too: add it once it
# says what the listings scan).
PAGES = ("tour.md", "choosing.md", "processes.md")
STATED = re.compile(r"tasks\s+that\s+scan\s+(\d+)\s+MiB")


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def assigned(tree: ast.Module, name: str) -> ast.expr:
    """The value a module-level assignment gives ``name``."""
    return next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    )


def function(tree: ast.Module, name: str) -> ast.FunctionDef:
    return next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == name)


def scan(tree: ast.Module) -> tuple[ast.expr, ast.For]:
    """The data a computing model scans and the loop of ``crunch()`` that scans it."""
    loop = next(node for node in function(tree, "crunch").body if isinstance(node, ast.For))
    return assigned(tree, "DATA"), loop


def mib_scanned(tree: ast.Module) -> float:
    """How many MiB one task scans: the size of DATA times the loop's count."""
    data, loop = scan(tree)
    expression = compile(ast.Expression(data), "<DATA>", "eval")
    size = len(eval(expression, {"__builtins__": {"bytes": bytes, "range": range}}))  # bytes(range(256)) * 4096
    (count,) = (arg.value for arg in loop.iter.args)  # for _ in range(count)
    return size * count / 2**20


def test_there_are_four_models_of_each_workload():
    assert [path.stem for path in COMPUTING] == ["cpu_asyncio", "cpu_processes", "cpu_sequential", "cpu_threads"]
    assert [path.stem for path in WAITING] == ["io_asyncio", "io_processes", "io_sequential", "io_threads"]


@pytest.mark.parametrize("path", COMPUTING, ids=lambda path: path.name)
def test_each_computing_model_scans_what_the_sequential_one_does(path):
    baseline = [ast.dump(node) for node in scan(parsed(MODELS / "cpu_sequential.py"))]
    assert [ast.dump(node) for node in scan(parsed(path))] == baseline


@pytest.mark.parametrize("path", WAITING, ids=lambda path: path.name)
def test_each_waiting_model_waits_as_long_as_the_sequential_one(path):
    baseline = ast.dump(assigned(parsed(MODELS / "io_sequential.py"), "WAIT"))
    assert ast.dump(assigned(parsed(path), "WAIT")) == baseline


def test_the_processes_without_work_start_what_cpu_processes_starts():
    def started(path: Path) -> list[str]:
        """What the listing imports from multiprocessing, and the tasks it starts a process for."""
        tree = parsed(path)
        imported = [a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names]
        comprehensions = [n for n in ast.walk(function(tree, "main")) if isinstance(n, ast.ListComp)]
        return imported + [ast.dump(generator.iter) for c in comprehensions for generator in c.generators]

    assert started(MODELS / "empty_processes.py") == [
        name for name in started(MODELS / "cpu_processes.py") if name != "time"
    ]


@pytest.mark.parametrize("page", PAGES)
def test_the_page_states_the_work_the_listings_do(page):
    stated = STATED.findall((ROOT / "docs" / page).read_text(encoding="utf-8"))
    assert stated, f"{page} no longer says how many MiB each task scans: update PAGES"
    size = mib_scanned(parsed(MODELS / "cpu_sequential.py"))
    assert {float(mib) for mib in stated} == {size}, f"{page} says {stated} MiB; each task scans {size:g} MiB"


def test_a_model_that_scans_less_is_caught():
    source = (MODELS / "cpu_threads.py").read_text(encoding="utf-8")
    fewer = ast.parse(re.sub(r"in range\((\d+)\)", lambda m: f"in range({int(m.group(1)) // 2})", source, count=1))
    sequential = parsed(MODELS / "cpu_sequential.py")
    assert mib_scanned(fewer) == mib_scanned(sequential) / 2
    assert [ast.dump(node) for node in scan(fewer)] != [ast.dump(node) for node in scan(sequential)]
