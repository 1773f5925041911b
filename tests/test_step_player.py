"""The step player's frames (ui/step_player.py): what an animated trace shows at a step, the rules
ui/step_player.js follows in the browser (tests/browser/test_training_player.py)."""

from __future__ import annotations

import numpy as np
import pytest

from ui.figures import Figure
from ui.step_player import Line, Trail, figures_at

SERIES = {"w": np.array([0.0, 1.0, 2.0, 3.0]), "b": np.array([5.0, 4.0, 3.0, 2.0]),
          "cost": np.array([8.0, 4.0, 2.0, 1.0]), "short": np.array([1.0, 9.0])}


def test_a_line_is_the_weights_of_its_step():
    x, y = Line(0, 0, (0.0, 10.0), "w", "b").frame(SERIES, 2)
    assert list(x) == [0.0, 10.0] and list(y) == [3.0, 23.0]  # y = 2x + 3


def test_a_run_stopped_early_keeps_its_last_values():
    _, y = Line(0, 0, (1.0,), "short", "short").frame(SERIES, 3)
    assert list(y) == [18.0]  # 9·1 + 9, the last step it has
    steps, values = Trail(0, 0, "short").frame(SERIES, 3)
    assert list(steps) == [0.0, 1.0] and list(values) == [1.0, 9.0]


@pytest.mark.parametrize(("trail", "step", "steps", "values"), [
    (Trail(0, 0, "cost"), 2, [0, 1, 2], [8.0, 4.0, 2.0]),
    (Trail(0, 0, "cost", first=1, relative=True), 3, [1, 2, 3], [0.5, 0.25, 0.125]),
    (Trail(0, 0, "cost", length=2), 3, [2, 3], [2.0, 1.0]),
    (Trail(0, 0, "cost", length=2), 0, [0], [8.0]),
    (Trail(0, 0, "cost", first=1), 0, [], []),
])
def test_a_trail_runs_up_to_the_step(trail, step, steps, values):
    x, y = trail.frame(SERIES, step)
    assert list(x) == steps and list(y) == values


def test_figures_at_fills_the_animated_traces_and_leaves_the_figure_given_alone():
    figure = Figure([{"name": "line", "x": [], "y": []}, {"name": "fixed", "x": [1], "y": [1]}], {})
    (drawn,) = figures_at([figure], [Line(0, 0, (0.0, 1.0), "w", "b")], SERIES, 1)
    assert list(drawn.data[0]["y"]) == [4.0, 5.0] and drawn.data[1] == {"name": "fixed", "x": [1], "y": [1]}
    assert figure.data[0]["y"] == []
