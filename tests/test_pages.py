"""Directives on a page: what they expand to, and how they fail."""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from collections import Counter
from xml.etree import ElementTree

import pytest
from support import ROOT, built, copy_hostile

from measured import charts, claims
from measured import render as render_module
from measured.checked import collect_claims
from measured.interpreter import Missing
from measured.pages import Expander, fill
from measured.provenance import Commit, Provenance
from measured.suite import Suite

PAIR = {
    "measure.yml": "defaults: {repeats: 3, warmup: 0, timeout: 20}\n",
    "pair/base.py": 'import time\ntime.sleep(0.2)\nprint("base done")\n',
    "pair/quick.py": 'print("quick done")\n',
    "pair/chart.py": textwrap.dedent(
        """
        import json
        spans = [{"lane": "A", "start": 0, "end": 0.005}, {"lane": "B", "start": 0.005, "end": 0.01}]
        json.dump({"title": "turns", "spans": spans}, open("timeline.json", "w"))
        """
    ),
}


def write_pair(examples):
    for name, text in PAIR.items():
        (examples / name).parent.mkdir(exist_ok=True)
        (examples / name).write_text(text)


@pytest.fixture(scope="module")
def measured_pair(tmp_path_factory):
    """pair/ measured once for the module, into a cache each test starts from a copy of."""
    root = tmp_path_factory.mktemp("measured")
    write_pair(root / "examples")
    suite = Suite(root / "examples", root / "cache", progress=lambda line: None)
    suite.measure("pair", suite.default)
    return root / "cache"


@pytest.fixture
def suite(examples, tmp_path, measured_pair):
    """A suite over pair/, whose results are cached already (read, not measured, by each test)."""
    write_pair(examples)
    shutil.copytree(measured_pair, tmp_path / "cache")
    return Suite(examples, tmp_path / "cache", progress=lambda line: None)


def render(suite, markdown: str, page: str = "page.md"):
    expanded = Expander(suite).expand(textwrap.dedent(markdown), page)
    return expanded, fill(expanded.markdown, expanded.fragments)


def test_example_includes_the_source_and_shows_this_builds_output(suite, examples, tmp_path):
    suite = built(Suite(examples, tmp_path / "empty cache", progress=lambda line: None))  # measured in this build
    expanded, html = render(suite, '{{ example("pair/quick.py") }}\n')
    assert '```python title="examples/pair/quick.py"\n--8<-- "pair/quick.py"\n```' in expanded.markdown
    assert "quick done" in html
    assert "measured in this build" in html and "median of 3" in html
    assert suite.default.label in html and suite.machine.cpu_model in html
    assert "usable cores, Linux ·" in html  # the operating system the numbers came from
    assert expanded.problems == []


REPO = "https://example.org/someone/fork"
SHA = "0123456789abcdef0123456789abcdef01234567"


def test_under_every_listing_a_link_to_its_file_at_the_commit_the_page_was_built_from(suite):
    built = Provenance(built_at="2026-12-01T00:00:00Z", commit=Commit(SHA))
    markdown = '{{ example("pair/quick.py") }}\n\n=== "Tab"\n\n    {{ example("pair/base.py", section="core") }}\n'
    expanded = Expander(suite, execute=False, provenance=built, repo_url=REPO).expand(markdown, "p.md")
    html = fill(expanded.markdown, expanded.fragments)
    for path in ("pair/quick.py", "pair/base.py"):  # a section links to its whole file
        assert f'<a href="{REPO}/blob/{SHA}/examples/{path}">examples/{path}</a>' in html
    assert html.count("at commit 0123456") == 2
    listing_end = expanded.markdown.index("```\n", expanded.markdown.index('--8<-- "pair/quick.py"'))
    assert expanded.markdown.index("MEASURED-FRAGMENT-0-") > listing_end  # under the listing, not in it
    assert "\n    MEASURED-FRAGMENT-2-" in expanded.markdown  # indented with its listing inside a tab


def test_without_a_known_commit_the_link_points_at_the_branch_and_without_a_repository_there_is_none(suite):
    html = fill(*_expanded(Expander(suite, execute=False, repo_url=REPO), '{{ example("pair/quick.py") }}'))
    assert f'href="{REPO}/blob/main/examples/pair/quick.py"' in html and "at branch main" in html
    assert "measured-source" not in fill(*_expanded(Expander(suite, execute=False), '{{ example("pair/quick.py") }}'))
    output_only = Expander(suite, execute=False, repo_url=REPO)
    assert "measured-source" not in fill(*_expanded(output_only, '{{ example("pair/quick.py", source=False) }}'))


