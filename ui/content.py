"""Lesson text lives in ``content/`` as Markdown; this module reads it.

A lesson file ``content/lessons/<slug>.md`` starts with ``# Title`` and is cut into sections
at each ``## Heading``. A section may hold placeholders such as ``{{delta:.2f}}`` that the
page fills from the current state, so prose never states a value by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from course.text import fill  # shared with the quiz file (course.quiz)

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


@functools.cache
def lesson_sections(slug: str) -> Mapping[str, str]:
    """The sections of a lesson file, by heading (``"title"`` holds the ``# `` line).

    Read once per process and shared, read-only. ``functools.cache`` rather than Streamlit's
    caches: those hash their arguments on every call, and the end of a gesture reads ten
    sections or so."""
    return MappingProxyType(
        parse_sections((CONTENT_DIR / "lessons" / f"{slug}.md").read_text(encoding="utf-8")))


def parse_sections(text: str) -> dict[str, str]:
    """Split Markdown into ``{"title": ..., "<heading>": body}`` at ``#`` and ``##`` lines."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("# "):
            sections["title"] = [line[2:].strip()]
            current = None
        elif line.startswith("## "):
            current = line[3:].strip()
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    return {name: "\n".join(lines).strip() for name, lines in sections.items()}


def section(slug: str, heading: str, **values) -> str:
    """One section of a lesson, with its ``{{name}}`` placeholders filled from ``values``."""
    try:
        text = lesson_sections(slug)[heading]
    except KeyError:
        raise KeyError(f"content/lessons/{slug}.md has no section '## {heading}'") from None
    return fill(text, values)


def has_section(slug: str, heading: str) -> bool:
    return heading in lesson_sections(slug)
