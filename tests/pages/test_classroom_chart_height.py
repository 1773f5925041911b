"""Classroom mode's chart heights (ui/classroom.py ``room_height``): taller, but a chart made to
fit under a lesson's header stays within a 1280×720 projector."""

from __future__ import annotations

import json

from tests.conftest import open_page, panels, players
from ui.classroom import CHART_HEIGHT_SCALE, ROOM_CHART_MAX_HEIGHT


def panel_heights(at) -> list[int]:
    return [json.loads(chart["figure"])["layout"]["height"]
            for panel in panels(at) for chart in panel["charts"]]


def test_the_home_pages_dartboard_grows_only_up_to_the_limit():
    # The dartboard would be 588 px at 1.4 times: below a 720 px projector's fold under the title
    # and presets.
    usual = panel_heights(open_page("home"))
    in_class = panel_heights(open_page("home", query_params={"app_classroom": "on"}))
    assert usual and max(usual) * CHART_HEIGHT_SCALE > ROOM_CHART_MAX_HEIGHT
    assert max(in_class) == ROOM_CHART_MAX_HEIGHT
    assert all(normal < room <= ROOM_CHART_MAX_HEIGHT for normal, room in zip(usual, in_class, strict=True))


def test_a_lessons_panel_charts_still_grow_by_the_classroom_scale():
    usual = panel_heights(open_page("mse"))
    in_class = panel_heights(open_page("mse", query_params={"app_classroom": "on"}))
    assert usual and all(room == round(normal * CHART_HEIGHT_SCALE)
                         for normal, room in zip(usual, in_class, strict=True))


def test_a_chart_taller_than_the_limit_keeps_growing_by_the_scale():
    # The training lab's player, a page's own view, is not held to a lesson header's limit.
    def player_heights(at) -> list[int]:
        return [json.loads(figure)["layout"]["height"] for figure in players(at)[0]["figures"]]

    usual = player_heights(open_page("training_lab"))
    in_class = player_heights(open_page("training_lab", query_params={"app_classroom": "on"}))
    assert usual and min(usual) > ROOM_CHART_MAX_HEIGHT
    assert in_class == [round(height * CHART_HEIGHT_SCALE) for height in usual]
