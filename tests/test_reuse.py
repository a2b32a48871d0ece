"""The built site tells a reader what they may reuse, where its source is, and what built it.

Every listing links to its file in the repository; the footer of every page names the
licences and the commit the page was built from; "About this build" lists the commit,
the date and the versions. The `site` fixture is the real site (built once per session,
or the one `make test` built); the REPO_URL test builds it again with nothing executed.
"""

from __future__ import annotations

import re
import subprocess
from urllib.parse import urljoin

import pytest
from support import ENV, MKDOCS, ROOT

from measured import provenance
from measured.audit.site import html_files, name, nav_pages, resolve, soup, url_path

SHA = re.compile(r"/blob/([0-9a-f]{40}|main)/")
LICENCES = {
    "MIT-0": "https://spdx.org/licenses/MIT-0.html",
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "MIT": "https://spdx.org/licenses/MIT.html",
}


def listings(page) -> list[tuple[str, object]]:
    """(file shown, the element after the listing) for every listing of an example on a page."""
    found = []
    for title in soup(page).select("div.highlight > span.filename"):
        if title.get_text().startswith("examples/"):
            found.append((title.get_text(), title.parent.find_next_sibling()))
    return found


def source_links(site) -> dict[str, list[str]]:
    """Each page's listings whose next element is not a link to their file in the repository."""
    missing = {}
    for page in html_files(site):
        for path, after in listings(page):
            link = (
                after.find("a", href=True)
                if after is not None and "measured-source" in after.get("class", [])
                else None
            )
            if link is None or not (SHA.search(link["href"]) and link["href"].endswith("/" + path)):
                missing.setdefault(name(site, page), []).append(path)
    return missing


@pytest.mark.slow  # needs the built site
def test_every_listing_on_the_site_links_to_its_file_in_the_repository(site):
    counted = sum(len(listings(page)) for page in html_files(site))
    assert counted > 50, f"only {counted} listings found: is the site built?"
    missing = source_links(site)
    assert not missing, f"listings without a link to their source: {missing}"


@pytest.mark.slow  # needs the built site
def test_the_footer_of_every_page_names_the_licences_and_the_build(site):
    pages = [resolve(site, path) for path in nav_pages(site)]
    assert len(pages) > 10
    for page in [*pages, site / "404.html"]:
        footer = soup(page).select_one("footer .md-copyright")
        assert footer is not None, name(site, page)
        links = {a.get_text(strip=True): a["href"] for a in footer.select(".md-copyright__highlight a")}
        assert links == LICENCES, f"{name(site, page)}: {links}"
        assert "examples" in footer.get_text() and "prose and figures" in footer.get_text()
        if page.name == "404.html":
            continue  # served at any address, so it has no relative link to make
        build = footer.select_one(".measured-build a")
        assert build is not None and re.fullmatch(r"Built from commit [0-9a-f]{7}.* on \d{4}-\d{2}-\d{2}", build.text)
        target = resolve(site, urljoin(url_path(site, page), build["href"]))
        assert target == site / "about-this-build" / "index.html", f"{name(site, page)}: {build['href']}"


@pytest.mark.slow  # needs the built site
def test_about_this_build_lists_the_commit_date_run_and_versions(site):
    page = soup(site / "about-this-build" / "index.html")
    table = page.select_one(".measured-provenance")
    rows = {row.th.get_text(): row.td for row in table.select("tr") if row.th and row.td}
    assert re.search(r"/commit/[0-9a-f]{40}$", rows["Commit"].a["href"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", rows["Built"].get_text())
    assert rows["CI run"].get_text()
    versions = {
        row.select("td")[0].get_text(): row.select("td")[1].get_text()
        for row in table.select("tbody tr")
        if row.td and not row.th
    }
    assert set(versions) == {*provenance.PACKAGES, provenance.RUNNER}
    assert all(re.match(r"\d", version) for version in versions.values()), versions


@pytest.mark.slow  # builds the real site
def test_repo_url_sets_every_link_to_the_source(tmp_path):
    fork = "https://git.example.org/someone/edited-gil"  # "edit" in its name: only the /edit/ part becomes /raw/
    env = {**ENV, "REPO_URL": fork, "MEASURED_EXECUTE": "0", "EDIT_URI": "edit/trunk/docs/"}
    done = subprocess.run([*MKDOCS, "--site-dir", str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    tour = soup(tmp_path / "tour" / "index.html")
    sources = [a["href"] for a in tour.select("p.measured-source a")]
    assert sources and all(href.startswith(f"{fork}/blob/") for href in sources)
    assert tour.select_one("a.md-source")["href"] == fork
    edit, view = (a["href"] for a in tour.select("a.md-content__button"))
    assert (edit, view) == (f"{fork}/edit/trunk/docs/tour.md", f"{fork}/raw/trunk/docs/tour.md")
    assert not source_links(tmp_path)
