"""`make bench`: every page of app.py against the floor app, in one run.

1. Browser (Chromium + Playwright): redraw latency of 30 keyboard moves of the first slider (a
   live panel's first range input where the page has one), and cold load, for the floor app and
   for each page; then the drag section (bench/drag.py): 1-second drags and arrow presses of
   each page's first range control, against a bare HTML page with a browser-side Plotly chart.
2. Classroom: 100 students on each page, each sending what a browser sends (bench/gestures.py:
   a live panel's gesture, the floor's slider move; the agent API on pages without a panel),
   then the most sessions one process holds with p95 under 300 ms, on the floor and on the
   heaviest page.
3. Beyond one process: the same students through nginx onto 1 and onto 2 Streamlit processes.

Prints a table and writes it into bench/RESULTS.md. Everything talks to 127.0.0.1 only, and
every loop is bounded in count and in time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from bench.browser import BrowserResult, launch, measure_cold_load, measure_redraw
from bench.classroom import AgentError, AgentSession, Classroom, LoadResult, PageShape, page_shape
from bench.drag import (
    DRAG_SECONDS,
    KEY_INTERVAL_SECONDS,
    MOVES,
    DragResult,
    FloorPage,
    drag_on_page,
    measure_drag,
)
from bench.gestures import GestureClassroom
from bench.report import (
    CapacityStep,
    ClusterRun,
    PageReport,
    capacity_table,
    cluster_table,
    drag_lines,
    machine_lines,
    page_table,
    write_results,
)
from bench.server import AGENT_MAX_SESSIONS, ROOT, ProcessWatch, StreamlitServer
from course.lessons import LESSONS, Lesson

RESULTS = ROOT / "bench" / "RESULTS.md"
FLOOR_SCRIPT = "bench/floor_app.py"
FULL_WINDOW_PAGES: tuple[str, ...] = ()
"""Besides the floor and the slowest page in the browser, these get the full classroom window
(every other page gets the short one, to keep the whole run to about 20 minutes)."""


@dataclass(frozen=True)
class Settings:
    """How long each part runs. The quick run takes about 9 minutes on 2 cores; the full one takes
    three drags and twenty keys a page, and longer windows."""

    moves: int = 30
    cold_loads: int = 2
    floor_cold_loads: int = 3
    """First visits of the floor app at the start of the browser part, and as many at the end: its
    median is what every page's first visit is judged against."""
    drags: int = 3
    """Drags of a live panel's first range input (the bare floor: as many at the start and at
    the end of the drag section)."""
    drag_keys: int = 20
    """Arrow presses on it, one every 100 ms."""
    slider_drags: int = 1
    slider_keys: int = 8
    """The same on a page still on Streamlit sliders (each key press is a rerun there)."""
    students: int = 100
    think_seconds: float = 2.0
    full_window: float = 45.0
    short_window: float = 8.0
    capacity_steps: tuple[int, ...] = (10, 20, 40, 60, 80, 100)
    capacity_window: float = 10.0
    cluster_students: int = 60
    cluster_think_seconds: float = 1.0
    cluster_window: float = 15.0

    @classmethod
    def quick(cls) -> Settings:
        return cls(moves=16, cold_loads=1, floor_cold_loads=1, drags=1, drag_keys=10, slider_keys=4,
                   full_window=15.0, short_window=6.0, capacity_steps=(10, 40, 100), capacity_window=6.0,
                   cluster_students=40, cluster_window=8.0)


def agent_page(declared: Lesson) -> str:
    """The page's handle in the agent API and its address under the base URL: its url_path,
    "" for the default page (the frontend does not find the default page under its own
    url_path once the app runs, and falls back to the base URL, losing the slider's focus)."""
    return declared.address


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def inventory(base_url: str, pages: list[Lesson]) -> dict[str, PageShape]:
    """What each page shows (charts, slider, metric), as the server reports it; this also
    warms the server up (the first run of a page imports its modules)."""
    student = AgentSession(base_url)
    shapes = {}
    for declared in pages:
        try:
            student.open(agent_page(declared))
            shapes[declared.address] = page_shape(student.snapshot)
        except AgentError as error:
            log(f"  {declared.address}: {error}")
            shapes[declared.address] = PageShape(charts=0, slider=False, metric=False)
    return shapes


