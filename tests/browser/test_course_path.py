"""The path through the course in a real browser: a student walks the whole course from the home
page with "Next" alone and comes back with "←"; the browser remembers the lessons visited and the
quiz score across a reload (ui/course_progress.js), ticks them in the sidebar, offers to continue
where the student stopped, forgets on request, and does without where it may not remember.

Each test has a browser context of its own: a fresh localStorage, as a new student's browser.
The expected texts are content/lessons/app.md's, filled in by Python (``ui.content.section``).
"""

from __future__ import annotations

from itertools import pairwise
from urllib.parse import urlencode, urlsplit

from playwright.sync_api import Locator, Page, expect

from course.lessons import LESSONS, lesson
from tests.browser.test_pages_in_browser import open_in_browser, page_title, wait_for_app
from ui.content import CONTENT_DIR, parse_sections, section
from ui.quiz import load_questions, questions_of

MAIN = '[data-testid="stMain"]'
NAVIGATION = '[data-testid="stSidebarNav"]'
QUESTIONS = load_questions()
STORAGE_KEY = "loss-lab-progress"


def heading_of(slug: str) -> str:
    """The page's h1: its lesson file's title."""
    return parse_sections((CONTENT_DIR / "lessons" / f"{slug}.md").read_text(encoding="utf-8"))["title"]


def progress(page: Page) -> Locator:
    return page.locator(MAIN).get_by_role("region", name=section("app", "Progress heading"))


def visited_text(count: int) -> str:
    return section("app", "Lessons visited", visited=count, total=len(LESSONS))


def next_link(page: Page, slug: str) -> Locator:
    return page.locator(MAIN).get_by_role("link", name=f"Next: {lesson(slug).title} →", exact=True)


def back_link(page: Page, slug: str) -> Locator:
    return page.locator(MAIN).get_by_role("link", name=f"← {lesson(slug).title}", exact=True)


def assert_on(page: Page, app_url: str, slug: str) -> None:
    """The page shown is the lesson's, at the lesson's address."""
    expect(page_title(page)).to_have_text(heading_of(slug))
    expected = urlsplit(f"{app_url}/{lesson(slug).address}").path
    assert urlsplit(page.url).path.rstrip("/") == expected.rstrip("/")


def follow(page: Page, link: Locator) -> None:
    link.click()
    wait_for_app(page)


def ticked(page: Page) -> list[str]:
    """The lessons the sidebar marks as visited, by their address, in the sidebar's order."""
    hrefs = page.locator(f"{NAVIGATION} a[data-ll-visited]").evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(href).path.strip("/") for href in hrefs]


def kept(page: Page) -> dict | None:
    return page.evaluate(f"() => JSON.parse(window.localStorage.getItem({STORAGE_KEY!r}))")


def test_next_alone_walks_the_whole_course_and_previous_goes_back(page: Page, app_url: str):
    errors = open_in_browser(page, f"{app_url}/")
    assert_on(page, app_url, LESSONS[0].slug)
    expect(page.locator(MAIN).get_by_role("link", name="← ")).to_have_count(0)
    for before, after in pairwise(LESSONS):
        follow(page, next_link(page, after.slug))
        assert_on(page, app_url, after.slug)
        expect(back_link(page, before.slug)).to_be_visible()
    expect(page.locator(MAIN).get_by_role("link", name="Next: ")).to_have_count(0)
    # Back one, from the keyboard.
    back = back_link(page, LESSONS[-2].slug)
    back.focus()
    page.keyboard.press("Enter")
    wait_for_app(page)
    assert_on(page, app_url, LESSONS[-2].slug)
    expect(progress(page).get_by_text(visited_text(len(LESSONS)), exact=True)).to_be_visible()
    assert not errors, errors


def test_the_lessons_visited_survive_a_reload(page: Page, app_url: str):
    open_in_browser(page, f"{app_url}/")
    expect(progress(page).get_by_text(visited_text(1), exact=True)).to_be_visible()
    expect(page.locator(MAIN).get_by_role("link", name="Continue:")).to_have_count(0)  # a first visit
    for one in LESSONS[1:4]:
        follow(page, next_link(page, one.slug))
    expect(progress(page).get_by_text(visited_text(4), exact=True)).to_be_visible()

    page.reload()
    wait_for_app(page)
    assert_on(page, app_url, LESSONS[3].slug)
    expect(progress(page).get_by_text(visited_text(4), exact=True)).to_be_visible()
    open_in_browser(page, f"{app_url}/")
    expect(progress(page).get_by_text(visited_text(4), exact=True)).to_be_visible()
    assert ticked(page) == [one.address for one in LESSONS[:4]]
    assert sorted(kept(page)["visited"]) == sorted(one.slug for one in LESSONS[:4])
    # The first lesson not visited yet, in the course's order, one click away.
    first_unvisited = LESSONS[4]
    carry_on = page.locator(MAIN).get_by_role(
        "link", name=section("app", "Continue", title=first_unvisited.title), exact=True)
    expect(carry_on).to_be_visible()
    assert urlsplit(carry_on.get_attribute("href")).path.strip("/") == first_unvisited.address
    follow(page, carry_on)
    assert_on(page, app_url, first_unvisited.slug)
    expect(progress(page).get_by_text(visited_text(5), exact=True)).to_be_visible()


