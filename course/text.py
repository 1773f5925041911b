"""How the course fills its text: ``fill`` puts numbers into a text's ``{{name}}`` and
``{{name:format}}`` placeholders, floats written by ``course.numbers.fmt``. Plain Python: the quiz
format (``course.quiz``) fills its questions with it, and ``ui.content`` the lessons."""

from __future__ import annotations

import re

from course.numbers import fmt

_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*(?::([^}]*))?\}\}")


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