def run_browser(settings: Settings, app: StreamlitServer, floor_server: StreamlitServer,
                pages: list[Lesson], shapes: dict[str, PageShape], reports: dict[str, PageReport],
                floor: PageReport, drag_floor: DragResult) -> None:
    from playwright.sync_api import sync_playwright

    half = settings.moves // 2
    with sync_playwright() as playwright, FloorPage() as bare:
        browser = launch(playwright)
        try:
            # The drag floor, a bare HTML page, is measured at the start and at the end too.
            log("drag: bare floor page (first half)")
            measure_drag(browser, bare.url, drags=settings.drags, keys=settings.drag_keys, result=drag_floor)
            # The floor is measured at the start and at the end, and pooled: the machine's
            # load drifts during a run, and the ratios should not depend on when a page ran.
            log("browser: floor (first half)")
            measure_redraw(browser, floor_server.base_url, half, floor=True, charts=0, slider=True,
                           result=floor.browser, server_pid=floor_server.pid)
            floor_first_visits = partial(measure_cold_load, browser, floor_server.base_url,
                                         settings.floor_cold_loads, charts=0, slider=True,
                                         result=floor.browser)
            floor_first_visits()
            for declared in pages:
                shape = shapes[declared.address]
                report = reports[declared.address]
                url = f"{app.base_url}/{agent_page(declared)}"
                kind = "live panel, " if shape.panel else ""
                dragged = ", then drag" if shape.panel_slider or shape.slider else ""
                log(f"browser: {declared.address} ({kind}{shape.charts} charts){dragged}")
                then = None
                if shape.panel_slider or shape.slider:
                    # The drag section runs on the same page after the keyboard moves.
                    panel = shape.panel_slider
                    report.drag = DragResult()
                    then = partial(_drag_then, drags=settings.drags if panel else settings.slider_drags,
                                   keys=settings.drag_keys if panel else settings.slider_keys,
                                   result=report.drag)
                measure_redraw(browser, url, settings.moves, floor=False, charts=shape.charts,
                               slider=shape.slider, result=report.browser, server_pid=app.pid,
                               panel_slider=shape.panel_slider, then=then)
                measure_cold_load(browser, url, settings.cold_loads, charts=shape.charts,
                                  slider=shape.slider, result=report.browser, panel_slider=shape.panel_slider,
                                  panel=shape.panel)
            log("browser: floor (second half) and cold loads")
            measure_redraw(browser, floor_server.base_url, settings.moves - half, floor=True, charts=0,
                           slider=True, result=floor.browser, server_pid=floor_server.pid)
            floor_first_visits()
            log("drag: bare floor page (second half)")
            measure_drag(browser, bare.url, drags=settings.drags, keys=settings.drag_keys, result=drag_floor)
        finally:
            browser.close()


def _drag_then(page, sent: list[float], watched: tuple[str, ...], *, drags: int, keys: int,
               result: DragResult) -> None:
    drag_on_page(page, sent, drags=drags, keys=keys, result=result, watched=watched)


def heaviest(pages: list[Lesson], reports: dict[str, PageReport], shapes: dict[str, PageShape],
             key) -> Lesson | None:
    """The page a student can move something on with the largest ``key(report, shape)``."""
    candidates = [page for page in pages if shapes[page.address].movable]
    return max(candidates, key=lambda page: key(reports[page.address], shapes[page.address]), default=None)


def _nan_last(value: float) -> float:
    """A figure to sort by, with "not measured" (NaN) below every measured one."""
    return -1.0 if value != value else value


