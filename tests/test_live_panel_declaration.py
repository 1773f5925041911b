"""A panel's JSON is kept per declaration and values (ui/live_panel.py ``_drawn``): two panels
may share a drawing only when they declare the same thing. These check the digest that decides
it on panels that differ by one detail each."""

from __future__ import annotations

import numpy as np

from ui.controls import SliderSpec
from ui.live_panel import Loss, Panel, Readout, Ref, X, _declaration, loss_and_gradient_charts

LABEL = SliderSpec("Label y", "t_label", -10.0, 10.0, 3.0, 0.1)
PREDICTION = SliderSpec("Prediction ŷ", "t_pred", -10.0, 10.0, 5.0, 0.1)


def panel(*, loss="mse", title="Squared error", high=10.0, grid=None, label=LABEL) -> Panel:
    y, y_hat = Ref(label.key), Ref(PREDICTION.key)
    return Panel("t", [label, PREDICTION], [Readout("Loss", Loss(loss, y, y_hat))],
                 loss_and_gradient_charts(
                     loss=lambda x: Loss(loss, y, x), grad=lambda x: Loss(loss, y, x, part="grad"),
                     current=y_hat, grid=grid if grid is not None else (PREDICTION.low, high),
                     x_title="Prediction ŷ", loss_name=title, drag=(PREDICTION.key, X)))


def test_the_same_declaration_built_twice_has_one_digest():
    assert _declaration(panel()) == _declaration(panel())


def test_each_detail_of_a_declaration_changes_its_digest():
    base = _declaration(panel())
    variants = {
        "loss": panel(loss="mae"),
        "title": panel(title="Squared error (per sample)"),
        "grid end": panel(high=10.5),
        "control range": panel(label=SliderSpec("Label y", "t_label", -10.0, 20.0, 3.0, 0.1)),
        "control step": panel(label=SliderSpec("Label y", "t_label", -10.0, 10.0, 3.0, 0.5)),
    }
    digests = {name: _declaration(variant) for name, variant in variants.items()}
    assert base not in digests.values()
    assert len(set(digests.values())) == len(digests)


def test_a_fixed_grid_differing_in_one_point_changes_the_digest():
    grid = np.linspace(0.001, 0.999, 300)
    other = grid.copy()
    other[150] += 1e-12
    assert _declaration(panel(grid=grid)) != _declaration(panel(grid=other))
    assert _declaration(panel(grid=grid)) == _declaration(panel(grid=grid.copy()))
