"""A student with only a keyboard: a lesson (/mse), the quiz and "Your own numbers".

Tab walks through each page's content: it must reach every control, and the focused control
must look different from the unfocused one (a focus ring, a border, a shadow: compared on
screen, pixel by pixel). Then each kind of control is used from the keyboard and the page must
answer: a slider moves with the arrow keys, a button and an expander open with Enter or Space, a
quiz answer is chosen and checked, pasted numbers give results, the link is copied.

Controls are found by their role and label, as a screen reader finds them, not by Streamlit's
class names.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Locator, Page, expect

from course.numbers import fmt
from course.quiz import load_questions, questions_in, section_of
from losses import mse
from tests.browser.test_pages_in_browser import metric_value, open_in_browser, wait_for_app
from ui.content import section

MAIN = '[data-testid="stMain"]'
QUESTIONS = load_questions()
MAX_STOPS = 120
# The controls a walk must reach: everything focusable a student can use.
CONTROLS = "button, a[href], input, textarea, select, summary, [role=slider], [role=combobox]"


@dataclass
class Stop:
    """One Tab stop: what it is, as a screen reader names it, and whether focus showed."""

    description: str
    visible_focus: bool
    in_grid: bool = False  # inside a table's grid (st.dataframe), which draws its own focus


def _describe_focus(page: Page) -> dict | None:
    """The focused element, if it is in the page's content: its description and the box it
    shows on screen (a visually hidden input, such as a slider's, shows through an ancestor)."""
    return page.evaluate(
        """(main) => {
            const element = document.activeElement;
            if (!element || !element.closest(main)) return null;
            (window.__tabbed ||= new Set()).add(element);
            let shown = element;
            while (shown.parentElement && (shown.getBoundingClientRect().width < 8
                                           || shown.getBoundingClientRect().height < 8)) {
                shown = shown.parentElement;
            }
            const box = shown.getBoundingClientRect();
            const name = element.getAttribute("aria-label") || element.labels?.[0]?.innerText
                         || element.innerText || element.getAttribute("title") || "";
            return {
                // A table's grid draws itself on a canvas and hands the focus on to cells of
                // the table inside the canvas (what a screen reader reads): its focus is
                // drawn by the grid, on its own time (ui/page_style.css rings the canvas).
                grid: element.tagName === "CANVAS" || !!element.closest("canvas"),
                description: element.tagName.toLowerCase() + (element.type ? `[${element.type}]` : "")
                             + ` "${name.trim().replace(/\\s+/g, " ").slice(0, 60)}"`,
                box: {x: box.x, y: box.y, width: box.width, height: box.height},
            };
        }""",
        MAIN,
    )


def _clip(page: Page, box: dict, margin: int = 6) -> dict:
    """The box with room for a ring drawn around it, inside the window."""
    viewport = page.viewport_size
    x, y = max(box["x"] - margin, 0), max(box["y"] - margin, 0)
    right = min(box["x"] + box["width"] + margin, viewport["width"])
    bottom = min(box["y"] + box["height"] + margin, viewport["height"])
    return {"x": x, "y": y, "width": max(right - x, 1), "height": max(bottom - y, 1)}


def _settle(page: Page) -> None:
    """Two animation frames: styles of the new focus state are painted."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def tab_through(page: Page, start: Locator) -> list[Stop]:
    """Press Tab from ``start`` until the focus leaves the page's content; at each stop compare
    the screen around the focused control with the same place once the focus is taken away."""
    start.click()  # where a reader's Tab starts: the page's title (not itself focusable)
    stops: list[Stop] = []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        _settle(page)
        focused = _describe_focus(page)
        if focused is None:
            return stops
        clip = _clip(page, focused["box"])
        with_focus = page.screenshot(clip=clip, animations="disabled", caret="initial")
        handle = page.evaluate_handle("() => document.activeElement")
        page.evaluate("element => element.blur()", handle)
        _settle(page)
        without_focus = page.screenshot(clip=clip, animations="disabled", caret="initial")
        page.evaluate("element => element.focus()", handle)  # Tab goes on from here
        stops.append(Stop(focused["description"], with_focus != without_focus, focused["grid"]))
    pytest.fail(f"more than {MAX_STOPS} Tab stops: the focus never left the page's content")


def unreached_controls(page: Page) -> list[str]:
    """The visible controls of the content that no Tab stop reached (a radio group counts as
    reached when one of its radios was: the arrow keys move inside it)."""
    return page.evaluate(
        """([main, controls]) => {
            const tabbed = window.__tabbed || new Set();
            const visible = element => element.checkVisibility({visibilityProperty: true})
                && !element.disabled && element.getAttribute("tabindex") !== "-1";
            const reached = element => {
                if (tabbed.has(element)) return true;
                const group = element.type === "radio" && element.closest("[role=radiogroup]");
                return group && [...tabbed].some(other => group.contains(other));
            };
            return [...document.querySelector(main).querySelectorAll(controls)]
                .filter(element => visible(element) && !reached(element))
                .map(element => element.outerHTML.slice(0, 160));
        }""",
        [MAIN, CONTROLS],
    )


def walk_the_page(page: Page) -> list[Stop]:
    """Tab through the content and check what every keyboard user needs from it."""
    stops = tab_through(page, page.locator(f"{MAIN} h1").first)
    assert stops, "Tab reached nothing in the page's content"
    hidden = [stop.description for stop in stops if not stop.visible_focus and not stop.in_grid]
    assert not hidden, f"focus does not show on: {hidden}"
    missed = unreached_controls(page)
    assert not missed, f"Tab never reaches: {missed}"
    grids = page.locator(f"{MAIN} canvas")
    if grids.count():  # a table's grid is reached, as one stop at least
        assert any(stop.in_grid for stop in stops), "Tab never reaches the table's grid"
    return stops


def _names(stops: list[Stop]) -> str:
    return "\n".join(stop.description for stop in stops)


def test_a_lesson_by_keyboard(page: Page, app_url: str):
    errors = open_in_browser(page, f"{app_url}/mse")
    stops = walk_the_page(page)
    for control in ("Copy link to this view", "Classroom mode", "Perfect prediction", "Off by 4", "Label y",
                    "Prediction ŷ", "Outlier"):
        assert control in _names(stops), f"Tab skips {control!r}:\n{_names(stops)}"

    main = page.locator(MAIN)
    loss = metric_value(page, "MSE (this sample)")
    # A slider: the arrow keys move it, the page recomputes.
    prediction = main.get_by_role("slider", name="Prediction ŷ")
    prediction.focus()
    before = prediction.input_value()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(prediction).not_to_have_value(before)
    moved = float(prediction.input_value())
    assert moved == pytest.approx(float(before) - 0.2)
    expect(loss).to_have_text(fmt(mse(3.0, moved)))
    # A button: Enter and Space press it.
    main.get_by_role("button", name="Off by 4").focus()
    page.keyboard.press("Enter")
    expect(loss).to_have_text(fmt(mse(3.0, 7.0)))
    expect(prediction).to_have_value("7")
    main.get_by_role("button", name="Perfect prediction").focus()
    page.keyboard.press(" ")
    expect(loss).to_have_text(fmt(mse(3.0, 3.0)))
    # The copy button: Enter presses it, it says what it did, and the address it copies holds
    # the values just set.
    copy = main.get_by_role("button", name="Copy link to this view")
    copy.focus()
    expect(copy).to_be_focused()
    page.keyboard.press("Enter")
    expect(main.locator(".ll-share").get_by_role("status")).not_to_be_empty()
    page.wait_for_function("() => window.location.search.includes('mse_pred=3')")
    assert not errors, errors


def test_the_quiz_by_keyboard(page: Page, app_url: str):
    # One section's questions (the section chooser, from the address): the walk stays short.
    question = next(question for question in QUESTIONS if question.kind == "choice")
    errors = open_in_browser(page, f"{app_url}/quiz?{urlencode({'quiz_section': section_of(question)})}")
    main = page.locator(MAIN)
    first = main.get_by_role("radiogroup", name="Your answer").first
    expect(first).to_be_visible()
    assert questions_in(QUESTIONS, section_of(question))[0] == question
    walk_the_page(page)

    right = question.options.index(question.answer)
    # Tab into the group, Space picks the first option, the arrow keys move the choice.
    first.get_by_role("radio").first.focus()
    page.keyboard.press(" ")
    for _ in range(right):
        page.keyboard.press("ArrowDown")
    expect(first.get_by_role("radio").nth(right)).to_be_checked()
    wait_for_app(page)
    page.keyboard.press("Tab")
    check = main.get_by_role("button", name="Check").first
    expect(check).to_be_focused()
    page.keyboard.press("Enter")
    expect(main.get_by_text("Right.", exact=True)).to_be_visible()
    score = section("quiz", "Score", section=section_of(question), right=1, checked=1, all_right=1,
                    all_checked=1).replace("*", "").replace("\n", " ")
    expect(main.get_by_text(score)).to_be_visible()
    # The reset button, from the keyboard.
    main.get_by_role("button", name="Reset the quiz").focus()
    page.keyboard.press(" ")
    expect(main.get_by_text(section("quiz", "No score yet").split(":")[0])).to_be_visible()
    assert not errors, errors


def test_your_own_numbers_by_keyboard(page: Page, app_url: str):
    errors = open_in_browser(page, f"{app_url}/your_data")
    walk_the_page(page)

    main = page.locator(MAIN)
    paste = main.get_by_role("textbox", name="…or paste CSV text")
    paste.focus()
    page.keyboard.type("y_true,y_pred\n3,2.5\n-0.5,0.1\n2,2\n")
    page.keyboard.press("Control+Enter")  # Streamlit's "apply" for a text area
    wait_for_app(page)
    expect(main.get_by_text("Read 3 rows")).to_be_visible()
    expect(main.get_by_role("heading", name="The results")).to_be_visible()
    expected = mse([3, -0.5, 2], [2.5, 0.1, 2])
    expect(main.locator('[data-testid="stMetric"]').filter(has_text=fmt(expected)).first).to_be_visible()
    assert not errors, errors
