"""The student's progress, kept in their browser only (ui/course_progress.js): the lessons they
have visited and their quiz score, in ``localStorage``. No account, nothing on the server.

The component is mounted once at the end of every page (``course_progress``, from
ui/course_path.py). In the browser it records the page as visited, keeps the best known quiz
figures of each section (a reload loses the session's answers; the browser keeps the last score),
and draws the progress: "7 of 20 lessons visited", a tick beside each visited lesson in the
sidebar, the quiz score and a "Forget my progress" button. It draws from ``localStorage`` itself,
so nothing waits for a rerun. On the home page a second instance draws only a "Continue" link to
the first lesson not yet visited (``continue_link``). Where ``localStorage`` is refused (a
private window), the course works as before and says that it does not remember.

The text it shows comes from content/lessons/app.md (``PROGRESS_TEXTS``), with ``{{name}}``
placeholders the browser fills in.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from course.lessons import LESSONS, Lesson
from course.quiz import QuizFileError
from ui import quiz
from ui.content import lesson_sections

COMPONENT_NAME = "loss_lab_course_progress"
_SCRIPT = Path(__file__).with_name("course_progress.js").read_text(encoding="utf-8")
STORAGE_KEY = "loss-lab-progress"
"""The one ``localStorage`` key of the course."""
STORAGE_VERSION = 1
"""The version of what is stored under ``STORAGE_KEY``; the browser ignores another version."""
PROGRESS_KEY = "app_course_progress"
CONTINUE_KEY = "home_continue"

PROGRESS_TEXTS: Mapping[str, tuple[str, ...]] = {
    "Progress heading": (),
    "Lessons visited": ("visited", "total"),
    "Quiz score": ("right", "checked", "total"),
    "Quiz section score": ("section", "right", "checked", "total"),
    "No quiz score": ("total",),
    "Kept in this browser": (),
    "Not remembered": (),
    "Forgotten": (),
    "Forget my progress": (),
    "Continue": ("title",),
    "Every lesson visited": ("total",),
    "Visited": (),
}
"""The sections of content/lessons/app.md the component shows, and the placeholders each may
hold (the browser fills exactly these)."""

QuizFigures = dict[str, tuple[int, int, int]]
"""Quiz figures by section of the course: (right, checked, total)."""


def quiz_figures() -> QuizFigures:
    """The session's quiz figures by section: (right at the first check, checked, questions).
    A broken question file gives no figures: the quiz page says what is wrong with it."""
    try:
        return dict(quiz.quiz_progress())
    except QuizFileError:
        return {}


def progress_texts() -> dict[str, str]:
    """The component's text, from content/lessons/app.md."""
    sections = lesson_sections("app")
    return {heading: sections[heading] for heading in PROGRESS_TEXTS}


def _props(current: Lesson, view: str, quiz: QuizFigures) -> dict:
    return {
        "view": view,
        "storageKey": STORAGE_KEY,
        "version": STORAGE_VERSION,
        "current": current.slug,
        "lessons": [{"slug": one.slug, "title": one.title, "address": one.address} for one in LESSONS],
        "quiz": {name: list(figures) for name, figures in quiz.items()},
        "text": progress_texts(),
    }


def course_progress(current: Lesson) -> None:
    """Record ``current`` as visited in this browser, keep the session's quiz figures, and draw
    the progress (with its "Forget my progress" button) and the sidebar's ticks."""
    _mount(PROGRESS_KEY, _props(current, "progress", quiz_figures()))


def continue_link(current: Lesson) -> None:
    """Where the browser remembers a visit beyond ``current``: a "Continue: <lesson>" link to the
    first lesson of the course not yet visited (nothing on a first visit)."""
    _mount(CONTINUE_KEY, _props(current, "continue", {}))


def _mount(key: str, props: dict) -> None:
    _component()(key=key, data={"progress": json.dumps(props)}, width="stretch", height="content")


def _component():
    # Registered on every call: Streamlit keeps components per runtime (each AppTest has its own).
    return st.components.v2.component(COMPONENT_NAME, js=_SCRIPT, isolate_styles=False)
