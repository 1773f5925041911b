"""Loss Lab: the entry point. It only declares the page config, the navigation (built from the
lesson registry, ``course.lessons``) and the sidebar."""

import streamlit as st

from course.lessons import HOME, LESSONS, SECTIONS, current_query_params
from ui.classroom import classroom_style, classroom_switch, sidebar_state
from ui.content import section
from ui.course_path import course_path_end
from ui.page_style import page_style
from ui.share_link import share_button

st.set_page_config(page_title="Loss Lab", page_icon="🎯", layout="wide",
                   initial_sidebar_state=sidebar_state())  # closed in classroom mode
page_style()


def pages_of(lesson) -> list[st.Page]:
    """The lesson's page and, hidden from the navigation, the same page at its other addresses
    (Streamlit answers a default page's own url_path with "Page not found", hence /home)."""
    main = st.Page(lesson.page_file, title=lesson.title, icon=lesson.icon, url_path=lesson.address,
                   default=lesson.slug == HOME)
    return [main] + [st.Page(lesson.page_file, title=lesson.title, icon=lesson.icon, url_path=address,
                             visibility="hidden") for address in lesson.other_addresses]


renamed = current_query_params(st.query_params.to_dict())
if renamed is not None:  # a link shared before the widget keys took their lesson's slug
    st.query_params.from_dict(renamed)

navigation = {name: [page for lesson in LESSONS if lesson.section == name for page in pages_of(lesson)]
              for name in SECTIONS}
page = st.navigation(navigation, expanded=True)  # a course: every lesson in view
with st.sidebar:
    st.markdown(section("app", "Sidebar"))
classroom_style()
# The page's toolbar, in one place on every page and on screen with the sidebar closed (ui/page_style.css).
toolbar = st.container(horizontal=True, vertical_alignment="center", gap="small", width="content",
                       key="app_toolbar")
with toolbar:
    share_button()
page.run()
# The switch comes once the page has run: a tab's first lesson stops after its live panel
# (ui/live_panel.py), and the code of a switch, not needed to draw the panel, would delay it.
with toolbar:
    classroom_switch()
course_path_end(page.url_path)  # every page ends with previous / next and the student's progress
