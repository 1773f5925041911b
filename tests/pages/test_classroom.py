"""Classroom mode and the share button (ui/classroom.py, ui/share_link.py): one switch, read from
the address and kept there, and one "Copy link to this view" button, on every page. What they do
in the browser (the sidebar, the prose, the type, the clipboard) is in
tests/browser/test_classroom_and_share_link.py."""

from __future__ import annotations

import json
import re

import pytest

from course.lessons import LESSONS
from tests.conftest import assert_what_validation_gives, open_page, players, sent_figures
from ui.classroom import STYLESHEET
from ui.share_link import COMPONENT_NAME as SHARE_COMPONENT

SWITCH = "app_classroom"


def share_buttons(at) -> list:
    return [element for element in at.get("bidi_component")
            if element.proto.component_name == SHARE_COMPONENT]


def switches(at) -> list:
    return [toggle for toggle in at.toggle if toggle.key == SWITCH]


def heights(at) -> list[int]:
    return [figure["layout"]["height"] for figure in sent_figures(at)]


def tick_sizes(at) -> list[int]:
    return [figure["layout"]["xaxis"]["tickfont"]["size"] for figure in sent_figures(at)]


def all_larger(these: list, those: list) -> bool:
    return len(these) == len(those) and all(big > small for big, small in zip(these, those, strict=True))


@pytest.mark.parametrize("declared", LESSONS, ids=lambda one: one.slug)
def test_every_page_has_one_share_button_and_one_classroom_switch(declared):
    at = open_page(declared.slug)
    assert len(share_buttons(at)) == 1
    assert len(switches(at)) == 1 and switches(at)[0].value is False
    assert "Link to this view" not in [expander.label for expander in at.expander]  # the old box is gone


@pytest.mark.parametrize("said", ["on", "true", "ON", "1", "yes"])
def test_a_link_in_classroom_mode_opens_in_classroom_mode_and_the_address_keeps_it(said):
    at = open_page("mse", query_params={SWITCH: said})
    assert switches(at)[0].value is True
    assert at.query_params[SWITCH] == "on"
    assert not at.exception


@pytest.mark.parametrize("said", ["off", "false", "", "maybe", "<script>"])
def test_anything_else_in_the_address_leaves_classroom_mode_off(said):
    at = open_page("mse", query_params={SWITCH: said})
    assert switches(at)[0].value is False
    assert SWITCH not in at.query_params
    assert not at.exception


def test_switching_classroom_mode_on_and_off_writes_the_address_and_resizes_the_charts():
    at = open_page("mse")
    normal, normal_ticks = heights(at), tick_sizes(at)
    assert normal and SWITCH not in at.query_params
    at.toggle(key=SWITCH).set_value(True).run()
    assert at.query_params[SWITCH] == "on"
    assert all_larger(heights(at), normal) and all_larger(tick_sizes(at), normal_ticks)
    at.toggle(key=SWITCH).set_value(False).run()
    assert SWITCH not in at.query_params
    assert heights(at) == normal and tick_sizes(at) == normal_ticks


def test_classroom_mode_stays_on_from_page_to_page():
    at = open_page("mse", query_params={SWITCH: "on"})
    at.switch_page("app_pages/mae.py").run()
    assert switches(at)[0].value is True
    assert at.query_params[SWITCH] == "on"


@pytest.mark.parametrize("slug", ["mse", "home", "compare_classification"])
def test_charts_in_classroom_mode_are_still_what_validation_gives(slug):
    at = open_page(slug, query_params={SWITCH: "on"})
    figures = sent_figures(at)
    assert figures
    for index, figure in enumerate(figures):
        assert_what_validation_gives(figure, f"{slug} chart {index}")


def classroom_styles(at) -> list:
    rule = ".ll-readout-value"  # a selector only the classroom stylesheet has
    return [html for html in at.get("html") if rule in html.proto.body]


def test_the_classroom_stylesheet_is_on_the_page_only_in_classroom_mode():
    # Streamlit's sanitiser drops a style element whose text holds "<" and a letter.
    assert not re.search(r"<[/\w!]", STYLESHEET.read_text(encoding="utf-8"))
    at = open_page("mse")
    assert classroom_styles(at) == []
    at.toggle(key=SWITCH).set_value(True).run()
    assert len(classroom_styles(at)) == 1
    at.toggle(key=SWITCH).set_value(False).run()
    assert classroom_styles(at) == []


def test_the_training_labs_player_charts_are_taller_in_classroom_mode():
    def player_heights(at) -> list[int]:
        return [json.loads(figure)["layout"]["height"] for figure in players(at)[0]["figures"]]

    usual = player_heights(open_page("training_lab"))
    in_class = player_heights(open_page("training_lab", query_params={"app_classroom": "on"}))
    assert usual and all_larger(in_class, usual)