def test_the_provenance_directive_lists_the_build_even_when_nothing_is_executed(suite):
    built = Provenance(built_at="2026-12-01T00:00:00Z", commit=Commit(SHA, dirty=False), versions={"mkdocs": "1.6.1"})
    expander = Expander(suite, execute=False, provenance=built, repo_url=REPO)
    expanded = expander.expand("{{ provenance() }}", "about.md")
    html = fill(expanded.markdown, expanded.fragments)
    assert expanded.problems == []
    assert f'href="{REPO}/commit/{SHA}"' in html and "working tree: clean" in html
    assert "<td><code>mkdocs</code></td><td>1.6.1</td>" in html
    (problem,) = Expander(suite, execute=False).expand("{{ provenance() }}", "about.md").problems
    assert "needs the build's provenance" in problem.message


def _expanded(expander: Expander, markdown: str) -> tuple[str, dict[str, str]]:
    expanded = expander.expand(markdown, "p.md")
    return expanded.markdown, expanded.fragments


def test_a_section_is_included_by_name(suite):
    expanded, _ = render(suite, '{{ example("pair/quick.py", section="core") }}')
    assert '--8<-- "pair/quick.py:core"' in expanded.markdown


def test_compare_claim_and_value_use_the_same_measurements(suite):
    for example in ("pair/base.py", "pair/quick.py"):  # as if measured on a quiet machine: decided
        for sample in suite.measurement(example).samples:
            sample.run.contention = 0.0
    markdown = """
    {{ compare("pair/base.py", "pair/quick.py") }}

    Quick is {{ value("speedup('pair/base.py', 'pair/quick.py')", "{:.0f}") }} times faster
    {{ claim("speedup('pair/base.py', 'pair/quick.py') > 1.5") }}.
    """
    expanded, html = render(suite, markdown)
    assert expanded.problems == []
    assert "<table>" in html and "Speed-up" in html
    assert "measured-claim--holds" in html
    assert "× &gt; 1.5×" in html  # the measured value beside its bound


def test_a_false_claim_names_page_line_claim_and_value(suite):
    for sample in suite.measurement("pair/quick.py").samples:  # as if measured on a quiet machine: decided
        sample.run.contention = 0.0
    expanded, html = render(suite, "\n\nIt is slow {{ claim(\"wall('pair/quick.py') > 5\") }}.\n", page="p.md")
    (problem,) = expanded.problems
    assert (problem.page, problem.line) == ("p.md", 3)
    assert "wall('pair/quick.py') > 5" in problem.message and "is contradicted" in problem.message
    assert " s &gt; 5 s" in html and "measured-claim--contradicted" in html
    assert '<button type="button" class="measured-mark measured-mark--contradicted"' in html  # filled: not missed
    assert 'aria-label="Claim is contradicted on CPython' in html and ">✗ contradicted</button>" in html


def test_a_disturbed_run_never_contradicts_a_claim_it_leaves_it_not_verified(suite):
    for sample in suite.measurement("pair/quick.py").samples:  # as if a neighbour had kept 1.9 cores busy
        sample.run.contention = 1.9
    expanded, html = render(suite, "It is slow {{ claim(\"wall('pair/quick.py') > 5\") }}.\n")
    assert expanded.problems == []
    assert "measured-claim--undecided" in html and "not verified in this build" in html
    assert "only 0 of 3 rounds were undisturbed" in html
    strict = Expander(suite, require_decided=True).expand("{{ claim(\"wall('pair/quick.py') > 5\") }}", "p.md")
    (problem,) = strict.problems  # MEASURED_REQUIRE_DECIDED=1: not decided is a problem too
    assert (
        "is undecided" in problem.message and "noisy: pair/quick.py (other processes kept up to 1.90" in problem.message
    )


# One mark per claim: a chip that counts its verdicts and opens to each of them


