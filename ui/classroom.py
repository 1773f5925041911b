"""Classroom mode: any lesson shown for a projector, switched on for the whole app in one place.

One switch, ``app_classroom``, kept in the address like every control (``?app_classroom=on``;
``true``, ``1`` and ``yes`` open it too), so a teacher sends a link that opens in classroom mode.
While it is on:

- the sidebar starts closed (``sidebar_state``, for ``st.set_page_config``);
- the lesson's prose is folded away and the type is sized for the back of the room: the rules
  are in ui/classroom.css, added to the page while the switch is on, so no page has code for it;
- charts are taller and their text larger (``for_the_room``: the live panel and the page's charts
  pass their figures through it).

The switch sits in the page's toolbar (app.py), on screen on every page, also with the sidebar
closed: switching it off is the way back.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from ui.content import section

STYLESHEET = Path(__file__).with_name("classroom.css")
KEY = "app_classroom"
LABEL = "Classroom mode"
IN_ADDRESS = "on"
"""What the address holds while classroom mode is on."""
ON_IN_ADDRESS = frozenset({IN_ADDRESS, "true", "1", "yes"})
"""What the address may say to open in classroom mode."""
CHART_HEIGHT_SCALE = 1.4
TEXT_SCALE = 1.3
"""Charts are this much taller, and their text (ticks, titles, legends) this much larger."""
ROOM_CHART_MAX_HEIGHT = 480
"""No chart that fits under a lesson's header grows taller than this: under a lesson's title,
formula and presets it still fits a 1280×720 projector whole (the home page's dartboard, 420 px out
of classroom mode, would not at 1.4 times)."""


def _said_on(text) -> bool:
    return str(text).strip().lower() in ON_IN_ADDRESS


def classroom_on() -> bool:
    """Whether classroom mode is on: the switch's value, or, before the switch is first drawn
    (a link opened), what the address says."""
    if KEY in st.session_state:
        return bool(st.session_state[KEY])
    return _said_on(st.query_params.get(KEY, ""))


def sidebar_state() -> str:
    """The sidebar's state for ``st.set_page_config``: closed in classroom mode."""
    return "collapsed" if classroom_on() else "auto"


def classroom_style() -> None:
    """While classroom mode is on, add the classroom stylesheet to the page, before the page's
    elements (it takes no room: a file of only CSS goes to Streamlit's event container, as
    ui/page_style.py's)."""
    if classroom_on():
        st.html(STYLESHEET)


def classroom_switch() -> bool:
    """The switch, kept in the address as ``app_classroom=on`` while it is on. Until the switch is
    first drawn, the address holds what it says (``classroom_on``)."""
    if KEY not in st.session_state:  # the page's first run: the address decides
        st.session_state[KEY] = _said_on(st.query_params.get(KEY, ""))
    on = st.toggle(LABEL, key=KEY, help=section("app", "Classroom mode"))
    if on and st.query_params.get(KEY) != IN_ADDRESS:
        st.query_params[KEY] = IN_ADDRESS
    elif not on and KEY in st.query_params:
        del st.query_params[KEY]
    return on


def for_the_room(figure_json: str) -> str:
    """A chart's figure (Plotly JSON, as the browser receives it) as classroom mode shows it:
    taller (``room_height``), with larger text.
    Unchanged when classroom mode is off."""
    if not classroom_on():
        return figure_json
    figure = json.loads(figure_json)
    layout = figure.get("layout", {})
    if isinstance(layout.get("height"), int | float):
        layout["height"] = room_height(layout["height"])
    _scale_text(layout)
    margin = layout.get("margin", {})
    for side in ("l", "r", "t", "b"):  # room for the larger axis titles and ticks
        if isinstance(margin.get(side), int | float):
            margin[side] = round(margin[side] * TEXT_SCALE)
    return json.dumps(figure)


def room_height(height: float) -> int:
    """A chart's height in classroom mode: ``CHART_HEIGHT_SCALE`` times taller, but a chart made to
    fit under a lesson's header (at most ``ROOM_CHART_MAX_HEIGHT``) no taller than that. A chart
    already taller, a page's own view such as the training lab's, grows as before."""
    taller = round(height * CHART_HEIGHT_SCALE)
    return taller if height > ROOM_CHART_MAX_HEIGHT else min(taller, ROOM_CHART_MAX_HEIGHT)


def _scale_text(node) -> None:
    """Every font size in a layout (the chart's, its title's, ticks', legend's, notes'), scaled."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name in ("font", "tickfont") and isinstance(value, dict) and \
                    isinstance(value.get("size"), int | float):
                value["size"] = round(value["size"] * TEXT_SCALE)
            _scale_text(value)
    elif isinstance(node, list):
        for value in node:
            _scale_text(value)
