"""A student takes one section of the quiz in Chromium, with the keyboard and the mouse: the
score and the progress follow every check, and "Next section" opens the next section from its
top, with the keyboard's focus on its button.

The numeric answers are typed from the independent references (tests/quiz_references.py), not
from the app.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from course.quiz import load_questions, questions_in, sections_in
from tests.browser.test_pages_in_browser import open_in_browser, wait_for_app
from tests.quiz_references import reference_value
from ui.content import section

MAIN = '[data-testid="stMain"]'
QUESTIONS = load_questions()
FIRST, SECOND = sections_in(QUESTIONS)[:2]


def score_text(name: str, right: int, checked: int) -> str:
    """The score at the top of the page as the browser shows it (this section is the whole quiz so far)."""
    return section("quiz", "Score", section=name, right=right, checked=checked, all_right=right,
                   all_checked=checked).replace("*", "").replace("\n", " ")


def progress_text(name: str | None, checked: int, total: int) -> str:
    """A progress bar's text: of a section, or of the whole quiz (None)."""
    if name is None:
        return section("quiz", "Quiz progress", checked=checked, total=total)
    return section("quiz", "Section progress", section=name, checked=checked, total=total)


IN_VIEW = """(selector) => {
    const box = document.querySelector(selector).getBoundingClientRect();
    const header = document.querySelector('[data-testid="stHeader"]');
    const below = header ? header.getBoundingClientRect().bottom : 0;
    return box.top >= below - 1 && box.top < window.innerHeight;
}"""
"""Whether the element's top is inside the window, below the app's header."""


def test_a_section_taken_by_keyboard_and_mouse_scores_as_it_goes(page: Page, app_url: str):
    page.set_viewport_size({"width": 1280, "height": 720})
    errors = open_in_browser(page, f"{app_url}/quiz")
    main = page.locator(MAIN)
    chooser = main.get_by_role("radiogroup", name="Section of the course")
    expect(chooser.get_by_role("radio", name=FIRST)).to_be_checked()
    scoreboard = main.locator(".st-key-quiz_scoreboard")  # not the progress kept in the browser, below
    expect(scoreboard.get_by_text(section("quiz", "No score yet").split(":")[0])).to_be_visible()

    asked = questions_in(QUESTIONS, FIRST)
    boxes = main.locator('[data-testid="stVerticalBlock"]').filter(
        has=page.get_by_role("button", name="Check", exact=True)).filter(
        has_not=page.get_by_role("button", name="Reset the quiz"))
    right = 0
    for number, question in enumerate(asked, start=1):
        box = boxes.nth(number - 1)
        expect(box).to_contain_text(question.prompt.split("\n")[0][:40])
        wrong_on_purpose = number == 2  # one miss: the score must tell right from checked
        if question.kind == "choice":
            wrong = next(option for option in question.options if option != question.answer)
            # The mouse: click the option's label.
            box.get_by_text(wrong if wrong_on_purpose else question.answer, exact=True).click()
            wait_for_app(page)
            box.get_by_role("button", name="Check", exact=True).click()
        else:
            value = reference_value(question) + (10 * question.tolerance + 1 if wrong_on_purpose else 0)
            # The keyboard: type the number, Enter applies it, Tab to Check, Enter presses it.
            number_box = box.get_by_role("spinbutton", name="Your answer")
            number_box.focus()
            page.keyboard.type(f"{value:.4f}")
            page.keyboard.press("Enter")
            wait_for_app(page)
            box.get_by_role("button", name="Check", exact=True).focus()
            page.keyboard.press("Enter")
        wait_for_app(page)
        right += not wrong_on_purpose
        verdict = "Not quite" if wrong_on_purpose else "Right"
        expect(box.get_by_text(verdict).first).to_be_visible()
        # The running score under the feedback, where the student is looking...
        running = box.locator("p").filter(has_text="Score so far:")
        expect(running).to_contain_text(f"{FIRST} {right} right of {number} checked")
        # ...and at the top, with the progress.
        expect(main.get_by_text(score_text(FIRST, right, number))).to_have_count(1)
        expect(main.get_by_text(progress_text(FIRST, number, len(asked)))).to_be_visible()
        expect(main.get_by_text(progress_text(None, number, len(QUESTIONS)))).to_be_visible()

    # The end of the section: the next one, from its top, with the focus on its button.
    next_button = main.get_by_role("button", name=f"Next section: {SECOND}")
    next_button.scroll_into_view_if_needed()
    assert not page.evaluate(IN_VIEW, ".st-key-quiz_section")
    next_button.focus()
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(chooser.get_by_role("radio", name=SECOND)).to_be_checked()
    expect(chooser.get_by_role("radio", name=SECOND)).to_be_focused()
    page.wait_for_function(IN_VIEW, arg=".st-key-quiz_section")
    assert f"quiz_section={SECOND}" in page.url
    expect(main.get_by_text(progress_text(SECOND, 0, len(questions_in(QUESTIONS, SECOND))))).to_be_visible()
    expect(main.get_by_text(progress_text(None, len(asked), len(QUESTIONS)))).to_be_visible()
    expect(main.get_by_text(score_text(FIRST, right, len(asked)))).to_have_count(0)
    # The chooser itself from the keyboard: an arrow key picks the section before.
    page.keyboard.press("ArrowLeft")
    wait_for_app(page)
    expect(chooser.get_by_role("radio", name=FIRST)).to_be_checked()
    expect(main.get_by_text(progress_text(FIRST, len(asked), len(asked)))).to_be_visible()
    assert not errors, errors
