"""WCAG contrast of text over a stack of CSS backgrounds, from computed colours."""

from __future__ import annotations

import re

Colour = tuple[float, float, float, float]  # r, g, b in 0–255, alpha in 0–1


def parse_colour(css: str) -> Colour:
    """A computed CSS colour as (r, g, b, alpha) with r, g, b in 0–255."""
    if match := re.fullmatch(r"rgba?\(([^)]*)\)", css.strip()):
        parts = [float(p) for p in re.split(r"[\s,/]+", match[1].strip())]
        return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)
    if match := re.fullmatch(r"color\(srgb ([^)]*)\)", css.strip()):
        parts = [float(p) for p in re.split(r"[\s/]+", match[1].strip())]
        return (*(255 * p for p in parts[:3]), parts[3] if len(parts) > 3 else 1.0)
    raise ValueError(f"cannot read the colour {css!r}")


def over(top: Colour, bottom: Colour) -> Colour:
    """``top`` composited over an opaque ``bottom``."""
    alpha = top[3]
    return (*(t * alpha + b * (1 - alpha) for t, b in zip(top[:3], bottom[:3], strict=True)), 1.0)


def luminance(colour: Colour) -> float:
    """WCAG relative luminance of an opaque colour."""

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
