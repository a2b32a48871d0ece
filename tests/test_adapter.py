"""The runner works without MkDocs: only measured/mkdocs_adapter/ may import MkDocs,
Material, mkdocs-jupyter or the Markdown packages, so that another site generator
needs only a new adapter (README: "Material for MkDocs' end of life"). The same rule read
from the source, a lazy import inside a function included, is one of tests/test_boundaries.py's."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from support import ROOT

BLOCKED = ("mkdocs", "material", "mkdocs_jupyter", "pymdownx", "markdown", "nbconvert", "jupytext")

# In a fresh interpreter, with the site generator's packages made unimportable: every
# module of the runner but the adapter imports, and one script is measured, decided
# and rendered as a page's fragments.
PROGRAM = textwrap.dedent(
    """
    import importlib, importlib.abc, pkgutil, sys, tempfile
    from pathlib import Path

    class Blocked(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name.split(".")[0] in {blocked!r}:
                raise ImportError(f"{{name}} is blocked")

    sys.meta_path.insert(0, Blocked())
    import measured

    for module in pkgutil.walk_packages(measured.__path__, "measured."):
        if not module.name.startswith("measured.mkdocs_adapter") and module.name != "measured.__main__":
            importlib.import_module(module.name)

    from measured.pages import Expander, fill
    from measured.suite import Suite

    folder = Path(tempfile.mkdtemp())
    (folder / "examples" / "pair").mkdir(parents=True)
    (folder / "examples" / "measure.yml").write_text("defaults: {{repeats: 1, warmup: 0, timeout: 20}}\\n")
    (folder / "examples" / "pair" / "hello.py").write_text("print('hello from a runner without MkDocs')\\n")
    suite = Suite(folder / "examples", folder / "cache", progress=lambda line: None)
    suite.measure_all(), suite.settle_all(), suite.decide_all()  # a build's steps, before its pages render
    page = '{{{{ output("pair/hello.py") }}}}\\n{{{{ claim("wall(\\'pair/hello.py\\') < 60") }}}}\\n'
    expanded = Expander(suite).expand(page, "page.md")
    assert expanded.problems == [], expanded.problems
    html = fill(expanded.markdown, expanded.fragments)
    assert "hello from a runner without MkDocs" in html and "measured-claim" in html, html
    assert not [name for name in sys.modules if name.split(".")[0] in {blocked!r}]
    print("ok")
    """
).format(blocked=set(BLOCKED))


def test_measuring_verdicts_and_fragments_work_with_mkdocs_blocked():
    done = subprocess.run([sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-3000:]