def test_forgetting_clears_the_progress(page: Page, app_url: str):
    open_in_browser(page, f"{app_url}/")
    follow(page, next_link(page, LESSONS[1].slug))
    follow(page, next_link(page, LESSONS[2].slug))
    expect(progress(page).get_by_text(visited_text(3), exact=True)).to_be_visible()
    forget = progress(page).get_by_role("button", name=section("app", "Forget my progress"))
    forget.focus()
    page.keyboard.press("Enter")
    expect(progress(page).get_by_text(visited_text(0), exact=True)).to_be_visible()
    expect(progress(page).get_by_role("status")).to_have_text(section("app", "Forgotten"))
    assert ticked(page) == []
    assert (kept(page) or {}).get("visited", []) == []

    open_in_browser(page, f"{app_url}/")  # a new visit starts afresh: this page alone
    expect(progress(page).get_by_text(visited_text(1), exact=True)).to_be_visible()
    assert ticked(page) == [LESSONS[0].address]
    expect(page.locator(MAIN).get_by_role("link", name="Continue:")).to_have_count(0)


def test_the_quiz_score_survives_a_reload(page: Page, app_url: str):
    question = next(one for one in QUESTIONS if one.kind == "choice")
    in_section = [one for one in QUESTIONS if lesson(one.lesson).section == lesson(question.lesson).section]
    filter_to = {"quiz_lesson": heading_of(question.lesson)}
    assert questions_of(QUESTIONS, question.lesson)[0] == question  # the first question shown
    open_in_browser(page, f"{app_url}/quiz?{urlencode(filter_to)}")
    no_score = section("app", "No quiz score", total=len(QUESTIONS))
    expect(progress(page).get_by_text(no_score, exact=True)).to_be_visible()
    main = page.locator(MAIN)
    group = main.get_by_role("radiogroup", name="Your answer").first
    group.get_by_role("radio").nth(question.options.index(question.answer)).check(force=True)
    wait_for_app(page)
    main.get_by_role("button", name="Check").first.click()
    wait_for_app(page)
    expect(main.get_by_text("Right.", exact=True)).to_be_visible()
    score = section("app", "Quiz score", right=1, checked=1, total=len(QUESTIONS))
    in_its_section = section("app", "Quiz section score", section=lesson(question.lesson).section,
                             right=1, checked=1, total=len(in_section))
    expect(progress(page).get_by_text(score, exact=True)).to_be_visible()

    page.reload()
    wait_for_app(page)
    # The session's answers are gone (the quiz page says so); the browser kept the score.
    expect(main.get_by_text(section("quiz", "No score yet").split(":")[0])).to_be_visible()
    expect(progress(page).get_by_text(score, exact=True)).to_be_visible()
    expect(progress(page).get_by_text(in_its_section, exact=True)).to_be_visible()
    # The new session's first answer is wrong: 0 right of 1 is not better than the score kept.
    wrong = next(index for index, option in enumerate(question.options) if option != question.answer)
    group.get_by_role("radio").nth(wrong).check(force=True)
    wait_for_app(page)
    main.get_by_role("button", name="Check").first.click()
    wait_for_app(page)
    expect(main.get_by_text("Not quite.", exact=True)).to_be_visible()
    expect(progress(page).get_by_text(score, exact=True)).to_be_visible()


def test_a_browser_that_refuses_storage_still_has_the_whole_course(page: Page, app_url: str):
    # A private window that refuses this site's storage: reading and writing throw.
    page.add_init_script(f"""(() => {{
        for (const name of ["getItem", "setItem", "removeItem"]) {{
            const original = Storage.prototype[name];
            Storage.prototype[name] = function (key, ...rest) {{
                if (key === {STORAGE_KEY!r}) throw new DOMException("refused", "SecurityError");
                return original.call(this, key, ...rest);
            }};
        }}
    }})()""")
    errors = open_in_browser(page, f"{app_url}/")
    expect(progress(page).get_by_text(section("app", "Not remembered"))).to_be_visible()
    expect(progress(page).get_by_role("button")).to_have_count(0)
    follow(page, next_link(page, LESSONS[1].slug))
    assert_on(page, app_url, LESSONS[1].slug)
    expect(progress(page).get_by_text(section("app", "Not remembered"))).to_be_visible()
    assert ticked(page) == []
    assert not errors, errors
