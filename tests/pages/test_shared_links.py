"""Shared links: a link restores every control of a page, and a tampered link never breaks it.

Every page's sliders are bound to the URL (their key is the query parameter), so a teacher's
link opens the same view for every student. AppTest models the address a session starts with
(``query_params``), not the browser's address bar; tests/browser covers the latter.
"""

from __future__ import annotations

from urllib.parse import unquote_plus

import pytest

from course.lessons import LESSONS
from tests.conftest import open_page, panels

# The quiz and the guide have a select box and no number; your_data draws its sliders only
# once a file is loaded, and a file cannot travel in a link.
NO_NUMBERS_ON_LOAD = {"quiz", "choose", "your_data"}
PAGES_WITH_NUMBERS = [page for page in LESSONS if page.slug not in NO_NUMBERS_ON_LOAD]


def _numeric_controls(at):
    """(key, value, min, max) of every enabled slider and number box holding a number, the
    sliders of live panels included."""
    found = []
    for widget in [*at.slider, *at.number_input]:
        if widget.key and not widget.disabled and isinstance(widget.value, int | float):
            found.append((widget.key, widget.value, widget.min, widget.max))
    for panel in panels(at):
        found += [(control["key"], control["value"], control["min"], control["max"])
                  for control in panel["controls"] if control["kind"] == "slider"]
    return found


def _values(at) -> dict:
    return {key: value for key, value, _, _ in _numeric_controls(at)}


def _move(at, key: str, value: float):
    """Move a control as a student does: a Streamlit slider, or a live-panel slider (whose
    gesture ends with its value in session state)."""
    sliders = [widget for widget in at.slider if widget.key == key]
    if sliders:
        return sliders[0].set_value(value).run()
    at.session_state[key] = value
    return at.run()


def _other_end(value, low, high):
    """A valid value that is not the current one: the far end of the range."""
    return high if value != high else low


@pytest.mark.parametrize("declared", PAGES_WITH_NUMBERS, ids=lambda page: page.slug)
def test_a_link_with_every_number_set_restores_them(declared):
    controls = _numeric_controls(open_page(declared.slug))
    assert controls, f"{declared.page_file} shows no slider or number box"
    wanted = {key: _other_end(value, low, high) for key, value, low, high in controls}
    at = open_page(declared.slug, query_params={key: str(value) for key, value in wanted.items()})
    restored = {key: value for key, value, _, _ in _numeric_controls(at) if key in wanted}
    assert restored == pytest.approx(wanted)
    assert not at.error


def test_the_link_shown_on_the_page_holds_the_current_values():
    at = open_page("huber")
    _move(at, "huber_delta", 2.5)
    _move(at, "huber_pred", -4.0)
    link = next(code.value for code in at.code if "huber_delta=" in code.value)
    assert "huber_delta=2.5" in link and "huber_pred=-4.0" in link
    # ... and opening that link gives the same view.
    query = dict(part.split("=", 1) for part in link.split("?", 1)[1].split("&"))
    reopened = open_page("huber", query_params=query)
    assert _values(reopened)["huber_delta"] == 2.5
    assert _values(reopened)["huber_pred"] == -4.0


def test_a_preset_is_reflected_in_the_link():
    at = open_page("mape")
    at.button(key="mape_preset_0").click().run()
    link = next(code.value for code in at.code if "mape_" in code.value)
    assert "mape_label_a=1010" in link and "mape_pred_a=1000" in link


def test_a_select_box_link_uses_the_label_the_page_shows():
    at = open_page("choose")
    options = at.selectbox(key="choose_task").options
    at.selectbox(key="choose_task").set_value(options[-1]).run()
    link = next(code.value for code in at.code if "choose_task=" in code.value)
    query = dict(part.split("=", 1) for part in link.split("?", 1)[1].split("&"))
    reopened = open_page("choose", query_params={k: unquote_plus(v) for k, v in query.items()})
    assert reopened.selectbox(key="choose_task").value == at.selectbox(key="choose_task").value


TAMPERED = {
    "text instead of a number": {"huber_delta": "abc", "huber_pred": "five"},
    "out of range": {"huber_delta": "-5", "huber_pred": "1e9", "huber_label": "nan"},
    "unknown keys": {"delta": "2", "mse_pred": "7", "<script>": "alert(1)"},
    "a thousand parameters": {f"p{number}": str(number) for number in range(1000)},
    "a 100 kB value": {"huber_delta": "9" * 100_000},
}


@pytest.mark.parametrize("query", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_tampered_link_loads_the_defaults_without_an_error(query):
    defaults = _values(open_page("huber"))
    at = open_page("huber", query_params=query)
    assert not at.exception
    assert not at.error
    assert _values(at) == defaults


def test_a_half_valid_link_keeps_the_good_values_and_drops_the_bad():
    at = open_page("huber", query_params={"huber_delta": "2.5", "huber_pred": "abc"})
    assert _values(at)["huber_delta"] == 2.5
    assert _values(at)["huber_pred"] == 5.0  # the default
    assert not at.error
