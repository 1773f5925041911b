"""How numbers are written on screen: the rule lives in ``course.numbers`` (plain Python, so the
course's own messages follow it too); the pages and the shared parts of ``ui`` import it from here."""

from course.numbers import fmt, fmt_latex, fmt_percent, fmt_signed

__all__ = ["fmt", "fmt_latex", "fmt_percent", "fmt_signed"]