def test_a_claim_is_one_mark_that_counts_its_verdicts_and_says_once_what_was_not_measured(
    examples, tmp_path, monkeypatch
):
    (examples / "measure.yml").write_text("defaults: {repeats: 1, warmup: 0}\nfolders:\n  grid: {matrix: true}\n")
    (examples / "grid").mkdir()
    (examples / "grid" / "a.py").write_text("print('a')\n")
    monkeypatch.setenv("MEASURED_INTERPRETERS", "python3.98t python3.99t")  # neither is installed
    suite = built(Suite(examples, tmp_path / "cache", progress=lambda line: None))
    expanded, html = render(suite, "A runs {{ claim(\"wall('grid/a.py') > 0\") }}.\n")
    assert expanded.problems == []
    (chip,) = re.findall(r'<button type="button" class="measured-mark [^>]*>[^<]*</button>', html)
    assert "measured-mark--holds" in chip and ">✓ 1 of 3 · – 2</button>" in chip  # no "not measured" in the label
    assert 'aria-label="Claim holds on 1 of 3 interpreters, is not checked on 2"' in chip
    anchor = render_module.claim_anchor("wall('grid/a.py') > 0")
    assert f'popovertarget="{anchor}-verdicts"' in chip and f'id="{anchor}-verdicts" popover' in html
    popover = html.split(f'id="{anchor}-verdicts"')[1]
    assert f"✓ {suite.default.label}: " in popover  # each verdict, named
    assert re.sub(r"<[^>]+>", "", html).count("not measured in this build") == 1  # one line for both
    assert "not measured in this build: python3.98t, python3.99t</span>" in popover
    assert render_module.LEGEND in popover  # what the symbols mean, from every mark


def test_a_marks_popover_links_to_the_rule_when_the_site_has_it(suite, tmp_path):
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    page = "Quick {{ claim(\"wall('pair/quick.py') < 30\") }}.\n"
    without = Expander(suite, docs_dir=docs).expand(page, "guide/a.md")
    assert "methodology.md" not in without.markdown  # a site without the page: no link to check
    (docs / "methodology.md").write_text("# How\n\n## Verdicts: holds, contradicted, not decided\n")
    expanded = Expander(suite, docs_dir=docs).expand(page, "guide/a.md")
    link = "[How a claim is decided](../methodology.md#verdicts-holds-contradicted-not-decided)"
    assert link in expanded.markdown  # Markdown, between the mark's two halves: MkDocs checks and rewrites it
    opened, closed = (token for token in expanded.fragments if token in expanded.markdown)
    assert expanded.markdown.index(opened) < expanded.markdown.index(link) < expanded.markdown.index(closed)
    assert expanded.fragments[closed] == render_module.MARK_END


@pytest.mark.parametrize(
    ("statuses", "machines", "chip", "said"),
    [
        ("holds " * 5, 1, "✓ 5 of 5", "Claim holds on 5 of 5 interpreters"),
        (
            "holds contradicted holds holds holds",
            1,
            "✗ 1 of 5 · ✓ 4",
            "Claim is contradicted on 1 of 5 interpreters, holds on 4",
        ),
        (
            "undecided holds error",
            1,
            "! 1 of 3 · ? 1 · ✓ 1",
            "Claim cannot be evaluated on 1 of 3 interpreters, is not decided on 1, holds on 1",
        ),
        ("holds " * 20, 4, "✓ 20 of 20", "Claim holds on 20 of 20 interpreters across 4 machines"),
        ("undecided", 1, "? not decided", "Claim is not decided on CPython 3.14"),
        ("skipped " * 7, 1, "– not checked", "Claim is not checked on 7 of 7 interpreters"),
    ],
)
def test_a_marks_label_counts_its_verdicts_the_worst_first(statuses, machines, chip, said):
    verdicts = [claims.Verdict("CPython 3.14", status) for status in statuses.split()]
    assert render_module.mark_label(verdicts, machines) == (chip, said)


def test_a_failing_example_is_named_with_its_status_and_stderr(suite, examples):
    copy_hostile(examples, "crash.py")
    expanded, html = render(built(suite), '{{ example("hostile/crash.py") }}', page="broken.md")
    (problem,) = expanded.problems
    assert str(problem).startswith("broken.md:1: hostile/crash.py failed on CPython")
    assert "exited with status 3" in problem.message and "something went wrong" in problem.message
    assert "measured-failure" in html and "about to fail" not in html


