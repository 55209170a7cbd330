import environ

from .base import DATA_DIR
from .environment import ConfigurationError, setting

_url = setting("DATABASE_URL", default="", group="Database",
               help="Database URL, e.g. postgres://user:pass@host:5432/schakel. Empty: embedded SQLite in SCHAKEL_DATA_DIR.")

if _url:
    DATABASES = {"default": environ.Env.db_url_config(_url)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "schakel.sqlite3",
            "OPTIONS": {
                # WAL lets the worker and the web server write without blocking readers.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False

_parallel = setting(
    "DATABASE_PARALLEL_WORKERS", default=0, cast=int, group="Database",
    help="PostgreSQL only: max_parallel_workers_per_gather of Schakel's own connections (web and worker). "
         "0 = no parallel query: on a small OLTP server starting workers costs more than the short queries "
         "gain (docs/decisions/0007-no-parallel-query-for-the-web-app.md). A job that needs it sets it itself.")
if _parallel < 0:
    raise ConfigurationError("DATABASE_PARALLEL_WORKERS must be 0 or more")
if DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1] in ("postgresql", "postgis"):
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(filter(None, [
        _options.get("options", ""), f"-c max_parallel_workers_per_gather={_parallel}"]))
_connection_age = setting(
    "DATABASE_CONNECTION_MAX_AGE", default=600, cast=int, group="Database",
    help="Seconds a web or worker process keeps its database connection (server databases; SQLite opens its file "
         "per request). A new PostgreSQL connection starts with cold catalogue caches, which made a worker's "
         "first requests after each reconnect 2-4 times slower in `make bench`; each connection is checked "
         "before a request reuses it.")
if _connection_age < 0:
    raise ConfigurationError("DATABASE_CONNECTION_MAX_AGE must be 0 or more")
DATABASES["default"].setdefault("CONN_MAX_AGE", _connection_age if _url else 0)
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", bool(_url))
