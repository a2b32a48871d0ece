"""What a page author can get wrong is reported as "page:line: message", never a traceback.

A property test (Hypothesis) writes every directive with random and malformed
arguments, alone on its line or inside a sentence, and expands it against a suite
measured once for the module (nothing is measured while the examples run): the
expansion either renders or reports a page problem, and it never raises.
"""

from __future__ import annotations

import inspect
import string
import textwrap

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from support import write_files

from measured import claims
from measured.pages import DIRECTIVES, Expander
from measured.provenance import Provenance
from measured.suite import Suite

SCRIPTS = {
    "pair/quick.py": 'print("quick done 1.5")\n',
    "pair/chart.py": textwrap.dedent(
        """
        import json
        spans = [{"lane": "A", "start": 0, "end": 0.005}, {"lane": "B", "start": 0.005, "end": 0.01}]
        json.dump({"title": "turns", "spans": spans}, open("timeline.json", "w"))
        json.dump({"title": "bars", "bars": [{"label": "a", "value": "x"}]}, open("bars.json", "w"))
        json.dump({"no": "spans"}, open("odd.json", "w"))
        open("broken.json", "w").write("{not json")
        """
    ),
    "pair/fails.py": 'raise SystemExit("it failed")\n',
    "scale/base.py": "print('[0.00 s] start')\nprint('[0.01 s] end')\n",
    "scale/work.py": "import sys\nprint('[0.00 s] start', sys.argv[1:])\nprint('[0.01 s] end')\n",
    "scale/odd.py": "print('odd')\n",
}
CONFIG = """
defaults: {repeats: 1, warmup: 0, timeout: 20}
folders:
  scale: {repeats: 1, warmup: 0, timeout: 20, arguments: {"work.py": [1, 2], "odd.py": ["many"]}}
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>a box</title><rect width="1" height="1"/></svg>'

EXAMPLES = [*SCRIPTS, "scale/work.py 1", "scale/odd.py many", "pair/nope.py", "other/quick.py", "../etc/passwd"]
EXPRESSIONS = [
    "wall('pair/quick.py') > 0",
    "speedup('scale/base.py', 'scale/work.py 2') >= 1",
    "work_speedup('scale/base.py', 'scale/work.py 1') < 100",
    "printed('pair/quick.py', r'done ([0-9.]+)') == 1.5",
    "printed('pair/quick.py', '(')",
    "data('pair/chart.py', 'odd.json', 'no')",
    "speedup('pair/quick.py', 'scale/base.py') > 1",
    "capacity() > 1",
    "wall('pair/fails.py') > 0",
    "cores > 'a'",
    "version[7]",
    "wall()",
    "1 / 0",
    "cores.__class__",
    "cores >",
    "",
]
WORDS = [
    *EXAMPLES,
    *EXPRESSIONS,
    *claims.WHEN,
    "unix",
    "timeline.json",
    "bars.json",
    "odd.json",
    "broken.json",
    "diagrams/box.svg",
    "diagrams/plain.svg",
    "diagrams/box-phone.svg",
    "../../secret.svg",
    "cores",
    "workers",
    "{:.2f}",
    "{:d}",
    "{0[1]}",
    "{}{}",
    "{",
]
PARAMETERS = ["section", "source", "output", "ideal", "title", "when", "format", "matrix", "file", "expression"]

literals = st.recursive(
    st.one_of(
        st.sampled_from(WORDS),
        st.text(max_size=12),
        st.integers(-3, 9),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2),
    max_leaves=4,
)
well_formed = st.builds(
    lambda args, kwargs: ", ".join([*map(repr, args), *(f"{name}={value!r}" for name, value in kwargs.items())]),
    st.lists(literals, max_size=4),
    st.dictionaries(st.sampled_from(PARAMETERS) | st.sampled_from(["x", "y"]), literals, max_size=2),
)
malformed = st.text(alphabet=string.printable.replace("\n", "").replace("\r", ""), max_size=30)


POOLS = {  # what a parameter is usually given, by its name: mostly right, sometimes not
    "example": [*EXAMPLES, "pair/chart.py", "pair/chart.py"],
    "examples": EXAMPLES,
    "baseline": ["scale/base.py", "scale/base.py", "pair/quick.py"],
    "models": ["scale/work.py", "scale/work.py", "scale/odd.py", "scale/base.py", "pair/quick.py"],
    "expression": EXPRESSIONS,
    "file": ["timeline.json", "bars.json", "odd.json", "broken.json", "none.json"],
    "path": ["diagrams/box.svg", "diagrams/plain.svg", "../../secret.svg", "diagrams/none.svg"],
    "phone": ["diagrams/box-phone.svg", "diagrams/box.svg", "diagrams/plain.svg", "diagrams/none.svg"],
    "format": ["{:.2f}", "{:.3g}", "{:d}", "{0[1]}", "{}{}", "{", "{:>8}"],
    "when": [*claims.WHEN, "unix"],
    "ideal": ["cores", "workers", 8, 1, 0, -2, "8", 2.5],
    "section": ["core", "pool", None, 3],
    "title": ["", "A title", "<b>&</b>"],
}


def plausible_value(parameter: inspect.Parameter):
    pool = POOLS.get(parameter.name)
    usual = st.sampled_from(pool) if pool else st.booleans()
    return st.one_of(usual, usual, usual, literals)


@st.composite
def plausible_call(draw, name: str) -> str:
    """A call of directive ``name`` shaped like its signature, with values mostly of the right kind."""
    parameters = list(inspect.signature(DIRECTIVES[name].handler).parameters.values())[1:]
    args, kwargs = [], {}
    for parameter in parameters:
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            args += draw(st.lists(plausible_value(parameter), max_size=3))
        elif parameter.kind is inspect.Parameter.KEYWORD_ONLY or parameter.default is not inspect.Parameter.empty:
            if draw(st.booleans()):
                kwargs[parameter.name] = draw(plausible_value(parameter))
        elif draw(st.integers(0, 9)):  # now and then a required argument is left out
            args.append(draw(plausible_value(parameter)))
    return ", ".join([*map(repr, args), *(f"{key}={value!r}" for key, value in kwargs.items())])


directives = st.sampled_from(sorted(DIRECTIVES)).flatmap(lambda name: st.tuples(st.just(name), plausible_call(name)))
anything = st.tuples(
    st.sampled_from(sorted(DIRECTIVES)) | st.sampled_from(["frobnicate", "Example", "_one"]), well_formed | malformed
)


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """A suite whose every group was measured once, before any directive is tried."""
    root = tmp_path_factory.mktemp("project")
    examples = root / "examples"
    write_files(examples, SCRIPTS)
    (examples / "measure.yml").write_text(CONFIG)
    (root / "docs" / "diagrams").mkdir(parents=True)
    (root / "docs" / "diagrams" / "box.svg").write_text(SVG)
    (root / "docs" / "diagrams" / "plain.svg").write_text("<svg></svg>")
    (root / "docs" / "diagrams" / "box-phone.svg").write_text(SVG.replace("<svg ", '<svg class="measured-fits-phone" '))
    suite = Suite(examples, root / "cache", progress=lambda line: None)
    for folder in ("pair", "scale"):
        suite.measure(folder, suite.default)
    suite.store.measure = False  # from here on nothing is measured: what is not in hand is "not measured yet"
    return suite, root / "docs"


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The author errors that once ended a build with a traceback, always tried first.
@example(call=("scaling", '"scale/base.py", "scale/work.py", ideal="three"'), inline=False)
@example(call=("scaling", '"scale/base.py", "scale/odd.py"'), inline=False)
@example(call=("bars", '"pair/chart.py", "bars.json"'), inline=False)
@example(call=("value", "\"printed('pair/quick.py', '(')\""), inline=True)
@example(call=("value", '"cores", "{:d} {}"'), inline=True)
@example(call=("example", '["pair/quick.py"]'), inline=False)
@given(call=st.one_of(directives, directives, anything), inline=st.sampled_from([False, False, True]))
def test_every_directive_renders_or_reports_page_line_never_a_traceback(measured, call, inline):
    suite, docs = measured
    name, arguments = call
    directive = "{{ " + name + "(" + arguments + ") }}"
    markdown = f"# A page\n\nSome text {directive} in a sentence.\n" if inline else f"# A page\n\n{directive}\n"
    expanded = Expander(suite, docs_dir=docs).expand(markdown, "part/page.md")  # raises: the test fails
    event(f"{name}: {'a problem' if expanded.problems else 'rendered'}")  # pytest --hypothesis-show-statistics
    for problem in expanded.problems:
        assert str(problem).startswith("part/page.md:3: "), problem
        assert problem.message
    assert directive not in expanded.markdown  # rendered, or replaced by the box that shows its problem


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ('{{ scaling("scale/base.py", "scale/work.py", ideal="three") }}', "ideal='three': expected 'cores'"),
        ('{{ scaling("scale/base.py", "scale/work.py", ideal=0) }}', "a number of tasks (1 or more)"),
        ('{{ scaling("scale/base.py", "scale/odd.py") }}', "scale/odd.py many: its first argument is no worker"),
        ('{{ bars("pair/chart.py", "bars.json") }}', "bars data needs"),
        ('{{ timeline("pair/chart.py", "odd.json") }}', "timeline data needs a title and spans"),
        ('{{ example(["pair/quick.py"]) }}', "example=['pair/quick.py'], expected str"),
        ('{{ claim("cores > 1", when="unix") }}', "when='unix': expected one of"),
        ('{{ value("cores", "{:d} {}") }}', "format '{:d} {}' cannot show"),
        ("{{ value(\"printed('pair/quick.py', '(')\") }}", "missing ), unterminated subpattern"),
    ],
)
def test_each_kind_of_author_error_names_page_and_line(measured, markdown, message):
    suite, docs = measured
    expanded = Expander(suite, docs_dir=docs).expand(f"Title\n\n{markdown}\n", "p.md")
    (problem,) = expanded.problems
    assert str(problem).startswith("p.md:3: ") and message in problem.message, problem


WELL_FORMED = {
    "example": '"pair/quick.py", section="core"',
    "output": '"pair/quick.py"',
    "compare": '"scale/base.py", "scale/work.py 1"',
    "matrix": '"scale/base.py", "scale/work.py 1"',
    "timeline": '"pair/chart.py", "timeline.json"',
    "scaling": '"scale/base.py", "scale/work.py", ideal=8, title="Eight tasks"',
    "diagram": '"diagrams/box.svg", phone="diagrams/box-phone.svg"',
    "provenance": "",
    "machine": "matrix=True",
    "claim": '"wall(\'pair/quick.py\') > 0", when="posix"',
    "value": "\"printed('pair/quick.py', r'done ([0-9.]+)')\", \"{:.1f}\"",
    "every_claim": "",
}


@pytest.mark.parametrize("name", sorted(WELL_FORMED))
def test_a_well_formed_call_of_each_directive_renders_without_a_problem(measured, name):
    """The other side of the property: the fixture's suite renders each directive (bars: see above)."""
    suite, docs = measured
    expanded = Expander(suite, docs_dir=docs, provenance=Provenance(built_at="2026-12-01T00:00:00Z")).expand(
        "{{ " + name + "(" + WELL_FORMED[name] + ") }}\n", "p.md"
    )
    assert expanded.problems == []
    assert "{{" not in expanded.markdown
