"""The app's chart component (ui/plotly_chart.py): its Plotly copy, its keys and its labels."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from plotly.offline import get_plotlyjs_version

from ui.figures import Curve, curve_figure, grid
from ui.plotly_chart import chart_key, chart_label

ROOT = Path(__file__).resolve().parent.parent


def test_served_plotly_is_the_version_the_plotly_package_builds_figures_for():
    # The charts draw with the Plotly bundle the app serves from static/; the figures are built
    # by the pinned plotly package. Upgrading one means upgrading the other.
    script = (ROOT / "ui" / "plotly_loader.js").read_text(encoding="utf-8")
    served = re.search(r'const PLOTLY_URL = "app/static/([^"]+)"', script).group(1)
    header = (ROOT / "static" / served).read_text(encoding="utf-8")[:200]
    assert f"plotly.js (basic - minified) v{get_plotlyjs_version()}" in header


def test_static_serving_is_on_for_the_plotly_copy():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True


def _figure(title: str, x_title: str = "Prediction ŷ"):
    x = grid(-1.0, 1.0, 5)
    return curve_figure(title, x_title, "Loss", [Curve("loss", x, x**2)])


def test_a_chart_keeps_its_key_when_only_numbers_in_its_title_change():
    assert chart_key(_figure("Loss at y = 3.5")) == chart_key(_figure("Loss at y = -12,000"))


def test_charts_with_different_titles_or_axes_get_different_keys():
    keys = {chart_key(_figure("Squared error")), chart_key(_figure("Absolute error")),
            chart_key(_figure("Squared error", x_title="Label y"))}
    assert len(keys) == 3


def test_a_chart_is_labelled_for_screen_readers_by_its_title_and_axes():
    assert chart_label(_figure("Squared error against prediction ŷ")) == \
        "Squared error against prediction ŷ (x: Prediction ŷ, y: Loss)"
