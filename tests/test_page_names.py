"""A lesson is called the same in the sidebar, on its page and in the quiz."""

from __future__ import annotations

import pytest

from course.lessons import LESSONS, LESSONS_DIR
from ui.content import parse_sections


@pytest.mark.parametrize("declared", LESSONS, ids=lambda page: page.slug)
def test_the_sidebar_name_is_the_start_of_the_lesson_title(declared):
    # The quiz names a lesson by its title; the sidebar may shorten it only by dropping its end
    # ("Hinge" for "Hinge loss"), never by rewording it.
    title = parse_sections((LESSONS_DIR / f"{declared.slug}.md").read_text(encoding="utf-8"))["title"]
    assert title.startswith(declared.title), (declared.title, title)
