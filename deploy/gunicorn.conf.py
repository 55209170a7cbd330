"""Gunicorn settings for production: `make serve-prod`, or
`gunicorn --config deploy/gunicorn.conf.py schakel.wsgi` from the project directory.

Every value comes from the environment through Schakel's one typed reader, so the variables are
documented in docs/operations.md with the others (`manage.py document_settings` loads this file).

Privacy: the access log records no client address (no %(h)s, no X-Forwarded-For), no query
string (searches may contain names or phone numbers), no referrer and no user agent; the error
log's "Invalid request from ip=..." lines are stripped of the address too. The public reporting
form promises its users that no IP address is stored anywhere.
"""

import gc
import multiprocessing
import re
import sys
from pathlib import Path

from gunicorn.glogging import Logger

PROJECT_DIR = Path(__file__).resolve().parents[1]
if str(PROJECT_DIR / "src") not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR / "src"))

from schakel.settings.environment import setting  # noqa: E402  (needs src/ on the path)

pythonpath = str(PROJECT_DIR / "src")
chdir = str(PROJECT_DIR)
wsgi_app = "schakel.wsgi:application"
raw_env = ["DJANGO_SETTINGS_MODULE=schakel.settings"]

_host = setting("SCHAKEL_BIND_HOST", default="127.0.0.1", group="Web server (gunicorn)",
                help="Address gunicorn listens on. Keep 127.0.0.1 behind a reverse proxy on the same machine; "
                     "0.0.0.0 when the proxy runs elsewhere.")
_port = setting("PORT", default=8000, cast=int, group="Web server (gunicorn)",
                help="Port of the web server (gunicorn in production, the demo server of `make run`).")
bind = [f"{_host}:{_port}"]

workers = setting("SCHAKEL_WEB_WORKERS", default=0, cast=int, group="Web server (gunicorn)",
                  help="Gunicorn worker processes; 0 means 2 x CPUs + 1, at most 9.") \
    or min(2 * multiprocessing.cpu_count() + 1, 9)
threads = setting("SCHAKEL_WEB_THREADS", default=1, cast=int, group="Web server (gunicorn)",
                  help="Threads per worker process.")
timeout = setting("SCHAKEL_WEB_TIMEOUT", default=60, cast=int, group="Web server (gunicorn)",
                  help="Seconds before a silent worker is killed and restarted.")
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200
# Load the application once in the master: a missing key stops the start at once, with the
# configuration error on the console, instead of workers failing one by one.
preload_app = True


def when_ready(server):
    # The master has imported the app (preload_app): let it also do what each worker would do on
    # its first requests (URLconf, templates, translations), so forked workers start warm.
    from schakel.web.warmup import warm_up

    server.log.info("warm-up: %s", warm_up())


def pre_fork(server, worker):
    # Everything the master made before the fork lives as long as the worker. Freezing it keeps
    # the worker's garbage collector from walking it: the first full collection of a worker cost
    # 150-250 ms of one request (the p95 of `make bench`), and walking touches pages that copy-on-
    # write then duplicates.
    gc.freeze()


# No runtime control socket: one fewer file to secure, and several instances never collide on it.
control_socket_disable = True
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# The reverse proxy tells us the scheme (X-Forwarded-Proto); only trust it from these addresses.
forwarded_allow_ips = ",".join(setting(
    "SCHAKEL_FORWARDED_ALLOW_IPS", default=["127.0.0.1", "::1"], cast=list, group="Web server (gunicorn)",
    help="Comma-separated addresses of reverse proxies whose X-Forwarded-Proto header is trusted."))

accesslog = "-"
errorlog = "-"
loglevel = "info"
# Time, method, path (no query string), protocol, status, bytes, duration. Never %(h)s.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

# "Invalid request from ip=203.0.113.7: ..." (IPv6 addresses contain colons, so stop at ": ").
_ADDRESS = re.compile(r"ip=\S*?(?=:?\s|$)")


class AddressFreeLogger(Logger):
    """Gunicorn's logger, minus client addresses in error-log lines."""

    def _scrub(self, msg):
        return _ADDRESS.sub("ip=-", msg) if isinstance(msg, str) else msg

    def warning(self, msg, *args, **kwargs):
        super().warning(self._scrub(msg), *args, **kwargs)

    def error(self, msg, *args, **kwargs):
        super().error(self._scrub(msg), *args, **kwargs)

    def info(self, msg, *args, **kwargs):
        super().info(self._scrub(msg), *args, **kwargs)

    def debug(self, msg, *args, **kwargs):
        super().debug(self._scrub(msg), *args, **kwargs)


logger_class = AddressFreeLogger
