"""What a student feels in a browser: Debian's Chromium driven by Playwright.

Redraw latency: the first slider is moved from the keyboard (ArrowRight, ArrowLeft, ...), as
a student does; a move is timed in the page itself, from the keydown event to the first frame
on which both the first chart's data and the first metric's text (the shown loss) differ from
before the move. For the floor app, its `st.write` text. ``fill()`` does not reach a Streamlit
slider, so the keyboard is the only way in.

Cold load: a fresh browser context (empty cache, as a student's first visit), timed from
navigation start (``performance.now()`` is zero there) to the frame on which every chart of
the page has been drawn.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import Browser, Error, Page, Playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.classroom import percentile
from bench.server import read_cpu_seconds

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 900}
"""A classroom laptop's screen."""
SETTLE_TIMEOUT_MS = 60_000
MOVE_TIMEOUT_MS = 15_000
PAGE_BUDGET_SECONDS = 180
"""A page's redraw moves stop after this long, however many are left (reported)."""

# Installed in every page: what "changed on screen" means, and the clock.
#
# "On screen" is the frame: a sampler runs at the end of every animation frame's callbacks, just
# before the browser paints it, and records whether the first chart's data and the first headline
# number differ from before the move. It must run *after* the page's own frame callbacks: the
# live panel redraws its charts in a requestAnimationFrame callback (ui/live_panel.js), so a
# sampler that ran first in the frame would see the change one frame late. The probe therefore
# wraps requestAnimationFrame and keeps its own callback the last of each frame. (A Streamlit page
# changes its charts in tasks between frames, where any sampler sees them on the next frame.)
#
# The chart is the first `.ll-chart` (a live panel's chart) or else the first Plotly chart; its
# data is compared by identity (Plotly.react replaces the array on every redraw; stringifying it
# on every frame cost the page a few ms a frame while it was timed). The headline number is the
# text of the first live panel's readouts (`.ll-readout-value`, all of them: a move that leaves
# the first at its value, as the triplet's loss stays 0 once the negative is far enough, still
# moves the distances beside it), or else the first `.ll-readout-value` (the bare floor page's)
# or the first st.metric.
#
# Two ways to use it:
# - arm(watched) before one key press; t0 is taken at the keydown (or pointerdown), t1 at the
#   first frame on which everything in ``watched`` has changed (the keyboard redraw measure);
# - record() ... stop(): every pointer and key event (its timeStamp and the state the page
#   showed when it arrived) and every frame (its time and state), for the drag section to
#   classify afterwards, move by move.
PROBE_JS = """
() => {
  if (window.__bench) return;
  const first = (...selectors) => {
    for (const selector of selectors) {
      const element = document.querySelector(selector);
      if (element) return element;
    }
    return null;
  };
  const ids = new WeakMap();
  let nextId = 1;
  const identity = (value) => {
    if (!value || typeof value !== 'object') return null;
    let id = ids.get(value);
    if (!id) { id = nextId++; ids.set(value, id); }
    return id;
  };
  const raf = window.requestAnimationFrame.bind(window);
  const caf = window.cancelAnimationFrame.bind(window);
  let pending = 0;
  let inFrame = false;
  const bench = window.__bench = {
    t0: null, t1: null, before: null, watched: [], recording: false, events: [], frames: [],
    state() {
      const plot = first('.ll-chart', '.js-plotly-plot');
      const panel = document.querySelector('.ll-panel');
      const readouts = panel ? panel.querySelectorAll('.ll-readout-value') : [];
      const metric = readouts.length ? null : first('.ll-readout-value', '[data-testid="stMetricValue"]');
      const text = first('[data-testid="stMarkdown"] [data-testid="stMarkdownContainer"]');
      return {
        chart: plot && plot.data ? identity(plot.data) : null,
        metric: readouts.length ? Array.from(readouts, (node) => node.textContent).join(' | ')
          : metric ? metric.textContent : null,
        text: text ? text.textContent : null,
      };
    },
    arm(watched) {
      this.before = this.state();
      this.watched = watched;
      this.t0 = null;
      this.t1 = null;
      wake();
    },
    done(now) {
      return this.watched.every(name => now[name] !== null && now[name] !== this.before[name]);
    },
    changed() {
      return this.t0 !== null && this.t1 !== null;
    },
    record() {
      this.before = null;
      this.t0 = null;
      this.events = [];
      this.frames = [];
      this.recording = true;
      wake();
    },
    stop() {
      this.recording = false;
      return {events: this.events, frames: this.frames};
    },
  };
  const busy = () => bench.recording || (bench.before !== null && bench.t1 === null);
  // The sampler: the last callback of each frame, while something is being timed.
  const sample = () => {
    pending = 0;
    inFrame = false;
    const now = performance.now();
    if (bench.t0 !== null && bench.t1 === null && bench.done(bench.state())) bench.t1 = now;
    if (bench.recording) {
      const state = bench.state();
      bench.frames.push([now, state.chart, state.metric]);
    }
    if (busy()) pending = raf(sample);
  };
  const wake = () => {
    inFrame = false;
    if (pending) caf(pending);
    pending = raf(sample);
  };
  window.requestAnimationFrame = (callback) => {
    const handle = raf((time) => { inFrame = true; callback(time); });
    // Registered between frames: it runs in the next frame, so the sampler moves behind it.
    // (Registered during a frame, it runs in the frame after, before the sampler registered
    // at the end of this one.)
    if (pending && !inFrame) { caf(pending); pending = raf(sample); }
    return handle;
  };
  const start = () => {
    if (bench.t0 === null && bench.before !== null) bench.t0 = performance.now();
  };
  // Passive: the probe must not make the browser wait for it before scrolling or moving on.
  const listen = {capture: true, passive: true};
  document.addEventListener('keydown', start, listen);
  document.addEventListener('pointerdown', start, listen);
  for (const type of ['pointerdown', 'pointermove', 'pointerup', 'keydown']) {
    window.addEventListener(type, (event) => {
      if (!bench.recording) return;
      const state = bench.state();
      // The dragged control's value as the event arrives (before its own effect): a move changed
      // the value if the next event finds another one.
      const control = first('.ll-control input[type=range]', '#floor',
                            '[data-testid="stSlider"] [role="slider"]');
      const value = !control ? null : control.matches('input') ? control.value
        : control.getAttribute('aria-valuenow');
      bench.events.push([type, event.timeStamp, performance.now(), state.chart, state.metric, value]);
    }, listen);
  }
}
"""

