"""Drag: does the page follow the student's finger? (issue #10)

A student drags a lesson's first control for about a second, button held, and watches the
chart and the headline number. For each page with a range control (a live panel's first range
input, `.ll-control input[type=range]`; on a page still on Streamlit sliders, its first slider's
thumb), in Chromium:

- **Drag**: the mouse presses on the control's thumb, makes 30 moves over 35 % of its width in
  about a second (one every 1/30 s, paced on the clock), and is released. The page records, with
  ``bench.browser.PROBE_JS``, every pointer event (its ``timeStamp``, and the state the page
  showed when it arrived) and every animation frame (sampled after the page's own frame
  callbacks, just before the paint: the identity of the first chart's ``data`` and the text of
  the panel's readouts, all of them: on the triplet lesson the first, the loss, stays 0 for most
  of a drag of the anchor while the distances beside it move). A move *reached the screen* when a
  frame after it and no later than the next move (the release, for the last) shows both the
  chart's data and the readouts changed from what the page showed when the move arrived. Its
  *move → screen* time is from the move's ``timeStamp`` to the first such frame, whenever it
  came (on a Streamlit page, after the release). The share reached counts against the 30 moves sent.
- **Keyboard**: the control focused, arrow presses (one every 100 ms, towards the far end of
  the range), each timed the same way from its keydown to the frame showing the change.
- **Server**: the websocket frames the page sends (Playwright ``framesent``) while the button
  is held, and after the release until the page has settled: a live panel sends none during a
  gesture and one (the gesture's values, then one rerun) after it.

The floor is a bare HTML page served from 127.0.0.1 by this module: one range input, one
readout and one Plotly chart (the app's own static/plotly-basic.min.js) redrawn in the
``input`` handler, with no server behind it; it is dragged and keyed the same way, at the
start and at the end of the section (pooled).
"""

from __future__ import annotations

import http.server
import statistics
import threading
import time
from dataclasses import dataclass, field

from playwright.sync_api import Browser, Error, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.browser import PANEL_RANGE, PROBE_JS, SETTLE_TIMEOUT_MS, SETTLED_JS, VIEWPORT
from bench.classroom import percentile
from bench.server import HOST, ROOT

MOVES = 30
"""Pointer moves of one drag, in DRAG_SECONDS."""
DRAG_SECONDS = 1.0
DRAG_SPAN = 0.35
"""How far a drag goes, as a share of the control's width (towards its far end)."""
KEY_INTERVAL_SECONDS = 0.1
AFTER_RELEASE_SECONDS = 5.0
"""The longest wait, after a release, for the page to send its values and settle."""
QUIET_SECONDS = 0.4
"""A page has settled after a gesture when nothing was sent for this long (the live panel sends
its keyboard values 350 ms after the last key)."""
PAGE_BUDGET_SECONDS = 120
STREAMLIT_THUMB = '[data-testid="stSlider"] [role="slider"]'

PLOTLY_FILE = ROOT / "static" / "plotly-basic.min.js"
FLOOR_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Drag floor</title>
<script src="/plotly-basic.min.js"></script>
<style>body { font-family: sans-serif; margin: 4rem 5rem; } .ll-control { width: 22rem; }
.ll-control input { width: 100%; } .ll-readout-value { font-size: 1.6rem; font-weight: 600; }
.ll-chart { width: 36rem; height: 280px; }</style></head>
<body>
<div class="ll-control"><label for="floor">Label y</label>
  <input type="range" id="floor" min="-10" max="10" step="0.1" value="3"></div>