def test_a_missing_example_names_the_page_that_asked(suite):
    expanded, html = render(suite, 'Text\n{{ example("pair/nope.py") }}', page="guide.md")
    (problem,) = expanded.problems
    assert str(problem).startswith("guide.md:2:") and "pair/nope.py" in problem.message
    assert "--8<--" not in expanded.markdown  # no include of a file that is not there
    assert "measured-failure" in html


def test_output_is_escaped_and_never_read_as_markdown_or_directives(suite, examples):
    copy_hostile(examples, "markup.py")
    # the output comes second, so the token it prints names the first directive's fragment
    expanded, html = render(built(suite), '{{ output("pair/quick.py") }}\n\n{{ output("hostile/markup.py") }}')
    assert expanded.problems == []
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in html
    assert "**bold**" in html and "&lt;b&gt;tags&lt;/b&gt; &amp; entities" in html
    assert "/etc/passwd" not in expanded.markdown  # printed text never reaches Markdown: fragments join after it
    # and is never taken for a fragment's token: the line stands as printed, not as quick.py's output
    assert "{{ claim(&quot;1 &gt; 2&quot;) }} MEASURED-FRAGMENT-0-</code></pre>" in html


def test_directives_in_code_fences_are_left_alone(suite):
    markdown = '```text\n{{ example("pair/nope.py") }}\n```\n~~~~\n{{ claim("1 > 2") }}\n~~~~\n'
    expanded, _ = render(suite, markdown)
    assert expanded.markdown == markdown and expanded.problems == []


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ('Inline {{ example("pair/quick.py") }} here', "must stand alone on its line"),
        ('{{ frobnicate("x") }}', "unknown directive"),
        ("{{ example(pair/quick.py) }}", "malformed"),
        ('{{ claim("cores >") }}', "invalid syntax"),
        ('{{ claim("cores > 1", when="sometimes") }}', "expected one of"),
        ('{{ timeline("pair/quick.py", "timeline.json") }}', "wrote no timeline.json"),
    ],
)
def test_a_malformed_directive_is_a_problem_not_a_crash(suite, markdown, message):
    expanded, _ = render(suite, markdown)
    (problem,) = expanded.problems
    assert message in problem.message


def test_block_directives_keep_their_indentation_inside_tabs(suite):
    expanded, _ = render(suite, '=== "Tab"\n\n    {{ example("pair/quick.py") }}\n')
    assert '\n    --8<-- "pair/quick.py"\n    ```' in expanded.markdown


def test_a_timeline_is_drawn_from_the_file_the_example_wrote(suite):
    expanded, html = render(suite, '{{ timeline("pair/chart.py", "timeline.json") }}')
    assert expanded.problems == []
    assert '<svg role="img" aria-label="Timeline: turns"' in html
    assert (
        '<figure class="measured-figure" id="figure-turns">' in html and 'href="#figure-turns"' in html
    )  # a link to it
    assert "currentColor" in html and "<th>Busy (ms)</th>" in html


def test_a_chart_states_its_shape_so_that_the_page_keeps_its_height_while_it_is_not_drawn(suite):
    _, html = render(suite, '{{ timeline("pair/chart.py", "timeline.json") }}')
    width, height = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', html).groups()
    assert f'style="aspect-ratio: {width} / {height}"' in html  # measured.css skips drawing it off screen


def test_the_same_chart_drawn_for_each_interpreter_gets_an_anchor_of_its_own():
    figure = charts._figure("<svg></svg>", "", "Start one process")
    html = fill(
        "<p>MEASURED-FRAGMENT-0-</p><p>MEASURED-FRAGMENT-1-</p>",
        {"MEASURED-FRAGMENT-0-": figure, "MEASURED-FRAGMENT-1-": figure},
    )
    assert re.findall(r'(?:id|href)="#?(figure-[a-z-0-9]+)"', html) == [
        "figure-start-one-process",
        "figure-start-one-process",
        "figure-start-one-process-2",
        "figure-start-one-process-2",
    ]


def test_a_bar_drawn_with_its_spread_says_it_in_its_label_its_alt_text_and_its_table():
    bars = [{"label": "fork", "value": 2.41, "spread": 0.12}, {"label": "spawn", "value": 45.0, "spread": 1.5}]
    html = charts.bars({"title": "Start and join", "unit": "ms", "bars": bars})
    assert 'aria-label="Bar chart: Start and join: fork 2.41 ± 0.12 ms; spawn 45 ± 1.5 ms"' in html
    assert "<th>±</th>" in html and "<td>fork</td><td>2.41</td><td>0.12</td>" in html
    plain = charts.bars({"title": "Start and join", "unit": "ms", "bars": [{"label": "fork", "value": 2.41}]})
    assert "±" not in plain


