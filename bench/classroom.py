"""A classroom without thirty browsers: simulated students on Streamlit's agent API.

Each student is one agent session (``POST /_stcore/agent/interact``): it opens a page, then
moves the page's first slider by a few steps (a page without one: its first number input, else
its first choice widget), waits an exponentially distributed think time
(seeded, so two runs send the same sequence), and moves it again, until the window closes.
A move's latency is the whole request, from sending the value to receiving the finished
page: the script's rerun plus the queue in front of it when the server is busy.

Only the standard library talks HTTP here (``urllib``), and only to 127.0.0.1. Each student
keeps its own cookie jar, so behind nginx's cookie affinity it stays on one process.
"""

from __future__ import annotations

import http.cookiejar
import json
import math
import random
import statistics
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

REQUEST_TIMEOUT_SECONDS = 60
"""Longer than the server's own 30 s agentWaitTimeout: a slow answer is measured, not lost."""
SETUP_CONCURRENCY = 4
"""Sessions opened at once before a window: opening runs the whole page, so a burst of 80
openings would only measure the burst."""


class AgentError(RuntimeError):
    """A refused or failed interaction: counted as an error of the run."""


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (p95 of 40 moves is the 38th fastest)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _walk(node: dict):
    yield node
    for child in node.get("children", ()):
        yield from _walk(child)


NUMBER_WIDGETS = ("slider", "number_input")
CHOICE_WIDGETS = ("select_slider", "segmented_control", "radio", "selectbox", "pills")
PANEL_COMPONENT = "loss_lab_live_panel"
"""The live panel (ui/live_panel.py): a components-v2 component whose controls are not widgets.
The agent API cannot set a component's state, but the panel follows the page's query
parameters (a control's key is its query parameter), so a student's gesture on it is a rerun
with new query parameters. Its controls, ranges and values are in the snapshot: the component's
``props.data.panel`` is the JSON the panel is drawn from."""
PANEL_SLIDER = "panel slider"
PANEL_CHOICE = "panel choice"


def panel_data(node: dict) -> dict | None:
    """The live panel's data (controls, readouts, charts) if ``node`` is a live panel."""
    props = node.get("props") or {}
    if node.get("type") != "components.v2.component" or props.get("component_name") != PANEL_COMPONENT:
        return None
    raw = (props.get("data") or {}).get("panel")
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def panels(snapshot: dict) -> list[dict]:
    """The live panels of a snapshot, in page order."""
    return [data for node in _walk(snapshot.get("tree", {})) if (data := panel_data(node)) is not None]


def panel_control(panel: dict) -> dict | None:
    """What a student drags on a panel: its first range control (a gesture moves a slider; BCE's
    first control is a choice of label), else its first choice."""
    controls = panel.get("controls") or []
    return next((c for c in controls if c.get("kind") == "slider"), None) \
        or next((c for c in controls if c.get("kind") == "choice" and len(c.get("options") or ()) > 1), None)


@dataclass
class Control:
    """What a student moves: a number (slider, number input) or a choice among options."""

    key: str
    kind: str  # the widget type
    value: float | str
    low: float = -math.inf
    high: float = math.inf
    step: float = 1.0
    integer: bool = False
    options: tuple[str, ...] = ()

    @property
    def numeric(self) -> bool:
        return self.kind in (*NUMBER_WIDGETS, PANEL_SLIDER)

    @property
    def in_panel(self) -> bool:
        return self.kind in (PANEL_SLIDER, PANEL_CHOICE)