<p>Squared error <span class="ll-readout-value"></span></p>
<div class="ll-chart"></div>
<script>
// The least a browser can do per move: one loss curve of 301 points and the point, recomputed
// and handed to Plotly.react in the input event itself, and one number.
const input = document.getElementById("floor");
const readout = document.querySelector(".ll-readout-value");
const chart = document.querySelector(".ll-chart");
const xs = Array.from({ length: 301 }, (_, i) => -10 + (20 * i) / 300);
const PREDICTION = 5;
function draw() {
  const label = Number(input.value);
  const loss = (PREDICTION - label) ** 2;
  readout.textContent = loss.toFixed(2);
  Plotly.react(chart, [
    { type: "scatter", mode: "lines", x: xs, y: xs.map((x) => (x - label) ** 2), name: "loss" },
    { type: "scatter", mode: "markers", x: [PREDICTION], y: [loss], name: "point" },
  ], { height: 280, margin: { l: 50, r: 10, t: 30, b: 40 }, showlegend: false,
       xaxis: { fixedrange: true }, yaxis: { fixedrange: true } },
  { displayModeBar: false, responsive: true });
}
input.addEventListener("input", draw);
draw();
</script></body></html>
"""


class FloorPage:
    """The bare floor page on a loopback port, for a ``with`` block."""

    def __init__(self):
        plotly = PLOTLY_FILE.read_bytes()
        html = FLOOR_HTML.encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body, kind = {"/": (html, "text/html; charset=utf-8"),
                              "/plotly-basic.min.js": (plotly, "text/javascript")}.get(
                                  self.path, (None, None))
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer((HOST, 0), Handler)
        self.url = f"http://{HOST}:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FloorPage:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@dataclass
class DragResult:
    """The drag section's figures of one page (or of the floor)."""

    control: str = ""
    """What was dragged: "live panel" (its first range input), "Streamlit slider", or "bare page"
    (the floor's range input)."""
    watched: tuple[str, ...] = ()
    drags: int = 0
    moves_sent: int = 0
    moves_seen: int = 0
    """Pointer moves the page received while the button was held."""
    moves_changing: int = 0
    """Of those, the moves that changed the control's value (the others leave the screen as it is)."""
    moves_reached: int = 0
    move_ms: list[float] = field(default_factory=list)
    keys_sent: int = 0
    keys_reached: int = 0
    key_ms: list[float] = field(default_factory=list)
    ws_hold: list[int] = field(default_factory=list)
    """Websocket frames the page sent while the button was held, per drag."""
    ws_after: list[int] = field(default_factory=list)
    """... and after the release until the page settled, per drag."""
    ws_keys: list[tuple[int, int]] = field(default_factory=list)
    """(during the presses, after them) for each run of key presses."""
    notes: list[str] = field(default_factory=list)

    @property
    def moves_counted(self) -> int:
        """The moves judged: those the page received that changed the value, and those it never
        received (a move a busy page made the driver skip counts as not reaching the screen)."""
        return self.moves_changing + self.moves_sent - self.moves_seen

    @property
    def reached_share(self) -> float:
        """Of the moves judged, the share that reached the screen in time."""
        return self.moves_reached / self.moves_counted if self.moves_counted else float("nan")

    @property
    def move_p50(self) -> float:
        return statistics.median(self.move_ms) if self.move_ms else float("nan")

    @property
    def move_p95(self) -> float:
        return percentile(self.move_ms, 0.95)

    @property
    def key_p50(self) -> float:
        return statistics.median(self.key_ms) if self.key_ms else float("nan")

    @property
    def key_p95(self) -> float:
        return percentile(self.key_ms, 0.95)

    @property
    def keys_reached_share(self) -> float:
        return self.keys_reached / self.keys_sent if self.keys_sent else float("nan")


# --- What the page recorded, move by move --------------------------------------------------------

WATCHED_INDEX = {"chart": 1, "metric": 2}
"""Where each watched thing is in a frame sample [time, chart, metric] (an event sample is
[type, timeStamp, time, chart, metric]: two further)."""


def event_time(event: list) -> float:
    """When the event happened: its ``timeStamp`` (so a busy page's queueing counts), unless
    that is not on the page's clock, then when the page's listener saw it."""
    stamp, seen = event[1], event[2]
    return stamp if 0 < stamp <= seen + 1 else seen


VALUE_INDEX = 5
"""Where an event's record holds the dragged control's value as the event arrived."""


def value_changing(moves: list[list], release: list | None) -> list[list]:
    """The moves that changed the dragged control's value: those after which the next event (the
    release, after the last move) found another value. A move that changes nothing cannot change
    the screen: a slider of 11 positions dragged by 30 moves changes 11 times at most. A move
    whose value is unknown (no control found) counts as changing."""
    following = [*moves[1:], release]
    return [move for move, after in zip(moves, following, strict=True)
            if after is None or len(move) <= VALUE_INDEX or move[VALUE_INDEX] is None
            or after[VALUE_INDEX] != move[VALUE_INDEX]]


def classify(events: list[list], frames: list[list], kind: str, watched: tuple[str, ...],
             end: float | None) -> tuple[int, list[float]]:
    """For every event of ``kind``: whether a frame after it and no later than the next one (or
    ``end``, for the last) shows everything ``watched`` changed from what the page showed when
    it arrived; and the time from the event to the first such frame, whenever it came.
    Returns (how many reached the screen in time, the times in ms of those that did at all)."""
    moves = [event for event in events if event[0] == kind]
    reached, latencies = 0, []
    for index, event in enumerate(moves):
        base = {name: event[WATCHED_INDEX[name] + 2] for name in watched}
        boundary = event_time(moves[index + 1]) if index + 1 < len(moves) else end
        for frame in frames:
            if frame[0] <= event[2]:
                continue  # not after the page saw the event
            if all(frame[WATCHED_INDEX[name]] is not None and frame[WATCHED_INDEX[name]] != base[name]
                   for name in watched):
                latencies.append(frame[0] - event_time(event))
                if boundary is None or frame[0] <= boundary:
                    reached += 1
                break
    return reached, latencies