def run_classroom(settings: Settings, app: StreamlitServer, floor_server: StreamlitServer,
                  pages: list[Lesson], shapes: dict[str, PageShape], reports: dict[str, PageReport],
                  floor: PageReport, lines: list[str]) -> Lesson | None:
    """``settings.students`` students on the floor and on every page; then the capacity steps."""
    # A live panel's gesture is what a browser sends (bench/gestures.py): the panel's fragment
    # rerun. The floor's slider is moved the same way, by a browser's message; a page still on
    # Streamlit widgets alone is moved through the agent API.
    floor_class = GestureClassroom(floor_server.base_url, seed=6)
    app_gestures = GestureClassroom(app.base_url, seed=6)
    app_agents = Classroom(app.base_url, seed=6)

    def classroom_of(declared: Lesson):
        return app_gestures if shapes[declared.address].panel_slider else app_agents
    # The heaviest page by what the browser measured (by chart count if it did not run).
    heavy = heaviest(pages, reports, shapes,
                     lambda report, shape: (_nan_last(report.browser.redraw_p95), shape.charts))
    full_pages = {page.address for page in pages if page.address in FULL_WINDOW_PAGES}
    if heavy:
        full_pages.add(heavy.address)

    log(f"classroom: floor, {settings.students} students, {settings.full_window:.0f} s")
    think = settings.think_seconds
    first = floor_class.run(settings.students, "", settings.full_window, think_seconds=think,
                            watch=ProcessWatch(floor_server.pid))
    for declared in pages:
        report = reports[declared.address]
        if not shapes[declared.address].movable:
            report.classroom_window = "nothing to move"
            continue
        window = settings.full_window if declared.address in full_pages else settings.short_window
        log(f"classroom: {declared.address}, {settings.students} students, {window:.0f} s")
        report.classroom = classroom_of(declared).run(settings.students, agent_page(declared), window,
                                         think_seconds=think, watch=ProcessWatch(app.pid))
        report.classroom_window = f"{window:.0f} s"
    log(f"classroom: floor again, {settings.short_window:.0f} s")
    last = floor_class.run(settings.students, "", settings.short_window, think_seconds=think,
                           watch=ProcessWatch(floor_server.pid))
    pooled = LoadResult(sessions=settings.students, seconds=first.seconds + last.seconds,
                        latencies=first.latencies + last.latencies, errors=first.errors + last.errors,
                        peak_rss_mib=max(first.peak_rss_mib, last.peak_rss_mib),
                        cpu_seconds=first.cpu_seconds + last.cpu_seconds)
    floor.classroom = pooled
    floor.classroom_window = f"{settings.full_window:.0f} s + {settings.short_window:.0f} s"

    # Capacity: step the session count up on the floor and on the heaviest page by classroom p95.
    heavy = heaviest(pages, reports, shapes,
                     lambda report, shape: _nan_last(report.classroom.p95_ms) if report.classroom else -1.0)
    lines += ["", "## Capacity: sessions one process holds with p95 under 300 ms", "",
              f"Each step is a {settings.capacity_window:.0f} s window of students moving a slider every "
              f"{settings.think_seconds:.0f} s on average; the steps stop at the first one over 300 ms.", ""]
    targets = [("floor app", floor_class, "", floor_server)]
    if heavy:
        targets.append((f"{heavy.title} (/{heavy.address}, the slowest page under the classroom load)",
                        classroom_of(heavy), agent_page(heavy), app))
    for name, classroom, page, server in targets:
        steps = []
        for sessions in settings.capacity_steps:
            log(f"capacity: {name.split(' (')[0]}, {sessions} sessions")
            result = classroom.run(sessions, page, settings.capacity_window, think_seconds=think,
                                   watch=ProcessWatch(server.pid))
            steps.append(CapacityStep(sessions, result))
            if not steps[-1].holds:
                break
        lines += capacity_table(name, steps)
    return heavy


