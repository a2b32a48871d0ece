"""The lab notebook's page: rendered by mkdocs-jupyter's converter once per version of it."""

from __future__ import annotations

import json

import pytest
from mkdocs_jupyter import convert

from measured.mkdocs_adapter import notebook_page


def write_notebook(path, title: str) -> None:
    cells = [{"cell_type": "markdown", "id": "intro", "metadata": {}, "source": f"# {title}\n\n## A part\n\nText."}]
    metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    path.write_text(json.dumps({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}))


def test_a_notebook_is_rendered_once_per_version_and_kept(tmp_path, monkeypatch):
    page = tmp_path / "explore.ipynb"
    write_notebook(page, "Explore")
    first = notebook_page.rendered(page, tmp_path / "cache")
    assert first.title == "Explore" and "A part" in first.content
    assert [token["name"] for token in first.toc_tokens[0]["children"]] == ["A part"]

    def converting(*args, **kwargs):
        raise AssertionError("rendered again although its bytes did not change")

    monkeypatch.setattr(convert, "nb2html", converting)
    assert notebook_page.rendered(page, tmp_path / "cache") == first  # kept: the converter is not called

    write_notebook(page, "Explore again")  # a new version is rendered anew
    with pytest.raises(AssertionError, match="rendered again"):
        notebook_page.rendered(page, tmp_path / "cache")
