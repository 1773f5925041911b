"""Plotly charts that are redrawn in place when a slider moves (ui/plotly_chart.js).

``st.plotly_chart`` gives a chart a new identity whenever its figure changes, so the browser
threw every chart away and drew it again from nothing on each slider move: about 100 ms a
chart, most of a move's redraw (bench/RESULTS.md). This component keeps the chart, under a
key that stays the same from run to run, and lets Plotly update only what changed.
"""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from ui.classroom import for_the_room
from ui.figures import Figure

_SCRIPT = "\n".join(Path(__file__).with_name(name).read_text(encoding="utf-8")
                    for name in ("plotly_loader.js", "plotly_chart.js"))
COMPONENT_NAME = "loss_lab_plotly_chart"


def _component():
    # Registered on every call: Streamlit keeps components per runtime (each AppTest has its
    # own), and registering the same definition again is a dictionary write.
    return st.components.v2.component(COMPONENT_NAME, js=_SCRIPT, isolate_styles=False)


def chart_label(figure: Figure) -> str:
    """What a screen reader announces for the chart: its title and its axes."""
    title = re.sub(r"<[^>]+>", "", figure.title or "Chart")
    return f"{title} (x: {figure.axis_title('xaxis') or '—'}, y: {figure.axis_title('yaxis') or '—'})"


def chart_key(figure: Figure) -> str:
    """A key that names the chart by what it plots, so it stays the same when only the numbers
    change (a title carrying a number would make every move a new chart, drawn from scratch)."""
    words = f"{figure.title}|{figure.axis_title('xaxis')}|{figure.axis_title('yaxis')}"
    return "chart:" + re.sub(r"[-+]?\d[\d.,]*", "#", words)


def plotly_chart(figure: Figure, *, key: str | None = None) -> None:
    """Draw ``figure`` at the container's full width; ``key`` when the same page draws two charts
    with the same titles."""
    _component()(
        key=key or chart_key(figure),
        data={"figure": for_the_room(figure.to_json()), "label": chart_label(figure)},
        width="stretch",
        height="content",
    )
