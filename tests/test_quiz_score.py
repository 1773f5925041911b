"""The quiz's score and its sections (course.quiz), and the progress the session holds
(ui.quiz.quiz_progress): counted by hand on a small file written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from course.lessons import SECTIONS, lesson
from course.quiz import (
    load_questions,
    progress,
    questions_in,
    score,
    section_after,
    section_of,
    sections_in,
    whole_quiz,
    with_check,
)

# Two Regression lessons written in reverse course order, one Beyond lesson, one Basics: no
# Classification question.
SMALL_FILE = "".join(f'''
[[question]]
id = "{question_id}"
lesson = "{slug}"
kind = "choice"
prompt = "Which one?"
options = ["this", "that"]
answer = "this"
explanation = "Because."
''' for question_id, slug in [("mae_one", "mae"), ("mse_one", "mse"), ("kl_one", "kl"), ("mae_two", "mae"),
                              ("home_one", "home")])


@pytest.fixture
def questions(tmp_path: Path):
    path = tmp_path / "quiz.toml"
    path.write_text(SMALL_FILE, encoding="utf-8")
    return load_questions(path)


def ids(questions) -> list[str]:
    return [question.id for question in questions]


def test_a_question_is_in_its_lessons_section(questions):
    assert [section_of(question) for question in questions] == [
        "Regression", "Regression", "Beyond", "Regression", "Basics"]
    assert all(section_of(question) == lesson(question.lesson).section for question in questions)


def test_sections_with_questions_come_in_the_courses_order(questions):
    assert sections_in(questions) == ["Basics", "Regression", "Beyond"]
    assert [name for name in SECTIONS if name in sections_in(questions)] == sections_in(questions)


def test_a_sections_questions_come_lesson_by_lesson_in_the_courses_order(questions):
    # MSE comes before MAE in the course; within MAE the file's order stays.
    assert ids(questions_in(questions, "Regression")) == ["mse_one", "mae_one", "mae_two"]
    assert ids(questions_in(questions, "Classification")) == []


def test_the_section_after_and_the_last(questions):
    sections = sections_in(questions)
    assert section_after(sections, "Basics") == "Regression"
    assert section_after(sections, "Regression") == "Beyond"  # Classification has no question
    assert section_after(sections, "Beyond") is None


def test_only_the_first_check_of_a_question_counts():
    results = with_check({}, "mse_one", False)
    results = with_check(results, "mse_one", True)
    results = with_check(results, "mae_one", True)
    assert results == {"mse_one": False, "mae_one": True}


def test_score_counts_right_and_checked_among_the_questions_given(questions):
    results = {"mse_one": True, "mae_one": False, "kl_one": True, "removed_since": True}
    assert score(results, questions) == (2, 3)
    assert score(results, questions_in(questions, "Regression")) == (1, 2)
    assert score({}, questions) == (0, 0)


def test_progress_by_section_and_the_whole_quiz(questions):
    results = {"mse_one": True, "mae_one": False, "kl_one": True, "removed_since": True}
    by_section = progress(results, questions)
    assert by_section == {"Basics": (0, 0, 1), "Regression": (1, 2, 3), "Beyond": (1, 1, 1)}
    assert list(by_section) == ["Basics", "Regression", "Beyond"]
    assert whole_quiz(by_section) == (2, 3, 5)
    assert whole_quiz({}) == (0, 0, 0)


# ----------------------------------------------------------------------------------------------
# ui.quiz.quiz_progress: what the session holds, for the progress kept in the browser.


def progress_app():
    """An app that shows ``quiz_progress()`` as JSON, and asks one question of the real file."""
    import json

    import streamlit as st

    from course.quiz import load_questions
    from ui.quiz import ask, quiz_page_keys, quiz_progress

    question = next(one for one in load_questions() if one.id == "mse_one_sample")
    ask(question, *quiz_page_keys(question))
    st.code(json.dumps(quiz_progress()))


def shown_progress(at: AppTest) -> dict:
    return {name: tuple(counts) for name, counts in json.loads(at.code[-1].value).items()}


def test_quiz_progress_starts_at_zero_for_every_section_with_questions():
    at = AppTest.from_function(progress_app).run()
    real = load_questions()
    assert shown_progress(at) == {name: (0, 0, len(questions_in(real, name))) for name in sections_in(real)}


def test_quiz_progress_counts_the_checks_of_the_session():
    at = AppTest.from_function(progress_app)
    # A right and a wrong answer checked earlier (on the Quiz page or in a lesson's quick quiz).
    at.session_state["quiz_score"] = {"home_zero_loss": True, "bce_label_0": False}
    at.run()
    by_section = shown_progress(at)
    assert by_section["Basics"][:2] == (1, 1) and by_section["Classification"][:2] == (0, 1)
    # A check made now: (4 − 1)² = 9 is right.
    at.number_input(key="quiz_mse_one_sample").set_value(9.0).run()
    at.button(key="quiz_check_mse_one_sample").click().run()
    assert shown_progress(at)["Regression"][:2] == (1, 1)
    # Checked again, wrongly: the first check stays.
    at.number_input(key="quiz_mse_one_sample").set_value(3.0).run()
    at.button(key="quiz_check_mse_one_sample").click().run()
    assert shown_progress(at)["Regression"][:2] == (1, 1)
    assert sum(checked for _, checked, _ in shown_progress(at).values()) == 3


def test_quiz_progress_is_empty_when_the_file_is_broken(tmp_path, monkeypatch):
    import course.quiz

    broken = tmp_path / "quiz.toml"
    broken.write_text("not toml at all [", encoding="utf-8")
    monkeypatch.setattr(course.quiz, "QUIZ_FILE", broken)

    def app():
        import json

        import streamlit as st

        from ui.quiz import quiz_progress

        st.code(json.dumps(quiz_progress()))

    at = AppTest.from_function(app).run()
    assert not at.exception
    assert json.loads(at.code[0].value) == {}
