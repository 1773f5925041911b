"""Every chart a page sends is exactly what Plotly's full validation makes of it.

ui/figures.py builds figures from plain dicts without validating them, because validation was
most of a slider move's server time (bench/RESULTS.md). This test is where the validation
went: a misspelt property, a wrong type or a shorthand Plotly would rewrite fails here.
"""

from __future__ import annotations

import pytest

from course.lessons import LESSONS
from tests.conftest import assert_what_validation_gives, open_page, sent_figures


@pytest.mark.parametrize("declared", LESSONS, ids=lambda page: page.slug)
def test_charts_are_what_validation_gives(declared):
    at = open_page(declared.slug)
    for sent in sent_figures(at):
        assert_what_validation_gives(sent, f"chart {sent['layout'].get('title')} on /{declared.address}")
