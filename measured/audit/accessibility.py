"""Accessibility of the built HTML, checked statically: headings, one h1, alt text, table headers.

Each check takes a page's name and its parsed HTML and returns one message per problem,
naming the page. What needs rendering (sizes, contrast, the dark scheme) is checked in
the browser instead (:mod:`measured.audit.browser`).
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from measured.audit.site import html_files, name, soup

HEADING = re.compile(r"^h[1-6]$")


def content(parsed: BeautifulSoup) -> Tag:
    """The page's own content: Material's article, or the body of a page without one."""
    return parsed.select_one("article.md-content__inner") or parsed.body or parsed


def text(tag: Tag, limit: int = 60) -> str:
    """A tag's text as a message quotes it: whitespace collapsed, no ¶, at most ``limit`` characters."""
    words = " ".join(tag.get_text(" ", strip=True).replace("¶", "").split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def decorative(tag: Tag) -> bool:
    """Whether a tag is hidden from assistive technology on purpose."""
    return tag.get("aria-hidden") == "true" or tag.get("role") in ("presentation", "none")


def h1_problems(page: str, parsed: BeautifulSoup) -> list[str]:
    """A page has exactly one h1."""
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
    """The page names its language (<html lang>) and has a <title>."""
    problems = []
    if not (parsed.html and parsed.html.get("lang", "").strip()):
        problems.append(f"{page}: <html> has no lang attribute")
    if not (parsed.title and parsed.title.get_text(strip=True)):
        problems.append(f"{page}: no <title>")
    return problems


CHECKS = (h1_problems, heading_problems, image_problems, table_problems, document_problems)


def page_problems(page: str, html: str | BeautifulSoup) -> list[str]:
    """Every check on one page, given as HTML text or parsed."""
    parsed = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "html.parser")
    return [problem for check in CHECKS for problem in check(page, parsed)]


def find_accessibility_problems(site: Path, checks=CHECKS) -> list[str]:
    """The given checks (all by default) on every built page."""
    return [problem for page in html_files(site) for check in checks for problem in check(name(site, page), soup(page))]
