"""A step player: a computation that runs in steps (gradient descent), computed whole in Python,
sent once, and played back by the browser (ui/step_player.js) with play, pause, step and reset
buttons, a speed and a step slider.

A rerun per frame would be far too slow and would load the server: the page computes every
step's numbers (``series``, by name), the charts' figures and how each animated trace follows
the step (``Line``, ``Trail``); the browser moves through the steps with requestAnimationFrame.
When the student pauses (or steps, or resets), the step goes back to Python once, and one rerun
brings the page's numbers and the address into agreement with the step on screen.

Python draws the figures at the current step itself (``figures_at``), with the same rules the
browser follows, so that the page's first draw and every rerun show exactly what Python holds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import streamlit as st

from ui.classroom import for_the_room
from ui.figures import Figure, _typed_arrays

_HERE = Path(__file__).parent
_SCRIPT = "\n".join((_HERE / name).read_text(encoding="utf-8")
                    for name in ("plotly_loader.js", "step_player.js"))
COMPONENT_NAME = "loss_lab_step_player"
SPEEDS = (1, 5, 20, 100, 500)
"""The steps per second the speed control offers."""
DEFAULT_SPEED = 100


@dataclass(frozen=True)
class Line:
    """Trace ``trace`` of chart ``chart`` is the straight line ``y = slope[k]·x + intercept[k]``
    at the given x, for the step k on screen (a series shorter than the run, one that was
    stopped early, keeps its last value)."""

    chart: int
    trace: int
    x: tuple[float, ...]
    slope: str
    intercept: str

    def frame(self, series: Mapping[str, np.ndarray], step: int) -> tuple[np.ndarray, np.ndarray]:
        slopes, intercepts = series[self.slope], series[self.intercept]
        index = min(step, len(slopes) - 1)
        x = np.asarray(self.x, dtype=float)
        return x, slopes[index] * x + intercepts[index]

    def to_json(self) -> dict:
        return {"kind": "line", "chart": self.chart, "trace": self.trace, "x": list(self.x),
                "slope": self.slope, "intercept": self.intercept}


@dataclass(frozen=True)
class Trail:
    """Trace ``trace`` of chart ``chart`` is the series against the step, from step ``first`` (or,
    with ``length``, from the ``length``-th last step) up to the step on screen. ``relative``
    divides it by its value at step 0."""

    chart: int
    trace: int
    series: str
    first: int = 0
    length: int | None = None
    relative: bool = False

    def frame(self, series: Mapping[str, np.ndarray], step: int) -> tuple[np.ndarray, np.ndarray]:
        values = series[self.series]
        last = min(step, len(values) - 1)
        start = self.first if self.length is None else max(self.first, last - self.length + 1)
        steps = np.arange(start, last + 1)
        y = values[start:last + 1] / (values[0] if self.relative else 1.0)
        return steps.astype(float), np.asarray(y, dtype=float)

    def to_json(self) -> dict:
        return {"kind": "trail", "chart": self.chart, "trace": self.trace, "series": self.series,
                "first": self.first, "length": self.length, "relative": self.relative}


Animation = Line | Trail


def figures_at(figures: Sequence[Figure], animations: Sequence[Animation], series: Mapping[str, np.ndarray],
               step: int) -> list[Figure]:
    """The figures with every animated trace drawn for ``step`` (what the browser shows there)."""
    drawn = [Figure([dict(trace) for trace in figure.data], figure.layout) for figure in figures]
    for animation in animations:
        x, y = animation.frame(series, step)
        trace = drawn[animation.chart].data[animation.trace]
        trace["x"], trace["y"] = x, y
    return drawn


def current_step(key: str, steps: int) -> int:
    """The step to show, from 0 to ``steps``: the one the player last sent, else the address's,
    else the last step. A player at the last step stays at the last step when a run's length
    changes (the end of training is where a page opens); any other step is kept (clipped)."""
    in_address = st.query_params.get(key)
    from_url = _parse_step(in_address, steps)
    written, end = f"_address_of_{key}", f"_end_of_{key}"
    if key not in st.session_state:
        st.session_state[key] = steps if from_url is None else from_url
    elif from_url is not None and in_address != st.session_state.get(written):
        st.session_state[key] = from_url  # a link opened in this session, or the back button
    elif st.session_state.get(end) == st.session_state[key]:
        st.session_state[key] = steps
    step = min(max(int(st.session_state[key]), 0), steps)
    st.session_state[key] = step
    st.session_state[end] = steps
    if st.query_params.get(key) != str(step):
        st.query_params[key] = str(step)
    st.session_state[written] = str(step)
    return step


def _parse_step(raw, steps: int) -> int | None:
    try:
        value = int(str(raw))
    except (TypeError, ValueError):
        return None
    return value if 0 <= value <= steps else None


def _player_key(key: str) -> str:
    return f"{key}_player"


def _paused(key: str) -> None:
    """The step the browser paused on, written where the page reads it."""
    sent = (st.session_state.get(_player_key(key)) or {}).get("step") or {}
    value = sent.get("step") if isinstance(sent, Mapping) else None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        st.session_state[key] = value


def step_player(key: str, *, steps: int, step: int, figures: Sequence[Figure],
                animations: Sequence[Animation], series: Mapping[str, np.ndarray], label: str) -> None:
    """Draw the player: its buttons, the step, and ``figures`` at ``step``, the animated traces
    following ``animations``. ``series`` are sent once as exact binary float64; ``label`` names
    the group of controls for a screen reader ("Training")."""
    drawn = figures_at(figures, animations, series, step)
    data = {
        "steps": steps,
        "step": step,
        "label": label,
        "speeds": list(SPEEDS),
        "speed": DEFAULT_SPEED,
        "figures": [for_the_room(figure.to_json()) for figure in drawn],  # taller in classroom mode
        "animations": [animation.to_json() for animation in animations],
        "series": {name: _typed_arrays(np.asarray(values, dtype=float)) for name, values in series.items()},
    }
    _component()(
        key=_player_key(key),
        data={"player": json.dumps(data)},
        on_step_change=lambda: _paused(key),
        width="stretch",
        height="content",
    )


def _component():
    # Registered on every call: Streamlit keeps components per runtime (each AppTest has its own).
    return st.components.v2.component(COMPONENT_NAME, js=_SCRIPT, isolate_styles=False)
