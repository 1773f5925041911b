"""A chart's margins hold its axes and legend from the start (ui/figures.py, ``room_below``): Plotly's
automargin then has nothing to push, and lays each chart out once, not twice, on a first visit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.live_panel_gestures import open_panel

# Pushed by how much, left and below, for each of the page's panel charts.
PUSHED = """() => [...document.querySelectorAll('.ll-chart')].map((plot) => {
  const size = plot._fullLayout._size, margin = plot.layout.margin;
  return [plot.layout.title.text, Math.round(size.l - margin.l), Math.round(size.b - margin.b)];
})"""


@pytest.mark.parametrize("slug", ["mse", "mae", "huber", "bce", "kl", "focal", "gan"])
def test_the_panel_charts_are_laid_out_once(page: Page, app_url: str, slug: str):
    page.set_viewport_size({"width": 1366, "height": 900})
    open_panel(page, f"{app_url}/{slug}")
    charts = page.evaluate(PUSHED)
    assert charts
    assert all(left <= 0 and below <= 0 for _, left, below in charts), charts
