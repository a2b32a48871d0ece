"""Every script in examples/ is a textbook listing that runs on its own."""

from __future__ import annotations

import ast
import contextlib
import re
import shutil
import subprocess
import sys

import pytest
from support import ROOT

EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(EXAMPLES.rglob("*.py"))
NAMES = [str(script.relative_to(EXAMPLES)) for script in SCRIPTS]


@pytest.mark.slow  # every example, run
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


# A number in a docstring that the code contradicts: a count or size written in the
# docstring must be a literal in the code (or, for "50 ms", its value in seconds),
# unless it is one of the numbers below, each read against the code and explained.

EXPLAINED = {
    "asyncio/blocking.py": {"three": "the three coroutines main() runs in turn"},
    "asyncio/gil_wait.py": {"5": "the default switch interval, quoted from sys.setswitchinterval's docs"},
    "c_extensions/compress_sequential.py": {"1.5": "a 74 KB block repeated 20 times: 1,485,260 bytes"},
    "c_extensions/hash_threads.py": {"2047": "hashlib's threshold for releasing the GIL, quoted"},
    "c_extensions/small_hash_threads.py": {"2047": "hashlib's threshold for releasing the GIL, quoted"},
    "contention/sequential.py": {"16": "number & 15: the keys 0 to 15", "four": "the last four bits, & 15"},
    "free_threading/which_build.py": {"1": "the value of Py_GIL_DISABLED on a free-threaded build, quoted"},
    "futures/max_tasks.py": {"three": "six jobs, two per process: printed, not written"},
    "lab/cpu_sequential.py": {"1.4": "53 bytes × 26,400: 1,399,200 bytes"},
    "lab/cpu_threads.py": {"5": "the default switch interval, quoted"},
    "lab/hash_threads.py": {"2047": "hashlib's threshold for releasing the GIL, quoted"},
    "models/cpu_threads.py": {"5": "the default switch interval, quoted"},
    "models/io_asyncio.py": {"Four": "range(1, 5)"},
    "models/io_processes.py": {"Four": "range(1, 5)", "four": "range(1, 5)"},
    "models/io_sequential.py": {"Four": "range(1, 5)"},
    "models/io_threads.py": {"Four": "range(1, 5)", "four": "range(1, 5)"},
    "porting/memory.py": {"200,000": "THREADS × PER_THREAD = 4 × 50,000"},
    "porting/memory_baseline.py": {"200,000": "memory.py's THREADS × PER_THREAD = 4 × 50,000"},
    "porting/stress.py": {"Three": "the three bodies: add_unprotected, add_through_call, add_locked"},
    "processes/chunksize.py": {"three": "in this process, then chunksize 1 and 1,000"},
    "processes/shared_memory.py": {"8": "the array's typecode 'q', a signed 64-bit integer"},
    "races/locked_increment.py": {"half a million": "THREADS × TIMES = 4 × 125,000"},
    "threads/fetch_sequential.py": {"Four": "range(1, 5)"},
    "threads/release_threads.py": {"2047": "hashlib's threshold for releasing the GIL, quoted"},
}

WORDS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
WORDS |= {"eleven": 11, "twelve": 12, "twenty": 20, "two thousand": 2000, "ten thousand": 10_000}
WORDS |= {"a thousand": 1000, "half a million": 500_000, "a million": 1_000_000}
WORD = re.compile(r"\b(" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
DIGITS = re.compile(r"(?<![\w.#-])(\d+(?:,\d{3})*(?:\.\d+)?)(?![\w.-]\d|\w)")
NOT_A_QUANTITY = re.compile(r"(?:Python|PEP|gh-|bpo-)\s*$")  # a version, a PEP, an issue
VERSION = re.compile(r"[23]\.\d{1,2}")


def docstring_numbers(doc: str) -> list[tuple[str, float, bool]]:
    """(as written, value, written in ms) for each count or size the docstring states."""
    found = []
    for match in DIGITS.finditer(doc):
        written = match.group(1)
        if VERSION.fullmatch(written) or NOT_A_QUANTITY.search(doc[: match.start()]):
            continue
        in_ms = doc[match.end() :].startswith(" ms")
        found.append((written, float(written.replace(",", "")), in_ms))
    for match in WORD.finditer(doc):
        found.append((match.group(1), float(WORDS[match.group(1).lower()]), False))
    return found


def code_numbers(tree: ast.Module) -> set[float]:
    """Every number the code writes: its literals, and arithmetic on literals (10**6)."""
    docstring = tree.body[0] if ast.get_docstring(tree) else None
    numbers = set()
    for node in ast.walk(tree):
        if node is docstring:
            continue
        if _is_number(node):
            numbers.add(float(node.value))
        elif isinstance(node, ast.BinOp) and all(_is_number(operand) for operand in (node.left, node.right)):
            with contextlib.suppress(ArithmeticError):
                numbers.add(float(eval(compile(ast.Expression(node), "<number>", "eval"), {"__builtins__": {}})))
    return numbers


def _is_number(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def contradicted(source: str, explained: dict[str, str]) -> list[str]:
    """The numbers a docstring states that its code does not write."""
    tree = ast.parse(source)
    written = code_numbers(tree)
    problems = []
    for text, value, in_ms in docstring_numbers(ast.get_docstring(tree) or ""):
        if value in written or (in_ms and value / 1000 in written) or text in explained:
            continue
        problems.append(text)
    return problems


@pytest.mark.parametrize("script", SCRIPTS, ids=NAMES)
def test_every_number_in_the_docstring_is_one_the_code_writes(script):
    name = str(script.relative_to(EXAMPLES))
    problems = contradicted(script.read_text(encoding="utf-8"), EXPLAINED.get(name, {}))
    assert not problems, f"{name}: the docstring says {problems}, which the code does not write"


def test_explained_numbers_are_still_in_their_docstrings():
    for name, numbers in EXPLAINED.items():
        doc = ast.get_docstring(ast.parse((EXAMPLES / name).read_text(encoding="utf-8")))
        stated = {text for text, _, _ in docstring_numbers(doc)}
        assert set(numbers) <= stated, f"{name}: {set(numbers) - stated} no longer in the docstring"


def test_a_docstring_number_the_code_contradicts_is_caught():
    listing = '''"""Four threads add 1 to a counter 250,000 times each, then wait 50 ms, five times."""

THREADS, TIMES, PAUSE, ROUNDS = 4, 125_000, 0.05, 3
counter += 1
'''
    assert contradicted(listing, {}) == ["250,000", "five"]
    assert contradicted(listing.replace("250,000", "125,000").replace("five", "three"), {}) == []
