import environ

from .base import DATA_DIR
from .environment import setting

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
DATABASES["default"].setdefault("CONN_MAX_AGE", 60 if _url else 0)
