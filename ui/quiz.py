"""The quiz's widgets: asking a question, its feedback, the score kept in the session, and the
quick quiz at the end of each lesson (``check_yourself``).

The question file's format, the grading and the score's arithmetic are plain Python in
``course.quiz``; this module keeps only what needs Streamlit. The same widgets serve the Quiz
page and the lessons' quick quizzes (``ask``); one score, kept in the session under
``SCORE_KEY``, counts both.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from course.numbers import fmt
from course.quiz import (
    Question,
    QuizFileError,
    Results,
    check_answer,
    computation,
    expected_value,
    load_questions,
    progress,
    questions_of,
    section_of,
    whole_quiz,
    with_check,
)
from ui.content import section

SCORE_KEY = "quiz_score"
"""session_state: question id -> whether the first check of it was right (``course.quiz.Results``)."""
FEEDBACK_KEY = "quiz_feedback"
"""session_state: answer widget key -> (the answer checked, whether it was right)."""


# ---------------------------------------------------------------------------------------------
# The score, kept in the session


def results() -> Results:
    """This session's results: question id -> whether its first check was right."""
    return st.session_state.get(SCORE_KEY, {})


def quiz_progress() -> dict[str, tuple[int, int, int]]:
    """The student's progress through the quiz in this session, by section of the course.

    For each section that has questions, in the course's order (``course.lessons.SECTIONS``):
    ``(right, checked, total)``: how many of its questions were right at their first check, how
    many were checked, and how many it has. A check counts wherever it was made, on the Quiz
    page or in a lesson's quick quiz. Nothing is checked yet: ``(0, 0, total)`` for each section.
    A broken question file gives ``{}`` (the pages say what is wrong).

    Pure with respect to the page: it reads ``st.session_state`` and draws nothing.
    """
    try:
        questions = load_questions()
    except QuizFileError:
        return {}
    return progress(results(), questions)


def reset_quiz(questions: Iterable[Question]) -> None:
    """Forget every answer, every feedback and the score (a button's ``on_click``).

    The answers kept for the lessons' quick quizzes go too: they count towards the same score.
    """
    for question in questions:
        for key in answer_keys(question):
            if key in st.session_state:
                del st.session_state[key]
    for key in (SCORE_KEY, FEEDBACK_KEY):
        st.session_state.pop(key, None)


def answer_keys(question: Question) -> tuple[str, str]:
    """The keys of the question's answer widget on the Quiz page and in its lesson."""
    return quiz_page_keys(question)[0], lesson_keys(question.lesson, question)[0]


def quiz_page_keys(question: Question) -> tuple[str, str]:
    """(answer widget key, Check button key) on the Quiz page."""
    return f"quiz_{question.id}", f"quiz_check_{question.id}"


def lesson_keys(slug: str, question: Question) -> tuple[str, str]:
    """(answer widget key, Check button key) in a lesson's quick quiz, prefixed by the page's slug."""
    return f"{slug}_check_{question.id}", f"{slug}_checkbutton_{question.id}"


# ---------------------------------------------------------------------------------------------
# Widgets


def ask(question: Question, answer_key: str, check_key: str) -> None:
    """One question in its own bordered box: the prompt, the answer widget, a Check button and,
    once checked, the feedback with the explanation and the running score."""
    with st.container(border=True):
        st.markdown(question.prompt)
        if question.kind == "choice":
            st.radio("Your answer", question.options, index=None, key=answer_key, persist_state="session")
        else:
            st.number_input("Your answer", value=None, step=question.tolerance, format="%.4f",
                            key=answer_key, placeholder="Type a number", persist_state="session")
            st.caption(section("quiz", "Tolerance", tolerance=fmt(question.tolerance)))
        st.button("Check", key=check_key, on_click=_record_check, args=(question, answer_key))
        _feedback(question, answer_key)


def _record_check(question: Question, answer_key: str) -> None:
    """The Check button's callback: judge the answer, keep the feedback, score a first check."""
    answer = st.session_state.get(answer_key)
    feedback = st.session_state.setdefault(FEEDBACK_KEY, {})
    if answer is None:
        feedback[answer_key] = (None, False)
        return
    right, _ = check_answer(question, answer)
    feedback[answer_key] = (answer, right)
    st.session_state[SCORE_KEY] = with_check(results(), question.id, right)


def _feedback(question: Question, answer_key: str) -> None:
    """The feedback of the last check, while the answer shown is still the one checked."""
    checked = st.session_state.get(FEEDBACK_KEY, {}).get(answer_key)
    if checked is None:
        return
    answer, right = checked
    if answer != st.session_state.get(answer_key):
        return  # the student changed the answer since: the old verdict no longer applies
    if answer is None:
        st.info(section("quiz", "No answer yet"))
        return
    expected = expected_value(question)
    if question.kind == "choice":
        if right:
            st.success(section("quiz", "Right", explanation=question.explanation))
        else:
            st.error(section("quiz", "Wrong choice", expected=expected, explanation=question.explanation))
    elif right:
        st.success(section("quiz", "Right number", expected=fmt(expected), explanation=question.explanation))
    else:
        st.error(section("quiz", "Wrong number", given=fmt(answer), expected=fmt(expected),
                         explanation=question.explanation))
    if question.kind == "numeric":
        st.caption(section("quiz", "Computed with", call=computation(question)))
    running_score(section_of(question))


def running_score(course_section: str) -> None:
    """The score so far, in the section of the question just checked and in the whole quiz:
    shown under every feedback, where the student is looking."""
    by_section = quiz_progress()
    if course_section not in by_section:
        return
    right, checked, total = by_section[course_section]
    all_right, all_checked, all_total = whole_quiz(by_section)
    st.markdown(section("quiz", "Running score", section=course_section, right=right, checked=checked,
                        total=total, all_right=all_right, all_checked=all_checked, all_total=all_total))


def check_yourself(lesson_slug: str, limit: int = 3) -> None:
    """The quick quiz at the end of a lesson: its first ``limit`` questions from the quiz file,
    with the same widgets as the Quiz page under keys prefixed by the lesson's slug.

    Shows nothing for a lesson without questions; a broken question file gives a plain-words
    warning instead of breaking the lesson.
    """
    try:
        questions = questions_of(load_questions(), lesson_slug)[:limit]
    except QuizFileError as error:
        st.warning(section("quiz", "The question file is broken", problem=str(error)))
        return
    if not questions:
        return
    st.subheader("Quick quiz")
    st.markdown(section("quiz", "Quick quiz"))
    for question in questions:
        ask(question, *lesson_keys(lesson_slug, question))
