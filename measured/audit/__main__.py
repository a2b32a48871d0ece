"""Page weight and Lighthouse report for the built site: `python -m measured.audit` (or `make report`).

Builds the site strictly into a temporary folder (the measured results come from the
cache, so this takes seconds once the cache is warm), serves it on 127.0.0.1 with text
gzipped as GitHub Pages sends it, runs the static checks (dead links, loads from other
hosts, accessibility), then opens every page of the nav in headless Chromium with an
empty cache and prints what a first visit transfers against the budgets: the landing
page at most 1 MB, any page at most 2 MB, counting text gzipped as any static host
(GitHub Pages included) sends it. Then, when Lighthouse runs here (npm's `lighthouse`,
through npx, against the same Chromium), its performance and accessibility scores for
the landing page and the lab page (or, until there is one, the page with the most
measured content); when it does not, the reason.

Exit status: 0 when every page is within budget, 1 otherwise (or when the build fails).

Options: --site DIR reports on a site already built; --no-strict builds like `make serve`
(pages with problems show error boxes instead of failing the build); --no-lighthouse.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from measured.audit import browser, lighthouse
from measured.audit.accessibility import find_accessibility_problems
from measured.audit.build import build
from measured.audit.links import external_links, find_dead_links, outside_loads
from measured.audit.serve import serving
from measured.audit.site import nav_pages, resolve, soup


def lab_page(site: Path, pages: list[str]) -> str:
    """The lab page (a nav page named lab) if there is one, else the one with the most measured content."""

    def measured(path: str) -> int:
        return len(soup(resolve(site, path)).select(".measured-output, svg.measured-chart, .measured-table"))

    labs = [path for path in pages if "lab" in path.strip("/").split("/")[-1]]
    return labs[0] if labs else max(pages[1:], key=measured) if len(pages) > 1 else pages[0]


def static_checks(site: Path) -> None:
    """Print the counts of dead links, loads from other hosts, accessibility problems and external links."""
    dead, outside, accessibility = find_dead_links(site), outside_loads(site), find_accessibility_problems(site)
    links = external_links(site)
    print(
        f"\nStatic checks: {len(dead)} dead links, {len(outside)} resources from other hosts, "
        f"{len(accessibility)} accessibility problems, {len(links)} external links (listed, not fetched)"
    )
    for problem in dead + outside + accessibility:
        print(f"  {problem}")


def weights(base: str, pages: list[str], chromium: str) -> bool:
    """Print what a first visit to each page transfers against its budget; True if every page is within it."""
    print(f"\nPage weight, first visit with an empty cache ({len(pages)} pages in the nav):")
    print(f"  {'page':<22}{'requests':>9}{'uncompressed':>15}{'gzipped':>12}{'budget':>10}")
    within = True
    with browser.launch(chromium) as chrome:
        for path in pages:
            context, _, seen = browser.open_page(chrome, base, path)
            raw, compressed = seen.weight()
            budget = browser.budget(path)
            verdict = "ok" if compressed <= budget else "OVER BUDGET"
            within &= compressed <= budget
            print(
                f"  {path:<22}{len(seen.uncompressed):>9}{raw / 1000:>12.0f} kB{compressed / 1000:>9.0f} kB"
                f"{budget / 1_000_000:>8.0f} MB  {verdict}"
            )
            for url in seen.foreign:
                print(f"      blocked a request to another host: {url}")
            for error in seen.errors:
                print(f"      console error: {error}")
            context.close()
    return within


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m measured.audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="report on this built site instead of building one")
    parser.add_argument("--no-strict", action="store_true", help="build without --strict, as `make serve` does")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--page", help="the second page for Lighthouse (default: the one with most measured content)")
    options = parser.parse_args()

    site = options.site.resolve() if options.site else build(strict=not options.no_strict)
    if site is None:
        return 1
    pages = nav_pages(site)
    static_checks(site)

    chromium = browser.find_chromium()
    if chromium is None:
        print("\nPage weights and Lighthouse need Chromium, and there is none on PATH: sudo apt-get install chromium")
        return 1
    with serving(site, compress=True) as base:  # text gzipped, as GitHub Pages sends it
        within = weights(base, pages, chromium)
        if options.no_lighthouse:
            print("\nLighthouse: not run (--no-lighthouse)")
        else:
            lighthouse.report(base, ["/", options.page or lab_page(site, pages)], chromium)
    if options.site is None:
        shutil.rmtree(site, ignore_errors=True)
    print("\nEvery page is within its budget." if within else "\nSome pages are over budget.")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
