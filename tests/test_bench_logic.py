"""The bench's bookkeeping (bench/drag.py, bench/classroom.py) on made-up recordings and
snapshots: what counts as a move that reached the screen, and what a simulated student moves on a
live panel page. Nothing here starts a server or a browser, and nothing is timed."""

from __future__ import annotations

import json

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.browser import BrowserResult
from bench.classroom import (
    DRAWING_COMPONENTS,
    PANEL_CHOICE,
    PANEL_COMPONENT,
    PANEL_SLIDER,
    AgentSession,
    page_shape,
)
from bench.drag import DragResult, classify, value_changing
from bench.gestures import Target, _target
from bench.report import first_visit_steps
from ui.course_progress import COMPONENT_NAME as PROGRESS
from ui.live_panel import COMPONENT_NAME as LIVE_PANEL
from ui.plotly_chart import COMPONENT_NAME as CHART
from ui.share_link import COMPONENT_NAME as SHARE_LINK
from ui.step_player import COMPONENT_NAME as PLAYER


def _event(kind: str, at: float, chart: int, metric: str) -> list:
    return [kind, at, at + 1, chart, metric]


def test_a_move_reached_the_screen_when_a_frame_before_the_next_shows_both_changed():
    events = [_event("pointermove", 100, 1, "4"), _event("pointermove", 133, 2, "5"),
              _event("pointermove", 166, 2, "5")]
    frames = [[110, 1, "4"], [120, 2, "5"],  # the first move shows at 120
              [150, 2, "5"], [180, 3, "6"],  # the second shows only after the third arrived
              [190, 4, "7"]]
    reached, latencies = classify(events, frames, "pointermove", ("chart", "metric"), end=200)
    assert reached == 2  # the first (120 ≤ 133) and the third (180 ≤ 200), not the second
    assert latencies == [20, 47, 14]


def test_only_moves_that_change_the_value_are_judged_and_a_move_never_received_counts_as_missed():
    # A count slider: five moves, the value going 2, 2, 3, 3, 3, then 4 at the release.
    moves = [[*_event("pointermove", 100 + 33 * index, 1, "4"), value]
             for index, value in enumerate(["2", "2", "3", "3", "3"])]
    release = ["pointerup", 300, 301, 1, "4", "4"]
    changing = value_changing(moves, release)
    # After the 2nd move the next event finds 3; after the 5th the release finds 4.
    assert changing == [moves[1], moves[4]]
    result = DragResult(moves_sent=7, moves_seen=5, moves_changing=2, moves_reached=2)
    assert result.moves_counted == 4  # 2 that changed, and 2 the page never got
    assert result.reached_share == 0.5


def test_a_chart_that_changes_without_the_readout_is_not_a_move_shown():
    events = [_event("keydown", 100, 1, "4")]
    frames = [[110, 2, "4"], [130, 3, "4"]]
    assert classify(events, frames, "keydown", ("chart", "metric"), end=200) == (0, [])
    assert classify(events, frames, "keydown", ("chart",), end=200) == (1, [10])


def _panel_node(key: str, controls: list[dict], charts: int = 2) -> dict:
    panel = {"fixed": {}, "controls": controls,
             "readouts": [{"label": "Loss", "value": ["c", 1], "text": "1"}],
             "charts": [{"figure": "{}"}] * charts}
    return {"type": "components.v2.component", "key": key,
            "props": {"component_name": "loss_lab_live_panel", "data": {"panel": json.dumps(panel)}}}


LABEL = {"kind": "choice", "key": "bce_label", "label": "Label y",
         "options": [{"label": "y = 1", "value": 1}, {"label": "y = 0", "value": 0}], "value": "y = 1"}
PROB = {"kind": "slider", "key": "bce_prob", "label": "p", "min": 0.0, "max": 1.0, "step": 0.001,
        "value": 0.8}


