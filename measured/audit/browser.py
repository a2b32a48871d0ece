"""The built site in headless Chromium: what a first visit loads, and the checks that need rendering.

:func:`open_page` opens a page in a fresh context (an empty cache, as a first visit) and
records what it did (:class:`Watch`): console errors, failed requests, requests to another
host (blocked, never sent) and the bytes transferred. The checks each return one message
per problem, naming the page: load problems, code blocks without a copy button, images and
charts without alt text or size, text below WCAG AA contrast, a dark scheme that does not
switch, a page over its weight budget. The JavaScript they run in the page lives beside
this module in ``js/``. Playwright is imported only when a browser is launched.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from measured.audit.contrast import contrast_ratio
from measured.audit.serve import compressible

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

SCRIPTS = Path(__file__).resolve().parent / "js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
LANDING_BUDGET, PAGE_BUDGET = 1_000_000, 2_000_000  # bytes transferred on a first visit
PALETTE_LABEL = "() => document.querySelector('form[data-md-component=palette] label:not([hidden])').htmlFor"


def find_chromium() -> str | None:
    """The Chromium to drive: $CHROMIUM if it names one, else `chromium` or `chromium-browser` on PATH."""
    named = os.environ.get("CHROMIUM")
    return (named and shutil.which(named)) or shutil.which("chromium") or shutil.which("chromium-browser")


@functools.cache
def script(name: str) -> str:
    """The JavaScript function in ``js/<name>.js``, as text for ``page.evaluate``."""
    return (SCRIPTS / f"{name}.js").read_text(encoding="utf-8")


@contextlib.contextmanager
def launch(chromium: str) -> Iterator[Browser]:
    """Headless Chromium, driven by Playwright, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


# Watching what a page does


@dataclass
class Watch:
    """What a page did while it loaded: errors, failed and foreign requests, bytes transferred."""

    base: str
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    uncompressed: dict[str, int] = field(default_factory=dict)  # headers and body, per URL
    compressed: dict[str, int] = field(default_factory=dict)  # the same with text gzipped, as hosts send it

    def weight(self) -> tuple[int, int]:
        """(bytes uncompressed, bytes a reader downloads from a host that gzips text, as GitHub Pages does)."""
        return sum(self.uncompressed.values()), sum(self.compressed.values())

    def local(self, url: str) -> bool:
        """Whether a URL is served by the site itself (or by the page, as data: and blob: are)."""
        return url.startswith((self.base + "/", "data:", "blob:"))


def watch(context: BrowserContext, page: Page, base: str) -> Watch:
    """Record a page's console errors and requests; requests to another host are blocked, never sent."""
    seen = Watch(base)

    def block(route):
        seen.foreign.append(route.request.url)
        route.abort("blockedbyclient")

    def finished(request):
        response = request.response()
        if response is None:
            return
        headers, body = request.sizes()["responseHeadersSize"], response.body() if response.status == 200 else b""
        seen.uncompressed[request.url] = headers + len(body)
        if compressible(response.headers.get("content-type", "").split(";")[0]):
            body = gzip.compress(body, compresslevel=6, mtime=0)
        seen.compressed[request.url] = headers + len(body)

    def console(message):  # a failed load is reported from the network events, with its URL
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            seen.errors.append(message.text)

    def answered(response):
        if response.status >= 400:
            seen.failed.append(f"{response.url} answered {response.status}")

    def failed(request):
        if seen.local(request.url) and not any(line.startswith(f"{request.url} answered") for line in seen.failed):
            seen.failed.append(f"{request.url} ({request.failure})")

    context.route(lambda url: not seen.local(url), block)
    page.on("console", console)
    page.on("pageerror", lambda error: seen.errors.append(f"uncaught {error.name}: {error.message}"))
    page.on("response", answered)
    page.on("requestfailed", failed)
    page.on("requestfinished", finished)
    return seen


def mark_nav_link(page: Page, path: str) -> bool:
    """Mark the visible link to ``path`` in the primary nav with ``data-test-target``; whether there is one."""
    return page.evaluate(script("mark_nav_link"), path)


def open_page(browser: Browser, base: str, path: str) -> tuple[BrowserContext, Page, Watch]:
    """A fresh context (empty cache, light system scheme) showing one page, loaded until the network is idle."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    page = context.new_page()
    seen = watch(context, page, base)
    page.goto(base + path, wait_until="networkidle")
    return context, page, seen


# The checks: each returns one message per problem, naming the page


def load_problems(name: str, seen: Watch) -> list[str]:
    """Console errors, failed requests and requests to another host while the page loaded."""
    problems = [f"{name}: console error: {text}" for text in seen.errors]
    problems += [f"{name}: failed request: {failure}" for failure in seen.failed]
    problems += [f"{name}: request to another host: {url}" for url in seen.foreign]
    return problems


BUTTONS_WAIT = 10_000  # ms to wait for Material's copy buttons


def copy_button_problems(name: str, page: Page) -> list[str]:
    """Every code block in the content (listings and measured outputs) has Material's copy button.

    A mermaid block is a diagram's source, drawn in its place, so it is not a code block.
    Material adds a block's button when the block first comes into view (the site turns on
    its ``content.lazy``, which spares a long page that work at load): the check brings each
    block into view, its details opened and its tab selected, as a reader would, then waits
    for the buttons (up to ``BUTTONS_WAIT`` ms) before it counts what is missing."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate(script("reveal_code"))
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(f"() => ({script('copy_buttons')})().length === 0", timeout=BUTTONS_WAIT)
    missing = page.evaluate(script("copy_buttons"))
    return [f"{name}: code block {number} ({first!r}) has no copy button" for number, first in missing]


