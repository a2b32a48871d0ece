"""The built site as a reader meets it, in headless Chromium (Debian's, via Playwright).

Every page in the nav is opened in a fresh browser context (an empty cache, as a first
visit) and checked: no console errors, failed requests or requests to another host, a
copy button on every code block, images and charts rendered with alt text, readable
text in the light and the dark scheme, a page weight within budget; a full-page
screenshot of each scheme goes to tests/screenshots/. Then instant navigation and search.

The checks are plain functions that return one message per problem, naming the page;
the last tests run them on a deliberately broken page to prove that each can fail.

Without a `chromium` on PATH (or $CHROMIUM naming a Chrome) these tests are skipped with
a note on how to enable them, except in CI (CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import COMPRESSIBLE, serving
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_links import nav_pages, resolve, site_url, sitemap_paths, soup

CHROMIUM = (os.environ.get("CHROMIUM") and shutil.which(os.environ["CHROMIUM"])) or (
    shutil.which("chromium") or shutil.which("chromium-browser")
)
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
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
SEARCH_TERMS = ["forkserver", "switch interval"]  # issue 6: search must find the pages that explain them
MEASURED = {"outputs": ".measured-output", "charts": "svg.measured-chart", "claims": ".measured-claim"}

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("CI needs chromium for the browser tests: .ci/run installs it with apt-get", pytrace=False)
    pytest.skip(
        "browser tests skipped: no chromium on PATH (sudo apt-get install chromium, or set CHROMIUM to a Chrome"
        " binary, then make test)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.browser


# Serving a folder and watching what a page does


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
        return url.startswith((self.base + "/", "data:", "blob:"))


def watch(context, page, base: str) -> Watch:
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
        kind = response.headers.get("content-type", "").split(";")[0]
        seen.uncompressed[request.url] = headers + len(body)
        if kind.startswith("text/") or kind in COMPRESSIBLE:
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


def open_page(browser, base: str, path: str):
    """A fresh context (empty cache, light system scheme) showing one page, loaded until the network is idle."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    page = context.new_page()
    seen = watch(context, page, base)
    page.goto(base + path, wait_until="networkidle")
    return context, page, seen


# The checks: each returns one message per problem, naming the page


def load_problems(name: str, seen: Watch) -> list[str]:
    problems = [f"{name}: console error: {text}" for text in seen.errors]
    problems += [f"{name}: failed request: {failure}" for failure in seen.failed]
    problems += [f"{name}: request to another host: {url}" for url in seen.foreign]
    return problems


def copy_button_problems(name: str, page) -> list[str]:
    """Every code block in the content (listings and measured outputs) has Material's copy button.

    A mermaid block is a diagram's source, drawn in its place, so it is not a code block."""
    missing = page.evaluate(
        """() => [...document.querySelectorAll('article pre:not(.mermaid) > code')].flatMap((code, i) =>
            code.parentElement.querySelector('button[data-clipboard-target], button.md-clipboard') ? []
            : [[i + 1, code.textContent.trim().split('\\n')[0].slice(0, 50)]])"""
    )
    return [f"{name}: code block {number} ({first!r}) has no copy button" for number, first in missing]


MEDIA_JS = """() => {
  const shown = el => { const r = el.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; };
  const reveal = el => {  // a chart in a closed <details> or an inactive tab is sized once it is shown
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (up.tagName === 'DETAILS') up.open = true;
      if (up.classList.contains('tabbed-block')) {
        const index = [...up.parentElement.children].indexOf(up);
        const input = up.closest('.tabbed-set').querySelectorAll(':scope > input')[index];
        if (input) input.checked = true;
      }
    }
  };
  const svgs = [...document.querySelectorAll('article svg')].filter(s => !s.parentElement.closest('svg'));
  return [...document.querySelectorAll('article img'), ...svgs]
    .filter(el => el.getAttribute('aria-hidden') !== 'true'
                  && !['presentation', 'none'].includes(el.getAttribute('role')))
    .map(el => {
      let size = shown(el);
      if (!size[0] || !size[1]) { reveal(el); size = shown(el); }
      const title = el.tagName === 'svg' ? el.querySelector(':scope > title') : null;
      const labelledby = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
        .map(id => document.getElementById(id)).filter(Boolean).map(n => n.textContent).join(' ');
      return {
        tag: el.tagName.toLowerCase(),
        chart: el.classList.contains('measured-chart'),
        src: el.getAttribute('src') || '',
        label: (el.tagName === 'IMG' ? el.getAttribute('alt') : el.getAttribute('aria-label') || labelledby
                || (title && title.textContent) || '') || '',
        width: size[0], height: size[1],
        broken: el.tagName === 'IMG' && (!el.complete || el.naturalWidth === 0),
        figure: ((el.closest('figure') || {querySelector: () => null}).querySelector('figcaption') || {}).textContent,
      };
    });
}"""