class AgentSession:
    """One simulated student: one agent API session with its own cookies."""

    def __init__(self, base_url: str):
        self.url = f"{base_url}/_stcore/agent/interact"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.session_id: str | None = None
        self.snapshot: dict = {}

    def _post(self, body: dict) -> dict:
        request = urllib.request.Request(self.url, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT_SECONDS) as response:
                payload = json.loads(response.read())
                status = response.status
        except urllib.error.HTTPError as error:
            detail = error.read()[:300].decode(errors="replace")
            raise AgentError(f"HTTP {error.code}: {detail}") from error
        except (urllib.error.URLError, OSError, TimeoutError, ValueError) as error:
            raise AgentError(f"{type(error).__name__}: {error}") from error
        if status != 200 or "error" in payload:
            raise AgentError(f"HTTP {status}: {str(payload.get('error'))[:300]}")
        if payload.get("status") != "ready":
            raise AgentError(f"run status {payload.get('status')!r}")
        self.session_id = payload.get("session_id", self.session_id)
        self.snapshot = payload
        return payload

    def open(self, page: str | None) -> dict:
        """Go to ``page`` (a url_path of the app's navigation, "" for its default page; None
        to stay where the session is), creating the session first if needed.

        A session is always created on the default page, and only then navigated: a creating
        call that names a page runs that page's file on its own, without app.py's
        ``st.navigation`` (Streamlit 1.67 then resolves pages from the pages/ folder)."""
        if self.session_id is None:
            self._post({})
        if page is None:
            return self.snapshot
        return self._post({"session_id": self.session_id, "page": page})

    def first_control(self) -> Control | None:
        """What a student moves on this page: the first live panel's first range control (as
        the browser bench drags it); else its first slider; on a page without one, its first
        number input, else its first choice widget."""
        for panel in panels(self.snapshot):
            control = panel_control(panel)
            if control is None:
                continue
            if control["kind"] == "slider":
                step = float(control.get("step") or 0.1)
                return Control(control["key"], PANEL_SLIDER, float(control["value"]),
                               low=float(control["min"]), high=float(control["max"]), step=step,
                               integer=float(step).is_integer() and float(control["value"]).is_integer())
            return Control(control["key"], PANEL_CHOICE, str(control["value"]),
                           options=tuple(str(option["label"]) for option in control["options"]))
        nodes = {node.get("key"): node for node in _walk(self.snapshot.get("tree", {}))}
        candidates = [nodes.get(action["key"]) for action in self.snapshot.get("actions", ())
                      if action.get("kind") == "value"]
        for kinds in (("slider",), ("number_input",), CHOICE_WIDGETS):
            for node in candidates:
                if node is None or node.get("type") not in kinds:
                    continue
                props, value = node.get("props", {}), node.get("value")
                if node["type"] in NUMBER_WIDGETS and isinstance(value, int | float):
                    low, high = props.get("min_value"), props.get("max_value")
                    integer = node.get("value_schema", {}).get("type") == "integer"
                    return Control(node["key"], node["type"], float(value),
                                   low=-math.inf if low is None else float(low),
                                   high=math.inf if high is None else float(high),
                                   step=float(props.get("step") or (1 if integer else 0.1)), integer=integer)
                options = tuple(str(option) for option in props.get("options", ()))
                if node["type"] in CHOICE_WIDGETS and len(options) > 1 and isinstance(value, str):
                    return Control(node["key"], node["type"], value, options=options)
        return None

    def move(self, control: Control, rng: random.Random) -> float:
        """Move a number a few steps up or down, as a student nudging a slider, or pick
        another option; return the seconds the server took to answer."""
        value: float | int | str
        if control.numeric:
            steps = rng.randint(1, 5) * (1 if rng.random() < 0.5 else -1)
            target = control.value + steps * control.step
            if not control.low <= target <= control.high:
                target = control.value - steps * control.step
            target = min(max(target, control.low), control.high)
            value = round(target) if control.integer else round(target, 10)
        else:
            value = rng.choice([option for option in control.options if option != control.value])
        if control.in_panel:
            # The panel's value goes in the address, as the browser's gesture puts it there
            # (ui/live_panel.py writes repr(round(value, 10))); the other parameters stay.
            text = value if isinstance(value, str) else repr(round(float(value), 10))
            query = {name: list(values) for name, values in (self.snapshot.get("query_params") or {}).items()}
            query[control.key] = [text]
            body = {"session_id": self.session_id, "query_params": query}
        else:
            body = {"session_id": self.session_id, "widget_state": {control.key: value}}
        started = time.perf_counter()
        self._post(body)
        elapsed = time.perf_counter() - started
        if control.in_panel:
            controls = {c.get("key"): c for panel in panels(self.snapshot) for c in panel.get("controls", ())}
            shown = controls.get(control.key, {}).get("value")
        else:
            nodes = {node.get("key"): node for node in _walk(self.snapshot.get("tree", {}))}
            shown = nodes.get(control.key, {}).get("value")
        if control.numeric:
            applied = shown is not None and abs(float(shown) - float(value)) <= 1e-6 * max(1.0, abs(value))
        else:
            applied = shown == value
        if not applied:
            raise AgentError(f"{control.key} shows {shown!r} after being set to {value!r}")
        control.value = float(value) if control.numeric else value
        return elapsed


@dataclass(frozen=True)
class PageShape:
    """What a page shows once drawn, from the server's own account of its last run."""

    charts: int
    slider: bool
    metric: bool
    movable: bool = False
    """Has a widget the classroom can move (a slider, a number input or a choice)."""
    panel: bool = False
    """Has a live panel (ui/live_panel.py): its charts are `.ll-chart` Plotly plots drawn by the
    browser, its headline numbers `.ll-readout-value`."""
    panel_slider: bool = False
    """The live panel has a range control (`.ll-control input[type=range]`)."""


CHART_KINDS = {"plotly_chart", "components.v2.component"}
"""How the agent API names a chart: st.plotly_chart, or the app's own chart (ui/plotly_chart.py,
a v2 component). A live panel, also a v2 component, counts as the charts it holds."""
DRAWING_COMPONENTS = {"loss_lab_plotly_chart", "loss_lab_step_player"}
"""The v2 components that draw a Plotly chart: the app's chart and the training lab's player
(counted as one, its first figure). The others draw none: the copy-link button, the progress."""
HIDDEN_CONTAINERS = {"expander", "popover", "dialog", "tabs"}
"""Charts in these may not be drawn until a student opens them: not waited for."""