def test_the_same_chart_drawn_twice_on_a_page_repeats_no_id(suite):
    """Two machines (or interpreters) that measured the same data draw the same chart: the
    two-machine rehearsal's asyncio page held one chart's 47 ids twice."""
    _, html = render(suite, '{{ timeline("pair/chart.py", "timeline.json") }}\n\n' * 2)
    ids = re.findall(r'\bid="(c[0-9a-f]{8}-[^"]+)"', html)
    assert len(ids) > 2 and len(set(ids)) == len(ids)
    for reference in re.findall(r'url\(#([^)]+)\)|href="#(c[0-9a-f]{8}-[^"]+)"', html):
        assert (reference[0] or reference[1]) in ids  # every reference still points at an id


def test_a_drawn_chart_is_kept_so_a_warm_build_never_draws_it_again(suite, monkeypatch):
    _, first = render(suite, '{{ timeline("pair/chart.py", "timeline.json") }}')

    def no_drawing():
        raise AssertionError("the chart was drawn again")

    monkeypatch.setattr(charts, "_pyplot", no_drawing)
    _, again = render(suite, '{{ timeline("pair/chart.py", "timeline.json") }}')
    assert again == first
    assert charts.key(charts.timeline, {"spans": [1]}) != charts.key(charts.timeline, {"spans": [2]})


def test_an_unknown_when_is_rejected_wherever_it_is_read(suite, tmp_path):
    with pytest.raises(claims.ClaimError, match="when='unix': expected one of always, gil, no-gil, posix"):
        claims.Claim("cores > 1", when="unix")
    with pytest.raises(claims.ClaimError, match="expected one of"):
        claims.check("cores > 1", suite.default, suite.measurement, when="unix")
    expanded, _ = render(suite, '{{ claim("cores > 1", when="unix") }}')
    (problem,) = expanded.problems
    assert "when='unix': expected one of" in problem.message
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_text('{{ claim("cores > 1", when="unix") }} {{ claim("cores > 1", when="fork") }}\n')
    assert list(collect_claims(docs)) == [claims.Claim("cores > 1", when="fork")]  # the page reports the other


def test_execution_can_be_turned_off_and_the_page_says_so(suite, examples, tmp_path):
    suite = Suite(examples, tmp_path / "empty cache", progress=lambda line: None)  # nothing measured before
    page = '{{ example("pair/quick.py") }}\n{{ claim("wall(\'pair/quick.py\') < 30") }}'
    expanded = Expander(suite, execute=False).expand(page, "p.md")
    html = fill(expanded.markdown, expanded.fragments)
    assert '--8<-- "pair/quick.py"' in expanded.markdown
    assert html.count("MEASURED_EXECUTE=0") == 2 and "quick done" not in html
    assert suite.measured() == [] and expanded.problems == []


def test_with_execution_off_what_the_cache_holds_is_shown_and_nothing_is_run(suite, examples, tmp_path):
    """As after ``python -m measured import``: the results are there, the build runs nothing."""
    suite.measurement("pair/quick.py")  # an earlier build (or an imported bundle) filled the cache
    later = Suite(examples, tmp_path / "cache", progress=lambda line: None)
    page = '{{ example("pair/quick.py") }}\n{{ claim("wall(\'pair/quick.py\') < 30") }}'
    expanded = Expander(later, execute=False).expand(page, "p.md")
    html = fill(expanded.markdown, expanded.fragments)
    assert "quick done" in html and "measured-claim--holds" in html and "MEASURED_EXECUTE=0" not in html
    (examples / "pair" / "quick.py").write_text('print("quick, edited")\n')  # not in the cache: not run
    again = Suite(examples, tmp_path / "cache", progress=lambda line: None)
    html = fill(*_expanded(Expander(again, execute=False), '{{ example("pair/quick.py") }}'))
    assert "MEASURED_EXECUTE=0" in html and "quick" not in html.split("measured-failure")[1]
    assert again.measured() == []


