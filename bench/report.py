"""The bench's tables: printed, and written into bench/RESULTS.md between two markers (the
rest of that file, the record of what was tried, is kept as it is)."""

from __future__ import annotations

import math
import os
import platform
from dataclasses import dataclass, field
from pathlib import Path

from bench.browser import FIRST_VISIT_STEPS, BrowserResult
from bench.classroom import LoadResult
from bench.drag import DRAG_SPAN, DragResult

BEGIN = "<!-- bench:begin (written by `make bench`; edit outside these markers) -->"
END = "<!-- bench:end -->"

# The targets (#6).
REDRAW_RATIO = 1.3
REDRAW_MS = 100.0
COLD_MS = 2000.0
CLASS_P95_MS = 300.0
"""Issue #10: one process holds 100 students, one gesture every 2 s each, with p95 under 300 ms."""
RSS_MIB = 1024.0
CAPACITY_P95_MS = 300.0

# The live panel's targets (#10): against the bare HTML floor page of the drag section, except
# the first visit (against the Streamlit floor app) and the classroom (absolute).
DRAG_REACHED = 0.90
DRAG_RATIO = 2.0
KEY_RATIO = 2.0
FIRST_VISIT_RATIO = 1.5
CLASS_STUDENTS = 100
CLASS_P95_MS = 300.0


@dataclass
class PageReport:
    """Every figure of one page (or of the floor)."""

    name: str
    url_path: str
    charts: int = 0
    browser: BrowserResult = field(default_factory=BrowserResult)
    classroom: LoadResult | None = None
    classroom_window: str = ""
    drag: DragResult | None = None


@dataclass
class CapacityStep:
    sessions: int
    result: LoadResult

    @property
    def holds(self) -> bool:
        return not self.result.errors and self.result.moves > 0 and self.result.p95_ms < CAPACITY_P95_MS


@dataclass
class ClusterRun:
    processes: int
    result: LoadResult | None = None
    note: str = ""


def cell(text: str, limit: int = 100) -> str:
    """Text for one table cell: on one line, without pipes, at most ``limit`` characters (an
    error can be a whole HTML page)."""
    return " ".join(str(text).split()).replace("|", "/")[:limit]


def ms(value: float) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.0f}"


def ratio(value: float, floor: float) -> str:
    if value is None or floor is None or math.isnan(value) or math.isnan(floor) or floor <= 0:
        return "–"
    return f"{value / floor:.2f}"


def verdict(page: PageReport, floor: PageReport) -> str:
    """Which of the issue's targets the page misses ("ok" when none)."""
    misses = []
    browser, fb = page.browser, floor.browser
    if browser.redraw_ms:
        if browser.redraw_p95 > REDRAW_RATIO * fb.redraw_p95:
            misses.append(f"redraw >{REDRAW_RATIO}× floor")
        if browser.redraw_p95 >= REDRAW_MS:
            misses.append(f"redraw ≥{REDRAW_MS:.0f} ms")
    if browser.cold_ms and browser.cold_median >= COLD_MS:
        misses.append("cold ≥2 s")
    if browser.misses:
        misses.append(f"{browser.misses} moves not redrawn")
    load = page.classroom
    if load is not None and load.moves:
        if load.p95_ms >= CLASS_P95_MS:
            misses.append(f"class p95 ≥{CLASS_P95_MS:.0f} ms")
        if load.peak_rss_mib >= RSS_MIB:
            misses.append("RSS ≥1 GiB")
    if load is not None and load.errors:
        misses.append(f"{len(load.errors)} errors (first: {cell(load.errors[0])})")
    return ", ".join(misses) or "ok"


