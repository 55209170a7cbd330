"""`make run`'s server command: refuses a busy port clearly, and runs and stops web + worker together."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.request import urlopen

import pytest
from django.core.management import call_command

from schakel.web.management.commands import run_demo_server

from .process_output import Output

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def busy_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_busy_port_is_reported_in_dutch_and_english_with_the_way_out(busy_port, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("run_demo_server", port=busy_port)
    assert exit_info.value.code != 0
    message = capsys.readouterr().err
    assert f"Poort {busy_port} op 127.0.0.1 is al in gebruik" in message
    assert f"Port {busy_port} on 127.0.0.1 is already in use" in message
    assert f"PORT={busy_port + 1} make run" in message


def test_free_port_is_not_reported_busy():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert run_demo_server.port_in_use("127.0.0.1", port) is False


def test_demo_logins_are_printed_as_a_table():
    text = run_demo_server.format_logins([
        ("focal", "geheim-wachtwoord", "Aandachtsfunctionaris", "Gemeente Demodorp"),
        ("beleid", "ander-wachtwoord", "Beleidsmedewerker", "Regiobureau Demo"),
    ])
    lines = text.splitlines()
    assert "organisatie / organisation" in lines[1]
    assert lines[3].split() == ["focal", "geheim-wachtwoord", "Aandachtsfunctionaris", "Gemeente", "Demodorp"]
    assert lines[3].index("geheim-wachtwoord") == lines[4].index("ander-wachtwoord")  # aligned columns
    assert run_demo_server.format_logins([]) == ""


def test_demo_logins_come_from_the_demo_module(monkeypatch):
    import schakel.demo

    monkeypatch.setattr(schakel.demo, "logins", lambda: [("a", "b", "c", "d")])
    assert run_demo_server.demo_logins() == [("a", "b", "c", "d")]


def test_missing_demo_module_prints_no_logins(monkeypatch):
    import schakel

    monkeypatch.delattr(schakel, "demo", raising=False)
    monkeypatch.setitem(sys.modules, "schakel.demo", None)  # importing it now raises ImportError
    assert run_demo_server.demo_logins() == []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_serves_with_a_worker_and_stops_both_on_sigterm(tmp_path):
    env = {**os.environ, "SCHAKEL_DATA_DIR": str(tmp_path), "SCHAKEL_ENVIRONMENT": "development",
           "SCHAKEL_DEMO": "true", "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, str(PROJECT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=PROJECT,
                   capture_output=True, timeout=300)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Its own process group, so that cleanup after a failure reaches the web server and worker too.
    process = subprocess.Popen([*manage, "run_demo_server", "--port", str(port)], env=env, cwd=PROJECT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    output = Output(process.stdout)
    try:
        text = output.wait_for("Quit the server with", seconds=300)
        assert f"Schakel: http://127.0.0.1:{port}" in text
        pids = {line.split(":")[0]: int(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                if line.startswith(("web: pid", "worker: pid"))}
        assert set(pids) == {"web", "worker"}
        with urlopen(f"http://127.0.0.1:{port}/health/live", timeout=30) as response:
            assert response.status == 200
        assert _alive(pids["worker"])

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        assert not _alive(pids["web"]) and not _alive(pids["worker"])
    finally:
        _stop_group(process)


def _stop_group(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