def run_cluster(settings: Settings, page: Lesson, lines: list[str], log_dir: Path,
                browser_page: Lesson | None, browser_shape: PageShape | None) -> None:
    """The same classroom through nginx onto 1, then 2, Streamlit processes; then a browser
    through nginx onto ``browser_page``."""
    from deploy.cluster import Cluster, ensure_nginx

    lines += ["", "## Beyond one process: nginx in front of 1 and 2 Streamlit processes", ""]
    nginx, status = ensure_nginx()
    if nginx is None:
        lines.append(f"Skipped: {status}.")
        log(f"cluster: skipped ({status})")
        return
    runs = []
    browser_note = ""
    for processes in (1, 2):
        log(f"cluster: {processes} process(es), {settings.cluster_students} students")
        try:
            agent = ["--server.enableAgentApi", "true", "--server.agentMaxSessions", str(AGENT_MAX_SESSIONS)]
            with Cluster(processes, extra_args=agent,
                         run_dir=log_dir / f"cluster-{processes}") as cluster:
                classroom = Classroom(cluster.url, seed=7)
                result = classroom.run(settings.cluster_students, agent_page(page), settings.cluster_window,
                                       think_seconds=settings.cluster_think_seconds)
                runs.append(ClusterRun(processes, result))
                if processes == 2 and browser_page is not None:
                    browser_note = browser_through(cluster.url, browser_page, browser_shape)
        except (RuntimeError, OSError) as error:
            runs.append(ClusterRun(processes, None, note=str(error).splitlines()[0][:150]))
    lines += cluster_table(runs, page.address, settings.cluster_students, settings.cluster_think_seconds,
                           settings.cluster_window)
    if browser_note:
        lines += ["", browser_note]