def machine_lines(started_load: tuple[float, float, float], seconds: float, quick: bool) -> list[str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import plotly
    import streamlit

    end_load = os.getloadavg()
    return [
        f"- Machine: {os.cpu_count()} cores ({model or platform.machine()}), "
        f"Python {platform.python_version()}, Streamlit {streamlit.__version__}, "
        f"Plotly {plotly.__version__}, Chromium (Debian).",
        f"- Load average (1 min) at the start {started_load[0]:.1f}, at the end {end_load[0]:.1f}: "
        "the cores are shared with whatever else runs, so absolute times drift from run to run; "
        "that is why every figure is also given as a ratio to the floor app measured in the same run.",
        f"- Run: {'`--quick` (short windows)' if quick else 'full'}, {seconds / 60:.1f} minutes.",
    ]


def page_table(pages: list[PageReport], floor: PageReport) -> list[str]:
    rows = [
        "| page | charts | redraw p50 ms | redraw p95 ms | ×floor | server CPU ms/redraw | cold load ms | "
        "class window | "
        "class p50 ms | class p95 ms | ×floor | moves | errors | server CPU ms/move | peak RSS MiB | "
        "targets |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in [floor, *pages]:
        b, load = page.browser, page.classroom
        is_floor = page is floor
        class_ratio = ratio(load.p95_ms, floor.classroom.p95_ms) if load and floor.classroom else "–"
        class_notes = [load.note] if load and load.note else []
        if load and load.control and not load.control.startswith("slider"):
            class_notes.append(f"the classroom moves its {load.control}")
        notes = "; ".join(dict.fromkeys(b.notes + class_notes))
        rows.append(
            f"| {page.name} | {page.charts} | {ms(b.redraw_p50)} | {ms(b.redraw_p95)} | "
            f"{'1' if is_floor else ratio(b.redraw_p95, floor.browser.redraw_p95)} | "
            f"{ms(b.server_cpu_ms_per_move)} | {ms(b.cold_median)} | "
            f"{page.classroom_window or '–'} | {ms(load.p50_ms) if load else '–'} | "
            f"{ms(load.p95_ms) if load else '–'} | "
            f"{'1' if is_floor else class_ratio}"
            f" | {load.moves if load else '–'} | {len(load.errors) if load else '–'} | "
            f"{ms(load.cpu_ms_per_move) if load else '–'} | {ms(load.peak_rss_mib) if load else '–'} | "
            f"{'(reference)' if is_floor else verdict(page, floor)}{' — ' + notes if notes else ''} |"
        )
    return rows


def capacity_table(name: str, steps: list[CapacityStep]) -> list[str]:
    rows = [f"**{name}**", "",
            "| sessions | moves | p50 ms | p95 ms | errors | server CPU ms/move | peak RSS MiB "
            "| p95 < 300 ms |",
            "|---:|---:|---:|---:|---:|---:|---:|---|"]
    for step in steps:
        r = step.result
        rows.append(f"| {step.sessions} | {r.moves} | {ms(r.p50_ms)} | {ms(r.p95_ms)} | {len(r.errors)} | "
                    f"{ms(r.cpu_ms_per_move)} | {ms(r.peak_rss_mib)} | {'yes' if step.holds else 'no'} |")
    held = [step.sessions for step in steps if step.holds]
    rows += ["", f"Largest session count held: **{max(held) if held else 'none of the steps'}**", ""]
    return rows


def cluster_table(runs: list[ClusterRun], page: str, sessions: int, think: float,
                  seconds: float) -> list[str]:
    rows = [f"{sessions} students on `{page}` (think time {think:.0f} s, {seconds:.0f} s window), "
            "through nginx with cookie affinity, on loopback:", "",
            "| Streamlit processes | moves/s | p50 ms | p95 ms | errors | note |",
            "|---:|---:|---:|---:|---:|---|"]
    for run in runs:
        r = run.result
        if r is None:
            rows.append(f"| {run.processes} | – | – | – | – | {cell(run.note, 150)} |")
        else:
            note = cell(run.note) or (f"first error: {cell(r.errors[0])}" if r.errors else "")
            rows.append(f"| {run.processes} | {r.throughput:.1f} | {ms(r.p50_ms)} | {ms(r.p95_ms)} | "
                        f"{len(r.errors)} | {note} |")
    return rows


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _pct(value: float) -> str:
    return "–" if value is None or math.isnan(value) else f"{value * 100:.0f} %"


def _met(ok: bool, missed_by: str) -> str:
    return "met" if ok else f"**missed** by {missed_by}"


def _ratio_target(value: float, floor: float, limit: float, unit: str = "ms") -> tuple[str, bool | None]:
    """A p95 against ``limit`` × the floor's: its cell, and whether it is met (None: not measured)."""
    if math.isnan(value) or math.isnan(floor) or floor <= 0:
        return f"{ms(value)} {unit}" if not math.isnan(value) else "–", None
    times = value / floor
    missed_by = (f"{ms(value - limit * floor)} {unit} "
                 f"(the limit, {limit:g}× the floor, is {ms(limit * floor)} {unit})")
    cell = f"{ms(value)} {unit} ({times:.2f}×) " + _met(times <= limit, missed_by)
    return cell, times <= limit


def first_visit_steps(browser: BrowserResult, floor_cold: float) -> str:
    """Where a panel's first visit went (medians, ms from navigation start): its controls put in the page,
    Plotly asked for, arrived and run, its charts drawn; "" if the steps were not recorded."""
    shown, asked, arrived, ran, drawn = map(browser.panel_step_median, FIRST_VISIT_STEPS)
    if any(math.isnan(step) for step in (shown, asked, arrived, ran, drawn)):
        return ""
    return (f": controls in the page at {ms(shown)} (the floor app's slider drawn at {ms(floor_cold)}), "
            f"Plotly asked for at {ms(asked)}, arrived at {ms(arrived)}, run by {ms(ran)}, charts drawn "
            f"{ms(drawn - max(ran, shown))} ms later")


def drag_targets(page: PageReport, floor: PageReport,
                 drag_floor: DragResult) -> list[tuple[str, bool | None]]:
    """Each of #10's targets for one page: its cell in the table and whether it is met."""
    drag, cells = page.drag, []
    if drag is None or not drag.drags:
        note = "nothing to drag" if drag is None else "; ".join(drag.notes) or "not measured"
        cells += [(note, None), ("–", None), ("–", None), ("–", None)]
    else:
        share = drag.reached_share
        cells.append((f"{_pct(share)} ({drag.moves_reached} of {drag.moves_counted}: of {drag.moves_sent} "
                      f"sent, the page got {drag.moves_seen}, {drag.moves_changing} changing the value) "
                      + _met(share >= DRAG_REACHED, f"{(DRAG_REACHED - share) * 100:.0f} points"),
                      share >= DRAG_REACHED))
        cells.append(_ratio_target(drag.move_p95, drag_floor.move_p95, DRAG_RATIO))
        cells.append(_ratio_target(drag.key_p95, drag_floor.key_p95, KEY_RATIO))
        held, after = sum(drag.ws_hold), drag.ws_after
        ok = held == 0 and bool(after) and all(count == 1 for count in after)
        detail = (f"{held} during {_n(len(drag.ws_hold), 'hold')}, after each release: "
                  f"{', '.join(map(str, after)) or '–'}")
        misses = []
        if held:
            misses.append(f"{held} frames while held")
        if any(count != 1 for count in after):
            misses.append("not one frame after each release")
        keys = "".join(f"; key presses: {during} during, {later} after" for during, later in drag.ws_keys)
        cells.append((f"{detail} " + _met(ok, "; ".join(misses)) + keys, ok))
    # A live panel page's first visit is judged until its panel is drawn (#10: "until its panel and
    # charts are drawn"); the whole page follows it, and is given beside it.
    panel_cold = page.browser.panel_cold_median
    cold, floor_cold = (page.browser.cold_median if math.isnan(panel_cold) else panel_cold,
                        floor.browser.cold_median)
    text, ok = _ratio_target(cold, floor_cold, FIRST_VISIT_RATIO)
    if not math.isnan(panel_cold):
        text = (f"panel {text}{first_visit_steps(page.browser, floor_cold)}; "
                f"whole page {ms(page.browser.cold_median)} ms")
    cells.append((text, ok))
    load = page.classroom
    if load is None or not load.moves:
        cells.append((page.classroom_window or "not measured", None))
    else:
        ok = load.p95_ms < CLASS_P95_MS and not load.errors and load.sessions >= CLASS_STUDENTS
        misses = []
        if load.p95_ms >= CLASS_P95_MS:
            misses.append(f"{ms(load.p95_ms - CLASS_P95_MS)} ms")
        if load.errors:
            misses.append(f"{len(load.errors)} errors")
        if load.sessions < CLASS_STUDENTS:
            misses.append(f"only {load.sessions} students")
        cells.append((f"{ms(load.p95_ms)} ms, {len(load.errors)} errors, {load.sessions} students "
                      + _met(ok, ", ".join(misses)), ok))
    return cells


def drag_lines(pages: list[PageReport], floor: PageReport, drag_floor: DragResult, students: int, *,
               drags: tuple[int, int], moves: int, seconds: float, keys: tuple[int, int],
               key_interval: float) -> list[str]:
    """The drag section (#10): the figures of each page against the bare floor page, with a
    verdict per target."""
    rows = [
        "", "## Drag: does the page follow the finger? (live panel, #10)", "",
        f"- Drag: {_n(drags[0], 'drag')} a page of its first range control ({drags[1]} on a page still on "
        f"Streamlit sliders), each {moves} pointer moves over {DRAG_SPAN * 100:.0f} % of its width in "
        f"{seconds:.0f} s with the button held, paced on the clock (a move whose time has passed is "
        "skipped, as a browser coalesces the moves of a busy page). Judged: the moves that changed the "
        "control's value (a control of few steps, such as Poisson's count, changes on a third of them; "
        "the others leave the screen as it is) and the moves the page never got (counted as missed). "
        "A move reached the screen when a "
        "frame after it, and no later than the next move that changed the value (the release, for the "
        "last), shows the first "
        "chart's data and the readouts (a live panel's `.ll-readout-value`s, together; else the first "
        "metric) "
        "changed from when the move arrived; move → screen is from the move's `timeStamp` to the first "
        "such frame. Frames are sampled after the page's own animation-frame callbacks, before paint.",
        f"- Keys: {keys[0]} arrow presses on the same control ({keys[1]} on a Streamlit slider), one every "
        f"{key_interval * 1000:.0f} ms; key → the frame on which chart and readout changed.",
        "- Server: websocket frames the page sent (Playwright `framesent`) while the button was held, "
        "and after the release until the page settled.",
        "- Floor: a bare HTML page (one range input, one readout, one Plotly chart from the app's "
        "static/plotly-basic.min.js redrawn in the `input` handler, served from 127.0.0.1), dragged "
        "and keyed the same way at the start and at the end of the browser part, pooled. First visit: "
        "from navigation start to the frame on which the live panel (its controls and every chart) is "
        "drawn, the same first visits as the cold load above (which runs on to the whole page, given "
        "beside it), against the floor app's cold load; with the medians of where it went: when the "
        "panel's controls were first in the page (Streamlit shows a run's elements once the code of all "
        "of them has loaded; the floor app's slider is drawn at its cold load), when Plotly was asked "
        "for, had arrived and had run, and how long the charts then took to draw.",
        f"- Targets: ≥ {DRAG_REACHED * 100:.0f} % of moves reached; move → screen p95 ≤ {DRAG_RATIO:g}× the "
        f"floor's; key → screen p95 ≤ {KEY_RATIO:g}× the floor's; no frame sent while held and one after; "
        f"first visit ≤ {FIRST_VISIT_RATIO:g}× the floor app's; {CLASS_STUDENTS} students (one gesture every "
        f"2 s each) with p95 < {CLASS_P95_MS:.0f} ms and no errors ({students} in this run).", "",
        "| page | dragged | moves reached while held (≥ 90 %) | move → screen p95 (≤ 2× floor) | "
        "key → screen p95 (≤ 2× floor) | websocket frames (0 held, 1 after) | "
        "first visit (≤ 1.5× floor app) | "
        f"classroom of {students} (p95 < 300 ms) | targets met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    f = drag_floor
    rows.append(f"| bare floor page | {f.control or '–'} | {_pct(f.reached_share)} ({f.moves_reached} of "
                f"{f.moves_counted}: of {f.moves_sent} sent, the page got {f.moves_seen}, "
                f"{f.moves_changing} changing the value) | "
                f"{ms(f.move_p95)} ms (p50 {ms(f.move_p50)}) | "
                f"{ms(f.key_p95)} ms (p50 {ms(f.key_p50)}) | – | – | – | (reference"
                f"{'; ' + '; '.join(f.notes) if f.notes else ''}) |")
    for page in pages:
        cells = drag_targets(page, floor, drag_floor)
        judged = [ok for _, ok in cells if ok is not None]
        dragged = page.drag.control if page.drag and page.drag.control else "–"
        notes = "; ".join(page.drag.notes) if page.drag and page.drag.notes and page.drag.drags else ""
        rows.append(f"| {page.name} | {dragged} | " + " | ".join(cell for cell, _ in cells)
                    + f" | {sum(judged)} of {len(judged)}{' — ' + notes if notes else ''} |")
    if f.moves_sent and f.reached_share < DRAG_REACHED:
        header = next(index for index, row in enumerate(rows) if row.startswith("| page | dragged"))
        rows[header:header] = [
            f"The bare floor page itself had {_pct(f.reached_share)} of its moves reach the screen "
            f"(it received {f.moves_seen} of {f.moves_sent}): in this run the machine and the driver, "
            "not only the pages, limited how many moves a page could show; read the pages' shares "
            "against it.", ""]
    return rows



def write_results(path: Path, lines: list[str]) -> None:
    """Replace the text between the markers of ``path`` (creating the file if needed)."""
    block = "\n".join([BEGIN, *lines, END])
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            tail = rest.split(END, 1)[1]
            path.write_text(head + block + tail, encoding="utf-8")
            return
        path.write_text(text.rstrip("\n") + "\n\n" + block + "\n", encoding="utf-8")
        return
    path.write_text("# Bench results\n\n" + block + "\n", encoding="utf-8")