def test_a_live_panel_counts_as_its_charts_and_its_first_range_control_is_what_a_student_moves():
    snapshot = {"tree": {"type": "main", "children": [
        _panel_node("bce_live_panel", [LABEL, PROB]),
        {"type": "slider", "key": "bce_other", "value": 1.0, "props": {"min_value": 0, "max_value": 2}},
    ]}, "actions": [{"key": "bce_other", "kind": "value", "type": "slider"}],
        "query_params": {"bce_label": ["y = 1"], "bce_prob": ["0.8"]}}
    shape = page_shape(snapshot)
    assert (shape.charts, shape.panel, shape.panel_slider, shape.movable, shape.metric) == \
        (2, True, True, True, True)
    student = AgentSession("http://127.0.0.1:9")
    student.snapshot = snapshot
    control = student.first_control()
    assert (control.key, control.kind, control.value, control.low, control.high, control.step) == \
        ("bce_prob", PANEL_SLIDER, 0.8, 0.0, 1.0, 0.001)


def test_a_panel_of_choices_only_is_moved_by_its_first_choice():
    student = AgentSession("http://127.0.0.1:9")
    student.snapshot = {"tree": {"type": "main", "children": [_panel_node("p", [LABEL], charts=1)]},
                        "actions": []}
    control = student.first_control()
    assert (control.key, control.kind, control.options) == ("bce_label", PANEL_CHOICE, ("y = 1", "y = 0"))
    assert not page_shape(student.snapshot).panel_slider


def test_only_components_that_draw_a_chart_count_as_charts():
    def component(name: str) -> dict:
        return {"type": "components.v2.component", "props": {"component_name": name, "data": {}}}

    snapshot = {"tree": {"type": "main", "children": [
        component(SHARE_LINK), component(PROGRESS), component(CHART), component(PLAYER),
        _panel_node("mse", [PROB]),
    ]}, "actions": []}
    # The copy-link button and the progress draw nothing: a page waiting for them to become
    # charts would wait forever. The chart, the player and the panel's two charts do.
    assert page_shape(snapshot).charts == 4


def test_the_bench_names_the_apps_components_as_the_app_does():
    assert PANEL_COMPONENT == LIVE_PANEL
    assert set(DRAWING_COMPONENTS) == {CHART, PLAYER}


def test_the_bench_finds_the_panels_trigger_as_streamlit_names_it():
    message = ForwardMsg()
    message.delta.fragment_id = "fragment-1"
    component = message.delta.new_element.bidi_component
    component.id = "$$ID-0123-mse_live_panel"
    component.component_name = f"app.{LIVE_PANEL}"
    controls = [{"kind": "slider", "key": "mse_label", "min": -10, "max": 10, "step": 0.1, "value": 3.0},
                {"kind": "slider", "key": "mse_pred", "min": -10, "max": 10, "step": 0.1, "value": 5.0}]
    component.json = json.dumps({"panel": json.dumps({"controls": controls})})
    found = _target([message])
    assert isinstance(found, Target)
    assert found.trigger_id == _make_trigger_id(component.id, "events")
    assert found.fragment_id == "fragment-1"
    assert found.panel_values == {"mse_label": 3.0, "mse_pred": 5.0}


def test_a_first_visit_says_where_its_time_went_from_the_median_of_each_step():
    result = BrowserResult(panel_steps=[
        {"shown": 1100.0, "asked": 1150.0, "arrived": 1250.0, "ran": 1360.0, "drawn": 1600.0},
        {"shown": 1200.0, "asked": 1170.0, "arrived": 1290.0, "ran": 1400.0, "drawn": 1620.0},
        {"shown": 1300.0, "asked": 1190.0, "arrived": 1270.0, "ran": 1380.0, "drawn": 1700.0},
    ])
    text = first_visit_steps(result, 950.0)
    assert "controls in the page at 1200 (the floor app's slider drawn at 950)" in text
    assert "Plotly asked for at 1170, arrived at 1270, run by 1380" in text
    assert "charts drawn 240 ms later" in text  # 1620 − 1380: after Plotly ran, which came last


def test_a_first_visit_whose_steps_were_not_recorded_says_nothing_of_them():
    assert first_visit_steps(BrowserResult(), 950.0) == ""
    missing_plotly = {"shown": 1100.0, "asked": None, "arrived": None, "ran": None, "drawn": 1500.0}
    assert first_visit_steps(BrowserResult(panel_steps=[missing_plotly]), 950.0) == ""