def media_problems(name: str, page) -> list[str]:
    """Every image and inline SVG chart in the content is rendered at a non-zero size and has alt text."""
    problems = []
    for item in page.evaluate(MEDIA_JS):
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


def parse_colour(css: str) -> tuple[float, float, float, float]:
    """A computed CSS colour as (r, g, b, alpha) with r, g, b in 0–255."""
    if match := re.fullmatch(r"rgba?\(([^)]*)\)", css.strip()):
        parts = [float(p) for p in re.split(r"[\s,/]+", match[1].strip())]
        return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)
    if match := re.fullmatch(r"color\(srgb ([^)]*)\)", css.strip()):
        parts = [float(p) for p in re.split(r"[\s/]+", match[1].strip())]
        return (*(255 * p for p in parts[:3]), parts[3] if len(parts) > 3 else 1.0)
    raise ValueError(f"cannot read the colour {css!r}")


def over(top, bottom):
    """``top`` composited over an opaque ``bottom``."""
    alpha = top[3]
    return (*(t * alpha + b * (1 - alpha) for t, b in zip(top[:3], bottom[:3], strict=True)), 1.0)


def luminance(colour) -> float:
    def linear(channel: float) -> float:
        channel /= 255
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, backgrounds: list[str]) -> float:
    """WCAG contrast of text over its stack of backgrounds (innermost first, on a white canvas)."""
    background = (255.0, 255.0, 255.0, 1.0)
    for layer in reversed(backgrounds):
        background = over(parse_colour(layer), background)
    light, dark = sorted((luminance(over(parse_colour(foreground), background)), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


TEXT_JS = """() => {
  const stack = el => {
    const layers = [];
    for (let up = el; up; up = up.parentElement) {
      const bg = getComputedStyle(up).backgroundColor;
      if (!/^rgba\\(.*,\\s*0\\)$/.test(bg) && bg !== 'transparent') layers.push(bg);
      if (/^rgb\\(/.test(bg)) break;  // opaque: nothing below shows through
    }
    return layers;
  };
  const seen = el => {
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    if (style.visibility !== 'visible' || !box.width || !box.height) return false;
    for (let up = el; up; up = up.parentElement) if (getComputedStyle(up).opacity === '0') return false;
    return true;
  };
  const describe = el => el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('');
  const article = document.querySelector('article');
  if (!article) return [];
  const samples = [{what: 'body text', text: (article.querySelector('p') || article).textContent.trim().slice(0, 40),
                    color: getComputedStyle(article.querySelector('p') || article).color,
                    backgrounds: stack(article.querySelector('p') || article), size: 16, weight: 400}];
  for (const el of article.querySelectorAll('*')) {
    if (el.closest('pre, svg') && !el.matches('svg.measured-chart')) continue;
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!own && !el.matches('svg.measured-chart')) continue;
    if (!seen(el)) continue;
    const style = getComputedStyle(el);
    samples.push({what: el.matches('svg') ? 'chart ink' : describe(el),
                  text: own ? own.slice(0, 40) : (el.getAttribute('aria-label') || '').slice(0, 40),
                  color: style.color, backgrounds: stack(el),
                  size: parseFloat(style.fontSize), weight: parseInt(style.fontWeight) || 400});
  }
  return samples;
}"""


def contrast_problems(name: str, page, scheme: str) -> tuple[list[str], float]:
    """Text in the content (prose, captions, labels, claims, charts' labels) reaches WCAG AA: 4.5:1, 3:1 if large.

    Returns the problems (one per kind of element and colour pair) and the body text's ratio.
    Syntax-highlighted code is Material's palette and not checked here.
    """
    problems, reported, body = [], set(), 0.0
    for sample in page.evaluate(TEXT_JS):
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


def scheme(page) -> str | None:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def switch_to_dark(name: str, page) -> list[str]:
    """Click the palette toggle in the header until the dark scheme (slate) is on."""
    toggles = page.locator("form[data-md-component=palette] label:not([hidden])")
    if toggles.count() == 0:
        return [f"{name}: no light/dark toggle in the header"]
    before = scheme(page)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    shown = "() => document.querySelector('form[data-md-component=palette] label:not([hidden])').htmlFor"
    for _ in range(page.locator("input[name=__palette]").count()):
        previous = page.evaluate(shown)
        toggles.first.click()  # Material then sets the scheme and shows the label of the next palette
        try:
            page.wait_for_function(f"previous => ({shown})() !== previous", arg=previous, timeout=3000)
        except PlaywrightTimeout:
            title = page.locator(f"label[for={previous}]").get_attribute("title")
            return [f"{name}: the light/dark toggle did not respond to a click on {title!r} (scheme {scheme(page)!r})"]
        if scheme(page) == "slate":
            if page.evaluate("getComputedStyle(document.body).backgroundColor") == background:
                return [f"{name}: the toggle set the dark scheme but the background stayed {background}"]
            return []
    return [f"{name}: the light/dark toggle never switched the scheme from {before!r} to 'slate'"]


def weight_problems(name: str, transferred: int, budget: int) -> list[str]:
    """A first visit (empty cache) downloads at most ``budget`` bytes, text gzipped as any static host sends it."""
    if transferred <= budget:
        return []
    return [f"{name}: {transferred:,} bytes transferred on a first visit, over its budget of {budget:,}"]


def screenshot_name(path: str, theme: str) -> str:
    return f"{path.strip('/').replace('/', '-') or 'index'}-{theme}.png"


def static_facts(site: Path, path: str) -> dict:
    """What the built HTML of a page says it shows: its h1, title and measured content."""
    parsed = soup(resolve(site, path))
    facts = {key: len(parsed.select(selector)) for key, selector in MEASURED.items()}
    first = parsed.select_one(".measured-output")
    facts["first output"] = " ".join(first.get_text().split()) if first else None
    facts["h1"] = parsed.find("h1").get_text().replace("¶", "").strip()
    facts["title"] = parsed.title.get_text().strip()
    return facts


def shown_facts(page) -> dict:
    facts = {key: page.locator(selector).count() for key, selector in MEASURED.items()}
    outputs = page.locator(".measured-output")
    facts["first output"] = " ".join(outputs.first.text_content().split()) if outputs.count() else None
    facts["h1"] = page.locator("article h1").first.text_content().replace("¶", "").strip()
    facts["title"] = page.title()
    return facts


def search_pages(site: Path, term: str) -> list[str]:
    """Pages whose text in the built search index contains ``term`` (a word or a phrase)."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = []
    for doc in index["docs"]:
        words = " ".join(re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}").lower().split())
        page = "/" + doc["location"].split("#")[0]
        if term.lower() in words and page not in found:
            found.append(page)
    return found


# The browser


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, served):
    """A fresh page that records console errors, failed requests and any request to another host."""
    context = browser.new_context(viewport=VIEWPORT)
    opened = context.new_page()
    opened.seen = watch(context, opened, served)
    yield opened
    context.close()


def test_the_tour_shows_source_output_timings_and_machine(page, served):
    page.goto(f"{served}/tour/")
    outputs = page.locator(".measured-output")
    assert outputs.count() == 5
    assert "download 1 started" in outputs.nth(1).inner_text()
    caption = page.locator(".measured-run .measured-caption").first.inner_text()
    assert "CPython" in caption and "usable cores" in caption and "median of" in caption
    assert page.locator(".measured-claim--pass").count() == 3
    assert page.locator("pre code").first.is_visible()  # the included source
    assert page.locator("pre button[data-clipboard-target]").count() >= 5  # copy buttons on code blocks
    page.emulate_media(color_scheme="dark")  # the default palette follows the system's preference
    page.reload()
    assert scheme(page) == "slate"
    assert load_problems("/tour/", page.seen) == []


def test_every_page_in_the_nav_loads_clean_and_reads_well_in_light_and_dark(browser, served, site):
    pages = nav_pages(site)
    SCREENSHOTS.mkdir(exist_ok=True)
    for stale in SCREENSHOTS.glob("*.png"):  # the folder shows the current nav only
        stale.unlink()
    problems, rows = [], []
    for path in pages:
        context, page, seen = open_page(browser, served, path)
        try:
            problems += load_problems(path, seen)
            problems += copy_button_problems(path, page)
            light, body_light = contrast_problems(path, page, "light")
            page.screenshot(path=str(SCREENSHOTS / screenshot_name(path, "light")), full_page=True)
            problems += light + switch_to_dark(path, page)
            dark, body_dark = contrast_problems(path, page, "dark")
            page.screenshot(path=str(SCREENSHOTS / screenshot_name(path, "dark")), full_page=True)
            problems += dark + media_problems(path, page)
            raw, compressed = seen.weight()
            problems += weight_problems(path, compressed, LANDING_BUDGET if path == "/" else PAGE_BUDGET)
            rows.append(
                f"  {path:<20} {compressed / 1000:>6.0f} kB gzipped ({raw / 1000:.0f} kB uncompressed)"
                f"   body text contrast {body_light:.1f}:1 light, {body_dark:.1f}:1 dark"
            )
        finally:
            context.close()
    print(f"\n{len(pages)} pages, screenshots in {SCREENSHOTS}:\n" + "\n".join(rows))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_instant_navigation_between_two_pages_keeps_the_content_correct(browser, served, site):
    root = site_url(site)
    assert root and sitemap_paths(site), (
        "sitemap.xml lists no pages because site_url is not set in mkdocs.yml: Material's instant navigation "
        "only intercepts links to pages listed in the sitemap, so every click reloads the whole page"
    )
    pages = nav_pages(site)
    assert len(pages) > 1, f"the nav has only {pages}: no second page to navigate to"
    target = max(pages[1:], key=lambda path: static_facts(site, path)["outputs"])
    expected, landing = static_facts(site, target), static_facts(site, "/")
    context = browser.new_context(viewport=VIEWPORT)

    def local_sitemap(route):  # the sitemap names the published host; the reader here is on 127.0.0.1
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(root, served + "/"))

    context.route(f"{served}/sitemap.xml", local_sitemap)
    page = context.new_page()
    seen = watch(context, page, served)
    try:
        page.goto(served + "/", wait_until="networkidle")
        page.evaluate("window.measuredNoReload = true")
        found = page.evaluate(
            """target => { const link = [...document.querySelectorAll('nav.md-nav--primary a.md-nav__link')]
                .find(a => new URL(a.href).pathname === target && a.offsetParent !== null);
              if (link) link.setAttribute('data-test-target', ''); return Boolean(link); }""",
            target,
        )
        assert found, f"no visible link to {target} in the nav of the landing page"
        page.click("[data-test-target]")
        page.wait_for_url(served + target)
        page.wait_for_function(
            "h1 => document.querySelector('article h1').textContent.includes(h1)", arg=expected["h1"]
        )
        assert page.evaluate("window.measuredNoReload") is True, f"clicking {target} in the nav reloaded the page"
        assert shown_facts(page) == expected
        assert copy_button_problems(target, page) == []
        page.go_back()
        page.wait_for_url(served + "/")
        page.wait_for_function("h1 => document.querySelector('article h1').textContent.includes(h1)", arg=landing["h1"])
        assert shown_facts(page) == landing
        assert load_problems(target, seen) == []
    finally:
        context.close()


@pytest.mark.parametrize("term", SEARCH_TERMS)
def test_search_lists_the_pages_that_explain(term, page, served, site):
    expected = search_pages(site, term)
    assert expected, (
        f"no page contains {term!r} in search/search_index.json: the page that explains it is not written yet"
    )
    page.goto(served + "/", wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type(term)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    shown, deadline = None, time.monotonic() + 5
    while time.monotonic() < deadline:  # results update as the worker answers: wait until they settle
        now = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
        if now == shown:
            break
        shown = now
        page.wait_for_timeout(300)
    listed = list(dict.fromkeys(urlsplit(url).path for url in shown))
    assert set(listed) & set(expected), (
        f"searching {term!r} listed {listed or 'nothing'}, none of the pages that contain it: {expected}"
    )
    assert load_problems("/ (search)", page.seen) == []


# Each check fails on a deliberately broken page, naming the page and the problem

BROKEN = """<!doctype html><html lang="en"><head><title>Broken</title><script src="gone.js"></script></head>
<body style="background: #fff"><article>
<h1>Broken</h1>
<p style="color: #aaa">Faint prose</p>
<pre><code>print("no copy button")</code></pre>
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" width="20" height="20">
<svg class="measured-chart" role="img" width="100" height="50"><rect width="100" height="50"/></svg>
<svg class="measured-chart" role="img" aria-label="Empty chart" width="0" height="0"></svg>
<img src="https://example.invalid/tracker.png" alt="tracker">
<script>console.error("deliberately broken")</script>
</article></body></html>"""


@pytest.fixture(scope="module")
def broken(browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    (folder / "broken").mkdir()
    (folder / "broken" / "index.html").write_text(BROKEN)
    with serving(folder) as base:
        context, page, seen = open_page(browser, base, "/broken/")
        yield base, page, seen
        context.close()


def test_a_console_error_a_missing_file_and_an_outside_request_are_reported(broken):
    base, _, seen = broken
    assert load_problems("/broken/", seen) == [
        "/broken/: console error: deliberately broken",
        f"/broken/: failed request: {base}/broken/gone.js answered 404",
        "/broken/: request to another host: https://example.invalid/tracker.png",
    ]


def test_charts_and_images_without_alt_text_or_size_and_code_without_copy_button_are_reported(broken):
    _, page, _ = broken
    assert media_problems("/broken/", page) == [
        "/broken/: image 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5' has no alt text",
        "/broken/: image 'https://example.invalid/tracker.png' 'tracker' did not load",
        "/broken/: chart has no alt text",
        "/broken/: chart 'Empty chart' is rendered at 0×0 px",
    ]
    assert copy_button_problems("/broken/", page) == [
        "/broken/: code block 1 ('print(\"no copy button\")') has no copy button"
    ]


def test_faint_text_a_missing_toggle_and_an_overweight_page_are_reported(broken):
    _, page, _ = broken
    problems, body = contrast_problems("/broken/", page, "light")
    assert problems == [
        "/broken/ (light): body text 'Faint prose' has contrast 2.32:1 (rgb(170, 170, 170) on rgb(255, 255, 255)), "
        "needs 4.5:1"
    ]
    assert round(body, 2) == 2.32
    assert switch_to_dark("/broken/", page) == ["/broken/: no light/dark toggle in the header"]
    assert weight_problems("/", 1_200_000, LANDING_BUDGET) == [
        "/: 1,200,000 bytes transferred on a first visit, over its budget of 1,000,000"
    ]


def test_contrast_ratio_matches_wcag_reference_values():
    assert round(contrast_ratio("rgb(0, 0, 0)", ["rgb(255, 255, 255)"]), 1) == 21.0
    assert round(contrast_ratio("rgb(118, 118, 118)", []), 2) == 4.54  # #767676, the lightest AA grey on white
    assert round(contrast_ratio("rgba(0, 0, 0, 0.87)", ["rgb(255, 255, 255)"]), 1) == 16.1  # Material's body text
    assert contrast_ratio("rgb(255, 255, 255)", ["rgba(0, 0, 0, 0.5)", "rgb(255, 255, 255)"]) < 4.5
