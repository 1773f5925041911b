"""The path through the course: where a page sits in it, the way on at the end of every page,
and the course's map for the home page.

app.py calls ``course_path_end`` once, after the page has run: every page ends with the same
previous / next links (in the registry's order, ``course.lessons``) and the student's progress,
with no copy on any page.
"""

from __future__ import annotations

import streamlit as st

from course.lessons import LESSONS, SECTIONS, Lesson, lessons_in, previous_and_next
from ui.course_progress import course_progress

PATH_KEY = "app_course_path"
"""The key of the row of previous / next links (its CSS class is ``st-key-app_course_path``)."""
PREVIOUS_KEY, NEXT_KEY = "app_course_previous", "app_course_next"
"""The keys of the links' own containers: ui/page_style.css keeps "next" on the right."""


def lesson_at(url_path: str) -> Lesson:
    """The lesson served at an address (``page.url_path`` of ``st.navigation``'s page): its own,
    or one of its other addresses (/home, the addresses it had before). An unknown address
    raises ``KeyError`` naming the addresses there are."""
    for one in LESSONS:
        if url_path == one.address or url_path in one.other_addresses:
            return one
    known = sorted(address for one in LESSONS for address in (one.address, *one.other_addresses))
    raise KeyError(f"no lesson at the address {url_path!r}; the addresses are {known}")


def previous_label(before: Lesson) -> str:
    """The text of the link back: "← Mean squared error"."""
    return f"← {before.title}"


def next_label(after: Lesson) -> str:
    """The text of the link on: "Next: Mean absolute error →"."""
    return f"Next: {after.title} →"


def previous_next_links(current: Lesson) -> None:
    """The two links at the end of a page, previous on the left and next on the right (on two
    lines when the screen is too narrow for both). Real links: Tab reaches them, Enter follows
    them, and a student can open one in a new tab."""
    before, after = previous_and_next(current.slug)
    with st.container(horizontal=True, vertical_alignment="center", key=PATH_KEY):
        if before is not None:
            with st.container(width="content", key=PREVIOUS_KEY):
                st.page_link(before.page_file, label=previous_label(before))
        if after is not None:
            with st.container(width="content", key=NEXT_KEY):  # on the right, even alone
                st.page_link(after.page_file, label=next_label(after))


def course_path_end(url_path: str) -> None:
    """The end of every page: a rule, the previous / next links and the student's progress.
    ``url_path`` is the address of the page that ran (``st.navigation``'s ``page.url_path``)."""
    current = lesson_at(url_path)
    st.divider()
    previous_next_links(current)
    course_progress(current)


def course_map() -> str:
    """The course's sections and their lessons, in order, as a Markdown list: each section's name
    in bold, then its lessons' titles. Read from the registry: a new lesson appears here."""
    lines = []
    for number, name in enumerate(SECTIONS, start=1):
        titles = ", ".join(one.title for one in lessons_in(name))
        lines.append(f"{number}. **{name}**: {titles}")
    return "\n".join(lines)