PANEL_RANGE = ".ll-control input[type=range]"
"""A live panel's range input (ui/live_panel.js), labelled by its `<label for>`."""

SETTLED_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]');
}
"""

# True on the first frame where the script has finished and the page shows what the server
# sent: its `charts` Plotly charts all drawn (a live panel's charts are `.ll-chart` divs that
# Plotly makes `.js-plotly-plot`s), its first Streamlit slider when it has one, and its live
# panel's first range input when it has one. (The frontend shows a block only once the code of
# every element in it has loaded, so a finished script alone does not mean a drawn page.)
DRAWN_JS = """
({charts, slider, panelSlider, pageEnd}) => {
  const THUMB = '[data-testid="stSlider"] input[type="range"], [data-testid="stSlider"] [role="slider"]';
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
      || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!document.querySelector('h1, [data-testid="stMarkdown"]')) return false;
  if (pageEnd && !document.querySelector('.st-key-app_course_path')) return false;
  if (slider && !document.querySelector(THUMB)) return false;
  if (panelSlider && !document.querySelector('.ll-control input[type=range]')) return false;
  const plots = document.querySelectorAll('.js-plotly-plot');
  if (plots.length < charts) return false;
  for (const plot of plots) {
    if (!plot._fullLayout || !plot.querySelector('svg.main-svg')) return false;
  }
  if (window.__coldLoad === undefined) window.__coldLoad = performance.now();
  return true;
}
"""


@dataclass
class BrowserResult:
    """The browser figures of one page."""

    redraw_ms: list[float] = field(default_factory=list)
    cold_ms: list[float] = field(default_factory=list)
    """First visits until the whole page is drawn."""
    panel_cold_ms: list[float] = field(default_factory=list)
    """First visits until the live panel is drawn (pages with one)."""
    panel_steps: list[dict[str, float | None]] = field(default_factory=list)
    """The same first visits' steps (FIRST_VISIT_STEPS), ms from navigation start."""
    charts: int = 0
    watched: tuple[str, ...] = ()
    misses: int = 0
    notes: list[str] = field(default_factory=list)
    server_cpu_seconds: float = float("nan")
    """CPU time the Streamlit process used during the moves (set by the caller)."""

    @property
    def server_cpu_ms_per_move(self) -> float:
        """What one student's move costs the server over the websocket, as a browser does it."""
        moves = len(self.redraw_ms)
        return self.server_cpu_seconds / moves * 1000 if moves else float("nan")

    @property
    def redraw_p50(self) -> float:
        return statistics.median(self.redraw_ms) if self.redraw_ms else float("nan")

    @property
    def redraw_p95(self) -> float:
        return percentile(self.redraw_ms, 0.95)

    @property
    def cold_median(self) -> float:
        return statistics.median(self.cold_ms) if self.cold_ms else float("nan")

    @property
    def panel_cold_median(self) -> float:
        return statistics.median(self.panel_cold_ms) if self.panel_cold_ms else float("nan")

    def panel_step_median(self, step: str) -> float:
        """The median time of one of FIRST_VISIT_STEPS over the first visits that recorded it."""
        times = [visit[step] for visit in self.panel_steps if visit.get(step) is not None]
        return statistics.median(times) if times else float("nan")


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless (`playwright install` cannot download here)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def _settle(page: Page) -> None:
    page.wait_for_function(SETTLED_JS, polling="raf", timeout=SETTLE_TIMEOUT_MS)


