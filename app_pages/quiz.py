"""Practice: the quiz over every lesson.

The questions live in content/quiz.toml (read and checked by ui.quiz); a numeric answer is
computed with `losses`, never typed. Each Check gives instant feedback with an explanation; the
score (first check of each question) is kept in the session, and a button resets it.
"""

import streamlit as st

from ui.content import lesson_sections, section
from ui.controls import choice, share_link
from ui.lesson import lesson_header
from ui.quiz import (
    QuizFileError,
    ask,
    lessons_in,
    load_questions,
    questions_of,
    quiz_page_keys,
    reset_quiz,
    score,
)

ALL_LESSONS = "all"


def lesson_title(slug: str) -> str:
    """What the lesson filter shows for an option: the lesson's title."""
    return "All lessons" if slug == ALL_LESSONS else lesson_sections(slug)["title"]


def show_score(questions) -> None:
    """The running score, the progress bar and the reset button."""
    right, answered = score(questions)
    total = len(questions)
    with st.container(border=True):
        if answered:
            st.markdown(section("quiz", "Score", right=right, answered=answered, total=total))
        else:
            st.markdown(section("quiz", "No score yet"))
        st.progress(right / total, text=section("quiz", "Progress", right=right, total=total))
        st.button("Reset the quiz", key="quiz_reset", icon=":material/restart_alt:", on_click=reset_quiz,
                  args=(questions,))


def quiz_page() -> None:
    lesson_header("quiz")  # the notation is one click away: the questions use y, ŷ and p
    st.caption(section("quiz", "Scoring rule"))
    try:
        questions = load_questions()
    except QuizFileError as error:
        # A teacher's typo in the question file: say what is wrong, in words, not a traceback.
        st.error(section("quiz", "The question file is broken", problem=str(error)))
        return

    show_score(questions)
    lesson = choice("Lesson", [ALL_LESSONS, *lessons_in(questions)], "quiz_lesson", kind="selectbox",
                    format_func=lesson_title)
    share_link("quiz")
    shown = questions if lesson == ALL_LESSONS else questions_of(questions, lesson)
    for number, question in enumerate(shown, start=1):
        st.subheader(f"Question {number} · {lesson_title(question.lesson)}")
        ask(question, *quiz_page_keys(question))


quiz_page()
