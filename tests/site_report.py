"""Page weight and Lighthouse report for the built site: `.venv/bin/python tests/site_report.py`.

Builds the site strictly into a temporary folder (the measured results come from the
cache, so this takes seconds once the cache is warm), serves it on 127.0.0.1 with text
gzipped as GitHub Pages sends it, opens
every page of the nav in headless Chromium with an empty cache and prints what a first
visit transfers against the budgets: the landing page at most 1 MB, any page at most
2 MB, counting text gzipped as any static host (GitHub Pages included) sends it. Then,
when Lighthouse runs here (npm's `lighthouse`, through npx, against the same Chromium),
its performance and accessibility scores for the landing page and the lab page (or, until
there is one, the page with the most measured content); when it does not, the reason.

Exit status: 0 when every page is within budget, 1 otherwise (or when the build fails).

Options: --site DIR reports on a site already built; --no-strict builds like `make serve`
(pages with problems show error boxes instead of failing the build); --no-lighthouse.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from conftest import ENV, MKDOCS, problems, serving  # noqa: E402
from test_accessibility import find_accessibility_problems  # noqa: E402
from test_links import external_links, find_dead_links, nav_pages, outside_loads, resolve, soup  # noqa: E402

LIGHTHOUSE = "lighthouse@12.8.2"  # the newest that runs on Node 18 to 21; Lighthouse 13 needs Node 22.19
TARGET = 95


def build(strict: bool) -> Path | None:
    out = Path(tempfile.mkdtemp(prefix="gil-site-"))
    command = [*MKDOCS, "--strict" if strict else "--no-strict", "--site-dir", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"The {'strict ' if strict else ''}build failed:\n{problems(done.stderr)}")
        print("(--no-strict reports on the site as `make serve` shows it)")
        return None
    print(f"Built the site {'strictly ' if strict else ''}in {time.perf_counter() - started:.1f} s into {out}")
    return out


def lab_page(site: Path, pages: list[str]) -> str:
    """The lab page (a nav page named lab) if there is one, else the one with the most measured content."""

    def measured(path: str) -> int:
        return len(soup(resolve(site, path)).select(".measured-output, svg.measured-chart, .measured-table"))

    labs = [path for path in pages if "lab" in path.strip("/").split("/")[-1]]
    return labs[0] if labs else max(pages[1:], key=measured) if len(pages) > 1 else pages[0]


def weights(site: Path, base: str, pages: list[str]) -> bool:
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, FLAGS, LANDING_BUDGET, PAGE_BUDGET, open_page

    print(f"\nPage weight, first visit with an empty cache ({len(pages)} pages in the nav):")
    print(f"  {'page':<22}{'requests':>9}{'uncompressed':>15}{'gzipped':>12}{'budget':>10}")
    within = True
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for path in pages:
            context, _, seen = open_page(browser, base, path)
            raw, compressed = seen.weight()
            budget = LANDING_BUDGET if path == "/" else PAGE_BUDGET
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
        browser.close()
    return within


def lighthouse(base: str, pages: list[str], chromium: str) -> None:
    print(f"\nLighthouse ({LIGHTHOUSE}, targets ≥ {TARGET}):")
    npx = shutil.which("npx")
    if npx is None:
        print("  not run: no npx here (Lighthouse comes from npm: install Node.js and npm)")
        return
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    if node and int(node.lstrip("v").split(".")[0]) < 18:
        print(f"  not run: Node {node} is too old for {LIGHTHOUSE} (needs 18.16 or later)")
        return
    flags = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
    for path in pages:
        for preset in ("mobile", "desktop"):
            with tempfile.TemporaryDirectory() as scratch:
                report = Path(scratch) / "report.json"
                command = [npx, "--yes", LIGHTHOUSE, base + path, "--quiet", "--output=json"]
                command += [f"--output-path={report}", "--only-categories=performance,accessibility"]
                command += [f"--chrome-flags={flags} --no-first-run", "--blocked-url-patterns=https://*"]
                command += ["--preset=desktop"] if preset == "desktop" else []
                env = {**os.environ, "CHROME_PATH": chromium}
                try:
                    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
                except subprocess.TimeoutExpired:
                    print(f"  {path} ({preset}): not run: Lighthouse took more than 300 s")
                    continue
                if done.returncode != 0 or not report.exists():
                    lines = [line for line in done.stderr.splitlines() if "npm warn" not in line][-6:]
                    print(f"  {path} ({preset}): not run: exit status {done.returncode}:", *lines, sep="\n      ")
                    continue
                result = json.loads(report.read_text())
            summarize(path, preset, result)


def summarize(path: str, preset: str, result: dict) -> None:
    if result.get("runtimeError"):
        print(f"  {path} ({preset}): Lighthouse could not load the page: {result['runtimeError'].get('message')}")
        return
    scores = {key: round(100 * (category["score"] or 0)) for key, category in result["categories"].items()}
    verdict = "meets the targets" if min(scores.values()) >= TARGET else "below target"
    print(
        f"  {path} ({preset}): performance {scores['performance']}, accessibility {scores['accessibility']}: {verdict}"
    )
    for category in result["categories"].values():
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 0.9:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                items = (audit.get("details") or {}).get("items") or []
                where = "; ".join(
                    str(item.get("node", {}).get("snippet", ""))[:70] for item in items[:2] if "node" in item
                )
                print(f"      {category['id']}: {audit['title']}{value}{': ' + where if where else ''}")


def static_checks(site: Path) -> None:
    dead, outside, accessibility = find_dead_links(site), outside_loads(site), find_accessibility_problems(site)
    links = external_links(site)
    print(
        f"\nStatic checks: {len(dead)} dead links, {len(outside)} resources from other hosts, "
        f"{len(accessibility)} accessibility problems, {len(links)} external links (listed, not fetched)"
    )
    for problem in dead + outside + accessibility:
        print(f"  {problem}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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

    named = os.environ.get("CHROMIUM")
    chromium = (named and shutil.which(named)) or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("\nPage weights and Lighthouse need Chromium, and there is none on PATH: sudo apt-get install chromium")
        return 1
    with serving(site, compress=True) as base:  # text gzipped, as GitHub Pages sends it
        within = weights(site, base, pages)
        if options.no_lighthouse:
            print("\nLighthouse: not run (--no-lighthouse)")
        else:
            lighthouse(base, ["/", options.page or lab_page(site, pages)], chromium)
    if options.site is None:
        shutil.rmtree(site, ignore_errors=True)
    print("\nEvery page is within its budget." if within else "\nSome pages are over budget.")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
