"""Every internal link and anchor in the built site resolves; external links are listed, never fetched.

The checkers are plain functions over a folder of built HTML files, so the same code runs
on the real site (the `site` fixture) and on small broken sites made in tmp_path, which
prove that each check can fail and that its message names the page and the problem.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

ORIGIN = "http://built.site.invalid"  # a stand-in origin to resolve links against; never contacted
SKIPPED_SCHEMES = ("javascript:", "data:", "blob:", "about:")
# <link rel=...> values that make the browser contact the target when the page loads
LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest"}
LOADING_RELS |= {"preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch"}
# elements whose attribute the browser fetches when the page loads
LOADED = (("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src"), ("video", "src"), ("audio", "src"))


@functools.lru_cache(maxsize=256)
def _soup(path: Path, mtime: float) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def soup(path: Path) -> BeautifulSoup:
    """A built page, parsed once (the checkers only read it)."""
    return _soup(path, path.stat().st_mtime)


def html_files(site: Path) -> list[Path]:
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


def anchors(page: Path) -> set[str]:
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


def classify(site: Path, page: Path, url: str) -> tuple[str, str]:
    """('skip' | 'external' | 'internal', absolute URL or site path with #fragment)."""
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
        for url in re.findall(
            r"""(?:url\(|@import)\s*['"]?((?:https?:)?//[^'")\s]+)""", sheet.read_text(encoding="utf-8")
        ):
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


def nav_pages(site: Path) -> list[str]:
    """URL paths of the pages in the site's navigation, in nav order, read from the built landing page."""
    nav = soup(site / "index.html").select_one("nav.md-nav--primary")
    assert nav is not None, "the built landing page has no primary navigation (nav.md-nav--primary)"
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


# The built site


def test_every_internal_link_and_anchor_in_the_built_site_resolves(site):
    checked = sum(len(references(soup(page))) for page in html_files(site))
    assert checked > 50, f"only {checked} links found: is the site built?"
    problems = find_dead_links(site)
    assert not problems, f"{len(problems)} dead links:\n" + "\n".join(problems)


def test_no_page_loads_anything_from_another_host(site):
    """Fonts, scripts, styles and images all come from the site (Material's Google Fonts are off)."""
    assert not (problems := outside_loads(site)), "\n".join(problems)
    for page in html_files(site):
        assert "fonts.googleapis.com" not in page.read_text(encoding="utf-8"), f"{name(site, page)} names Google Fonts"


def test_external_links_are_listed_not_fetched(site):
    links = external_links(site)
    print(f"\n{len(links)} external links (listed, not fetched):")
    for url, pages in links.items():
        print(f"  {url}  ({', '.join(pages)})")
    malformed = [f"{url} (on {', '.join(pages)})" for url, pages in links.items() if not _well_formed(url)]
    assert not malformed, "malformed external links:\n" + "\n".join(malformed)


def _well_formed(url: str) -> bool:
    split = urlsplit(url)
    if split.scheme == "mailto":
        return "@" in split.path
    return split.scheme in ("http", "https") and "." in split.netloc and " " not in url


def test_every_built_page_is_in_the_nav(site):
    """The browser tests visit the nav, so the nav must reach every page."""
    built = {url_path(site, page) for page in html_files(site) if page.name == "index.html"}
    nav = set(nav_pages(site))
    assert "/" in nav and len(nav) >= 3, nav
    assert built <= nav, f"pages built but not in the nav: {sorted(built - nav)}"


# Each check fails on a small broken site, naming the page and the problem


def write(site: Path, files: dict[str, str]) -> Path:
    for relative, body in files.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(body, encoding="utf-8")
    return site


PAGE = '<!doctype html><html lang="en"><head><title>t</title>{head}</head><body><h1 id="top">T</h1>{body}</body></html>'


def test_a_dead_link_and_a_dead_anchor_are_reported_naming_page_and_link(tmp_path):
    site = write(
        tmp_path,
        {
            "index.html": PAGE.format(head="", body='<a href="guide/">ok</a> <a href="#top">ok</a>'),
            "guide/index.html": PAGE.format(
                head='<link rel="stylesheet" href="../assets/gone.css">',
                body='<a href="../threads/">dead</a> <a href="../#nowhere">dead anchor</a> <a href="#top">ok</a>',
            ),
        },
    )
    problems = find_dead_links(site)
    assert problems == [
        "guide/index.html: dead <a> link '../threads/': nothing is built at /threads/",
        "guide/index.html: dead anchor in <a> link '../#nowhere': no id 'nowhere' in index.html",
        "guide/index.html: dead <link rel=stylesheet> '../assets/gone.css': nothing is built at /assets/gone.css",
    ]


def test_a_font_from_another_host_is_reported_and_external_links_are_only_listed(tmp_path):
    fonts = "https://fonts.googleapis.com/css?family=Roboto"
    site = write(
        tmp_path,
        {
            "index.html": PAGE.format(
                head=f'<link rel="stylesheet" href="{fonts}">',
                body='<a href="https://docs.python.org/3/library/threading.html">threading</a>',
            ),
            "extra.css": "@font-face { src: url(https://fonts.gstatic.com/s/roboto.woff2); }",
        },
    )
    assert outside_loads(site) == [
        f"index.html: <link rel=stylesheet> loads {fonts} from another host",
        "extra.css: loads https://fonts.gstatic.com/s/roboto.woff2 from another host",
    ]
    assert external_links(site) == {"https://docs.python.org/3/library/threading.html": ["index.html"]}
    assert find_dead_links(site) == []
