"""The path through the course (ui/course_path.py, ui/course_progress.py): every page ends with
a link back and a link on, in the registry's order, and with the student's progress, whose
browser side (ui/course_progress.js) tests/browser/test_course_path.py drives (in Chromium)."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from course.lessons import LESSONS, SECTIONS, lesson
from tests.conftest import open_page, screen_text
from ui.content import lesson_sections
from ui.course_path import lesson_at
from ui.course_progress import COMPONENT_NAME, PROGRESS_TEXTS
from ui.quiz import load_questions

QUESTIONS = load_questions()


def progress_props(at: AppTest) -> list[dict]:
    """Every progress component on the page, as the browser receives it."""
    return [json.loads(json.loads(element.proto.json)["progress"]) for element in at.get("bidi_component")
            if element.proto.component_name == COMPONENT_NAME]


def way_on(at: AppTest) -> list[tuple[str, str]]:
    """The (label, address) of the page's previous / next links: the row keyed app_course_path."""
    links = [(link.proto.label, link.proto.page) for link in at.get("page_link")]
    return [(label, page) for label, page in links if label.startswith(("← ", "Next: "))]


@pytest.mark.parametrize("index", range(len(LESSONS)), ids=[one.slug for one in LESSONS])
def test_every_page_ends_with_the_lessons_before_and_after_it(index):
    here = LESSONS[index]
    at = open_page(here.slug)
    expected = []
    if index > 0:
        expected.append((f"← {LESSONS[index - 1].title}", LESSONS[index - 1].address))
    if index + 1 < len(LESSONS):
        expected.append((f"Next: {LESSONS[index + 1].title} →", LESSONS[index + 1].address))
    assert way_on(at) == expected
    # At the very end of the page: the row of links, then the progress of this very lesson.
    children = at.main.children
    row, last = children[max(children) - 1], children[max(children)]
    assert [(link.proto.label, link.proto.page) for link in row.get("page_link")] == expected
    assert last.type == "bidi_component" and last.proto.component_name == COMPONENT_NAME
    assert json.loads(json.loads(last.proto.json)["progress"])["current"] == here.slug


def test_the_first_page_has_no_way_back_and_the_last_no_way_on():
    assert [label for label, _ in way_on(open_page(LESSONS[0].slug))] == [f"Next: {LESSONS[1].title} →"]
    assert [label for label, _ in way_on(open_page(LESSONS[-1].slug))] == [f"← {LESSONS[-2].title}"]


ADDRESSES = [("", "home"), ("home", "home"), ("mse", "mse"), ("sparse-cce", "sparse_cce"),
             ("training-lab", "training_lab")]


@pytest.mark.parametrize(("address", "slug"), ADDRESSES)
def test_a_page_is_known_by_every_address_it_answers_at(address, slug):
    assert lesson_at(address) == lesson(slug)


def test_an_unknown_address_is_named():
    with pytest.raises(KeyError, match="no lesson at the address 'nowhere'"):
        lesson_at("nowhere")


def test_the_progress_gets_the_course_in_order_with_titles_and_addresses():
    at = open_page("mae")
    (props,) = progress_props(at)
    assert props["view"] == "progress"
    assert props["storageKey"] == "loss-lab-progress" and props["version"] == 1
    assert [(one["slug"], one["title"], one["address"]) for one in props["lessons"]] == [
        (one.slug, one.title, one.address) for one in LESSONS]


def test_every_text_of_the_progress_is_in_the_content_with_only_the_placeholders_it_is_given():
    props = progress_props(open_page("mse"))[0]
    sections = lesson_sections("app")
    assert props["text"] == {heading: sections[heading] for heading in PROGRESS_TEXTS}
    for heading, names in PROGRESS_TEXTS.items():
        used = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", sections[heading]))
        assert used <= set(names), (heading, used - set(names))
        assert "<" not in sections[heading]  # drawn as text by the browser, not as HTML


def test_the_quiz_figures_sent_are_the_sessions_by_section():
    question = next(one for one in QUESTIONS if one.kind == "choice")
    in_section = [one for one in QUESTIONS if lesson(one.lesson).section == lesson(question.lesson).section]
    at = open_page("quiz")
    figures = progress_props(at)[0]["quiz"]
    per_section = {name: sum(lesson(one.lesson).section == name for one in QUESTIONS) for name in SECTIONS}
    assert {name: total for name, (_, _, total) in figures.items() if total} == {
        name: count for name, count in per_section.items() if count}
    assert all(right == checked == 0 for right, checked, _ in figures.values())

    at.radio(key=f"quiz_{question.id}").set_value(question.answer).run()
    at.button(key=f"quiz_check_{question.id}").click().run()
    assert progress_props(at)[0]["quiz"][lesson(question.lesson).section] == [1, 1, len(in_section)]
    wrong = next(one for one in in_section if one.kind == "choice" and one.id != question.id)
    at.radio(key=f"quiz_{wrong.id}").set_value(next(o for o in wrong.options if o != wrong.answer)).run()
    at.button(key=f"quiz_check_{wrong.id}").click().run()
    assert progress_props(at)[0]["quiz"][lesson(question.lesson).section] == [1, 2, len(in_section)]


def test_the_home_page_says_how_the_course_works():
    at = open_page("home")
    assert "How this course works" in [heading.value for heading in at.subheader]
    text = screen_text(at)
    assert f"The course is {len(LESSONS)} pages in {len(SECTIONS)} sections" in text
    for number, name in enumerate(SECTIONS, start=1):
        titles = ", ".join(one.title for one in LESSONS if one.section == name)
        assert f"{number}. **{name}**: {titles}" in text
    assert "Start right here" in text
    views = [props["view"] for props in progress_props(at)]
    assert views == ["continue", "progress"]  # the continue link near the top, the progress at the end
