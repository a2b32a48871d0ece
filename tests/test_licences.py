"""The licences: which applies to what, in LICENSE files whose texts are the published ones.

The examples are under MIT-0 (paste them anywhere, no attribution), the prose and
figures under CC BY 4.0, the runner and the tests under MIT. The texts are compared
with the licences as published (SPDX, choosealicense.com), whitespace aside, so that a
typo in a licence fails here; CC BY 4.0's legal code is compared byte for byte.
"""

from __future__ import annotations

import hashlib
import re

import yaml
from support import ROOT

HOLDER = "Copyright (c) 2026 The GIL, Measured contributors"

# The MIT licence's terms below its copyright line (SPDX "MIT"; choosealicense.com's mit.txt).
MIT = """
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit
persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the
Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

# MIT No Attribution (SPDX "MIT-0"; aws/mit-0): the MIT licence without its attribution condition.
MIT_0 = """
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit
persons to whom the Software is furnished to do so.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

# CC BY 4.0's legal code as Creative Commons publishes it in plain text
# (https://creativecommons.org/licenses/by/4.0/legalcode.txt, as kept in
# choosealicense.com's _licenses/cc-by-4.0.txt): from its first line to its last, byte for byte.
LEGAL_CODE_FIRST = "Attribution 4.0 International\n"
LEGAL_CODE_LAST = "Creative Commons may be contacted at creativecommons.org.\n"
LEGAL_CODE_SHA256 = "f5b745ef98087f531e719ee8ca6a96809444573ecc7173c6fa68eaad39b3cc3f"
DEED = "https://creativecommons.org/licenses/by/4.0/"
LEGAL_CODE = "https://creativecommons.org/licenses/by/4.0/legalcode.en"


def words(text: str) -> str:
    return " ".join(text.split())


def read(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


def test_the_top_level_licence_is_mit_and_says_which_licence_covers_what():
    text = read("LICENSE")
    assert words(f"MIT License {HOLDER} {MIT}") in words(text)
    split = text.split("MIT License")[0]
    items = [words(item) for item in re.split(r"^- ", split, flags=re.M)[1:]]  # one list item per kind of work
    for part, licence in [("examples/", "MIT-0"), ("docs/", "CC BY 4.0"), ("measured/", "MIT"), ("tests/", "MIT")]:
        item = next((item for item in items if f"`{part}`" in item.split(":")[0]), None)
        assert item is not None, f"no item of LICENSE's list is about {part}"
        assert licence in item, (part, licence, item)
    assert "examples/LICENSE" in split and "docs/LICENSE" in split


def test_the_examples_are_under_mit_0():
    text = read("examples/LICENSE")
    assert words(text) == words(f"MIT No Attribution {HOLDER.replace(' (c)', '')} {MIT_0}")


def test_the_prose_and_figures_are_under_cc_by_4_with_its_legal_code_unaltered():
    text = read("docs/LICENSE")
    notice, found, legal = text.partition(LEGAL_CODE_FIRST)
    assert found, "docs/LICENSE holds no legal code"
    assert "Creative Commons Attribution 4.0 International" in notice and DEED in notice and LEGAL_CODE in notice
    assert "The GIL, Measured contributors" in notice
    legal = LEGAL_CODE_FIRST + legal
    assert legal.endswith(LEGAL_CODE_LAST)
    assert hashlib.sha256(legal.encode()).hexdigest() == LEGAL_CODE_SHA256


def test_the_licence_files_are_not_published_as_pages_and_the_footer_names_each_licence():
    config = yaml.load(read("mkdocs.yml"), Loader=yaml.BaseLoader)  # BaseLoader: !ENV tags read as text
    assert "LICENSE" in config["exclude_docs"].split()
    footer = config["copyright"]
    for licence, link in [("MIT-0", "https://spdx.org/licenses/MIT-0.html"), ("CC BY 4.0", DEED)]:
        assert licence in footer and link in footer
    assert re.search(r'"https://spdx.org/licenses/MIT.html">MIT<', footer)


def test_the_readme_says_which_licence_applies_to_what():
    readme = read("README.md")
    section = readme.split("## Licences", 1)[1].split("\n## ", 1)[0]
    for text in ("examples/", "MIT-0", "docs/", "CC BY 4.0", "measured/", "MIT"):
        assert text in section