# --- Driving the page -------------------------------------------------------------------------------

def _wait_after(page: Page, sent: list[float], since: int, *, websocket: bool) -> int:
    """Wait, at most AFTER_RELEASE_SECONDS, until the page has sent what it sends after a gesture
    and settled; return how many frames it sent since index ``since``."""
    deadline = time.monotonic() + AFTER_RELEASE_SECONDS
    page.wait_for_timeout(QUIET_SECONDS * 1000)
    while websocket and time.monotonic() < deadline:
        quiet = not sent[since:] or time.monotonic() - sent[-1] >= QUIET_SECONDS
        if len(sent) > since and quiet and page.evaluate(SETTLED_JS):
            break
        page.wait_for_timeout(100)
    return len(sent) - since


def _paced(index: int, started: float, interval: float) -> float:
    """Milliseconds to wait so that step ``index`` happens ``index * interval`` after ``started``."""
    return max(0.0, (started + index * interval - time.monotonic()) * 1000)


def _target(page: Page):
    """The control a student drags: (kind, its range input), or None. A Streamlit 1.67 slider
    holds a visually hidden range input inside its thumb."""
    ranges = page.locator(PANEL_RANGE)
    if ranges.count():
        return "range input", ranges.first
    sliders = page.locator('[data-testid="stSlider"]')
    if sliders.count():
        return "Streamlit slider", sliders.first.locator('input[type="range"]').first
    return None


GEOMETRY_JS = """
([kind, el]) => {
  const fraction = (Number(el.value) - Number(el.min)) / (Number(el.max) - Number(el.min));
  if (kind === 'range input') {
    // A range input's thumb (about 16 px) travels the input's width less its own.
    const box = el.getBoundingClientRect();
    const x = box.x + 8 + fraction * (box.width - 16);
    return {x, y: box.y + box.height / 2, width: box.width, fraction};
  }
  const thumb = el.parentElement.parentElement;  // the knob, placed at left: <fraction>%
  const track = thumb.parentElement.getBoundingClientRect();
  const knob = thumb.getBoundingClientRect();
  return {x: knob.x + knob.width / 2, y: knob.y + knob.height / 2, width: track.width, fraction};
}
"""


def _geometry(page: Page, kind: str, element) -> dict:
    """Where the thumb is on screen (x, y), the control's width, and its value as a fraction."""
    return page.evaluate(GEOMETRY_JS, [kind, element.element_handle()])


