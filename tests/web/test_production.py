"""Production serving: refuses to start without keys, passes Django's deploy checks, and gunicorn
answers with a strict CSP and HSTS while its logs record no client address."""

import os
import re
import runpy
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, Request, build_opener

import pytest

from .process_output import Output

PROJECT = Path(__file__).resolve().parents[2]
GUNICORN_CONF = PROJECT / "deploy" / "gunicorn.conf.py"
KEYS = {
    "SCHAKEL_SECRET_KEY": "test-only-" + "s3cr3t-k3y-" * 6,
    "SCHAKEL_ENCRYPTION_KEYS": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    "SCHAKEL_INDEX_KEY": "test-only-index-key-0123456789abcdef",
}


def clean_env(tmp_path, **extra) -> dict:
    """Only what a fresh shell on a server has, plus Schakel's variables: no test settings leak in."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "PYTHONPATH": str(PROJECT / "src"), "DJANGO_SETTINGS_MODULE": "schakel.settings",
           "SCHAKEL_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}
    env.update(extra)
    return env


def test_production_without_keys_refuses_to_start_with_a_clear_message(tmp_path):
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=PROJECT,
                            env=clean_env(tmp_path, SCHAKEL_ENVIRONMENT="production"),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert ("Production refuses to start without: SCHAKEL_SECRET_KEY, "
            "SCHAKEL_ENCRYPTION_KEYS or SCHAKEL_ENCRYPTION_KEY_FILE, SCHAKEL_INDEX_KEY") in result.stderr


def test_production_with_one_key_missing_names_that_key(tmp_path):
    keys = {k: v for k, v in KEYS.items() if k != "SCHAKEL_INDEX_KEY"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=PROJECT,
                            env=clean_env(tmp_path, SCHAKEL_ENVIRONMENT="production", **keys),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "Production refuses to start without: SCHAKEL_INDEX_KEY" in result.stderr


def test_production_with_keys_passes_the_deploy_checks(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=PROJECT,
        env=clean_env(tmp_path, SCHAKEL_ENVIRONMENT="production", SCHAKEL_ALLOWED_HOSTS="schakel.example.nl", **KEYS),
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _gunicorn_conf(monkeypatch, **env) -> dict:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONF))


def test_gunicorn_access_log_format_records_no_address_query_or_browser(monkeypatch):
    conf = _gunicorn_conf(monkeypatch)
    log_format = conf["access_log_format"]
    for atom in ("%(h)s", "%(r)s", "%(q)s", "%(a)s", "%(f)s", "%(u)s"):
        assert atom not in log_format
    assert "}i" not in log_format and "}e" not in log_format  # no request headers or environ (X-Forwarded-For)
    assert "%(U)s" in log_format and "%(s)s" in log_format


def test_gunicorn_binds_from_environment(monkeypatch):
    conf = _gunicorn_conf(monkeypatch, PORT="8123", SCHAKEL_BIND_HOST="0.0.0.0", SCHAKEL_WEB_WORKERS="3")
    assert conf["bind"] == ["0.0.0.0:8123"]
    assert conf["workers"] == 3


def test_gunicorn_error_log_lines_lose_the_client_address(monkeypatch):
    conf = _gunicorn_conf(monkeypatch)
    logger = conf["AddressFreeLogger"].__new__(conf["AddressFreeLogger"])
    assert logger._scrub("Invalid request from ip=203.0.113.7: Invalid HTTP Version") == \
        "Invalid request from ip=-: Invalid HTTP Version"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, **headers):
    """GET without following redirects; error statuses are returned, not raised."""
    try:
        return build_opener(NoRedirect).open(Request(url, headers=headers), timeout=30)
    except HTTPError as error:
        return error


def test_gunicorn_serves_pages_and_static_files_securely_and_logs_no_address(tmp_path):
    port = _free_port()
    env = clean_env(tmp_path, SCHAKEL_ENVIRONMENT="production", PORT=str(port), SCHAKEL_WEB_WORKERS="1",
                    SCHAKEL_ALLOWED_HOSTS="127.0.0.1", **KEYS)
    # The files the page frame needs, collected and fingerprinted as `make serve-prod` does (the big
    # admin, browsable-API and Swagger bundles are left out to keep the test quick).
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-i", "admin", "-i", "rest_framework",
                    "-i", "drf_spectacular_sidecar"], cwd=PROJECT, env=env, check=True, capture_output=True, timeout=300)
    process = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "--config", str(GUNICORN_CONF),
                                "schakel.wsgi"], cwd=PROJECT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    output = Output(process.stdout)
    try:
        output.wait_for("Booting worker", seconds=120)
        secure = _get(f"http://127.0.0.1:{port}/health/live?naam=Jansen", **{"X-Forwarded-Proto": "https"})
        assert secure.status == 200
        csp = secure.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert secure.headers["Strict-Transport-Security"].startswith("max-age=63072000")
        assert secure.headers["X-Content-Type-Options"] == "nosniff"

        plain = _get(f"http://127.0.0.1:{port}/health/live")
        assert plain.status == 301
        assert plain.headers["Location"].startswith("https://")

        page = _get(f"http://127.0.0.1:{port}/bestaat-niet", **{"X-Forwarded-Proto": "https"})
        assert page.status == 404
        html = page.read().decode()
        assert "Pagina niet gevonden" in html
        assert "Content-Security-Policy" in page.headers and "Strict-Transport-Security" in page.headers
        cookie = page.headers["Set-Cookie"]
        assert cookie.startswith("csrftoken=") and "Secure" in cookie and "HttpOnly" in cookie

        stylesheet = re.search(r'href="(/static/schakel/schakel\.[0-9a-f]{12}\.css)"', html).group(1)
        css = _get(f"http://127.0.0.1:{port}{stylesheet}", **{"X-Forwarded-Proto": "https"})
        assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
        assert "immutable" in css.headers["Cache-Control"]  # WhiteNoise: fingerprinted, cached for good

        missing = _get(f"http://127.0.0.1:{port}/api/v1/bestaat-niet", **{"X-Forwarded-Proto": "https"})
        assert missing.status == 404
        assert missing.headers["Content-Type"] == "application/problem+json"

        output.wait_for('"GET /api/v1/bestaat-niet HTTP/1.1" 404', seconds=30)
        access_log = "\n".join(line for line in output.text.splitlines() if '"GET /' in line)
        assert '"GET /health/live HTTP/1.1" 200' in access_log
        assert "127.0.0.1" not in access_log
        assert "Jansen" not in access_log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # master and workers
            process.wait()