def media_problems(name: str, page: Page) -> list[str]:
    """Every image and inline SVG chart in the content is rendered at a non-zero size and has alt text."""
    problems = []
    for item in page.evaluate(script("media")):
        what = f"image {item['src'][:50]!r}" if item["tag"] == "img" else ("chart" if item["chart"] else "inline SVG")
        if item["figure"] and not item["label"].strip():
            what += f" (figure {' '.join(item['figure'].split())[:60]!r})"
        if item["label"].strip():
            what += f" {item['label'].strip()[:60]!r}"
        else:
            problems.append(f"{name}: {what} has no alt text")
        if not (item["width"] and item["height"]):
            problems.append(f"{name}: {what} is rendered at {item['width']}×{item['height']} px")
        if item["broken"]:
            problems.append(f"{name}: {what} did not load")
    return problems


# Folded text is checked too, shown as a reader who opens it sees it: every <details> is
# opened, and its colours are read once their transitions have run (in a closed one,
# Chromium leaves a link's colour transition pending, the light scheme's after a switch).
UNFOLD = """async () => {
  document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; });
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  // each opening's transition jumps to its end, as a reader sees it once it has played: one in
  // content a browser skips drawing (off screen, content-visibility: auto) would never finish
  document.getAnimations().forEach(a => { try { a.finish(); } catch (infinite) { a.cancel(); } });
}"""


def contrast_problems(name: str, page: Page, scheme: str) -> tuple[list[str], float]:
    """Text in the content (prose, captions, labels, claims, charts' labels) reaches WCAG AA: 4.5:1, 3:1 if large.

    Folded text (in a closed <details>) is unfolded first and checked as a reader who opens it sees it.
    Returns the problems (one per kind of element and colour pair) and the body text's ratio.
    Syntax-highlighted code is Material's palette and not checked here.
    """
    problems, reported, body = [], set(), 0.0
    page.evaluate(UNFOLD)
    for sample in page.evaluate(script("text")):
        try:
            ratio = contrast_ratio(sample["color"], sample["backgrounds"])
        except ValueError as error:
            problems.append(f"{name} ({scheme}): {sample['what']}: {error}")
            continue
        if sample["what"] == "body text":
            body = ratio
        large = sample["size"] >= 24 or (sample["size"] >= 18.66 and sample["weight"] >= 700)
        needed = 3.0 if large else 4.5  # chart ink is the colour of the chart's labels: text, held to 4.5
        key = (sample["color"], tuple(sample["backgrounds"]), needed)  # each failing colour pair once
        if ratio < needed and key not in reported:
            reported.add(key)
            on = sample["backgrounds"][0] if sample["backgrounds"] else "the white canvas"
            problems.append(
                f"{name} ({scheme}): {sample['what']} {sample['text']!r} has contrast {ratio:.2f}:1 "
                f"({sample['color']} on {on}), needs {needed}:1"
            )
    return problems, body


def scheme(page: Page) -> str | None:
    """Material's colour scheme on the page: 'default' (light) or 'slate' (dark)."""
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def switch_to_dark(name: str, page: Page) -> list[str]:
    """Click the palette toggle in the header until the dark scheme (slate) is on."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    toggles = page.locator("form[data-md-component=palette] label:not([hidden])")
    if toggles.count() == 0:
        return [f"{name}: no light/dark toggle in the header"]
    before = scheme(page)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for _ in range(page.locator("input[name=__palette]").count()):
        previous = page.evaluate(PALETTE_LABEL)
        toggles.first.click()  # Material then sets the scheme and shows the label of the next palette
        try:
            page.wait_for_function(f"previous => ({PALETTE_LABEL})() !== previous", arg=previous, timeout=3000)
        except PlaywrightTimeout:
            title = page.locator(f"label[for={previous}]").get_attribute("title")
            return [f"{name}: the light/dark toggle did not respond to a click on {title!r} (scheme {scheme(page)!r})"]
        if scheme(page) == "slate":
            if page.evaluate("getComputedStyle(document.body).backgroundColor") == background:
                return [f"{name}: the toggle set the dark scheme but the background stayed {background}"]
            return []
    return [f"{name}: the light/dark toggle never switched the scheme from {before!r} to 'slate'"]


def budget(path: str) -> int:
    """The bytes a first visit to a page may transfer: the landing page gets less."""
    return LANDING_BUDGET if path == "/" else PAGE_BUDGET


def weight_problems(name: str, transferred: int, budget: int) -> list[str]:
    """A first visit (empty cache) downloads at most ``budget`` bytes, text gzipped as any static host sends it."""
    if transferred <= budget:
        return []
    return [f"{name}: {transferred:,} bytes transferred on a first visit, over its budget of {budget:,}"]
