"""A classroom of simulated browsers: students who speak Streamlit's own websocket protocol.

The agent API (bench/classroom.py) cannot set a component's state, so there a move on a live
panel is a rerun of the whole page with new query parameters: more than a browser asks for. A
browser's gesture on the panel ends in one message, captured from Chromium on the MSE page:

    BackMsg.rerun_script {page_script_hash, fragment_id: <the panel's fragment>,
      widget_states: [... "$$STREAMLIT_INTERNAL_KEY_<component id>__events":
                      json_trigger_value '[{"event":"gesture","value":{"mse_label":1.5,...}}]'],
      cached_message_hashes: [what it holds already]}

so the server reruns the panel's fragment only. Each student here opens a websocket on
``/_stcore/stream`` as the browser does, opens its page, reads the panel (its component id, its
fragment, its controls) from the page's messages (on a tab's first panel page, after reporting
the panel's first frame as the browser does, which brings the rest of the page), and sends
exactly that message for each move;
the move's latency runs until the server's ``script_finished``. On a page without a panel (the
floor app) it moves the first slider, as a browser does: the slider's widget state, whole-page.

All students of a window share one asyncio loop in one thread: 100 of them cost the client
little, and the server sees 100 websockets, as it would from a room.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from bench.classroom import PANEL_COMPONENT, LoadResult, panel_control

TRIGGER_PREFIX = "$$STREAMLIT_INTERNAL_KEY_"
"""A component's events travel in one internal trigger widget: ``<prefix><component id>__events``."""
RUN_TIMEOUT_SECONDS = 60.0
OPEN_CONCURRENCY = 4
CACHED_MESSAGES = 64
"""A tab's message cache, bounded: 100 students' caches stay small in the bench's memory."""
"""Students opening their page at once before a window (opening runs the whole page)."""


class GestureError(RuntimeError):
    """A refused or failed move: counted as an error of the run."""


@dataclass
class Target:
    """What a student moves: a panel's first range control, or the page's first slider."""

    key: str
    value: float
    low: float
    high: float
    step: float
    panel_values: dict = field(default_factory=dict)
    """All the panel's control values: a gesture sends them all."""
    trigger_id: str = ""
    fragment_id: str = ""
    slider_id: str = ""
    reports_first_frame: bool = False
    """The panel waits for the browser's report of its first frame (a tab's first panel page)."""


class BrowserStudent:
    """One simulated browser tab: a websocket session on one page."""

    def __init__(self, ws_url: str):
        self.ws_url = ws_url
        self.socket = None
        self.page_hash = ""
        """The page's script hash, from the navigation message: a rerun that names another page
        (the app's own, say) is a fresh run of that page, and the gesture's values are dropped."""
        self.cached: OrderedDict[str, ForwardMsg] = OrderedDict()
        """The large messages this tab holds, by hash, as the browser's message cache does."""
        self.target: Target | None = None

    async def open(self, page: str) -> None:
        self.socket = await connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                    compression=None, open_timeout=RUN_TIMEOUT_SECONDS)
        rerun = BackMsg()
        rerun.rerun_script.page_name = page
        rerun.rerun_script.query_string = ""
        messages = await self._run(rerun)
        self.target = _target(messages)
        if self.target is not None and self.target.reports_first_frame:
            # A tab's first panel page sends the rest of itself once the browser reports the panel
            # drawn (ui/live_panel.js): the report, as Chromium sends it after the first frame.
            await self._run(self._trigger("first_frame", True))

    def _rerun(self, widget_id: str) -> tuple[BackMsg, object]:
        """A rerun of this tab's page with one widget's new state (returned, to be filled in), and
        the hashes of the messages the tab holds."""
        rerun = BackMsg()
        state = rerun.rerun_script
        state.page_script_hash = self.page_hash
        state.cached_message_hashes.extend(self.cached)
        widget = state.widget_states.widgets.add()
        widget.id = widget_id
        return rerun, widget

    def _trigger(self, event: str, value) -> BackMsg:
        """The rerun a panel's trigger sends: its event, scoped to the panel's fragment."""
        rerun, widget = self._rerun(self.target.trigger_id)
        widget.json_trigger_value = json.dumps([{"event": event, "value": value}])
        rerun.rerun_script.fragment_id = self.target.fragment_id
        return rerun

    async def move(self, rng: random.Random) -> float:
        """Move the target a few steps up or down; return the seconds until the run finished."""
        target = self.target
        steps = rng.randint(1, 5) * (1 if rng.random() < 0.5 else -1)
        value = target.value + steps * target.step
        if not target.low <= value <= target.high:
            value = target.value - steps * target.step
        value = round(min(max(value, target.low), target.high), 10)
        if target.trigger_id:
            target.panel_values[target.key] = value
            rerun = self._trigger("gesture", target.panel_values)
        else:
            rerun, widget = self._rerun(target.slider_id)
            widget.double_array_value.data.append(value)
        started = time.perf_counter()
        messages = await self._run(rerun)
        elapsed = time.perf_counter() - started
        shown = _shown_value(messages, target)
        if target.trigger_id and shown is None:
            raise GestureError("the gesture's rerun drew no panel")
        if shown is not None and abs(shown - value) > 1e-6 * max(1.0, abs(value)):
            raise GestureError(f"{target.key} shows {shown!r} after being moved to {value!r}")
        target.value = value
        return elapsed

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()

    async def _run(self, rerun: BackMsg) -> list[ForwardMsg]:
        """Send one rerun and collect the page's messages until the run finishes."""
        await self.socket.send(rerun.SerializeToString())
        messages: list[ForwardMsg] = []
        deadline = time.monotonic() + RUN_TIMEOUT_SECONDS
        while True:
            try:
                raw = await asyncio.wait_for(self.socket.recv(), max(0.1, deadline - time.monotonic()))
            except TimeoutError as error:
                raise GestureError("no script_finished within the timeout") from error
            message = ForwardMsg()
            message.ParseFromString(raw)
            kind = message.WhichOneof("type")
            if kind == "ref_hash":  # "you have this one already": the browser takes it from its cache
                cached = self.cached.get(message.ref_hash)
                if cached is None:
                    raise GestureError("the server referred to a message this tab never received")
                message, kind = cached, cached.WhichOneof("type")
            elif message.hash and message.metadata.cacheable:
                self.cached[message.hash] = message
                self.cached.move_to_end(message.hash)
                while len(self.cached) > CACHED_MESSAGES:
                    self.cached.popitem(last=False)
            if kind == "navigation" and message.navigation.page_script_hash:
                self.page_hash = message.navigation.page_script_hash
            messages.append(message)
            # A run that ends for a rerun (st.rerun) is followed by that rerun: the tab waits for it.
            if kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return messages


