"""The end of a gesture on a live panel, as the server sees it: one message, as Chromium sends
it (bench/gestures.py speaks the same websocket protocol), that reruns the panel's fragment only
and brings the panel and the page below it to the new values.

These run against the served app of the browser tests, without a browser: the classroom bench
moves its students the same way, so these also check that what it measures is a real gesture."""

from __future__ import annotations

import asyncio
import json
import random
from concurrent.futures import ThreadPoolExecutor

from bench.gestures import BrowserStudent
from course.numbers import fmt
from ui.live_panel import COMPONENT_NAME


def _gesture(app_url: str, page: str, moves: int = 1):
    """Open ``page`` as a browser tab, make ``moves`` gestures; return the student and the
    messages of the last one."""

    async def run():
        student = BrowserStudent(app_url.replace("http://", "ws://") + "/_stcore/stream")
        await student.open(page)
        sent = []
        original = student._run

        async def recording(rerun):
            sent.append(rerun)
            messages = await original(rerun)
            sent.append(messages)
            return messages

        student._run = recording
        try:
            for _ in range(moves):
                await student.move(random.Random(3))
        finally:
            await student.close()
        return student, sent[-2], sent[-1]

    # In a thread of its own: Playwright's sync API already runs an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


def _deltas(messages):
    return [message for message in messages if message.WhichOneof("type") == "delta"]


def _panel(messages) -> dict:
    for message in _deltas(messages):
        element = message.delta.new_element
        if element.WhichOneof("type") == "bidi_component" \
                and element.bidi_component.component_name.endswith(COMPONENT_NAME):
            return json.loads(json.loads(element.bidi_component.json)["panel"])
    raise AssertionError("the rerun sent no panel")


def test_a_gesture_on_mse_reruns_only_the_panels_fragment_and_the_panel_follows(app_url):
    student, rerun, messages = _gesture(app_url, "mse")
    target = student.target
    assert target.key == "mse_label"
    # What was sent: the browser's trigger, scoped to the panel's fragment.
    assert rerun.rerun_script.fragment_id == target.fragment_id != ""
    deltas = _deltas(messages)
    assert deltas, "the gesture's rerun drew nothing"
    # Only the fragment was drawn again: not the title, not the quiz, not the footer.
    assert {message.delta.fragment_id for message in deltas} == {target.fragment_id}
    texts = " ".join(message.delta.new_element.markdown.body for message in deltas)
    assert "Check yourself" not in texts
    # The panel and its headline number follow the new label (MSE of one sample, by hand).
    panel = _panel(messages)
    values = {control["key"]: control["value"] for control in panel["controls"]}
    assert values["mse_label"] == target.value
    assert panel["readouts"][0]["text"] == fmt((values["mse_pred"] - values["mse_label"]) ** 2)


def test_the_worked_calculation_follows_the_gesture(app_url):
    student, _, messages = _gesture(app_url, "mse", moves=2)
    label = student.target.panel_values["mse_label"]
    prediction = student.target.panel_values["mse_pred"]
    latex = [message.delta.new_element.markdown.body for message in _deltas(messages)
             if message.delta.new_element.markdown.body.startswith("$$")]
    assert latex, "no worked calculation in the gesture's rerun"
    squared = fmt((label - prediction) ** 2).replace(",", "{,}")
    assert any(squared in body for body in latex), (squared, latex)


def test_a_gesture_on_the_dartboard_reruns_its_fragment_only(app_url):
    student, rerun, messages = _gesture(app_url, "")
    assert student.target.key == "home_dart1_x"
    assert rerun.rerun_script.fragment_id == student.target.fragment_id != ""
    assert {message.delta.fragment_id for message in _deltas(messages)} == {student.target.fragment_id}
    panel = _panel(messages)
    shown = {control["key"]: control["value"] for control in panel["controls"]}
    assert shown["home_dart1_x"] == student.target.value
