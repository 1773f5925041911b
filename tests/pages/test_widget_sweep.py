"""The sweep: on every page of app.py, push every control to its extremes and through all its
options, click every button, and check after each change that the page neither raises nor
shows a NaN or an infinity.

The page-specific tests check that numbers are right; this one checks that no reachable
state is broken. Pages come from app.py, so a new page is swept as soon as it is declared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from streamlit.proto.NumberInput_pb2 import NumberInput as NumberInputProto
from streamlit.proto.Slider_pb2 import Slider as SliderProto
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from course.lessons import LESSONS, ROOT
from tests.conftest import chart_specs, open_page, panels, screen_text

# Collections of AppTest widgets the sweep drives, by the name of their AppTest accessor.
WIDGET_KINDS = (
    "slider", "select_slider", "number_input", "selectbox", "radio", "segmented_control", "pills",
    "multiselect", "toggle", "checkbox", "button",
)
# Widgets that appear only after another widget changed are swept in later rounds.
MAX_ROUNDS = 3
# Where a number input has no bound, a student can still type a large number.
UNBOUNDED_REACH = 1e6

# "nan", "inf", "-inf", "−inf", "NaN", "Inf" as words; not "information", "infinite", "nanometre".
NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)


def _static_prose_lines() -> set[str]:
    """Every line of the lesson texts as written (before placeholders are filled).

    A line that appears on screen exactly as it is in content/ is prose a teacher typed
    ("a log of 0 would be -inf, so Keras clips"), not a computed value.
    """
    lines = set()
    for path in sorted((ROOT / "content").rglob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and "{{" not in line:
                lines.add(line.strip())
    return lines


STATIC_PROSE = _static_prose_lines()


def _chart_text(at: AppTest) -> Iterator[str]:
    """The words a chart shows: titles, axis titles, legend names, annotations, bar labels."""

    def title(node) -> str:
        if isinstance(node, dict):
            return str(node.get("text", ""))
        return str(node or "")

    for spec in chart_specs(at):
        layout = spec.get("layout", {})
        yield title(layout.get("title"))
        for name, axis in layout.items():
            if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
                yield title(axis.get("title"))
        for annotation in layout.get("annotations", []):
            yield str(annotation.get("text", ""))
        for trace in spec.get("data", []):
            yield str(trace.get("name", ""))
            if isinstance(trace.get("text"), list | str):
                yield str(trace["text"])


def _everything_on_screen(at: AppTest) -> str:
    parts = [screen_text(at)]
    parts.extend(f"{m.label} {m.proto.delta}" for m in at.metric if m.proto.delta)
    parts.extend(str(table.value) for table in at.get("table"))
    parts.extend(_chart_text(at))
    return "\n".join(parts)


def nan_or_inf_shown(at: AppTest) -> list[str]:
    """The lines on screen that show a NaN or an infinity, outside prose typed in content/."""
    return [
        line.strip()
        for line in _everything_on_screen(at).splitlines()
        if NAN_OR_INF.search(line) and line.strip() not in STATIC_PROSE
    ]


def _find(at: AppTest, kind: str, widget_id: str):
    """The widget with this id after the latest run, or None if the page no longer shows it."""
    return next((widget for widget in getattr(at, kind) if widget.id == widget_id), None)


def _number(value: float, data_type) -> float | int:
    return round(value) if data_type == SliderProto.DataType.INT else float(value)


def _choose_option(widget, option: str):
    """Select ``option`` (the text the widget shows) as a click in the browser would.

    AppTest accepts the shown text as the value; when a ``format_func`` turns that text into
    something else, send the shown text directly, as the frontend does.
    """
    if widget.type == "multiselect":
        widget.set_value([option])
    else:
        widget.set_value(option)
    try:
        widget._widget_state  # noqa: B018 - serialising now tells whether AppTest understands it
    except (ValueError, KeyError, TypeError):
        state = WidgetState(id=widget.id)
        if widget.type in ("selectbox", "radio"):
            state.string_value = option
        else:
            state.string_array_value.data[:] = [option]
        widget.__class__ = type(type(widget).__name__, (type(widget),),
                                {"_widget_state": property(lambda _self: state)})
    return widget


def _actions(widget) -> list[tuple[str, Callable]]:
    """What a student can do with this widget: (description, action on a fresh handle)."""
    kind = widget.type
    if kind == "slider":
        data_type = widget.proto.data_type
        if data_type not in (SliderProto.DataType.INT, SliderProto.DataType.FLOAT):
            return []
        low, high = _number(widget.proto.min, data_type), _number(widget.proto.max, data_type)
        if isinstance(widget.value, list | tuple):
            return [(f"range {low}..{low}", lambda w: w.set_range(low, low)),
                    (f"range {high}..{high}", lambda w: w.set_range(high, high)),
                    (f"range {low}..{high}", lambda w: w.set_range(low, high))]
        return [(f"= {low}", lambda w: w.set_value(low)), (f"= {high}", lambda w: w.set_value(high))]
    if kind == "number_input":
        data_type = widget.proto.data_type
        start = widget.value if widget.value is not None else 0
        low = widget.min if widget.min is not None else start - UNBOUNDED_REACH
        high = widget.max if widget.max is not None else start + UNBOUNDED_REACH
        as_number = int if data_type == NumberInputProto.DataType.INT else float
        low, high = as_number(low), as_number(high)
        return [(f"= {low}", lambda w: w.set_value(low)), (f"= {high}", lambda w: w.set_value(high))]
    if kind in ("select_slider", "selectbox", "radio", "button_group", "multiselect"):
        options = list(widget.options)
        return [(f"= {option!r}", lambda w, option=option: _choose_option(w, option)) for option in options]
    if kind in ("toggle", "checkbox"):
        # Both states, ending on the one that differs from the default, so widgets that
        # only exist when the switch is flipped are swept in the next round.
        current = bool(widget.value)
        return [(f"= {current}", lambda w: w.set_value(current)),
                (f"= {not current}", lambda w: w.set_value(not current))]
    if kind == "button":
        return [("click", lambda w: w.click())]
    return []


def _panel_actions(control: dict) -> list[tuple[str, object]]:
    """A live-panel control's ends (a slider) or options (a choice): (description, value)."""
    if control["kind"] == "slider":
        return [(f"= {value}", value) for value in (control["min"], control["max"])]
    return [(f"= {option['label']!r}", option["label"]) for option in control["options"]]


