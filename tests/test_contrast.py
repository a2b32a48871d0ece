"""The WCAG contrast arithmetic of the site audit (measured/audit/contrast.py): pure, no browser."""

from __future__ import annotations

from measured.audit.contrast import contrast_ratio


def test_contrast_ratio_matches_wcag_reference_values():
    assert round(contrast_ratio("rgb(0, 0, 0)", ["rgb(255, 255, 255)"]), 1) == 21.0
    assert round(contrast_ratio("rgb(118, 118, 118)", []), 2) == 4.54  # #767676, the lightest AA grey on white
    assert round(contrast_ratio("rgba(0, 0, 0, 0.87)", ["rgb(255, 255, 255)"]), 1) == 16.1  # Material's body text
    assert contrast_ratio("rgb(255, 255, 255)", ["rgba(0, 0, 0, 0.5)", "rgb(255, 255, 255)"]) < 4.5
