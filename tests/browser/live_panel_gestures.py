"""What the browser tests of the live panel share: opening a lesson until its panel is drawn,
a mouse drag with the button held, the messages the page sends the server, the texts a readout
shows during a gesture and the point the first chart marks."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.test_pages_in_browser import open_in_browser

MOVES = 30
"""Pointer moves of a drag: 30 in about a second, as a student drags."""


def open_panel(page: Page, url: str) -> list[str]:
    """Open a lesson and wait until its live panel's charts are drawn; return its console errors."""
    errors = open_in_browser(page, url)
    page.wait_for_function("""() => document.querySelectorAll('.ll-chart').length > 0
        && [...document.querySelectorAll('.ll-chart')].every(plot => plot.data?.length > 0)""")
    return errors


def sent_to_server(page: Page) -> list:
    """Every websocket frame the page sends from now on (the list keeps growing)."""
    sent: list = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    return sent


def drag(page: Page, box: dict, start: float, end: float) -> None:
    """Press at ``start`` (a fraction of the box's width) and move to ``end`` in MOVES steps over
    about a second; the button stays held."""
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * start, y)
    page.mouse.down()
    for step in range(1, MOVES + 1):
        page.mouse.move(box["x"] + box["width"] * (start + (end - start) * step / MOVES), y)
        page.wait_for_timeout(1000 // MOVES)


def watch_readout(page: Page, label: str) -> None:
    """Record in ``window.__readouts`` every text the readout labelled ``label`` shows."""
    page.evaluate("""(label) => {
        window.__readouts = [];
        const box = [...document.querySelectorAll('.ll-readout')]
            .find((node) => node.querySelector('.ll-readout-label').textContent === label);
        const value = box.querySelector('.ll-readout-value');
        new MutationObserver(() => window.__readouts.push(value.textContent))
            .observe(value, {childList: true, characterData: true, subtree: true});
    }""", label)


def first_chart_marker(page: Page) -> list[float]:
    """The first marked point of the panel's first chart as Plotly holds it now: [x, y], with
    the real y of a point drawn at the edge because it lies off the scale."""
    page.wait_for_function("() => document.querySelector('.ll-chart')?.data?.length > 0")
    return page.locator(".ll-chart").first.evaluate(
        "plot => { const t = plot.data.filter(t => (t.mode || '').includes('markers'))[0];"
        " return [t.x[0], t.customdata ? t.customdata[0] : t.y[0]]; }")