def _target(messages: list[ForwardMsg]) -> Target | None:
    """The panel's first range control (its trigger widget and fragment), else the first slider."""
    slider = None
    for message in messages:
        if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
            continue
        element = message.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "bidi_component" and element.bidi_component.component_name.endswith(PANEL_COMPONENT):
            data = json.loads(element.bidi_component.json)
            panel = json.loads(data["panel"])
            control = panel_control(panel)
            if control is None or control.get("kind") != "slider":
                continue
            return Target(control["key"], float(control["value"]), float(control["min"]),
                          float(control["max"]), float(control.get("step") or 0.1),
                          panel_values={c["key"]: c["value"] for c in panel["controls"]},
                          trigger_id=f"{TRIGGER_PREFIX}{element.bidi_component.id}__events",
                          fragment_id=message.delta.fragment_id,
                          reports_first_frame=bool(data.get("reportFirstFrame")))
        if kind == "slider" and slider is None:
            found = element.slider
            slider = Target(found.label, float(found.value[0] if found.value else found.default[0]),
                            float(found.min), float(found.max), float(found.step or 1),
                            slider_id=found.id)
    return slider


def _shown_value(messages: list[ForwardMsg], target: Target) -> float | None:
    """The moved control's value as the rerun drew it (None if the rerun sent no new panel)."""
    for message in messages:
        if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
            continue
        element = message.delta.new_element
        if target.trigger_id and element.WhichOneof("type") == "bidi_component" \
                and element.bidi_component.component_name.endswith(PANEL_COMPONENT):
            panel = json.loads(json.loads(element.bidi_component.json)["panel"])
            for control in panel["controls"]:
                if control["key"] == target.key:
                    return float(control["value"])
    return None


class GestureClassroom:
    """Students on websockets, each moving its page's first panel control (or slider) after an
    exponential think time, seeded as bench/classroom.py's are."""

    def __init__(self, base_url: str, *, seed: int = 6):
        self.ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.seed = seed

    def run(self, count: int, page: str, seconds: float, *, think_seconds: float = 2.0,
            watch=None) -> LoadResult:
        result = LoadResult(sessions=count, seconds=seconds)
        outcome: list = []
        thread = threading.Thread(target=lambda: outcome.append(asyncio.run(
            self._run(count, page, seconds, think_seconds, watch, result))), daemon=True)
        thread.start()
        thread.join()
        return result

    async def _run(self, count, page, seconds, think_seconds, watch, result: LoadResult) -> None:
        students = [BrowserStudent(self.ws_url) for _ in range(count)]
        gate = asyncio.Semaphore(OPEN_CONCURRENCY)

        async def open_one(student: BrowserStudent) -> None:
            async with gate:
                await student.open(page)

        try:
            await asyncio.gather(*(open_one(student) for student in students))
        except (OSError, GestureError, TimeoutError, WebSocketException) as error:
            result.errors.append(f"opening {page}: {type(error).__name__}: {error}")
            await asyncio.gather(*(student.close() for student in students), return_exceptions=True)
            return
        if any(student.target is None for student in students):
            result.note = "nothing to move"
            return
        first = students[0].target
        result.control = f"{'panel gesture' if first.trigger_id else 'slider'} {first.key}"
        if watch is not None:
            watch.start()
        started = time.monotonic()
        deadline = started + seconds

        async def student_loop(index: int) -> None:
            rng = random.Random(self.seed * 1_000_003 + index)
            while True:
                pause = rng.expovariate(1.0 / think_seconds)
                if time.monotonic() + pause >= deadline:
                    return
                await asyncio.sleep(pause)
                try:
                    result.latencies.append(await students[index].move(rng))
                except (OSError, GestureError, WebSocketException) as error:
                    result.errors.append(f"{type(error).__name__}: {error}")

        await asyncio.gather(*(student_loop(index) for index in range(count)))
        result.seconds = time.monotonic() - started
        if watch is not None:
            result.peak_rss_mib = watch.stop()
            result.cpu_seconds = watch.cpu_seconds
        await asyncio.gather(*(student.close() for student in students), return_exceptions=True)