def measure_drag(browser: Browser, url: str, *, drags: int, keys: int, result: DragResult) -> None:
    """The drag section on the bare floor page: ``drags`` drags, then ``keys`` arrow presses."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.set_default_timeout(SETTLE_TIMEOUT_MS)
        page.goto(url)
        page.wait_for_function("() => { const p = document.querySelector('.ll-chart');"
                               " return !!(p && p._fullLayout); }", polling="raf")
        drag_on_page(page, [], bare=True, drags=drags, keys=keys, result=result)
    except (Error, PlaywrightTimeout) as error:
        result.notes.append(f"browser error: {str(error).splitlines()[0][:200]}")
    finally:
        context.close()


def drag_on_page(page: Page, sent: list[float], *, bare: bool = False, drags: int, keys: int,
                 result: DragResult, watched: tuple[str, ...] = ()) -> None:
    """``drags`` drags of the page's first range control, then ``keys`` arrow presses on it, on
    a page already drawn. ``sent`` fills with the times of the websocket frames the page sends;
    ``watched`` is what the keyboard redraw measure saw the control change (the chart and the
    readout, unless it found one that the control does not move), else both if shown."""
    try:
        page.evaluate(PROBE_JS)
        if not bare:
            # The keyboard measure may have left a panel's values to be sent 350 ms later.
            page.wait_for_timeout(QUIET_SECONDS * 1000)
            page.wait_for_function(SETTLED_JS, polling="raf", timeout=SETTLE_TIMEOUT_MS)
        target = _target(page)
        if target is None:
            result.notes.append("no range control to drag")
            return
        kind, element = target
        result.control = "bare page" if bare else "live panel" if kind == "range input" else kind
        state = page.evaluate("() => window.__bench.state()")
        shown = tuple(name for name in ("chart", "metric") if state[name] is not None)
        watched = tuple(name for name in watched if name in shown) or shown
        if result.watched and result.watched != watched:
            result.notes.append(f"watched {', '.join(watched)} here, {', '.join(result.watched)} before")
        result.watched = watched
        if not watched:
            result.notes.append("nothing to watch (no chart or readout)")
            return
        if watched != ("chart", "metric") and not result.drags:
            result.notes.append(f"timed: the {' and '.join(watched)} only (the page shows no other, "
                                "or its first control does not change it)")
        deadline = time.monotonic() + PAGE_BUDGET_SECONDS
        for _ in range(drags):
            if time.monotonic() > deadline:
                result.notes.append(f"time budget: {result.drags} of {drags} drags")
                break
            _one_drag(page, kind, element, sent, watched, websocket=not bare, result=result)
        if keys and time.monotonic() < deadline:
            _key_presses(page, kind, element, keys, sent, watched, websocket=not bare, result=result)
    except (Error, PlaywrightTimeout) as error:
        result.notes.append(f"browser error: {str(error).splitlines()[0][:200]}")


def _one_drag(page: Page, kind: str, element, sent: list[float], watched: tuple[str, ...], *,
              websocket: bool, result: DragResult) -> None:
    """One drag: press on the thumb, 30 moves towards the far end in DRAG_SECONDS, release.

    The moves are paced on the clock, as a hand moves: Chromium hands a page the next mouse move
    only once it has handled the last one, so on a busy page a move call returns late; a move
    whose time has passed by a whole interval by then is skipped (a real browser coalesces the
    moves of a busy page the same way), and counts as not reaching the screen."""
    where = _geometry(page, kind, element)
    span = DRAG_SPAN * where["width"] * (1 if where["fraction"] <= 0.5 else -1)
    x, y = where["x"], where["y"]
    interval = DRAG_SECONDS / MOVES
    page.mouse.move(x, y)
    page.evaluate("() => window.__bench.record()")
    page.mouse.down()
    before_hold = len(sent)
    started = time.monotonic()
    for step in range(1, MOVES + 1):
        wait = _paced(step, started, interval)
        if wait:
            page.wait_for_timeout(wait)
        elif step < MOVES and time.monotonic() > started + (step + 1) * interval:
            continue  # the hand is already past this point
        page.mouse.move(x + span * step / MOVES, y)
    held = len(sent) - before_hold
    page.mouse.up()
    after = _wait_after(page, sent, before_hold + held, websocket=websocket)
    data = page.evaluate("() => window.__bench.stop()")
    events, frames = data["events"], data["frames"]
    release = next((event for event in events if event[0] == "pointerup"), None)
    moves = [event for event in events
             if event[0] == "pointermove" and (release is None or event[2] <= release[2])]
    changing = value_changing(moves, release)
    reached, latencies = classify(changing, frames, "pointermove", watched,
                                  None if release is None else event_time(release))
    result.drags += 1
    result.moves_sent += MOVES
    result.moves_seen += len(moves)
    result.moves_changing += len(changing)
    result.moves_reached += reached
    result.move_ms += latencies
    if websocket:
        result.ws_hold.append(held)
        result.ws_after.append(after)


def _key_presses(page: Page, kind: str, element, keys: int, sent: list[float], watched: tuple[str, ...], *,
                 websocket: bool, result: DragResult) -> None:
    """``keys`` arrow presses on the focused control, one every KEY_INTERVAL_SECONDS."""
    element.focus()
    key = "ArrowRight" if _geometry(page, kind, element)["fraction"] <= 0.5 else "ArrowLeft"
    page.evaluate("() => window.__bench.record()")
    before = len(sent)
    started = time.monotonic()
    for press in range(keys):
        wait = _paced(press, started, KEY_INTERVAL_SECONDS)
        if wait:
            page.wait_for_timeout(wait)
        page.keyboard.press(key)
    page.wait_for_timeout(KEY_INTERVAL_SECONDS * 1000)
    during = len(sent) - before
    after = _wait_after(page, sent, before + during, websocket=websocket)
    data = page.evaluate("() => window.__bench.stop()")
    events, frames = data["events"], data["frames"]
    presses = [event for event in events if event[0] == "keydown"]
    end = event_time(presses[-1]) + KEY_INTERVAL_SECONDS * 1000 if presses else None
    reached, latencies = classify(presses, frames, "keydown", watched, end)
    result.keys_sent += keys
    result.keys_reached += reached
    result.key_ms += latencies
    if websocket:
        result.ws_keys.append((during, after))
