"""The built site as a folder of files: its pages, their URLs, its nav and its sitemap.

Every other check reads the site through these functions, so a page is named the same
way in every message (its path in the built site) and parsed once.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

ORIGIN = "http://built.site.invalid"  # a stand-in origin to resolve links against; never contacted
SKIPPED_SCHEMES = ("javascript:", "data:", "blob:", "about:")


@functools.lru_cache(maxsize=256)
def _soup(path: Path, mtime: float) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def soup(path: Path) -> BeautifulSoup:
    """A built page, parsed once (the checkers only read it)."""
    return _soup(path, path.stat().st_mtime)


def html_files(site: Path) -> list[Path]:
    """Every built HTML file, in a stable order."""
    return sorted(site.rglob("*.html"))


def name(site: Path, page: Path) -> str:
    """How messages name a page: its path in the built site."""
    return page.relative_to(site).as_posix()


def url_path(site: Path, page: Path) -> str:
    """The URL path a built file is served at: tour/index.html -> /tour/."""
    relative = page.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def site_url(site: Path) -> str | None:
    """The configured site_url, read back from the landing page's canonical link (None if unset)."""
    canonical = soup(site / "index.html").find("link", rel="canonical")
    return canonical["href"] if canonical and canonical.get("href") else None


def resolve(site: Path, path: str) -> Path | None:
    """The built file a URL path is served from, or None."""
    parts = [part for part in unquote(path).split("/") if part not in ("", ".")]
    if ".." in parts:
        return None
    target = site.joinpath(*parts)
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def classify(site: Path, page: Path, url: str) -> tuple[str, str]:
    """Where a URL on a page points: ('skip' | 'external' | 'internal', absolute URL or site path with #fragment)."""
    url = url.strip()
    if not url or url.lower().startswith(SKIPPED_SCHEMES):
        return "skip", url
    root = site_url(site)
    if root and url.startswith(root):  # an absolute link to this very site
        url = "/" + url[len(root) :]
    joined = urljoin(ORIGIN + url_path(site, page), url)
    if not joined.startswith(ORIGIN + "/"):
        return "external", url
    path = joined[len(ORIGIN) :]
    base = urlsplit(root).path if root else "/"
    if base != "/" and path.startswith(base):  # root-relative links (the 404 page) carry site_url's path
        path = "/" + path[len(base) :]
    return "internal", path


def nav_pages(site: Path) -> list[str]:
    """URL paths of the pages in the site's navigation, in nav order, read from the built landing page."""
    nav = soup(site / "index.html").select_one("nav.md-nav--primary")
    if nav is None:
        raise ValueError("the built landing page has no primary navigation (nav.md-nav--primary)")
    pages = []
    for link in nav.select("a.md-nav__link[href]"):
        kind, path = classify(site, site / "index.html", link["href"])
        if kind == "internal" and "#" not in path and path not in pages:
            pages.append(path)
    return pages


def sitemap_paths(site: Path) -> list[str]:
    """The URL paths sitemap.xml lists (empty when site_url is not set)."""
    tree = ET.parse(site / "sitemap.xml")
    locations = [loc.text or "" for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    root = site_url(site) or ""
    return ["/" + loc[len(root) :] for loc in locations if root and loc.startswith(root)]
