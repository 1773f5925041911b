"""The training lab's step player in a real browser (ui/step_player.py, .js): play moves the
step counter and the lines, pause stops them and one rerun brings the page's numbers and the
address to the step on screen, and the keyboard steps through the run."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from course.lessons import LESSONS
from course.numbers import fmt
from course.training import fit_line, line_data
from tests.browser.test_accessibility import check_page
from tests.browser.test_pages_in_browser import metric_value, open_in_browser

# The page's defaults: 3 outliers 30 above the line around x = 4.5, η = 0.05, 1000 steps.
STEPS = 1000
MSE = fit_line("mse", line_data(3, 30.0, 4.5), learning_rate=0.05, steps=STEPS)


def _player(page: Page):
    return page.locator(".sp-player")


def _counter(page: Page):
    return _player(page).locator("output.sp-step")


def _mse_line(page: Page) -> list[float]:
    """The y of the MSE line on the fit chart, as Plotly holds it."""
    return _player(page).locator(".js-plotly-plot").first.evaluate(
        "plot => Array.from(plot._fullData.find(trace => trace.name === 'MSE fit').y)")


def _wait_drawn(page: Page, condition: str) -> None:
    """Wait until the step Plotly last drew (``step``) meets ``condition``."""
    page.wait_for_function(
        f"() => {{ const step = Number(document.querySelector('.sp-player').parentElement.dataset.drawnStep);"
        f" return {condition}; }}")


def _agrees_with(page: Page, step: int) -> None:
    """The page below the player and the address show ``step``."""
    page.wait_for_function(
        f"() => new URLSearchParams(window.location.search).get('training_lab_step') === '{step}'")
    expect(metric_value(page, "MSE slope")).to_have_text(fmt(MSE.slopes[step]))
    expect(page.get_by_text(re.compile(rf"are those of step {step} of {STEPS}"))).to_be_visible()


def test_training_plays_pauses_and_steps_by_keyboard(page: Page, app_url: str, tmp_path: Path):
    sent: list = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    errors = open_in_browser(page, f"{app_url}/training_lab")
    expect(_counter(page)).to_have_text(f"Step {STEPS} of {STEPS}")  # it opens on the finished fit
    expect(metric_value(page, "MSE slope")).to_have_text(fmt(MSE.slope))

    page.get_by_role("button", name="Reset to step 0").click()
    expect(_counter(page)).to_have_text(f"Step 0 of {STEPS}")
    _agrees_with(page, 0)
    _wait_drawn(page, "step === 0")
    assert _mse_line(page) == [0.0, 0.0]  # w = b = 0: the line lies on the x axis

    page.get_by_label("Speed").select_option("5")
    before_play = len(sent)
    page.get_by_role("button", name="Play").click()
    _wait_drawn(page, "step >= 3")
    moving = _mse_line(page)
    assert moving != [0.0, 0.0]
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Play")).to_be_visible()
    # The pause is sent once: the address takes the step the player stopped on.
    page.wait_for_function("() => new URLSearchParams(location.search).get('training_lab_step') !== '0'")
    paused = int(page.evaluate("() => new URLSearchParams(location.search).get('training_lab_step')"))
    assert len(sent) - before_play == 1, "playing asked nothing of the server; the pause one message"
    assert 3 <= paused < STEPS
    _agrees_with(page, paused)
    # After that round trip to the server, the counter and the chart are still at that step: it stopped.
    expect(_counter(page)).to_have_text(f"Step {paused} of {STEPS}")
    _wait_drawn(page, f"step === {paused}")
    x_ends = [0.0, 5.0]
    assert _mse_line(page) == [MSE.slopes[paused] * x + MSE.intercepts[paused] for x in x_ends]

    # The keyboard: the step slider moves one step an arrow key, the Step button one a press.
    scrubber = page.get_by_role("slider", name="Step shown")
    scrubber.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(_counter(page)).to_have_text(f"Step {paused + 3} of {STEPS}")
    _agrees_with(page, paused + 3)
    page.get_by_role("button", name="Play").focus()
    page.keyboard.press("Tab")  # Tab reaches the Step button, next to Play, and Enter presses it
    expect(page.get_by_role("button", name="Step forward one step")).to_be_focused()
    page.keyboard.press("Enter")
    expect(_counter(page)).to_have_text(f"Step {paused + 4} of {STEPS}")
    _agrees_with(page, paused + 4)
    page.screenshot(path=str(tmp_path / "training-player.png"), full_page=True)
    assert not errors, errors


def test_a_link_opens_the_training_at_its_step(page: Page, app_url: str):
    errors = open_in_browser(page, f"{app_url}/training_lab?training_lab_step=7")
    expect(_counter(page)).to_have_text(f"Step 7 of {STEPS}")
    expect(metric_value(page, "MSE slope")).to_have_text(fmt(MSE.slopes[7]))
    expect(page.get_by_role("slider", name="Step shown")).to_have_value("7")
    assert not errors, errors


def test_the_training_lab_with_its_player_passes_axe(page: Page, app_url: str):
    (declared,) = [entry for entry in LESSONS if entry.slug == "training_lab"]
    assert check_page(page, app_url, declared) == []
