"""Accessibility of the built HTML, checked statically: headings, one h1, alt text, table headers.

Each check (measured.audit.accessibility) takes a page's name and its parsed HTML and
returns one message per problem, naming the page; the tests run them over every built
page and over small broken samples. The browser tests add what needs rendering (sizes,
contrast, the dark scheme).
"""

from __future__ import annotations

import pytest

from measured.audit.accessibility import (
    content,
    document_problems,
    find_accessibility_problems,
    h1_problems,
    heading_problems,
    image_problems,
    page_problems,
    table_problems,
)
from measured.audit.site import html_files, soup

# The built site: one test per kind of check, so a failure says which kind at once


@pytest.mark.slow  # needs the built site
def test_every_page_has_exactly_one_h1(site):
    assert not (problems := find_accessibility_problems(site, [h1_problems])), "\n".join(problems)


@pytest.mark.slow  # needs the built site
def test_headings_never_skip_a_level(site):
    assert not (problems := find_accessibility_problems(site, [heading_problems])), "\n".join(problems)


@pytest.mark.slow  # needs the built site
def test_every_image_and_chart_has_alt_text(site):
    charts = sum(len(content(soup(page)).select("svg.measured-chart")) for page in html_files(site))
    assert charts, "no chart found on the site: the check would pass vacuously"
    assert not (problems := find_accessibility_problems(site, [image_problems])), "\n".join(problems)


@pytest.mark.slow  # needs the built site
def test_every_table_has_header_cells(site):
    assert not (problems := find_accessibility_problems(site, [table_problems])), "\n".join(problems)


@pytest.mark.slow  # needs the built site
def test_every_page_names_its_language_and_title(site):
    assert not (problems := find_accessibility_problems(site, [document_problems])), "\n".join(problems)


# Each check fails on a broken sample, naming the page and the problem

GOOD_HEAD = '<!doctype html><html lang="en"><head><title>Sample</title></head><body><article class="md-content__inner">'
GOOD_TAIL = "</article></body></html>"


def sample(body: str) -> str:
    return GOOD_HEAD + body + GOOD_TAIL


CHART = '<figure><svg class="measured-chart" {label} viewBox="0 0 10 10"><rect width="5" height="5"/></svg>'
CHART += "<figcaption>Threads against processes</figcaption></figure>"


def test_a_well_formed_sample_passes_every_check():
    body = (
        "<h1>Threads</h1><h2>Why</h2><h3>Detail</h3><h2>Next</h2>"
        '<img src="a.png" alt="A timeline"><img src="rule.png" alt="" role="presentation">'
        + CHART.format(label='role="img" aria-label="Bar chart: threads 1.0 s"')
        + '<table class="highlighttable"><tr><td>1</td><td>code</td></tr></table>'
        + "<table><tr><th>Run</th></tr><tr><td>1</td></tr></table>"
    )
    assert page_problems("ok/index.html", sample(body)) == []


def test_a_page_with_two_h1_is_reported():
    problems = page_problems("threads/index.html", sample("<h1>Threads</h1><p>x</p><h1>Threads again</h1>"))
    assert problems == ["threads/index.html: 2 h1 headings ('Threads', 'Threads again'), expected exactly one"]


def test_a_page_with_no_h1_and_a_skipped_level_is_reported():
    problems = page_problems("gil/index.html", sample("<h2>Intro</h2><h4>Deep</h4>"))
    assert problems == [
        "gil/index.html: 0 h1 headings (none), expected exactly one",
        "gil/index.html: the content starts with h2 'Intro', not h1",
        "gil/index.html: heading level skipped: h2 'Intro' is followed by h4 'Deep'",
    ]


def test_a_chart_and_an_image_without_alt_text_are_reported():
    body = "<h1>Charts</h1>" + CHART.format(label='role="img"') + '<img src="timeline.png">'
    body += CHART.format(label='aria-label="Bar chart: x"')
    assert page_problems("processes/index.html", sample(body)) == [
        "processes/index.html: image 'timeline.png' has no alt text",
        "processes/index.html: chart (figure 'Threads against processes') has no alt text"
        " (aria-label, aria-labelledby or <title>)",
        "processes/index.html: chart 'Bar chart: x' lacks role=\"img\", so its label is not read",
    ]


def test_a_table_without_header_cells_and_a_page_without_lang_are_reported():
    html = sample("<h1>Numbers</h1><table><tr><td>threads</td><td>1.2</td></tr></table>").replace(' lang="en"', "")
    assert page_problems("asyncio/index.html", html) == [
        "asyncio/index.html: table 1 (first row 'threads 1.2') has no header cells",
        "asyncio/index.html: <html> has no lang attribute",
    ]
