"""Fixtures for the browser tests: the system's Chromium and a real `streamlit run` server.

pytest-playwright provides ``page``, ``browser`` and friends; here its Chromium is swapped for
Debian's (``playwright install`` needs a download, ``make test`` installs the chromium
package instead), and the app is started once per session on a free local port.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from course.lessons import ROOT

HEALTH_TIMEOUT_SECONDS = 60
# Generous: two shared cores, and a page's first run imports numpy, pandas and Plotly.
BROWSER_TIMEOUT_MS = 60_000
expect.set_options(timeout=BROWSER_TIMEOUT_MS)
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests often run as root in a container, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch options, with the system Chromium."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A browser tab, as pytest-playwright's ``page`` (tests/conftest.py gives that name to its
    AppTest opener; in the browser tests it means the browser page again)."""
    return context.new_page()


def _warm_up(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(base_url, timeout=BROWSER_TIMEOUT_MS)
        expect(tab.locator('[data-testid="stApp"]')).to_have_attribute("data-test-script-state", "notRunning")
    finally:
        context.close()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def served_app(log_dir: Path, *options: str) -> Iterator[str]:
    """Serve the app with `streamlit run app.py`, as `make run` does (plus ``options``); yield its
    base URL."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = log_dir / "server.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        # Other people may be editing pages while the tests run: no reloads mid-test.
        "--server.fileWatcherType", "none",
        *options,
    ]
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
        while not _healthy(base_url):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not become healthy on {base_url} "
                            f"(exit code {server.poll()}):\n{log_path.read_text(errors='replace')}")
            time.sleep(0.25)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[str]:
    """The base URL of the app, shared by the browser tests.

    One visit to the base URL warms the server up (imports, caches) before the tests start;
    tests/browser/test_first_visit.py checks what the very first visitor of a cold server gets.
    """
    with served_app(tmp_path_factory.mktemp("streamlit")) as base_url:
        _warm_up(browser, base_url)
        yield base_url


@pytest.fixture
def cold_app_url(tmp_path: Path) -> Iterator[str]:
    """A freshly started server that nobody has visited yet."""
    with served_app(tmp_path) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def agent_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served with Streamlit's agent API on (``POST /_stcore/agent/interact``), as the
    bench serves it."""
    log_dir = tmp_path_factory.mktemp("streamlit-agent")
    with served_app(log_dir, "--server.enableAgentApi", "true") as base_url:
        yield base_url