def test_matrix_measures_each_interpreter_and_names_the_missing_one(examples, tmp_path, monkeypatch):
    """On this machine: the build's own Python, pyenv's 3.12 if present, and one that is not installed."""
    (examples / "measure.yml").write_text("defaults: {repeats: 1, warmup: 0}\nfolders:\n  grid: {matrix: true}\n")
    (examples / "grid").mkdir()
    (examples / "grid" / "a.py").write_text("import sys\nprint(sys.version_info[:2])\n")
    (examples / "grid" / "b.py").write_text("print('b')\n")
    monkeypatch.setenv("MEASURED_INTERPRETERS", "python3.12 python3.99t")
    suite = built(Suite(examples, tmp_path / "cache", progress=lambda line: None))
    other = suite.interpreters.get("python3.12")
    expanded, html = render(suite, '{{ matrix("grid/a.py", "grid/b.py") }}\n\n{{ output("grid/a.py") }}\n')
    assert expanded.problems == []
    assert suite.default.label in html
    assert "python3.99t</td><td colspan=4>not measured in this build" in html
    assert html.count('Speed-up of <code title="examples/grid/b.py">b.py</code>') == 1
    assert f'===! "{suite.default.label}"' in expanded.markdown  # one tab per interpreter, a set of its own
    assert '=== "python3.99t"' in expanded.markdown
    verdicts = claims.check("wall('grid/a.py') > 0", suite.default, suite.measurement)
    assert verdicts.status == "holds"
    if not isinstance(other, Missing):  # pyenv's 3.12 is here: it was really run
        assert other.label in html and "(3, 12)" in html
        assert claims.check("wall('grid/a.py') > 0", other, suite.measurement).status == "holds"


def test_scaling_draws_each_worker_count_against_the_ideal(examples, tmp_path):
    (examples / "measure.yml").write_text(
        "defaults: {repeats: 1, warmup: 0}\nfolders:\n  lab: {arguments: {'*_threads.py': [1, 2]}}\n"
    )
    (examples / "lab").mkdir()
    (examples / "lab" / "wait_sequential.py").write_text("import time\ntime.sleep(0.4)\n")
    (examples / "lab" / "wait_threads.py").write_text(
        "import sys, threading, time\n"
        "n = int(sys.argv[1])\n"
        "ts = [threading.Thread(target=time.sleep, args=(0.4 / n,)) for _ in range(n)]\n"
        "[t.start() for t in ts]\n[t.join() for t in ts]\n"
    )
    suite = built(Suite(examples, tmp_path / "cache", progress=lambda line: None))
    expanded, html = render(suite, '{{ scaling("lab/wait_sequential.py", "lab/wait_threads.py", ideal="workers") }}')
    assert expanded.problems == []
    assert 'aria-label="Scaling chart: lab/wait_sequential.py. Ideal: 1: 1×, 2: 2×.' in html
    assert "<td>wait_threads</td><td>2</td>" in html
    expanded, _ = render(suite, '{{ scaling("lab/wait_sequential.py", "lab/wait_sequential.py") }}')
    assert "has no worker-count arguments" in expanded.problems[0].message
    expanded, html = render(suite, '{{ example("lab/wait_threads.py 2") }}')  # one variant: its file, its run
    assert expanded.problems == [] and '--8<-- "lab/wait_threads.py"\n' in expanded.markdown
    assert "measured-output" in html


