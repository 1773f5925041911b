"""A tab's first page with a live panel comes in two runs: the panel alone, then, once the browser
reports the panel drawn, the whole page (ui/live_panel.py, ``live_panel``). The browser's side
(the report after the first frame) is tested in tests/browser/test_first_frame.py."""

from __future__ import annotations

import pytest

from course.lessons import LESSONS
from tests.conftest import open_page, panels
from ui.course_path import next_label, previous_and_next, previous_label
from ui.live_panel import PANEL_DRAWN

PANEL_PAGES = {"home", "mse", "mae", "huber", "mape", "compare_regression", "bce", "cce", "sparse_cce",
               "hinge", "focal", "compare_classification", "kl", "poisson", "triplet", "gan"}
"""The pages whose lesson is a live panel (issue #10's 15 loss pages and the home page's dartboard)."""


def page_end_shown(at, slug: str) -> bool:
    """Whether the page's last element, the previous / next links of the course, is there."""
    before, after = previous_and_next(slug)
    expected = {previous_label(before)} if before else {next_label(after)}
    return expected <= {link.proto.label for link in at.get("page_link")}


def reported_drawn(at):
    """What the panel's "first frame" report does on the server (its callback), then the rerun."""
    at.session_state[PANEL_DRAWN] = "reported"
    return at.run()


@pytest.mark.parametrize("slug", [lesson.slug for lesson in LESSONS])
def test_a_tabs_first_panel_page_sends_its_panel_first_then_the_whole_page(slug):
    first = open_page(slug, drawn=False)
    if slug not in PANEL_PAGES:  # nothing to wait for: the whole page at once
        assert not panels(first) and page_end_shown(first, slug)
        return
    assert len(panels(first)) == 1 and not page_end_shown(first, slug)
    shown_first = len(list(first.main))

    whole = reported_drawn(first)
    assert not whole.exception, [e.value for e in whole.exception]
    assert page_end_shown(whole, slug) and panels(whole)
    assert len(list(whole.main)) > shown_first
    assert whole.session_state[PANEL_DRAWN] is True


def test_once_a_panel_has_drawn_in_the_tab_every_page_comes_whole():
    at = reported_drawn(open_page("mse", drawn=False))
    at.switch_page("app_pages/huber.py").run()
    assert not at.exception and page_end_shown(at, "huber")


def test_a_shared_link_keeps_the_values_of_the_controls_below_the_panel():
    # The outlier's slider is not drawn in the first run: its value must wait in the address.
    first = open_page("mse", drawn=False, query_params={"mse_outlier": "12.5", "mse_label": "2"})
    assert not first.slider and first.query_params["mse_outlier"] == "12.5"
    whole = reported_drawn(first)
    assert whole.slider(key="mse_outlier").value == 12.5
    assert whole.session_state["mse_label"] == 2.0
