"""Every internal link and anchor in the built site resolves; external links are listed, never fetched.

The checks (measured.audit.links) are plain functions over a folder of built HTML files,
so the same code runs on the real site (the `site` fixture) and on small broken sites
made in tmp_path, which prove that each check can fail and that its message names the
page and the problem.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from measured.audit.links import MOVED, Move, external_links, find_dead_links, moved_links, outside_loads, references
from measured.audit.site import html_files, name, nav_pages, soup, url_path

# The built site


@pytest.mark.slow  # needs the built site
def test_every_internal_link_and_anchor_in_the_built_site_resolves(site):
    checked = sum(len(references(soup(page))) for page in html_files(site))
    assert checked > 50, f"only {checked} links found: is the site built?"
    problems = find_dead_links(site)
    assert not problems, f"{len(problems)} dead links:\n" + "\n".join(problems)


@pytest.mark.slow  # needs the built site
def test_no_page_loads_anything_from_another_host(site):
    """Fonts, scripts, styles and images all come from the site (Material's Google Fonts are off)."""
    assert not (problems := outside_loads(site)), "\n".join(problems)
    for page in html_files(site):
        assert "fonts.googleapis.com" not in page.read_text(encoding="utf-8"), f"{name(site, page)} names Google Fonts"


@pytest.mark.slow  # needs the built site
def test_external_links_are_listed_not_fetched(site):
    links = external_links(site)
    print(f"\n{len(links)} external links (listed, not fetched):")
    for url, pages in links.items():
        print(f"  {url}  ({', '.join(pages)})")
    malformed = [f"{url} (on {', '.join(pages)})" for url, pages in links.items() if not _well_formed(url)]
    assert not malformed, "malformed external links:\n" + "\n".join(malformed)


@pytest.mark.slow  # needs the built site
def test_no_page_links_to_an_address_known_to_have_moved(site):
    """External links are not fetched, so a page that moved is caught from a checked list (MOVED)."""
    assert not (problems := moved_links(site)), "links to moved pages:\n" + "\n".join(problems)


def test_each_known_move_names_its_new_address_and_its_source():
    for move in MOVED:
        assert _well_formed(move.old) and _well_formed(move.new), move
        assert urlsplit(move.old).fragment == "" and move.old.rstrip("/") != move.new.rstrip("/"), move
        assert len(move.source) > 20, f"{move.old}: say what shows the move"


def _well_formed(url: str) -> bool:
    split = urlsplit(url)
    if split.scheme == "mailto":
        return "@" in split.path
    return split.scheme in ("http", "https") and "." in split.netloc and " " not in url


@pytest.mark.slow  # needs the built site
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


def test_a_link_to_a_moved_page_is_reported_with_or_without_slash_or_fragment(tmp_path):
    move = Move(old="https://example.org/old_page/", new="https://example.org/new-page/", source="its changelog")
    site = write(
        tmp_path,
        {
            "index.html": PAGE.format(head="", body='<a href="https://example.org/old_page#setup">old</a>'),
            "guide/index.html": PAGE.format(
                head="",
                body='<a href="https://example.org/old_page/">old</a> <a href="https://example.org/new-page/">new</a>',
            ),
        },
    )
    assert moved_links(site, (move,)) == [
        "index.html: links to https://example.org/old_page#setup, which moved to "
        "https://example.org/new-page/ (its changelog)",
        "guide/index.html: links to https://example.org/old_page/, which moved to "
        "https://example.org/new-page/ (its changelog)",
    ]