def test_a_diagram_is_inlined_with_its_title_and_refused_without_one(suite, tmp_path):
    docs = tmp_path / "docs"
    (docs / "diagrams").mkdir(parents=True)
    (docs / "diagrams" / "ok.svg").write_text(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 10 10">'
        '<title>A box</title><rect width="5" height="5" stroke="currentColor"/></svg>'
    )
    (docs / "diagrams" / "bare.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    expander = Expander(suite, execute=False, docs_dir=docs)
    expanded = expander.expand('{{ diagram("diagrams/ok.svg") }}\n{{ diagram("diagrams/bare.svg") }}', "p.md")
    html = fill(expanded.markdown, expanded.fragments)
    assert '<figure class="measured-diagram"><svg' in html and "<?xml" not in html
    (problem,) = expanded.problems
    assert problem.line == 2 and "bare.svg must be an <svg> with role" in problem.message
    expanded = expander.expand('{{ diagram("../../etc/passwd") }}', "p.md")
    assert "no diagram" in expanded.problems[0].message


DRAWING = '<svg xmlns="http://www.w3.org/2000/svg" {}role="img" viewBox="0 0 10 10"><title id="{}">A box</title></svg>'


@pytest.fixture
def drawings(suite, tmp_path) -> Expander:
    """An expander whose docs folder holds a wide drawing, its phone drawing and three faulty ones."""
    folder = tmp_path / "docs" / "diagrams"
    folder.mkdir(parents=True)
    (folder / "wide.svg").write_text(DRAWING.format("", "wide"))
    (folder / "narrow.svg").write_text(DRAWING.format('class="measured-fits-phone" ', "narrow"))
    (folder / "unfit.svg").write_text(DRAWING.format("", "unfit"))  # not marked as fitting a phone
    (folder / "bare.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" class="measured-fits-phone"></svg>')
    return Expander(suite, execute=False, docs_dir=tmp_path / "docs")


def test_a_diagram_with_a_phone_drawing_inlines_both_wide_first(drawings):
    expanded = drawings.expand('{{ diagram("diagrams/wide.svg", phone="diagrams/narrow.svg") }}', "p.md")
    html = fill(expanded.markdown, expanded.fragments)
    assert expanded.problems == []
    figure = re.search(r'<figure class="measured-diagram measured-diagram--paired">(.*?)</figure>', html, re.S)
    assert figure and re.findall(r'<title id="(\w+)"', figure[1]) == ["wide", "narrow"]
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="measured-fits-phone"' in figure[1]


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("diagrams/none.svg", "no diagram 'diagrams/none.svg' (looked for "),
        ("../../etc/passwd", "no diagram '../../etc/passwd'"),
        ("diagrams/bare.svg", 'diagrams/bare.svg must be an <svg> with role="img" and a <title>'),
        ("diagrams/unfit.svg", 'unfit.svg is the phone drawing: it must be an <svg class="measured-fits-phone">'),
    ],
)
def test_a_phone_drawing_is_refused_as_the_wide_one_is_and_unless_it_fits_a_phone(drawings, phone, message):
    expanded = drawings.expand(f'Text\n\n{{{{ diagram("diagrams/wide.svg", phone="{phone}") }}}}', "p.md")
    (problem,) = expanded.problems
    assert problem.line == 3 and message in problem.message, problem


PAGES = "".join(page.read_text(encoding="utf-8") for page in (ROOT / "docs").glob("*.md"))
PAIRS = re.findall(r'diagram\("([^"]+)", phone="([^"]+)"\)', PAGES)  # (wide, phone) drawings


