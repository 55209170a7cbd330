"""`make run`: serve the demo at http://127.0.0.1:$PORT with one background worker beside it.

Checks the port first (a clear Dutch and English message instead of a traceback), prints the demo
logins, then runs `runserver` and `qcluster` as two child processes and stops both on Ctrl-C or
SIGTERM. If either child ends on its own, the other is stopped too and its exit code is returned.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

STOP_GRACE_SECONDS = 15


class _Stop(Exception):
    """Raised from the signal handler to leave the wait."""


def port_in_use(host: str, port: int) -> bool:
    """True when something already listens on host:port (a socket in TIME_WAIT does not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return True
            raise
    return False


def port_in_use_message(host: str, port: int) -> str:
    other = port + 1
    return (
        f"Poort {port} op {host} is al in gebruik (draait Schakel al, of een ander programma?).\n"
        f"Kies een andere poort, bijvoorbeeld: PORT={other} make run\n"
        f"Port {port} on {host} is already in use (is Schakel or another program already running?).\n"
        f"Choose another port, for example: PORT={other} make run\n"
    )


def demo_logins() -> list[tuple[str, ...]]:
    """The demo accounts from the demo-data module: (user name, password, role[, organisation]).

    Nothing when that module is absent: the server runs without it.
    """
    try:
        from schakel import demo

        return [tuple(str(cell) for cell in row) for row in demo.logins()]
    except ImportError:
        return []


HEADERS = ("gebruikersnaam / user name", "wachtwoord / password", "rol / role", "organisatie / organisation")


def format_logins(logins: list[tuple[str, ...]]) -> str:
    if not logins:
        return ""
    columns = max(len(row) for row in logins)
    rows = [HEADERS[:columns], *[tuple(row) + ("",) * (columns - len(row)) for row in logins]]
    widths = [max(len(row[i]) for row in rows) for i in range(columns)]
    lines = ["Demo-logins (alle gegevens zijn verzonnen / all data is synthetic):"]
    for index, row in enumerate(rows):
        lines.append("  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  " + "  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"


class Supervisor:
    """Runs child processes side by side; the first to end, or a signal, stops them all."""

    def __init__(self, commands: dict[str, list[str]], *, env: dict[str, str] | None = None, cwd=None):
        self.commands = commands
        self.env = env
        self.cwd = cwd
        self.processes: dict[str, subprocess.Popen] = {}
        self.first_ended: str | None = None
        self._ended = threading.Event()
        self._lock = threading.Lock()

    def start(self) -> None:
        for name, command in self.commands.items():
            process = subprocess.Popen(command, env=self.env, cwd=self.cwd)
            self.processes[name] = process
            threading.Thread(target=self._watch, args=(name, process), daemon=True).start()

    def _watch(self, name: str, process: subprocess.Popen) -> None:
        process.wait()
        with self._lock:
            if self.first_ended is None:
                self.first_ended = name
        self._ended.set()

    def wait(self) -> None:
        """Block until one child ends (signals interrupt the wait on POSIX)."""
        self._ended.wait()

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Command(BaseCommand):
    help = "Serve the demo on 127.0.0.1:$PORT with a background worker (used by `make run`)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
        parser.add_argument("--no-worker", action="store_true", help="Do not start the background worker.")

    def handle(self, *args, host: str, port: int, no_worker: bool, **options):
        if port_in_use(host, port):
            self.stderr.write(port_in_use_message(host, port))
            sys.exit(3)

        manage = str(Path(settings.PROJECT_DIR) / "manage.py")
        commands = {"web": [sys.executable, manage, "runserver", f"{host}:{port}", "--noreload"]}
        if not no_worker:
            commands["worker"] = [sys.executable, manage, "qcluster"]

        url = f"http://{host}:{port}"
        self.stdout.write(f"\nSchakel: {url}\n")
        self.stdout.write(format_logins(demo_logins()))
        self.stdout.write("Stoppen / stop: Ctrl-C\n\n")
        self.stdout.flush()

        supervisor = Supervisor(commands, env={**os.environ, "PYTHONUNBUFFERED": "1"})

        def _raise_stop(signum, frame):
            raise _Stop

        previous = {sig: signal.signal(sig, _raise_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        exit_code = 0
        try:
            supervisor.start()
            for name, process in supervisor.processes.items():
                self.stdout.write(f"{name}: pid {process.pid}\n")
            self.stdout.flush()
            supervisor.wait()
            ended = supervisor.first_ended
            exit_code = supervisor.processes[ended].returncode if ended else 0
            if exit_code < 0:  # ended by a signal: report it the way a shell does
                exit_code = 128 - exit_code
            self.stderr.write(f"{ended} is gestopt (code {exit_code}); de rest stopt ook. / "
                              f"{ended} stopped (code {exit_code}); stopping the rest.\n")
        except _Stop:
            self.stdout.write("\nSchakel stopt... / stopping...\n")
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, signal.SIG_IGN)
            supervisor.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if exit_code:
            sys.exit(exit_code)
