"""The page tests open the page under test directly (tests/conftest.py::open_page): app.py's
navigation runs that page, as at the page's address, and home never runs first."""

from __future__ import annotations

import pytest

from course.lessons import HOME, LESSONS, lesson
from tests.conftest import open_page
from ui.content import parse_sections


def lessons_with_keys_in(at) -> set[str]:
    """The lessons whose widgets or state are in the session: a key starts with a lesson's prefix
    (its own, or after the underscore of the live panel's internal keys)."""
    keys = [key.removeprefix("_address_of_").removeprefix("_end_of_") for key in at.session_state]
    return {one.slug for one in LESSONS if any(key.startswith(one.key_prefix) for key in keys)}


@pytest.mark.parametrize("slug", [one.slug for one in LESSONS])
def test_opening_a_page_runs_that_page_alone(slug):
    at = open_page(slug)
    assert lessons_with_keys_in(at) == {slug}
    text = parse_sections(lesson(slug).content_file.read_text(encoding="utf-8"))
    assert [title.value for title in at.title] == [text["title"]]  # the heading of its own text


def test_home_runs_only_when_it_is_the_page_opened():
    assert HOME not in lessons_with_keys_in(open_page("mse"))
    assert lessons_with_keys_in(open_page(HOME)) == {HOME}


def test_an_unknown_page_is_refused_rather_than_opening_home():
    with pytest.raises(KeyError, match="no lesson 'nowhere'"):
        open_page("nowhere")
