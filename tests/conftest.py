"""Shared fixtures and helpers for the page (AppTest) tests."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from course.lessons import HOME, lesson
from ui.course_path import PATH_KEY
from ui.live_panel import COMPONENT_NAME as PANEL_COMPONENT
from ui.live_panel import PANEL_DRAWN
from ui.plotly_chart import COMPONENT_NAME as CHART_COMPONENT
from ui.step_player import COMPONENT_NAME as PLAYER_COMPONENT

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def open_page(page: str, timeout: float = 60, query_params: dict[str, str] | None = None, *,
              drawn: bool = True) -> AppTest:
    """Run the app on ``app_pages/<page>.py``, as a student opening the page's address: app.py runs
    (page config, navigation, sidebar) and its navigation runs that page, and no other.

    Before the first run AppTest names a page by its file (``AppTest.switch_page`` in Streamlit
    1.67), and ``st.navigation`` by its url_path: the two agree because a lesson's address is its
    slug and its file's name (course/lessons.py). Home is the page served at the base URL, so it
    is opened as that address is, without switching. ``query_params`` are in the address, as when
    a student opens a shared link. ``drawn``: in a tab where a live panel has already drawn, so the
    whole page comes in one run (a tab's first panel page holds back what follows its panel until
    the browser reports it drawn, ``ui.live_panel.live_panel``).
    """
    lesson(page)  # an unknown page would silently fall back to home
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params.update(query_params or {})
    if drawn:
        at.session_state[PANEL_DRAWN] = True
    if page != HOME:
        at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def page():
    """``page("mse")`` gives a running AppTest on that lesson."""
    return open_page


def panels(at: AppTest) -> list[dict]:
    """Every live panel on the page (ui/live_panel.py), as the browser receives it: its controls,
    readouts (label, shown text) and charts."""
    return [json.loads(json.loads(element.proto.json)["panel"]) for element in at.get("bidi_component")
            if element.proto.component_name == PANEL_COMPONENT]


def players(at: AppTest) -> list[dict]:
    """Every step player on the page (ui/step_player.py), as the browser receives it: its steps,
    the step shown, its figures (JSON), animations and series (binary float64, as sent)."""
    return [json.loads(json.loads(element.proto.json)["player"]) for element in at.get("bidi_component")
            if element.proto.component_name == PLAYER_COMPONENT]


def set_controls(at: AppTest, **values) -> AppTest:
    """Move live-panel controls (by key) and run, as the end of a student's gesture does: the
    browser sends the values and the page keeps them in session state under the controls' keys."""
    for key, value in values.items():
        at.session_state[key] = value
    return at.run()


def control_value(at: AppTest, key: str):
    """The value a live-panel control shows (a choice by its option's text)."""
    for panel in panels(at):
        for control in panel["controls"]:
            if control["key"] == key:
                return control["value"]
    raise AssertionError(f"no panel control {key!r}")


def metric(at: AppTest, label: str) -> str:
    """The displayed value of the metric (or live-panel readout) whose label starts with ``label``."""
    shown = [(m.label, m.value) for m in at.metric]
    shown += [(readout["label"], readout["text"]) for panel in panels(at) for readout in panel["readouts"]]
    found = [value for name, value in shown if name.startswith(label)]
    assert found, f"no metric labelled {label!r}; have {[name for name, _ in shown]}"
    return found[0]


def sent_figures(at: AppTest) -> list[dict]:
    """Every chart on the page, as the figure JSON the browser receives (ui/plotly_chart.py, and
    the charts of live panels), in the order of the page."""
    figures = []
    for element in at.get("bidi_component"):
        sent = json.loads(element.proto.json)
        if element.proto.component_name == CHART_COMPONENT:
            figures.append(json.loads(sent["figure"]))
        elif element.proto.component_name == PANEL_COMPONENT:
            figures.extend(json.loads(chart["figure"]) for chart in json.loads(sent["panel"])["charts"])
        elif element.proto.component_name == PLAYER_COMPONENT:
            figures.extend(json.loads(figure) for figure in json.loads(sent["player"])["figures"])
    return figures


def chart_specs(at: AppTest) -> list[dict]:
    """Every Plotly chart on the page as a dict, with binary arrays decoded to lists."""
    return [_decode(figure) for figure in sent_figures(at)]


def assert_what_validation_gives(sent: dict, where: str = "") -> None:
    """A figure as sent equals what Plotly's full validation makes of it (ui/figures.py skips
    validation for speed; a misspelt property or a wrong type shows here)."""
    sent = json.loads(json.dumps(sent))
    validated = json.loads(pio.to_json(go.Figure(sent), validate=False))
    # Charts carry an empty template on purpose (ui/figures.py); validation writes blank
    # per-trace entries into it ({"scatter": [{"type": "scatter"}]}), which draw nothing.
    assert sent["layout"].pop("template") == {}, where
    assert set(validated["layout"].pop("template").get("layout", {})) == set(), where
    assert _decode(validated) == _decode(sent), where
    # The browser draws with Plotly's basic bundle (ui/plotly_chart.js): these traces only.
    assert {trace.get("type", "scatter") for trace in sent["data"]} <= {"scatter", "bar", "pie"}, where


def decode(node):
    """A JSON node with its binary arrays (``{"dtype", "bdata"}``) as lists of numbers."""
    return _decode(node)


def _decode(node):
    if isinstance(node, dict):
        if "bdata" in node and "dtype" in node:
            values = np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"])
            return values.tolist()
        return {key: _decode(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_decode(value) for value in node]
    return node


def screen_text(at: AppTest) -> str:
    """All the text a student sees: markdown, metrics, captions, LaTeX, tables, errors."""
    parts = []
    for kind in ("markdown", "caption", "latex", "title", "header", "subheader", "text", "code",
                 "error", "warning", "info", "success"):
        parts.extend(str(element.value) for element in at.get(kind))
    parts.extend(f"{m.label} {m.value}" for m in at.metric)
    parts.extend(f"{readout['label']} {readout['text']}"
                 for panel in panels(at) for readout in panel["readouts"])
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(parts)


def own_page_links(at: AppTest) -> list[str]:
    """The addresses the page's own content links to: its page links less the previous / next
    links every page ends with (ui/course_path.py)."""
    def links(node) -> list[str]:
        if getattr(node, "type", None) == "page_link":
            return [node.proto.page]
        if str(getattr(getattr(node, "proto", None), "id", "")).endswith(f"-{PATH_KEY}"):
            return []
        return [found for child in getattr(node, "children", {}).values() for found in links(child)]

    return links(at.main)


def shown_cells(dataframe) -> pd.DataFrame:
    """What a st.dataframe shows in its numeric cells, as text: the display values its Styler
    sent, or else each column's printf format (column_config) applied to its values, as the
    browser applies it."""
    import pyarrow as pa

    proto = dataframe.proto
    if proto.arrow_data.styler.display_values:
        return pa.ipc.open_stream(proto.arrow_data.styler.display_values).read_all().to_pandas()
    config = json.loads(proto.columns or "{}")
    frame = dataframe.value.copy()
    for name in frame.columns:
        number_format = config.get(name, {}).get("type_config", {}).get("format")
        if number_format and number_format.startswith("%"):
            frame[name] = [number_format % value for value in frame[name]]
    return frame


def write_files(root: Path, files: dict[str, str]) -> None:
    """Write a small tree of text files under ``root`` (``{"pkg/mod.py": "import x\n"}``)."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
