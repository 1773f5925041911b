"""A tab's first page with a live panel comes in two runs: the panel alone, then, once the browser
reports the panel drawn, the whole page (ui/live_panel.py, ``live_panel``). The browser's side
(the report after the first frame) is tested in tests/browser/test_first_frame.py."""

from __future__ import annotations

import json

import pytest

from course.lessons import LESSONS
from course.true_class import MARGIN
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


def controls_of(at) -> list[str]:
    return [control["key"] for control in panels(at)[0]["controls"]]


def widgets_in_main(at) -> list[str]:
    """The keys of the Streamlit widgets the lesson draws (the page's toolbar aside)."""
    kinds = ("slider", "toggle", "radio", "select_slider", "selectbox", "number_input")
    return [widget.key for kind in kinds for widget in at.get(kind) if not widget.key.startswith("app_")]


@pytest.mark.parametrize(("slug", "address", "controls", "widgets"), [
    # Four classes given as logits: the panel has a logit slider per class.
    ("cce", {"cce_k": "4", "cce_logits": "true"}, ["cce_label", "cce_z0", "cce_z1", "cce_z2", "cce_z3"],
     {"cce_k": 4, "cce_logits": True}),
    # Five classes: five weights of y (kl_p…), five of the prediction (kl_q…).
    ("kl", {"kl_k": "5"}, [f"kl_p{index}" for index in range(5)] + [f"kl_q{index}" for index in range(5)],
     {"kl_k": 5}),
])
def test_controls_that_shape_the_panel_from_below_come_after_it_and_the_panel_has_their_values(
        slug, address, controls, widgets):
    first = open_page(slug, drawn=False, query_params=address)
    assert widgets_in_main(first) == []  # their code would hold the panel back
    assert controls_of(first) == controls
    whole = reported_drawn(first)
    assert {key: whole.session_state[key] for key in widgets} == widgets
    assert controls_of(whole) == controls


@pytest.mark.parametrize(("slug", "address", "hidden"), [
    ("compare_regression", {"compare_regression_show_mae": "false"}, "MAE"),
    ("compare_classification", {"compare_classification_show_hinge": "False"}, "Hinge"),
])
def test_switches_below_a_comparison_come_after_its_panel_and_the_panel_follows_them(slug, address, hidden):
    first = open_page(slug, drawn=False, query_params=address)
    assert widgets_in_main(first) == []

    def curves(at) -> list[str]:
        return [trace["name"] for trace in json.loads(panels(at)[0]["charts"][0]["figure"])["data"]
                if trace.get("mode") == "lines"]

    assert not [name for name in curves(first) if name.startswith(hidden)] and curves(first)
    whole = reported_drawn(first)
    assert whole.toggle(key=next(iter(address))).value is False
    assert curves(whole) == curves(first)


def test_the_x_axis_chosen_below_the_classification_comparison_shapes_its_first_panel():
    first = open_page("compare_classification", drawn=False,
                      query_params={"compare_classification_axis": MARGIN})
    whole = reported_drawn(first)
    assert whole.radio(key="compare_classification_axis").value == MARGIN

    def x_title(at) -> str:
        return json.loads(panels(at)[0]["charts"][0]["figure"])["layout"]["xaxis"]["title"]["text"]

    assert x_title(first) == x_title(whole) != x_title(open_page("compare_classification"))  # not the default


@pytest.mark.parametrize("address", [{"cce_k": "99"}, {"cce_k": "four"}, {"cce_logits": "maybe"}])
def test_a_tampered_link_gives_the_first_panel_the_defaults_and_no_error(address):
    first = open_page("cce", drawn=False, query_params=address)
    assert controls_of(first) == ["cce_label", "cce_p0", "cce_p1", "cce_p2"]  # three probabilities
    whole = reported_drawn(first)
    assert not whole.exception and page_end_shown(whole, "cce")


def test_the_classroom_switch_comes_after_a_first_panel_but_its_stylesheet_before():
    first = open_page("mse", drawn=False, query_params={"app_classroom": "on"})
    assert not [toggle for toggle in first.toggle if toggle.key == "app_classroom"]
    assert [html for html in first.get("html") if ".ll-readout-value" in html.proto.body]
    whole = reported_drawn(first)
    assert [toggle.value for toggle in whole.toggle if toggle.key == "app_classroom"] == [True]
