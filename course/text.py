"""How the course writes numbers and fills its text: one rule for the pages and the quiz file.

``fmt`` writes a number as a student reads it; ``fill`` puts numbers into a text's
``{{name}}`` and ``{{name:format}}`` placeholders, floats through ``fmt``. Plain Python: the
quiz format (``course.quiz``) fills its questions with them, and ``ui`` re-uses them.
"""

from __future__ import annotations

import math
import re

_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*(?::([^}]*))?\}\}")


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


def fill(text: str, values: dict) -> str:
    """Replace ``{{name}}`` and ``{{name:format}}``; a missing name is a programming error."""

    def substitute(match: re.Match) -> str:
        name, spec = match.group(1), match.group(2)
        if name not in values:
            raise KeyError(f"no value given for placeholder {{{{{name}}}}}")
        value = values[name]
        if spec:
            return format(value, spec)
        return fmt(value) if isinstance(value, float) else str(value)

    return _PLACEHOLDER.sub(substitute, text)
