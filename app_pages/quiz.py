"""Practice: the quiz, taken one section of the course at a time.

The questions live in content/quiz.toml (read, checked and graded by course.quiz); a numeric
answer is computed with `losses`, never typed. The student picks a section (kept in the
address, like every control), answers its questions with instant feedback, watches the progress
and the running score, and moves on with "Next section". One score, kept in the session, counts
the checks made here and in the lessons' quick quizzes; a button resets it.
"""

import json

import streamlit as st

from course.lessons import LESSONS
from course.quiz import QuizFileError, load_questions, questions_in, section_after, sections_in, whole_quiz
from ui.content import lesson_sections, section
from ui.controls import choice
from ui.lesson import lesson_header
from ui.quiz import ask, quiz_page_keys, quiz_progress, reset_quiz

SECTION_KEY = "quiz_section"
FORMER_LESSON_PARAMETER = "quiz_lesson"  # the lesson filter of links shared before the sections
# session_state: set by "Next section" for one run, which brings the new section's top into view.
NEW_SECTION_KEY = "quiz_new_section"


def open_former_lesson_link(sections: list[str]) -> None:
    """A link shared when the quiz was filtered by lesson (``?quiz_lesson=<its title>``) opens
    the section of that lesson."""
    title = st.query_params.get(FORMER_LESSON_PARAMETER)
    if title is None:
        return
    del st.query_params[FORMER_LESSON_PARAMETER]
    matches = [one.section for one in LESSONS if lesson_sections(one.slug)["title"] == title]
    if matches and matches[0] in sections and SECTION_KEY not in st.query_params:
        st.session_state[SECTION_KEY] = matches[0]


def section_chooser(sections: list[str]) -> str:
    """The sections with questions, in the course's order, as a row of radio buttons bound to
    the address. A section the link names but no longer has (a tampered link, a section whose
    questions were removed) falls back to the first."""
    if st.session_state.get(SECTION_KEY, sections[0]) not in sections:
        st.session_state[SECTION_KEY] = sections[0]
    # Radios, not a segmented control: its chosen button, hovered, has text at 4.0:1 contrast.
    return choice("Section of the course", sections, SECTION_KEY, kind="radio")


def go_to_section(name: str) -> None:
    """The "Next section" button's callback: the chooser shows that section on the next run."""
    st.session_state[SECTION_KEY] = name
    st.session_state[NEW_SECTION_KEY] = True


def scoreboard(questions, chosen: str) -> None:
    """The progress and the score, in this section and in the whole quiz, and the reset button."""
    by_section = quiz_progress()
    right, checked, total = by_section[chosen]
    all_right, all_checked, all_total = whole_quiz(by_section)
    with st.container(border=True, key="quiz_scoreboard"):
        if all_checked:
            st.markdown(section("quiz", "Score", section=chosen, right=right, checked=checked,
                                all_right=all_right, all_checked=all_checked))
        else:
            st.markdown(section("quiz", "No score yet"))
        st.progress(checked / total, text=section("quiz", "Section progress", section=chosen,
                                                  checked=checked, total=total))
        st.progress(all_checked / all_total, text=section("quiz", "Quiz progress", checked=all_checked,
                                                          total=all_total))
        st.button("Reset the quiz", key="quiz_reset", icon=":material/restart_alt:", on_click=reset_quiz,
                  args=(questions,))


def section_end(sections: list[str], chosen: str) -> None:
    """What ends a section: the way on to the next one, or the end of the quiz."""
    following = section_after(sections, chosen)
    if following is None:
        st.markdown(section("quiz", "End of the quiz"))
        return
    st.button(f"Next section: {following}", key="quiz_next", icon=":material/arrow_forward:",
              type="primary", on_click=go_to_section, args=(following,))


def bring_the_top_into_view(chosen: str) -> None:
    """After "Next section", show the new section from its top, and move the keyboard's focus to
    the section's radio button: "Next section" was at the bottom of the previous section, and the
    browser keeps the scroll position and the focus across a rerun."""
    st.html(f"""<script>
        requestAnimationFrame(() => {{
            const row = document.querySelector(".st-key-{SECTION_KEY}");
            if (!row) return;
            row.style.scrollMarginTop = "5rem";  /* below the app's header */
            row.scrollIntoView({{block: "start"}});
            const chosen = {json.dumps(chosen)};
            [...row.querySelectorAll("label")].find(label => label.innerText.trim() === chosen)
                ?.querySelector("input")?.focus({{preventScroll: true}});
        }});
    </script>""", unsafe_allow_javascript=True)


def quiz_page() -> None:
    lesson_header("quiz")  # the notation is one click away: the questions use y, ŷ and p
    st.caption(section("quiz", "Scoring rule"))
    try:
        questions = load_questions()
    except QuizFileError as error:
        # A teacher's typo in the question file: say what is wrong, in words, not a traceback.
        st.error(section("quiz", "The question file is broken", problem=str(error)))
        return

    sections = sections_in(questions)
    open_former_lesson_link(sections)
    chosen = section_chooser(sections)
    scoreboard(questions, chosen)
    if st.session_state.pop(NEW_SECTION_KEY, False):
        bring_the_top_into_view(chosen)

    shown = questions_in(questions, chosen)
    for number, question in enumerate(shown, start=1):
        title = lesson_sections(question.lesson)["title"]
        st.subheader(f"Question {number} of {len(shown)} · {title}")
        ask(question, *quiz_page_keys(question))
    section_end(sections, chosen)


quiz_page()