def drawn_arg(charts: int, slider: bool, panel_slider: bool = False) -> dict:
    # The app's pages end with the course path (ui/course_path.py): a tab's first lesson sends
    # it with the rest of the page, once its live panel is drawn. The floor app has none.
    return {"charts": charts, "slider": slider, "panelSlider": panel_slider,
            "pageEnd": charts > 0 or panel_slider}


# True on the first frame where the live panel is drawn: its controls and every one of its charts
# (what a student sees first and moves; the rest of a tab's first lesson is sent after it).
PANEL_DRAWN_JS = """
() => {
  const charts = [...document.querySelectorAll('.ll-chart')];
  if (!charts.length) return false;
  if (!document.querySelector('.ll-control input[type=range], .ll-control select')) return false;
  if (!charts.every((plot) => plot._fullLayout && plot.querySelector('svg.main-svg'))) return false;
  if (window.__panelDrawn === undefined) window.__panelDrawn = performance.now();
  return true;
}
"""


# Where a live panel page's first visit spends its time, recorded in the page from its start: when
# the panel's controls are put in the document (Streamlit shows a run's elements once it has loaded
# the code of all of them), when Plotly was asked for and had arrived (its resource timing),
# and when it had run (it sets window.Plotly last). The panel is drawn at PANEL_DRAWN_JS's time.
FIRST_VISIT_STEPS_JS = """
(() => {
  let plotly;
  Object.defineProperty(window, 'Plotly', {
    configurable: true, enumerable: true, get() { return plotly; },
    set(value) {
      if (window.__plotlyRan === undefined) window.__plotlyRan = performance.now();
      plotly = value;
    },
  });
  // When they are put in the document: a frame may show them only later, after a long task.
  const watch = new MutationObserver(() => {
    if (!document.querySelector('.ll-control')) return;
    window.__panelShown = performance.now();
    watch.disconnect();
  });
  watch.observe(document, { childList: true, subtree: true });
})();
"""
FIRST_VISIT_STEPS_READ_JS = """
() => {
  const plotly = performance.getEntriesByType('resource').find((entry) => entry.name.includes('plotly'));
  return { shown: window.__panelShown ?? null, asked: plotly?.startTime ?? null,
           arrived: plotly?.responseEnd ?? null, ran: window.__plotlyRan ?? null,
           drawn: window.__panelDrawn ?? null };
}
"""
FIRST_VISIT_STEPS = ("shown", "asked", "arrived", "ran", "drawn")


