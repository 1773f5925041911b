"""Every chart a page sends is exactly what Plotly's full validation makes of it.

ui/figures.py builds figures from plain dicts without validating them, because validation was
most of a slider move's server time (bench/RESULTS.md). This test is where the validation
went: a misspelt property, a wrong type or a shorthand Plotly would rewrite fails here.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from tests.app_pages import declared_pages
from tests.conftest import _decode, open_page


@pytest.mark.parametrize("declared", declared_pages(), ids=lambda page: page.url_path)
def test_charts_are_what_validation_gives(declared):
    at = open_page(declared.name)
    for chart in at.get("plotly_chart"):
        sent = json.loads(chart.proto.spec)
        validated = json.loads(pio.to_json(go.Figure(sent), validate=False))
        title = sent["layout"].get("title")
        assert _decode(validated) == _decode(sent), f"chart {title} on /{declared.url_path}"
