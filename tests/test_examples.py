"""Every script in examples/ is a textbook listing that runs on its own."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import pytest
from support import ROOT

EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(EXAMPLES.rglob("*.py"))
NAMES = [str(script.relative_to(EXAMPLES)) for script in SCRIPTS]


@pytest.mark.parametrize("script", SCRIPTS, ids=NAMES)
def test_runs_alone_in_an_empty_folder(script, tmp_path):
    """Copied into an empty folder, as a reader would, it runs and exits 0."""
    shutil.copy(script, tmp_path / script.name)
    done = subprocess.run(
        [sys.executable, script.name],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"{script.name} exited {done.returncode}:\n{done.stderr[-2000:]}"
    assert done.stdout.strip(), f"{script.name} printed nothing"


@pytest.mark.parametrize("script", SCRIPTS, ids=NAMES)
def test_reads_like_a_textbook_listing(script):
    """A docstring saying what it shows, the standard library only, a main guard."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), "no module docstring saying what it shows"
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    outside = {name for name in imported if name.split(".")[0] not in sys.stdlib_module_names}
    assert not outside, f"imports outside the standard library: {outside}"
    assert 'if __name__ == "__main__":' in script.read_text(encoding="utf-8")


def test_examples_are_lint_clean_and_formatted():
    ruff = [sys.executable, "-m", "ruff"]
    check = subprocess.run([*ruff, "check", str(EXAMPLES)], capture_output=True, text=True, cwd=ROOT)
    assert check.returncode == 0, check.stdout
    formatted = subprocess.run([*ruff, "format", "--check", str(EXAMPLES)], capture_output=True, text=True, cwd=ROOT)
    assert formatted.returncode == 0, formatted.stdout
