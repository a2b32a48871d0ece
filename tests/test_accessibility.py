"""Accessibility of the built HTML, checked statically: headings, one h1, alt text, table headers.

Each checker takes a page's name and its parsed HTML and returns one message per problem,
naming the page; the tests run them over every built page and over small broken samples.
The browser tests add what needs rendering (sizes, contrast, the dark scheme).
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from test_links import html_files, name, soup

HEADING = re.compile(r"^h[1-6]$")


def content(parsed: BeautifulSoup) -> Tag:
    """The page's own content: Material's article, or the body of a page without one."""
    return parsed.select_one("article.md-content__inner") or parsed.body or parsed


def text(tag: Tag, limit: int = 60) -> str:
    words = " ".join(tag.get_text(" ", strip=True).replace("¶", "").split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def decorative(tag: Tag) -> bool:
    return tag.get("aria-hidden") == "true" or tag.get("role") in ("presentation", "none")


def h1_problems(page: str, parsed: BeautifulSoup) -> list[str]:
    found = parsed.find_all("h1")
    if len(found) == 1:
        return []
    return [
        f"{page}: {len(found)} h1 headings ({', '.join(repr(text(h)) for h in found) or 'none'}), expected exactly one"
    ]


def heading_problems(page: str, parsed: BeautifulSoup) -> list[str]:
    """Headings in the content start at h1 and never skip a level going down (h2 then h4)."""
    problems, previous = [], None
    for heading in content(parsed).find_all(HEADING):
        if heading.find_parent("svg"):
            continue
        level = int(heading.name[1])
        if previous is None and level != 1:
            problems.append(f"{page}: the content starts with h{level} {text(heading)!r}, not h1")
        elif previous is not None and level > previous[0] + 1:
            after = f"h{previous[0]} {previous[1]!r}"
            problems.append(f"{page}: heading level skipped: {after} is followed by h{level} {text(heading)!r}")
        previous = (level, text(heading))
    return problems


def svg_name(svg: Tag, parsed: BeautifulSoup) -> str:
    """The accessible name of an inline SVG: aria-label, aria-labelledby, or its <title>."""
    if svg.get("aria-label", "").strip():
        return svg["aria-label"].strip()
    labelled = [parsed.find(id=ref) for ref in svg.get("aria-labelledby", "").split()]
    if labelled and all(labelled):
        return " ".join(text(tag) for tag in labelled)
    title = svg.find("title", recursive=False)
    return text(title) if title else ""


def image_problems(page: str, parsed: BeautifulSoup) -> list[str]:
    """Every image has alt text; every chart (an inline SVG in the content) has an accessible name."""
    problems = []
    for image in parsed.find_all("img"):
        if not decorative(image) and not image.get("alt", "").strip():
            problems.append(f"{page}: image {image.get('src', '(no src)')!r} has no alt text")
    for svg in content(parsed).find_all("svg"):
        if svg.find_parent("svg") or decorative(svg):
            continue
        what = "chart" if "measured-chart" in svg.get("class", []) else "inline SVG"
        caption = svg.find_parent("figure").find("figcaption") if svg.find_parent("figure") else None
        where = f" (figure {text(caption)!r})" if caption else ""
        if not svg_name(svg, parsed):
            problems.append(f"{page}: {what}{where} has no alt text (aria-label, aria-labelledby or <title>)")
        elif svg.get("role") != "img":
            problems.append(f'{page}: {what} {svg_name(svg, parsed)[:60]!r} lacks role="img", so its label is not read')
    return problems


def table_problems(page: str, parsed: BeautifulSoup) -> list[str]:
    """Every data table has header cells. Pygments' line-number tables are layout, not data."""
    problems = []
    for number, table in enumerate(parsed.find_all("table"), 1):
        if "highlighttable" in table.get("class", []) or decorative(table):
            continue
        if not table.find("th"):
            first = table.find("tr")
            problems.append(f"{page}: table {number} (first row {text(first) if first else ''!r}) has no header cells")
    return problems


def document_problems(page: str, parsed: BeautifulSoup) -> list[str]:
    problems = []
    if not (parsed.html and parsed.html.get("lang", "").strip()):
        problems.append(f"{page}: <html> has no lang attribute")
    if not (parsed.title and parsed.title.get_text(strip=True)):
        problems.append(f"{page}: no <title>")
    return problems


CHECKS = (h1_problems, heading_problems, image_problems, table_problems, document_problems)


def page_problems(page: str, html: str | BeautifulSoup) -> list[str]:
    parsed = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "html.parser")
    return [problem for check in CHECKS for problem in check(page, parsed)]


def find_accessibility_problems(site: Path, checks=CHECKS) -> list[str]:
    return [problem for page in html_files(site) for check in checks for problem in check(name(site, page), soup(page))]


# The built site: one test per kind of check, so a failure says which kind at once


def test_every_page_has_exactly_one_h1(site):
    assert not (problems := find_accessibility_problems(site, [h1_problems])), "\n".join(problems)


def test_headings_never_skip_a_level(site):
    assert not (problems := find_accessibility_problems(site, [heading_problems])), "\n".join(problems)


def test_every_image_and_chart_has_alt_text(site):
    charts = sum(len(content(soup(page)).select("svg.measured-chart")) for page in html_files(site))
    assert charts, "no chart found on the site: the check would pass vacuously"
    assert not (problems := find_accessibility_problems(site, [image_problems])), "\n".join(problems)


def test_every_table_has_header_cells(site):
    assert not (problems := find_accessibility_problems(site, [table_problems])), "\n".join(problems)


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
