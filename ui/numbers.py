"""How numbers are written on screen, one rule for the whole app."""

from __future__ import annotations

from course.text import fmt  # the one rule, shared with the quiz file (course.quiz)


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