def _describe(widget) -> str:
    return f"{widget.type} {widget.key or getattr(widget, 'label', '') or widget.id!r}"


def _check(at: AppTest, what: str) -> None:
    assert not at.exception, f"after {what}: {[exception.value for exception in at.exception]}"
    shown = nan_or_inf_shown(at)
    assert not shown, f"after {what}, the page shows NaN or inf: {shown}"


def sweep(at: AppTest) -> list[str]:
    """Drive every enabled widget through its actions, checking the page after each run.

    Returns what was done, for the failure messages and to check the sweep did something.
    """
    done: list[str] = []
    swept: set[str] = set()
    for _ in range(MAX_ROUNDS):
        pending = [(kind, widget.id) for kind in WIDGET_KINDS for widget in getattr(at, kind)
                   if widget.id not in swept and not getattr(widget.proto, "disabled", False)]
        pending_controls = [control for panel in panels(at) for control in panel["controls"]
                            if f"panel:{control['key']}" not in swept]
        if not pending and not pending_controls:
            break
        for control in pending_controls:
            swept.add(f"panel:{control['key']}")
            for description, value in _panel_actions(control):
                what = f"panel control {control['key']} {description}"
                at.session_state[control["key"]] = value  # what the browser sends when a gesture ends
                at.run()
                done.append(what)
                _check(at, what)
        for kind, widget_id in pending:
            swept.add(widget_id)
            widget = _find(at, kind, widget_id)
            if widget is None or getattr(widget.proto, "disabled", False):
                continue  # an earlier change hid or disabled it
            for description, act in _actions(widget):
                widget = _find(at, kind, widget_id)
                if widget is None or getattr(widget.proto, "disabled", False):
                    break
                what = f"{_describe(widget)} {description}"
                act(widget)
                at.run()
                done.append(what)
                _check(at, what)
    return done


