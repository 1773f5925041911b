"""A tab's first lesson: its live panel is drawn before the rest of the page is sent, the panel
reports its first frame once, and the rest (worked calculation, table, footer, the course path)
follows with the values of a shared link. The server's side is tested in
tests/pages/test_first_panel_page.py."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from bench.classroom import AgentSession, _walk, panels
from tests.browser.live_panel_gestures import sent_to_server
from tests.browser.test_pages_in_browser import open_in_browser, wait_for_app

# When the panel's charts were all first drawn, and when the page's end (the course path) and the
# outlier's slider first appeared, on the page's own clock.
TIMELINE = """
window.__seen = {};
new MutationObserver(() => {
  const now = performance.now();
  const charts = [...document.querySelectorAll('.ll-chart')];
  if (!window.__seen.panel && charts.length && charts.every((plot) => plot.querySelector('svg.main-svg')))
    window.__seen.panel = now;
  if (!window.__seen.end && document.querySelector('.st-key-app_course_path')) window.__seen.end = now;
  if (!window.__seen.outlier && document.querySelector('.st-key-mse_outlier')) window.__seen.outlier = now;
}).observe(document, { childList: true, subtree: true });
"""


def _reports(frames: list) -> int:
    return sum(1 for frame in frames if isinstance(frame, bytes) and b"first_frame" in frame)


def test_the_panel_is_drawn_before_the_rest_of_the_first_page_arrives(page: Page, app_url: str):
    page.add_init_script(TIMELINE)
    frames = sent_to_server(page)
    errors = open_in_browser(page, f"{app_url}/mse?mse_outlier=12.5&mse_label=2")
    seen = page.evaluate("window.__seen")
    assert seen["panel"] < seen["end"] and seen["panel"] < seen["outlier"], seen
    assert _reports(frames) == 1
    # The rest of the page came with the shared link's values, and the link still holds them.
    expect(page.locator(".st-key-mse_outlier input[type=range]")).to_have_value("12.5")
    expect(page.locator(".ll-control input[type=range]").first).to_have_value("2")
    assert "mse_outlier=12.5" in page.url
    assert not errors, errors


def test_the_next_lesson_in_the_same_tab_comes_whole(page: Page, app_url: str):
    open_in_browser(page, f"{app_url}/mse")
    frames = sent_to_server(page)
    page.locator(".st-key-app_course_path").get_by_role("link", name="Next: Mean absolute error →").click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("Mean absolute error")
    wait_for_app(page)  # the page's end and its drawn panel
    assert _reports(frames) == 0


def test_a_program_on_the_agent_api_gets_the_whole_page_at_once(agent_app_url: str):
    # Nothing draws an agent's panel, so nothing would report a first frame: the page comes whole
    # (the bench reads every page's shape this way too).
    session = AgentSession(agent_app_url)
    for page in ("mse", "huber", ""):
        session.open(page)
        keys = {node.get("key") for node in _walk(session.snapshot.get("tree", {}))}
        assert "app_course_path" in keys, (page, sorted(k for k in keys if k))
        assert panels(session.snapshot), page
    fresh = AgentSession(agent_app_url).open("mse")  # a tab's first page, below its panel
    assert "mse_outlier" in {action.get("key") for action in fresh["actions"]}
