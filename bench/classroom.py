"""A classroom without thirty browsers: simulated students on Streamlit's agent API.

Each student is one agent session (``POST /_stcore/agent/interact``): it opens a page, then
moves the page's first slider by a few steps, waits an exponentially distributed think time
(seeded, so two runs send the same sequence), and moves it again, until the window closes.
A move's latency is the whole request, from sending the value to receiving the finished
page: the script's rerun plus the queue in front of it when the server is busy.

Only the standard library talks HTTP here (``urllib``), and only to 127.0.0.1. Each student
keeps its own cookie jar, so behind nginx's cookie affinity it stays on one process.
"""

from __future__ import annotations

import http.cookiejar
import json
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


@dataclass
class SliderHandle:
    """What a student needs to move a slider: its key, bounds, step and current value."""

    key: str
    low: float
    high: float
    step: float
    value: float
    integer: bool


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

    def first_slider(self) -> SliderHandle | None:
        """The page's first slider, as a student's keyboard would find it."""
        keys = [action["key"] for action in self.snapshot.get("actions", ())
                if action.get("type") == "slider" and action.get("kind") == "value"]
        if not keys:
            return None
        nodes = {node.get("key"): node for node in _walk(self.snapshot.get("tree", {}))}
        node = nodes.get(keys[0])
        if node is None or not isinstance(node.get("value"), int | float):
            return None
        props = node.get("props", {})
        return SliderHandle(key=keys[0], low=float(props["min_value"]), high=float(props["max_value"]),
                            step=float(props.get("step") or 1), value=float(node["value"]),
                            integer=node.get("value_schema", {}).get("type") == "integer")

    def move(self, slider: SliderHandle, rng: random.Random) -> float:
        """Move the slider a few steps up or down, as a student nudging it; return seconds."""
        steps = rng.randint(1, 5) * (1 if rng.random() < 0.5 else -1)
        target = slider.value + steps * slider.step
        if not slider.low <= target <= slider.high:
            target = slider.value - steps * slider.step
        target = min(max(target, slider.low), slider.high)
        value: float | int = round(target) if slider.integer else round(target, 10)
        started = time.perf_counter()
        self._post({"session_id": self.session_id, "widget_state": {slider.key: value}})
        elapsed = time.perf_counter() - started
        nodes = {node.get("key"): node for node in _walk(self.snapshot.get("tree", {}))}
        shown = nodes.get(slider.key, {}).get("value")
        if shown is None or abs(float(shown) - float(value)) > 1e-6 * max(1.0, abs(value)):
            raise AgentError(f"{slider.key} shows {shown!r} after being set to {value!r}")
        slider.value = float(value)
        return elapsed


@dataclass(frozen=True)
class PageShape:
    """What a page shows once drawn, from the server's own account of its last run."""

    charts: int
    slider: bool
    metric: bool


HIDDEN_CONTAINERS = {"expander", "popover", "dialog", "tabs"}
"""Charts in these may not be drawn until a student opens them: not waited for."""


def page_shape(snapshot: dict) -> PageShape:
    charts = 0
    metric = False

    def visit(node: dict, hidden: bool) -> None:
        nonlocal charts, metric
        kind = node.get("type")
        if kind == "plotly_chart" and not hidden:
            charts += 1
        metric = metric or kind == "metric"
        for child in node.get("children", ()):
            visit(child, hidden or kind in HIDDEN_CONTAINERS)

    visit(snapshot.get("tree", {}), False)
    slider = any(action.get("type") == "slider" for action in snapshot.get("actions", ()))
    return PageShape(charts=charts, slider=slider, metric=metric)


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
        sliders = [student.first_slider() for student in self.students[:count]]
        if any(slider is None for slider in sliders):
            result.note = "no slider"
            return result
        lock = threading.Lock()
        started = time.monotonic()
        deadline = started + seconds

        def student_loop(index: int) -> None:
            rng = random.Random(self.seed * 1_000_003 + index)
            student, slider = self.students[index], sliders[index]
            # Students do not all start at once: the first think time staggers them.
            while True:
                pause = rng.expovariate(1.0 / think_seconds)
                if time.monotonic() + pause >= deadline:
                    return
                time.sleep(pause)
                try:
                    elapsed = student.move(slider, rng)
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