@pytest.mark.parametrize("declared", LESSONS, ids=lambda page: page.slug)
def test_no_control_breaks_the_page(declared):
    at = open_page(declared.slug)
    _check(at, f"opening {declared.page_file}")
    done = sweep(at)
    # A page that has widgets must have been driven through them.
    widgets = sum(len(getattr(at, kind)) for kind in WIDGET_KINDS) + len(panels(at))
    assert done or not widgets, f"{declared.page_file} has widgets but the sweep moved none"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [("MSE 4", False), ("loss = nan", True), ("NaN", True), ("−inf", True), ("-inf", True),
     ("inf", True), ("information about infinite sums", False), ("nanometre", False),
     ("x = Inf.", True), ("| 3 | NaN |", True), ("\\infty", False), ("math.inf", False)],
)
def test_the_nan_inf_pattern_matches_numbers_not_words(text, flagged):
    assert bool(NAN_OR_INF.search(text)) is flagged



def _every_kind_of_control(with_bug: bool):
    """A stand-in page with one control of each kind the sweep drives (run by AppTest)."""
    import math

    import streamlit as st

    labels = {"a": "Option A", "b": "Option B"}
    value = st.slider("Float", 0.0, 1.0, 0.5, key="demo_float")
    st.slider("Int", 0, 10, 5, key="demo_int")
    st.slider("Range", 0.0, 1.0, (0.2, 0.8), key="demo_range")
    st.select_slider("Steps", options=[0.1, 0.5, 1.0], value=0.5, key="demo_steps")
    st.number_input("Count", min_value=1, max_value=9, value=3, key="demo_count")
    st.number_input("Free", value=2.0, key="demo_free")
    st.selectbox("Choice", ["a", "b"], format_func=labels.get, key="demo_choice")
    st.radio("Radio", ["x", "y"], key="demo_radio")
    st.segmented_control("Segmented", ["p", "q"], key="demo_segmented")
    st.pills("Pills", ["u", "v"], key="demo_pills")
    st.multiselect("Many", ["m", "n"], key="demo_many")
    st.checkbox("Check", key="demo_check")
    if st.toggle("More", key="demo_more"):
        st.slider("Hidden until More is on", 1.0, 2.0, 1.5, key="demo_hidden")
    st.button("Reset", key="demo_reset")
    if with_bug:  # the end of the float slider's range shows a logarithm of zero
        st.metric("Log", f"{math.log(1 - value) if value < 1 else -math.inf}")
    else:
        st.metric("Log", f"{math.log(1 - value) if value < 1 else 'undefined'}")


def test_the_sweep_drives_every_kind_of_control():
    done = sweep(AppTest.from_function(_every_kind_of_control, args=(False,)).run())
    swept = {what.split(" ", 2)[1].strip("'") for what in done}
    assert swept == {"demo_float", "demo_int", "demo_range", "demo_steps", "demo_count", "demo_free",
                     "demo_choice", "demo_radio", "demo_segmented", "demo_pills", "demo_many",
                     "demo_check", "demo_more", "demo_hidden", "demo_reset"}


def test_the_sweep_catches_an_infinity_on_screen():
    with pytest.raises(AssertionError, match=re.escape("demo_float' = 1.0, the page shows NaN or inf")):
        sweep(AppTest.from_function(_every_kind_of_control, args=(True,)).run())