def drawing(path: str) -> dict:
    """What a diagram file says and draws: the words of its text, its title, its arrows, its ids."""
    root = ElementTree.parse(ROOT / "docs" / path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    return {
        "words": Counter(" ".join("".join(text.itertext()) for text in root.iter(f"{ns}text")).split()),
        "title": root.find(f"{ns}title").text,
        "arrows": sum(1 for element in root.iter() if element.get("marker-end")),
        "ids": {element.get("id") for element in root.iter() if element.get("id")},
    }


@pytest.mark.parametrize(("wide", "phone"), PAIRS)
def test_a_phone_drawing_says_what_its_wide_drawing_says_with_ids_of_its_own(wide, phone):
    """Laid out for a phone, a diagram keeps every word, its title (its alt text) and every arrow; both
    are in the page, so no id (of the title, the description, the arrowhead) may be the same."""
    wide, phone = drawing(wide), drawing(phone)
    assert phone["words"] == wide["words"], (phone["words"] - wide["words"], wide["words"] - phone["words"])
    assert (phone["title"], phone["arrows"]) == (wide["title"], wide["arrows"])
    assert not phone["ids"] & wide["ids"]


def test_the_three_wide_diagrams_come_with_phone_drawings():
    assert {wide for wide, _ in PAIRS} >= {"diagrams/choosing.svg", "diagrams/gil.svg", "diagrams/authoring.svg"}


def test_speedup_only_compares_scripts_measured_together(suite, examples):
    (examples / "other").mkdir()
    (examples / "other" / "quick.py").write_text("print(1)\n")
    verdict = claims.check("speedup('pair/base.py', 'other/quick.py') > 1", suite.default, suite.measurement)
    assert verdict.status == "error"
    assert "only scripts of one folder are measured together" in verdict.reason


def test_tables_only_compare_scripts_measured_together(suite, examples):
    (examples / "other").mkdir()
    (examples / "other" / "quick.py").write_text("print(1)\n")
    expanded, _ = render(suite, '{{ compare("pair/base.py", "other/quick.py") }}')
    assert "only scripts of one folder are measured together" in expanded.problems[0].message


def test_a_bug_in_the_runner_raises_instead_of_passing_as_a_page_problem(suite, monkeypatch):
    def broken(measurement):
        raise TypeError("a bug in render.output")

    monkeypatch.setattr(render_module, "output", broken)
    with pytest.raises(TypeError, match=r"a bug in render\.output"):
        render(suite, '{{ output("pair/quick.py") }}')
    expanded, _ = render(suite, '{{ output("pair/quick.py", "extra") }}')  # an author's mistake: a problem
    assert "wrong arguments" in expanded.problems[0].message


def test_a_value_that_exists_only_on_another_os_reads_n_a_instead_of_failing(suite):
    """A lesson only some OSes show (fork on POSIX): its number is "n/a" elsewhere, never an error."""
    elsewhere = "windows" if sys.platform != "win32" else "linux"
    expanded, html = render(suite, f'Forking took {{{{ value("wall(\'pair/quick.py\')", when="{elsewhere}") }}}} s.')
    assert expanded.problems == []
    assert ">n/a</span>" in html and "it exists only on " in html
    expanded, html = render(suite, '{{ value("wall(\'pair/quick.py\')", "{:.3f}", when="posix") }}')
    assert expanded.problems == [] and ("n/a" in html) == (sys.platform == "win32")


def test_a_headline_table_shows_each_figure_on_each_machine_and_interpreter(suite):
    quick = "speedup('pair/base.py', 'pair/quick.py')"
    markdown = f"""
    {{{{ headline("Quick over base", "{quick}", "Base, s", "wall('pair/base.py')", format="{{:.3f}}") }}}}

    The same, as prose: {{{{ value("{quick}", "{{:.3f}}") }}}}.
    """
    expanded, html = render(suite, markdown)
    assert expanded.problems == []
    assert "<th>Machine</th><th>Interpreter</th><th>Quick over base</th><th>Base, s</th>" in html
    shown = f"{claims.evaluate(quick, suite.default, suite.measurement):.3f}"
    assert f"<tr><td>{suite.machine.label}</td><td>{suite.default.label}</td><td>{shown}</td>" in html
    assert re.search(rf'class="measured-value[^"]*"[^>]*>{re.escape(shown)}[ <]', html)  # the sentence's number


def test_a_value_read_from_a_noisy_measurement_says_so_beside_it_and_why_in_its_title():
    quiet = render_module.measured_value("1.28", "Measured in this build: speedup(...)")
    assert quiet == '<span class="measured-value" title="Measured in this build: speedup(...)">1.28</span>'
    noisy = render_module.measured_value("1.28", "Measured", ["a.py: other processes kept up to 1.20 cores busy"])
    assert '>1.28 <span class="measured-value__noisy">(noisy)</span></span>' in noisy
    assert 'title="Measured. Noisy: a.py: other processes kept up to 1.20 cores busy"' in noisy


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ('"Quick over base"', "pairs of a label and an expression"),
        ("", "pairs of a label and an expression"),
        ('"Base", "wall(\'pair/base.py\')", format="{:d}"', "cannot show"),
    ],
)
def test_a_malformed_headline_is_a_page_problem(suite, arguments, message):
    expanded, _ = render(suite, f"{{{{ headline({arguments}) }}}}")
    (problem,) = expanded.problems
    assert message in problem.message


def test_a_timeline_colours_what_each_span_did_when_its_spans_say():
    spans = [
        {"lane": "one", "kind": "waiting", "start": 0, "end": 0.1},
        {"lane": "one", "kind": "computing", "start": 0.1, "end": 0.15},
        {"lane": "two", "kind": "waiting", "start": 0, "end": 0.2},
    ]
    html = charts.timeline({"title": "t", "axis": "time since it started", "spans": spans})
    legend = re.findall(r">(waiting|computing)</text>", html)
    assert legend == ["waiting", "computing"]  # each kind named once, in the order first seen
    assert "time since it started (ms)" in html
    assert "<th>Waiting (ms)</th><th>Computing (ms)</th>" in html
    assert "<td>one</td><td>2</td><td>100.0</td><td>50.0</td>" in html
