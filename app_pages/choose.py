"""Choosing a loss: an interactive guide from the task to the loss, its activation and its lesson.

The map task -> losses lives in content/loss_guide.toml (read by ui.guide); the prose "why"
for each task in content/lessons/choose.md, one section per task.
"""

import streamlit as st

from losses import mape, mse
from ui.content import section
from ui.controls import choice, share_link
from ui.guide import guide_table, load_guide
from ui.lesson import framework_code, lesson_footer, lesson_header

# By label: the selectbox shows the label and the URL keeps it (?choose_task=Counts+and+rates).
TASKS = {task.label: task for task in load_guide()}
# The demand-forecasting example: (label, forecast) for a best seller and for a slow mover.
BIG, SMALL = (1010.0, 1000.0), (15.0, 5.0)
EXAMPLE = {
    "label_big": BIG[0], "forecast_big": BIG[1], "label_small": SMALL[0], "forecast_small": SMALL[1],
    "mse_big": mse(*BIG), "mse_small": mse(*SMALL), "mape_big": mape(*BIG), "mape_small": mape(*SMALL),
}

lesson_header("choose")


@st.fragment
def recommendation():
    task = TASKS[choice("What does your model have to do?", list(TASKS), "choose_task", kind="selectbox")]
    st.subheader(task.label)
    st.markdown(f"**Output activation:** {task.activation}")
    for column, spec in zip(st.columns(len(task.losses)), task.losses, strict=True):
        with column.container(border=True):
            st.markdown(f"**{spec.title}**")
            st.latex(spec.latex)
            st.code(framework_code(spec), language="python", wrap_lines=True)
    st.markdown("**Lessons**")
    for lesson in task.lessons:
        st.page_link(lesson.page_file, label=lesson.title, icon=lesson.icon)
    st.markdown("**Why**")
    st.markdown(section("choose", task.label, **EXAMPLE))
    share_link("choose")


recommendation()

st.subheader("The whole map")
st.markdown(section("choose", "The whole map"))
st.table(guide_table(tuple(TASKS.values())), hide_index=True)
lesson_footer("choose")
