"""Python fences written in the pages: linted, run, and their printed output checked.

Fences whose only content is a ``--8<--`` include are left out: the included scripts
are tested directly in test_examples.py. Run ``pytest tests/test_docs.py
--update-examples`` to rewrite the ``#>`` output comments after a deliberate change.
"""

from __future__ import annotations

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples
from support import ROOT

FENCES = [example for example in find_examples(str(ROOT / "docs")) if not example.source.lstrip().startswith("--8<--")]


def test_the_docs_have_fences_to_check():
    assert FENCES, "no Python fence found in docs/: is find_examples looking in the right place?"


@pytest.mark.parametrize("example", FENCES, ids=str)
def test_docs_fence(example: CodeExample, eval_example: EvalExample):
    eval_example.set_config(line_length=120, target_version="py311", ruff_ignore=["D", "T201"])
    if eval_example.update_examples:
        eval_example.format(example)
        eval_example.run_print_update(example)
    else:
        eval_example.lint(example)
        eval_example.run_print_check(example)