def open_drawn(page: Page, url: str, charts: int, slider: bool, panel_slider: bool) -> None:
    """Go to ``url`` and wait until it is drawn and settled."""
    page.goto(url)
    page.wait_for_function(DRAWN_JS, arg=drawn_arg(charts, slider, panel_slider), polling="raf",
                           timeout=SETTLE_TIMEOUT_MS)
    _settle(page)


def measure_redraw(browser: Browser, url: str, moves: int, *, floor: bool, charts: int, slider: bool,
                   result: BrowserResult, server_pid: int | None = None, panel_slider: bool = False,
                   then: Callable[[Page, list[float], tuple[str, ...]], None] | None = None) -> None:
    """``moves`` keyboard moves of the first slider (on a page with a live panel: the panel's
    first range input), each timed in the page. ``charts``, ``slider`` and ``panel_slider`` say
    what the page shows once drawn (from the server's own account of it).

    ``then(page, sent, watched)``, if given, runs on the same page afterwards (the drag section:
    one page load fewer a page), with the times of the websocket frames the page has sent and
    what the moves were seen to change."""
    context = browser.new_context(viewport=VIEWPORT)
    ready = None
    sent: list[float] = []
    try:
        page = context.new_page()
        page.set_default_timeout(SETTLE_TIMEOUT_MS)
        if then is not None:
            page.on("websocket", lambda socket: socket.on("framesent",
                                                          lambda _payload: sent.append(time.monotonic())))
        page.goto(url)
        page.wait_for_function(DRAWN_JS, arg=drawn_arg(charts, slider, panel_slider), polling="raf",
                               timeout=SETTLE_TIMEOUT_MS)
        _settle(page)
        ready = page
        result.charts = charts
        page.evaluate(PROBE_JS)
        state = page.evaluate("() => { const now = window.__bench.state();"
                              " return {chart: now.chart && true, metric: now.metric, text: now.text}; }")
        if floor:
            watched = ("text",)
        else:
            watched = tuple(name for name in ("chart", "metric") if state[name] is not None)
        result.watched = watched
        if not watched:
            result.notes.append("nothing to watch (no chart, metric or text)")
            return
        move_once = _panel_mover(page) or _slider_mover(page) or _number_input_mover(page)
        if move_once is None:
            result.notes.append("no slider or number input")
            return
        deadline = time.monotonic() + PAGE_BUDGET_SECONDS
        misses_in_a_row = 0
        cpu_start = read_cpu_seconds(server_pid) if server_pid else float("nan")
        for move in range(moves):
            if time.monotonic() > deadline:
                result.notes.append(f"time budget: {move} of {moves} moves")
                break
            move_once(move, list(watched))
            try:
                page.wait_for_function("() => window.__bench.changed()", polling="raf",
                                       timeout=MOVE_TIMEOUT_MS)
                result.redraw_ms.append(page.evaluate("() => window.__bench.t1 - window.__bench.t0"))
                misses_in_a_row = 0
            except PlaywrightTimeout:
                result.misses += 1
                misses_in_a_row += 1
                _settle(page)
                # The first control may not move everything watched (a chart drawn for another
                # case): keep timing what it does move, and say so.
                changed = page.evaluate("""watched => { const now = window.__bench.state();
                    return watched.filter(name => now[name] !== window.__bench.before[name]); }""",
                                        list(watched))
                if changed and len(changed) < len(watched) and not result.redraw_ms:
                    unchanged = ", ".join(sorted(set(watched) - set(changed)))
                    result.notes.append(f"the first control does not change the {unchanged}; "
                                        f"timed: {', '.join(changed)}")
                    watched = result.watched = tuple(changed)
                elif misses_in_a_row >= 3:
                    result.notes.append(f"stopped after 3 moves in a row redrew nothing ({move + 1} moves)")
                    break
            _settle(page)
        if server_pid:
            spent = read_cpu_seconds(server_pid) - cpu_start
            result.server_cpu_seconds = spent if math.isnan(result.server_cpu_seconds) \
                else result.server_cpu_seconds + spent
    except Error as error:
        result.notes.append(f"browser error: {str(error).splitlines()[0][:200]}")
    finally:
        try:
            if then is not None and ready is not None:
                then(ready, sent, result.watched)
        finally:
            context.close()


