"""gunicorn on 127.0.0.1, started and stopped by the harness, and the RSS of its workers."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.config import ROOT, Config

DEPLOY_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


class Gunicorn:
    def __init__(self, config: Config, env: dict[str, str], log_path: Path):
        self.config = config
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self._sampling = False
        self._peaks: dict[int, float] = {}
        self.port = config.http_port

    def command(self) -> list[str]:
        command = [str(Path(sys.executable).parent / "gunicorn")]
        if DEPLOY_CONFIG.exists():
            command += ["--config", str(DEPLOY_CONFIG)]
        else:
            command += ["--workers", str(2 * (os.cpu_count() or 1) + 1), "--timeout", "60"]
        # The production configuration as it is, except: where it listens, the bench settings
        # module (product settings plus the floor views), and the worker count if BENCH_WORKERS says so.
        command += [
            "--bind", f"127.0.0.1:{self.port}",
            "--env", "DJANGO_SETTINGS_MODULE=bench.settings",
            "--pythonpath", f"{ROOT / 'src'},{ROOT}",
            "--chdir", str(ROOT),
            "--graceful-timeout", "5",
        ]
        if self.config.workers:
            command += ["--workers", str(self.config.workers)]
        command.append("schakel.wsgi:application")
        return command

    def start(self) -> None:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            probe.request("GET", "/")
            probe.getresponse()
            raise SystemExit(f"something already answers on 127.0.0.1:{self.port} (a gunicorn left over?); "
                             "stop it or set BENCH_HTTP_PORT")
        except OSError:
            pass  # free, as it should be
        env = {**os.environ, **self.env, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(self.command(), env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/_bench/floor/ping")
                if connection.getresponse().status == 200:
                    self.start_sampling()
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer the floor ping on 127.0.0.1:{self.port}; see {self.log_path}")

    def start_sampling(self) -> None:
        """Sample the workers' peak RSS twice a second: workers recycled by max_requests count too."""
        self._peaks: dict[int, float] = {}
        self._sampling = True

        def sample():
            while self._sampling:
                for pid, peak in self.peak_rss_mb().items():
                    self._peaks[pid] = max(peak, self._peaks.get(pid, 0.0))
                time.sleep(0.5)

        self._sampler = threading.Thread(target=sample, daemon=True)
        self._sampler.start()

    def sampled_peaks(self) -> dict[int, float]:
        for pid, peak in self.peak_rss_mb().items():
            self._peaks[pid] = max(peak, self._peaks.get(pid, 0.0))
        return dict(self._peaks)

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def peak_rss_mb(self) -> dict[int, float]:
        """VmHWM (peak resident set) of every worker since it started."""
        peaks = {}
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks[pid] = int(line.split()[1]) / 1024
            except OSError:
                continue
        return peaks

    def stop(self) -> None:
        self._sampling = False
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        self._log.close()


class JobWorker:
    """The product's background worker (`manage.py qcluster`, django-q2) next to gunicorn, as in production.

    Work a request only queues (e.g. the notification mail of a new signal) is done here, on the
    same cores, while the figures run; so a figure cannot look faster by leaving that work undone.
    """

    def __init__(self, env: dict[str, str], log_path: Path):
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [sys.executable, str(ROOT / "manage.py"), "qcluster"]

    def start(self) -> None:
        env = {**os.environ, **self.env, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(self.command(), env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        cwd=str(ROOT), start_new_session=True)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        self._log.close()
