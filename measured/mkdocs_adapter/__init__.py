"""Everything that knows MkDocs, Material for MkDocs or mkdocs-jupyter: the adapter.

The runner (measuring, verdicts, fragments: the rest of :mod:`measured`) imports none
of them, so that another site generator needs only a new adapter (see the README's
"Material for MkDocs' end of life"); tests/test_adapter.py imports the rest with them
blocked. Three modules:

- :mod:`.hook`: the MkDocs hook (``hooks:`` in mkdocs.yml), a thin layer over
  :mod:`measured.pages`;
- :mod:`.dirty`: ``mkdocs serve --dirty``, rebuilding only the pages that changed and
  keeping Material's search index whole;
- :mod:`.notebook_page`: the lab notebook rendered as a page by mkdocs-jupyter's converter.
"""
