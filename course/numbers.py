"""How numbers are written on screen, one rule for the whole app."""

from __future__ import annotations

import math


def fmt(value: float) -> str:
    """A number as a student reads it: four significant digits, no scientific notation
    between 0.001 and 10 000, thousands separated beyond."""
    value = float(value)
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1e4:
        return f"{value:,.0f}"
    if magnitude < 1e-3:
        return f"{value:.2e}"
    digits = max(0, 3 - math.floor(math.log10(magnitude)))
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_signed(value: float) -> str:
    """A number inside a formula: negative values in brackets, so ``-(−2)`` reads right."""
    text = fmt(value)
    return f"({text})" if value < 0 else text


def fmt_percent(value: float) -> str:
    """A percentage value (already multiplied by 100)."""
    return f"{fmt(value)} %"


def fmt_latex(value: float, *, signed: bool = False) -> str:
    """A number inside a LaTeX formula: ``fmt``, with the thousands commas braced (KaTeX would
    space them like the commas of a list) and a small number as a power of ten (1.00 × 10⁻⁷).
    ``signed`` puts a negative number in brackets, so ``-(−2)`` reads right."""
    text = fmt(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    text = text.replace(",", "{,}")
    return f"({text})" if signed and value < 0 else text
