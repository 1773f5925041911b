"""The bench's tables: printed, and written into bench/RESULTS.md between two markers (the
rest of that file, the record of what was tried, is kept as it is)."""

from __future__ import annotations

import math
import os
import platform
from dataclasses import dataclass, field
from pathlib import Path

from bench.browser import BrowserResult
from bench.classroom import LoadResult

BEGIN = "<!-- bench:begin (written by `make bench`; edit outside these markers) -->"
END = "<!-- bench:end -->"

# The targets (#6).
REDRAW_RATIO = 1.3
REDRAW_MS = 100.0
COLD_MS = 2000.0
CLASS_RATIO = 1.3
RSS_MIB = 1024.0
CAPACITY_P95_MS = 300.0


@dataclass
class PageReport:
    """Every figure of one page (or of the floor)."""

    name: str
    url_path: str
    charts: int = 0
    browser: BrowserResult = field(default_factory=BrowserResult)
    classroom: LoadResult | None = None
    classroom_window: str = ""


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
        if floor.classroom and load.p95_ms > CLASS_RATIO * floor.classroom.p95_ms:
            misses.append(f"class p95 >{CLASS_RATIO}× floor")
        if load.peak_rss_mib >= RSS_MIB:
            misses.append("RSS ≥1 GiB")
    if load is not None and load.errors:
        misses.append(f"{len(load.errors)} errors (first: {load.errors[0][:100]})")
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
            rows.append(f"| {run.processes} | – | – | – | – | {run.note} |")
        else:
            note = run.note or (f"first error: {r.errors[0][:100]}" if r.errors else "")
            rows.append(f"| {run.processes} | {r.throughput:.1f} | {ms(r.p50_ms)} | {ms(r.p95_ms)} | "
                        f"{len(r.errors)} | {note} |")
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