def _range_keys(thumb) -> tuple[str, str]:
    """ArrowRight then ArrowLeft, or the other way round from the top of the range."""
    now, high = thumb.evaluate("""el => [Number(el.value ?? el.getAttribute('aria-valuenow')),
                                         Number(el.max || el.getAttribute('aria-valuemax'))]""")
    return ("ArrowLeft", "ArrowRight") if now >= high else ("ArrowRight", "ArrowLeft")


def _panel_mover(page: Page):
    """Moves of a live panel's first range input from the keyboard (the browser redraws the
    panel at once; the server hears once the keys pause)."""
    ranges = page.locator(PANEL_RANGE)
    if ranges.count() == 0:
        return None
    thumb = ranges.first
    keys = _range_keys(thumb)

    def move_once(move: int, watched: list[str]) -> None:
        thumb.focus()
        page.evaluate("watched => window.__bench.arm(watched)", watched)
        page.keyboard.press(keys[move % 2])

    return move_once


def _slider_mover(page: Page):
    """Moves of the first slider from the keyboard: ArrowRight and ArrowLeft in turn (the
    thumb is an <input type="range"> in Streamlit 1.67, role "slider")."""
    sliders = page.locator('[data-testid="stSlider"]')
    if sliders.count() == 0:
        return None
    thumb = sliders.first.get_by_role("slider").first
    keys = _range_keys(thumb)

    def move_once(move: int, watched: list[str]) -> None:
        thumb.focus()
        page.evaluate("watched => window.__bench.arm(watched)", watched)
        page.keyboard.press(keys[move % 2])

    return move_once


def _number_input_mover(page: Page):
    """On a page without a slider (MAPE's inputs are typed numbers): the first number input's
    + and − buttons, clicked in turn, as a student does with the mouse."""
    inputs = page.locator('[data-testid="stNumberInput"]')
    if inputs.count() == 0:
        return None
    buttons = (inputs.first.locator('[data-testid="stNumberInputStepUp"]'),
               inputs.first.locator('[data-testid="stNumberInputStepDown"]'))

    def move_once(move: int, watched: list[str]) -> None:
        page.evaluate("watched => window.__bench.arm(watched)", watched)
        buttons[move % 2].click()

    return move_once


def measure_cold_load(browser: Browser, url: str, repeats: int, *, charts: int, slider: bool,
                      result: BrowserResult, panel_slider: bool = False, panel: bool = False) -> None:
    """``repeats`` first visits, each in a new context with an empty cache: until the live panel
    is drawn (``panel``: the page has one), and until the whole page and its charts are."""
    for _ in range(repeats):
        context = browser.new_context(viewport=VIEWPORT)
        try:
            if panel:
                context.add_init_script(FIRST_VISIT_STEPS_JS)
            page = context.new_page()
            page.goto(url, wait_until="domcontentloaded", timeout=SETTLE_TIMEOUT_MS)
            if panel:
                page.wait_for_function(PANEL_DRAWN_JS, polling="raf", timeout=SETTLE_TIMEOUT_MS)
                result.panel_cold_ms.append(page.evaluate("() => window.__panelDrawn"))
                result.panel_steps.append(page.evaluate(FIRST_VISIT_STEPS_READ_JS))
            page.wait_for_function(DRAWN_JS, arg=drawn_arg(charts, slider, panel_slider), polling="raf",
                                   timeout=SETTLE_TIMEOUT_MS)
            result.cold_ms.append(page.evaluate("() => window.__coldLoad"))
        except Error as error:
            result.notes.append(f"cold load: {str(error).splitlines()[0][:200]}")
        finally:
            context.close()
