"""The built site as a reader meets it, in headless Chromium (Debian's, via Playwright).

Without a `chromium` on PATH these tests are skipped with a note on how to enable
them, except in CI (CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("CI needs chromium for the browser tests: .ci/run installs it with apt-get", pytrace=False)
    pytest.skip(
        "browser tests skipped: no chromium on PATH (sudo apt-get install chromium, then make test)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, served):
    """A fresh page that records console errors and any request to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.errors, opened.foreign = [], []
    opened.on("console", lambda message: message.type == "error" and opened.errors.append(message.text))
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    local = (served, "data:", "blob:")
    opened.on("request", lambda request: request.url.startswith(local) or opened.foreign.append(request.url))
    yield opened
    context.close()


def test_the_tour_shows_source_output_timings_and_machine(page, served):
    page.goto(f"{served}/tour/")
    outputs = page.locator(".measured-output")
    assert outputs.count() == 6
    assert "download 1 started" in outputs.nth(1).inner_text()
    caption = page.locator(".measured-run .measured-caption").first.inner_text()
    assert "CPython" in caption and "usable cores" in caption and "median of" in caption
    assert page.locator(".measured-claim--pass").count() == 3
    assert page.locator("pre code").first.is_visible()  # the included source
    assert page.locator(".md-clipboard").count() >= 6  # copy buttons on code blocks
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "tour-light.png"), full_page=True)
    page.emulate_media(color_scheme="dark")
    page.reload()
    page.screenshot(path=str(SCREENSHOTS / "tour-dark.png"), full_page=True)
    assert page.errors == []
    assert page.foreign == []
