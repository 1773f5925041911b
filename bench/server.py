"""Streamlit servers for the bench: started on a free loopback port, watched, stopped.

Only 127.0.0.1 is ever used. The agent API is switched on for these servers alone, by the
command line, never in .streamlit/config.toml.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
HEALTH_TIMEOUT_SECONDS = 90
AGENT_MAX_SESSIONS = 250
"""`server.agentMaxSessions` for the bench's servers (Streamlit's default is 100): a classroom
of 100 students, the largest capacity step (100), the inventory's session and a margin. At the
limit Streamlit would refuse new sessions (`too_many_sessions`), and count them as errors."""


def free_port() -> int:
    """A loopback port nobody listens on (other people's servers share this machine)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def healthy(base_url: str) -> bool:
    """Whether ``/_stcore/health`` answers "ok"."""
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def wait_healthy(base_url: str, process: subprocess.Popen, log_path: Path,
                 timeout: float = HEALTH_TIMEOUT_SECONDS) -> None:
    """Block until the server answers its health check; fail loudly if it died or hung."""
    deadline = time.monotonic() + timeout
    while not healthy(base_url):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not become healthy on {base_url} (exit code "
                               f"{process.poll()}):\n{log_path.read_text(errors='replace')[-3000:]}")
        time.sleep(0.25)


def streamlit_command(script: str, port: int, *, agent_api: bool = True) -> list[str]:
    """`streamlit run` as `make run` does it, on ``port``, without file watching (other
    people edit pages while the bench runs) and, for the bench, with the agent API on."""
    command = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.address", HOST,
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
    ]
    if agent_api:
        command += ["--server.enableAgentApi", "true",
                    "--server.agentMaxSessions", str(AGENT_MAX_SESSIONS)]
    return command


def read_memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process, in KiB, from /proc/<pid>/status."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0])
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return values


def read_cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used, from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
        return float("nan")


@dataclass
class ProcessWatch:
    """Watches a server process over a window: its CPU time (``cpu_seconds``), which does
    not depend on what else the machine runs, and its resident memory, polled in a
    background thread (``peak_mib``: VmHWM cannot be reset, so a window's peak is polled)."""

    pid: int
    interval: float = 0.2
    peak_kib: int = 0
    cpu_seconds: float = float("nan")
    _cpu_start: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> ProcessWatch:
        self.peak_kib = read_memory_kib(self.pid).get("VmRSS", 0)
        self._cpu_start = read_cpu_seconds(self.pid)
        self._stop.clear()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def _poll(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak_kib = max(self.peak_kib, read_memory_kib(self.pid).get("VmRSS", 0))

    def stop(self) -> float:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=2)
        self.cpu_seconds = read_cpu_seconds(self.pid) - self._cpu_start
        return self.peak_mib

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024


class StreamlitServer:
    """One `streamlit run` process on a free loopback port, for a ``with`` block."""

    def __init__(self, script: str, log_dir: Path, *, name: str, agent_api: bool = True):
        self.script = script
        self.name = name
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.log_path = log_dir / f"{name}.log"
        self.agent_api = agent_api
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> StreamlitServer:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                streamlit_command(self.script, self.port, agent_api=self.agent_api),
                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(self.base_url, self.process, self.log_path)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def memory_kib(self) -> dict[str, int]:
        return read_memory_kib(self.pid)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
