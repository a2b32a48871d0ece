"""The glossary's terms explained in what the directives put on a page, as in its prose.

Material explains a page's prose from the glossary (pymdownx.snippets appends
``docs/includes/glossary.md``, a ``*[term]: meaning`` line each, to every page, and the
abbr extension marks each use of a term). The directives' HTML goes in after Markdown has
run, so their words ("noisy", "CPU ÷ wall", "start method") would go unexplained:
:func:`explain` marks them the same way, at a term's first use among a page's fragments
(a page flagging forty runs noisy says what that means once), in text only (never
inside a tag, or in code, a link, a button, a drawing, or a term marked already). A tap
shows a mark's meaning on a phone (docs/javascripts/terms.js).
"""

from __future__ import annotations

import re
from html import escape

__all__ = ["explain", "terms"]

DEFINITION = re.compile(r"^\*\[(?P<term>[^\]]+)\]: *(?P<meaning>.+?) *$", re.MULTILINE)
TAG = re.compile(r"(<[^>]*>)")
NAME = re.compile(r"</?([a-zA-Z][\w-]*)")
LEFT_AS_IS = {"abbr", "a", "button", "code", "pre", "script", "style", "svg", "textarea", "title"}


def terms(glossary: str) -> dict[str, str]:
    """Each term of a glossary file's text, with its meaning."""
    return {m["term"]: m["meaning"] for m in DEFINITION.finditer(glossary)}


def explain(html: str, meanings: dict[str, str], explained: set[str]) -> str:
    """``html`` with the first use of each term in its text marked with its meaning (``<abbr title>``),
    unless in ``explained``, the terms marked before on the page; those it marks are added to it."""
    if not meanings:
        return html
    longest_first = sorted(meanings, key=len, reverse=True)  # "start methods" before "start method"
    use = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, longest_first)) + r")(?![\w-])")

    def marked(found: re.Match) -> str:
        if found[1] in explained:
            return found[1]
        explained.add(found[1])
        return f'<abbr title="{escape(meanings[found[1]])}">{found[1]}</abbr>'

    parts, inside = TAG.split(html), []  # even parts are text, odd ones tags
    for number, part in enumerate(parts):
        if number % 2:
            name = NAME.match(part)
            if name and name[1].lower() in LEFT_AS_IS and not part.endswith("/>"):
                if part.startswith("</"):
                    if inside and inside[-1] == name[1].lower():
                        inside.pop()
                else:
                    inside.append(name[1].lower())
        elif part and not inside:
            parts[number] = use.sub(marked, part)
    return "".join(parts)
