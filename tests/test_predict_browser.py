"""The workload calculator on choosing.md, in headless Chromium (Debian's, via Playwright): a reader
sets inputs with the mouse and the keyboard and reads what each model would take, which must be
what the Python model (measured/model.py) predicts from the costs the page carries; bad input says
what is wrong, beside the field and in place of the chart, never NaN or a blank.

Skipped without a `chromium` on PATH, as tests/test_browser.py is; it reads the built site
(MEASURED_SITE names one already built)."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from support import chromium_or_skip, navigable_context

from measured import model, render
from measured.audit.browser import VIEWPORT, contrast_problems, load_problems, scheme, watch

chromium_or_skip()

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # drives Chromium over the built site
PAGE = "/choosing/"
DESCRIBED = """input => input.getAttribute('aria-describedby').split(' ')
  .map(id => document.getElementById(id).textContent).join(' ')"""


@pytest.fixture
def calculator(browser, served):
    """The page at its calculator, in a fresh context, watched for errors and requests elsewhere."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.seen = watch(context, page, served)
    page.goto(served + PAGE)
    page.locator("#predictor").scroll_into_view_if_needed()
    page.wait_for_function("document.getElementById('predictor').predictor")  # its script, loaded as it neared
    yield page
    context.close()


def shown(page) -> str:
    return " ".join(page.eval_on_selector("#predictor-result", "element => element.textContent").split())


def expected(page, data: dict) -> str:
    """What the Python model predicts for the form's inputs on the chosen machine and interpreter, as text."""
    inputs = {field["name"]: float(page.input_value(f"#predictor-{field['name']}")) for field in data["fields"]}
    scaled = {field["name"]: inputs[field["name"]] * field["scale"] for field in data["fields"]}
    for name in model.WHOLE:
        scaled[name] = int(scaled[name])
    work = model.Workload.checked(**scaled)
    machine, interpreter = (int(part) for part in page.input_value("#predictor-on").split(":"))
    chosen = data["machines"][machine]
    entry = chosen["interpreters"][interpreter]
    on = f"{entry['label']}, {chosen['name']}"
    html = render.predicted(model.predict(work, entry), data["labels"], on, work.tasks, data["costs_at"])
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def test_the_calculator_predicts_what_the_python_model_does_for_every_preset_input_and_interpreter(calculator):
    page = calculator
    data = json.loads(page.get_attribute("#predictor", "data-costs"))
    assert page.locator(".measured-predicted__row").count() >= 4  # drawn: a bar per model predicted
    assert shown(page) == expected(page, data)  # the first preset, as the page was built and as the script drew it
    for preset in data["presets"][1:]:
        page.get_by_role("button", name=preset["name"]).click()
        assert page.get_by_role("button", name=preset["name"]).get_attribute("aria-pressed") == "true"
        assert shown(page) == expected(page, data)
    page.get_by_label("Tasks").fill("50")
    page.get_by_label("Waiting per task (ms)").fill("120")
    page.get_by_label("Data in and out per task (kB)").fill("300")
    assert shown(page) == expected(page, data)
    assert "50 tasks on " in shown(page)
    options = page.eval_on_selector_all("#predictor-on option", "options => options.map(o => o.value)")
    for value in options:  # every machine and interpreter of the build
        page.select_option("#predictor-on", value)
        machine = data["machines"][int(value.split(":")[0])]
        assert page.input_value("#predictor-cores") == str(machine["cores"])  # its cores
        assert shown(page) == expected(page, data)
    assert load_problems(PAGE, page.seen) == []
    links = set(page.eval_on_selector_all(".measured-predicted a", "links => links.map(a => a.href)"))
    for link in sorted(links):  # each cost a prediction rests on, on the page of costs
        page.goto(link)
        assert page.locator(f"#{link.split('#')[1]}").count() == 1, f"{link}: no row for that cost"
    assert len(links) >= 5


@pytest.mark.parametrize(
    ("field", "typed", "said"),
    [
        ("Tasks", "-3", "Tasks cannot be negative."),
        ("Tasks", "", "Tasks is empty: enter a number."),
        ("Tasks", "2.5", "Tasks must be a whole number."),
        ("Waiting per task (ms)", "1e99", "Waiting per task is too large: at most 86,400,000 ms."),
        ("Workers", "0", "Workers must be at least 1."),
    ],
)
def test_bad_input_says_what_is_wrong_beside_the_field_and_in_place_of_the_chart(calculator, field, typed, said):
    page = calculator
    box = page.get_by_label(field)
    box.fill(typed)
    error = page.locator(f"#{box.get_attribute('id')}-error")
    assert error.is_visible() and error.text_content() == said
    assert box.get_attribute("aria-invalid") == "true"
    assert said in box.evaluate(DESCRIBED)  # what a screen reader says with the field
    result = shown(page)
    assert result.startswith("No prediction yet.") and said in result
    assert page.locator("#predictor-result .measured-predicted").count() == 0
    assert "NaN" not in result and "undefined" not in result and "Infinity" not in result
    assert contrast_problems(PAGE, page, "light")[0] == []
    box.fill("8")  # fixed, the prediction is back
    assert not error.is_visible() and page.locator("#predictor-result .measured-predicted__row").count() >= 4


def test_the_calculator_works_from_the_keyboard(calculator):
    page = calculator
    data = json.loads(page.get_attribute("#predictor", "data-costs"))
    page.get_by_role("button", name=data["presets"][0]["name"]).focus()
    page.keyboard.press("Tab")  # to the next preset
    page.keyboard.press("Enter")
    assert page.get_by_role("button", name=data["presets"][1]["name"]).get_attribute("aria-pressed") == "true"
    page.get_by_label("Tasks").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("12")
    assert shown(page).startswith("12 tasks on ")
    assert shown(page) == expected(page, data)


def test_the_calculator_its_errors_and_its_chosen_preset_read_well_in_the_dark_scheme(calculator):
    page = calculator
    page.emulate_media(color_scheme="dark")  # the default palette follows the system's preference
    page.reload()
    assert scheme(page) == "slate"
    page.get_by_label("Workers").fill("-1")
    assert page.locator("#predictor-workers-error").is_visible()
    assert contrast_problems(PAGE, page, "dark")[0] == []


def test_the_calculator_works_after_instant_navigation_from_another_page(browser, served, site):
    """Material's instant navigation swaps the page's content in and runs its scripts again, copying
    their text alone: the calculator must start there too."""
    context = navigable_context(browser, served, site, VIEWPORT)
    page = context.new_page()
    seen = watch(context, page, served)
    try:
        page.goto(served + "/lab/", wait_until="networkidle")
        page.evaluate("window.measuredNoReload = true")
        page.locator(f"nav a.md-nav__link[href$='{PAGE.strip('/')}/']").first.evaluate("link => link.click()")
        page.wait_for_url(served + PAGE)
        assert page.evaluate("window.measuredNoReload") is True  # swapped in, not loaded anew
        page.locator("#predictor").scroll_into_view_if_needed()
        page.wait_for_function("document.getElementById('predictor').predictor")
        page.get_by_label("Tasks").fill("7")
        assert shown(page).startswith("7 tasks on ")
        assert load_problems(PAGE, seen) == []
    finally:
        context.close()
