"""The glossary's terms explained in the directives' HTML, as Material explains them in the prose."""

from __future__ import annotations

from support import ROOT

from measured import glossary

MEANINGS = {"noisy": "runs disagree", "start method": "how a worker starts", "start methods": "how workers start"}


def test_a_term_in_a_fragments_text_is_marked_with_its_meaning():
    html = "<table><tr><th>Start</th><td>noisy</td></tr></table>"
    assert glossary.explain(html, MEANINGS, set()) == (
        '<table><tr><th>Start</th><td><abbr title="runs disagree">noisy</abbr></td></tr></table>'
    )


def test_a_term_is_explained_at_its_first_use_on_the_page():
    page = set()
    first = glossary.explain("<tr><td>noisy</td></tr><tr><td>noisy</td></tr>", MEANINGS, page)
    assert first == '<tr><td><abbr title="runs disagree">noisy</abbr></td></tr><tr><td>noisy</td></tr>'
    assert glossary.explain("<p>noisy</p>", MEANINGS, page) == "<p>noisy</p>"  # a later fragment of the page
    assert page == {"noisy"}


def test_the_longest_term_wins_and_a_word_is_matched_whole():
    explained = glossary.explain("<p>start methods, noisy-ish, unnoisy</p>", MEANINGS, set())
    assert explained == '<p><abbr title="how workers start">start methods</abbr>, noisy-ish, unnoisy</p>'


def test_tags_code_links_buttons_drawings_and_marked_terms_are_left_as_they_are():
    html = (
        '<p title="noisy"><code>noisy</code> <a href="#noisy">noisy</a> <button>noisy</button>'
        '<svg><text>noisy</text></svg><abbr title="x">noisy</abbr><br/></p>'
    )
    assert glossary.explain(html, MEANINGS, set()) == html


def test_the_sites_glossary_explains_the_words_the_runner_writes():
    meanings = glossary.terms((ROOT / "docs/includes/glossary.md").read_text(encoding="utf-8"))
    for word in ("noisy", "CPU ÷ wall", "start method", "switch interval", "launcher", "GIL"):
        assert word in meanings, f"the glossary does not explain {word!r}, which the runner's tables and captions use"
