"""Links in the built site: dead internal links and anchors, loads from other hosts, external links.

External links are listed, never fetched: an external address that is known to have
moved is caught from :data:`MOVED`, a checked list of old addresses, each with its new
one and the source that shows the move. Each check returns one message per problem,
naming the page (its path in the built site).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from measured.audit.site import classify, html_files, name, resolve, soup

# <link rel=...> values that make the browser contact the target when the page loads
LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest"}
LOADING_RELS |= {"preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch"}
# elements whose attribute the browser fetches when the page loads
LOADED = (("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src"), ("video", "src"), ("audio", "src"))
CSS_LOAD = re.compile(r"""(?:url\(|@import)\s*['"]?((?:https?:)?//[^'")\s]+)""")


@dataclass(frozen=True)
class Move:
    """An external page that moved: links to ``old`` should point at ``new``."""

    old: str
    """The old address, without a #fragment; it matches with or without a final slash."""
    new: str
    """Where the page is now."""
    source: str
    """What shows the move (checked when the entry was added)."""


MOVED = (
    Move(
        old="https://py-free-threading.github.io/installing_cpython/",
        new="https://py-free-threading.github.io/installing-cpython/",
        source=(
            "the guide renamed docs/installing_cpython.md to docs/installing-cpython.md "
            "(Quansight-Labs/free-threaded-compatibility, 2025; its mkdocs.yml has no redirects, "
            "so the old address is a 404); CPython's free-threading HOWTO links to the new one"
        ),
    ),
)


def anchors(page: Path) -> set[str]:
    """The ids and named anchors a page offers as #fragments."""
    parsed = soup(page)
    return {tag["id"] for tag in parsed.find_all(id=True)} | {
        tag["name"] for tag in parsed.find_all("a", attrs={"name": True})
    }


def references(parsed: BeautifulSoup) -> list[tuple[str, str, bool]]:
    """(description, url, loaded) for every link and loaded resource on a page."""
    found = []
    for tag in parsed.find_all(["a", "area"], href=True):
        found.append((f"<{tag.name}> link", tag["href"], False))
    for tag in parsed.find_all("link", href=True):
        rels = {rel.lower() for rel in tag.get("rel", [])}
        found.append((f"<link rel={' '.join(sorted(rels))}>", tag["href"], bool(rels & LOADING_RELS)))
    for element, attribute in LOADED:
        for tag in parsed.find_all(element, attrs={attribute: True}):
            found.append((f"<{element}>", tag[attribute], True))
    return found


def find_dead_links(site: Path) -> list[str]:
    """One message per internal link, resource or #anchor that points at nothing in the built site."""
    problems = []
    for page in html_files(site):
        for description, url, _ in references(soup(page)):
            kind, target = classify(site, page, url)
            if kind != "internal":
                continue
            split = urlsplit(target)
            file = resolve(site, split.path)
            if file is None:
                problems.append(f"{name(site, page)}: dead {description} {url!r}: nothing is built at {split.path}")
            elif split.fragment and file.suffix == ".html" and unquote(split.fragment) not in anchors(file):
                where = "this page" if file == page else name(site, file)
                problems.append(
                    f"{name(site, page)}: dead anchor in {description} {url!r}: no id {split.fragment!r} in {where}"
                )
    return problems


def outside_loads(site: Path) -> list[str]:
    """One message per resource a page or stylesheet makes the browser fetch from another host."""
    problems = []
    for page in html_files(site):
        for description, url, loaded in references(soup(page)):
            if loaded and classify(site, page, url)[0] == "external":
                problems.append(f"{name(site, page)}: {description} loads {url} from another host")
    for sheet in sorted(site.rglob("*.css")):
        for url in CSS_LOAD.findall(sheet.read_text(encoding="utf-8")):
            problems.append(f"{name(site, sheet)}: loads {url} from another host")
    return problems


def external_links(site: Path) -> dict[str, list[str]]:
    """Every link to another site, with the pages that carry it (listed, never fetched)."""
    found = defaultdict(list)
    for page in html_files(site):
        for _, url, loaded in references(soup(page)):
            if not loaded and classify(site, page, url)[0] == "external" and name(site, page) not in found[url]:
                found[url].append(name(site, page))
    return dict(sorted(found.items()))


def moved_links(site: Path, moves: tuple[Move, ...] = MOVED) -> list[str]:
    """One message per link to an address that is known to have moved, naming the new one."""
    problems = []
    for url, pages in external_links(site).items():
        for move in moves:
            if _same_page(url, move.old):
                where = ", ".join(pages)
                problems.append(f"{where}: links to {url}, which moved to {move.new} ({move.source})")
    return problems


def _same_page(url: str, address: str) -> bool:
    def page(link: str) -> tuple[str, str, str]:
        split = urlsplit(link)
        return split.scheme.lower(), split.netloc.lower(), split.path.rstrip("/") or "/"

    return page(url) == page(address)