def page_shape(snapshot: dict) -> PageShape:
    charts = 0
    metric = False
    panel = panel_slider = panel_movable = False

    def visit(node: dict, hidden: bool) -> None:
        nonlocal charts, metric, panel, panel_slider, panel_movable
        kind = node.get("type")
        data = panel_data(node)
        if data is not None:
            panel = True
            if not hidden:
                charts += len(data.get("charts") or ())
            metric = metric or bool(data.get("readouts"))
            panel_slider = panel_slider or any(c.get("kind") == "slider" for c in data.get("controls", ()))
            panel_movable = panel_movable or panel_control(data) is not None
        elif kind in CHART_KINDS and not hidden and (
                kind != "components.v2.component"
                or (node.get("props") or {}).get("component_name") in DRAWING_COMPONENTS):
            charts += 1
        metric = metric or kind == "metric"
        for child in node.get("children", ()):
            visit(child, hidden or kind in HIDDEN_CONTAINERS)

    visit(snapshot.get("tree", {}), False)
    kinds = {action.get("type") for action in snapshot.get("actions", ()) if action.get("kind") == "value"}
    return PageShape(charts=charts, slider="slider" in kinds, metric=metric,
                     movable=panel_movable or bool(kinds & {*NUMBER_WIDGETS, *CHOICE_WIDGETS}),
                     panel=panel, panel_slider=panel_slider)


@dataclass
class LoadResult:
    """One window of simulated students on one page."""

    sessions: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    peak_rss_mib: float = float("nan")
    cpu_seconds: float = float("nan")
    """CPU time the server process used during the window."""
    control: str = ""
    note: str = ""

    @property
    def moves(self) -> int:
        return len(self.latencies)

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies, 0.95) * 1000

    @property
    def cpu_ms_per_move(self) -> float:
        """Server CPU time per move: what a move costs, whatever else the machine runs."""
        return self.cpu_seconds / self.moves * 1000 if self.moves else float("nan")

    @property
    def throughput(self) -> float:
        """Moves answered per second over the window."""
        return self.moves / self.seconds if self.seconds else float("nan")


class Classroom:
    """A pool of student sessions on one server, reused from page to page (agent sessions
    live for the server's session TTL, and the server holds at most agentMaxSessions)."""

    def __init__(self, base_url: str, *, seed: int = 6):
        self.base_url = base_url
        self.seed = seed
        self.students: list[AgentSession] = []

    def seat(self, count: int, page: str | None) -> list[str]:
        """Make sure ``count`` students are on ``page``; return the errors of doing so."""
        while len(self.students) < count:
            self.students.append(AgentSession(self.base_url))
        errors: list[str] = []

        def go(student: AgentSession) -> None:
            try:
                student.open(page)
            except AgentError as error:
                errors.append(f"opening {page}: {error}")

        with ThreadPoolExecutor(SETUP_CONCURRENCY) as pool:
            list(pool.map(go, self.students[:count]))
        return errors

    def run(self, count: int, page: str | None, seconds: float, *, think_seconds: float = 2.0,
            watch=None) -> LoadResult:
        """``count`` students on ``page`` for ``seconds``, each moving its first slider
        after an exponential think time of mean ``think_seconds``."""
        result = LoadResult(sessions=count, seconds=seconds)
        setup_errors = self.seat(count, page)
        if setup_errors:
            result.errors += setup_errors
            return result
        controls = [student.first_control() for student in self.students[:count]]
        if any(control is None for control in controls):
            result.note = "nothing to move"
            return result
        result.control = f"{controls[0].kind} {controls[0].key}"
        lock = threading.Lock()
        started = time.monotonic()
        deadline = started + seconds

        def student_loop(index: int) -> None:
            rng = random.Random(self.seed * 1_000_003 + index)
            student, control = self.students[index], controls[index]
            # Students do not all start at once: the first think time staggers them.
            while True:
                pause = rng.expovariate(1.0 / think_seconds)
                if time.monotonic() + pause >= deadline:
                    return
                time.sleep(pause)
                try:
                    elapsed = student.move(control, rng)
                except AgentError as error:
                    with lock:
                        result.errors.append(str(error))
                    continue
                with lock:
                    result.latencies.append(elapsed)

        if watch is not None:
            watch.start()
        threads = [threading.Thread(target=student_loop, args=(index,), daemon=True)
                   for index in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            # Bounded: a request cannot outlive its own timeout past the deadline.
            thread.join(timeout=max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT_SECONDS + 5)
        result.seconds = time.monotonic() - started
        if watch is not None:
            result.peak_rss_mib = watch.stop()
            result.cpu_seconds = watch.cpu_seconds
        return result
