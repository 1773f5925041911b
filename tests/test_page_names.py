"""A lesson is called the same in the sidebar, on its page and in the quiz."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_pages import declared_pages
from ui.content import parse_sections

LESSONS = Path(__file__).resolve().parent.parent / "content" / "lessons"


@pytest.mark.parametrize("declared", declared_pages(), ids=lambda page: page.url_path)
def test_the_sidebar_name_is_the_start_of_the_lesson_title(declared):
    # The quiz names a lesson by its title; the sidebar may shorten it only by dropping its end
    # ("Hinge" for "Hinge loss"), never by rewording it.
    title = parse_sections((LESSONS / f"{declared.name}.md").read_text(encoding="utf-8"))["title"]
    assert title.startswith(declared.title), (declared.title, title)
