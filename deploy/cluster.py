"""Loss Lab on one machine as N Streamlit processes behind nginx, with session affinity.

One Streamlit process runs every student's script reruns on one core (Python's GIL), so a
machine with N cores serves about N times the students with N processes behind a proxy that
keeps each student on the process holding their session (deploy/nginx.conf.template).

    python -m deploy.cluster --processes 4 --port 8080     # serve until Ctrl+C
    python -m deploy.cluster --processes 2 --render /tmp/nginx.conf   # only write the config

nginx comes from the system (Debian: `apt-get install nginx`); `ensure_nginx()` installs it
when run as root. Everything listens on 127.0.0.1 unless --host says otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
HEALTH_TIMEOUT_SECONDS = 90


def render_nginx_config(app_ports: list[int], listen: str, run_dir: Path, *,
                        app_host: str = "127.0.0.1") -> str:
    """The nginx config for Streamlit processes on ``app_ports``, listening on ``listen``
    ("127.0.0.1:8080"), with its pid, logs and temporary files under ``run_dir``."""
    servers = "\n".join(f"        server {app_host}:{port} max_fails=0;" for port in app_ports)
    text = TEMPLATE.read_text(encoding="utf-8")
    for field, value in (("@@UPSTREAM_SERVERS@@", servers), ("@@LISTEN@@", listen),
                         ("@@RUN_DIR@@", str(run_dir))):
        text = text.replace(field, value)
    return text


def find_nginx() -> str | None:
    """The nginx binary, on PATH or where Debian puts it."""
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)), None)


def ensure_nginx() -> tuple[str | None, str]:
    """nginx, installed from Debian's packages when missing and we are root.
    Returns (path or None, what happened)."""
    found = find_nginx()
    if found:
        return found, "found"
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None, "nginx is not installed and this user cannot install it (apt-get install nginx)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "nginx"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            return None, f"`{' '.join(command)}` failed: {done.stderr.strip()[-300:]}"
    # Debian's package may start a system nginx on port 80; this cluster never uses it.
    found = find_nginx()
    return found, "installed with apt-get" if found else "apt-get install nginx left no nginx binary"


def check_config(nginx: str, config_path: Path, run_dir: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on a rendered config."""
    return subprocess.run([nginx, "-t", "-q", "-p", str(run_dir), "-e", str(run_dir / "error.log"),
                           "-c", str(config_path)], capture_output=True, text=True, timeout=60)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _free_port(host: str) -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class Cluster:
    """N `streamlit run` processes and one nginx in front of them, for a ``with`` block."""

    def __init__(self, processes: int, *, port: int | None = None, host: str = "127.0.0.1",
                 script: str = "app.py", extra_args: list[str] | None = None, run_dir: Path | None = None):
        self.processes = processes
        self.host = host
        self.port = port or _free_port(host)
        self.script = script
        self.extra_args = extra_args or []
        self.run_dir = Path(run_dir or tempfile.mkdtemp(prefix="losslab-cluster-"))
        self.app_ports = [_free_port("127.0.0.1") for _ in range(processes)]
        self.apps: list[subprocess.Popen] = []
        self.nginx: subprocess.Popen | None = None
        self.url = f"http://{host}:{self.port}"

    def __enter__(self) -> Cluster:
        nginx, status = ensure_nginx()
        if nginx is None:
            raise RuntimeError(status)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        try:
            for index, app_port in enumerate(self.app_ports):
                log = (self.run_dir / f"streamlit-{index}.log").open("wb")
                self.apps.append(subprocess.Popen(
                    [sys.executable, "-m", "streamlit", "run", self.script,
                     "--server.headless", "true", "--browser.gatherUsageStats", "false",
                     "--server.address", "127.0.0.1", "--server.port", str(app_port),
                     "--server.fileWatcherType", "none", *self.extra_args],
                    cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))
            config = self.run_dir / "nginx.conf"
            config.write_text(render_nginx_config(self.app_ports, f"{self.host}:{self.port}", self.run_dir))
            checked = check_config(nginx, config, self.run_dir)
            if checked.returncode != 0:
                raise RuntimeError(f"nginx -t failed:\n{checked.stderr}")
            self.nginx = subprocess.Popen(
                [nginx, "-p", str(self.run_dir), "-e", str(self.run_dir / "error.log"), "-c", str(config),
                 "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
            for app_port in self.app_ports:
                while not _healthy(f"http://127.0.0.1:{app_port}"):
                    dead = [app for app in self.apps if app.poll() is not None]
                    if dead or time.monotonic() > deadline:
                        raise RuntimeError(f"a Streamlit process did not start; logs in {self.run_dir}")
                    time.sleep(0.25)
            while not _healthy(self.url):
                if self.nginx.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not answer on {self.url}; see {self.run_dir}/error.log")
                time.sleep(0.25)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def app_pids(self) -> list[int]:
        return [app.pid for app in self.apps]

    def stop(self) -> None:
        """Stop nginx (gracefully: SIGQUIT) and every Streamlit process."""
        children = ([self.nginx] if self.nginx else []) + self.apps
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGQUIT if child is self.nginx else signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(timeout=15)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                        help="Streamlit processes, one per core (default: this machine's cores)")
    parser.add_argument("--port", type=int, default=8080, help="the port nginx listens on")
    parser.add_argument("--host", default="127.0.0.1", help="the address nginx listens on")
    parser.add_argument("--render", type=Path, help="only write the nginx config to this file")
    args = parser.parse_args(argv)
    if args.render:
        run_dir = args.render.resolve().parent
        run_dir.mkdir(parents=True, exist_ok=True)
        ports = [8501 + index for index in range(args.processes)]
        args.render.write_text(render_nginx_config(ports, f"{args.host}:{args.port}", run_dir))
        print(f"wrote {args.render} for Streamlit on ports {ports}")
        return 0
    with Cluster(args.processes, port=args.port, host=args.host) as cluster:
        print(f"Loss Lab on {cluster.url}: {args.processes} Streamlit processes behind nginx "
              f"(logs in {cluster.run_dir}). Ctrl+C stops everything.")
        try:
            while all(app.poll() is None for app in cluster.apps) and cluster.nginx.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