def browser_through(url: str, page: Lesson, shape: PageShape) -> str:
    """A browser through nginx: the page loads and a slider redraws, so the websocket upgrade
    and the affinity work for a real browser too, not only for the agent API."""
    from playwright.sync_api import sync_playwright

    result = BrowserResult()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            measure_redraw(browser, f"{url}/{agent_page(page)}", 6, floor=False, charts=shape.charts,
                           slider=shape.slider, result=result, panel_slider=shape.panel_slider)
        finally:
            browser.close()
    notes = "".join(f"; {note}" for note in result.notes)
    return (f"A browser through nginx (2 processes): {len(result.redraw_ms)} of 6 keyboard moves redrawn "
            f"on /{page.address} over the proxied websocket{notes}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short windows (a few minutes in all)")
    parser.add_argument("--pages", help="only these url paths, comma separated (default: every page)")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-classroom", action="store_true")
    parser.add_argument("--skip-cluster", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS,
                        help="the results file (default: %(default)s)")
    args = parser.parse_args(argv)
    settings = Settings.quick() if args.quick else Settings()

    started, start_load = time.monotonic(), os.getloadavg()
    pages = list(LESSONS)
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = [page for page in pages if page.address in wanted]
    log_dir = ROOT / "bench" / ".runs" / time.strftime("%Y%m%d-%H%M%S")
    reports = {page.address: PageReport(page.title, page.address) for page in pages}
    floor = PageReport("floor app (one slider, one st.write)", "")
    drag_floor = DragResult()
    extra: list[str] = []
    cluster_page = None

    with StreamlitServer("app.py", log_dir, name="app") as app, \
            StreamlitServer(FLOOR_SCRIPT, log_dir, name="floor") as floor_server:
        log(f"servers: app on {app.base_url}, floor on {floor_server.base_url}; logs in {log_dir}")
        shapes = inventory(app.base_url, pages)
        for page in pages:
            reports[page.address].charts = shapes[page.address].charts
        if not args.skip_browser:
            run_browser(settings, app, floor_server, pages, shapes, reports, floor, drag_floor)
        if not args.skip_classroom:
            cluster_page = run_classroom(settings, app, floor_server, pages, shapes, reports, floor, extra)
        app_peak = app.memory_kib().get("VmHWM", 0) / 1024
    if not args.skip_cluster:
        page = cluster_page or next((page for page in pages if shapes[page.address].movable), None)
        # The browser check goes to a page whose slider redrew in the browser part.
        def has_slider(page: Lesson) -> bool:
            return shapes[page.address].slider or shapes[page.address].panel_slider

        with_slider = next((page for page in pages if has_slider(page)
                            and reports[page.address].browser.redraw_ms), None) \
            or next((page for page in pages if has_slider(page)), None)
        if page is not None:
            run_cluster(settings, page, extra, log_dir, with_slider,
                        shapes[with_slider.address] if with_slider else None)

    seconds = time.monotonic() - started
    lines = ["", "## Every page against the floor", "",
             *machine_lines(start_load, seconds, args.quick), "",
             f"- Redraw: {settings.moves} keyboard moves of the first slider a page (a live panel's first "
             f"range input where the page has one; the floor's {settings.moves} are "
             "taken half at the start and half at the end of the run); from the keydown to the frame "
             "on which the first chart's data and the first metric (the shown loss; a live panel's first "
             "readout) have both changed. "
             "Cold load: median of "
             f"{settings.cold_loads} first visits (empty cache), navigation start to the frame on which "
             "the whole page (its end and every chart) is drawn; the floor app's, of "
             f"{2 * settings.floor_cold_loads}, half at the start and half at the end of the run.",
             f"- Classroom: {settings.students} simulated students on one process, each moving the first "
             f"control after an exponential think time of mean {settings.think_seconds:.0f} s (seeded). "
             "On a live panel page, and on the floor, each is a simulated browser tab on the app's "
             "websocket (bench/gestures.py) that ends each gesture with the message Chromium sends: the "
             "panel's gesture trigger, which reruns the panel's fragment (the floor: its slider's new "
             "value); latency runs from sending to the run's end, and a move whose rerun does not show "
             "the new value is an error. Other pages are moved through the agent API (their first "
             "slider, number input or choice), latency being the whole request. "
             "Peak RSS is the Streamlit process's resident memory polled during the window "
             f"(the app process's VmHWM over the whole run: {app_peak:.0f} MiB).", "",
             *page_table([reports[page.address] for page in pages], floor),
             *drag_lines([reports[page.address] for page in pages], floor, drag_floor, settings.students,
                         drags=(settings.drags, settings.slider_drags), moves=MOVES, seconds=DRAG_SECONDS,
                         keys=(settings.drag_keys, settings.slider_keys), key_interval=KEY_INTERVAL_SECONDS),
             *extra, ""]
    print("\n".join(lines))
    write_results(args.output, lines)
    raw = {"settings": asdict(settings), "floor": _raw(floor), "drag_floor": asdict(drag_floor),
           "pages": {path: _raw(report) for path, report in reports.items()}}
    log_dir.mkdir(parents=True, exist_ok=True)
    (log_dir / "results.json").write_text(json.dumps(raw, indent=1, default=str))
    log(f"wrote {args.output} and {log_dir / 'results.json'} in {seconds / 60:.1f} minutes")
    return 0


def _raw(report: PageReport) -> dict:
    load = report.classroom
    return {
        "redraw_ms": report.browser.redraw_ms, "cold_ms": report.browser.cold_ms,
        "panel_cold_ms": report.browser.panel_cold_ms,
        "notes": report.browser.notes, "misses": report.browser.misses,
        "drag": None if report.drag is None else asdict(report.drag),
        "classroom": None if load is None else {
            "latencies_s": load.latencies, "errors": load.errors[:20], "error_count": len(load.errors),
            "peak_rss_mib": load.peak_rss_mib, "seconds": load.seconds},
    }


if __name__ == "__main__":
    sys.exit(main())
