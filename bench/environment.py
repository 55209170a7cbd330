"""The benchmark's database and settings: own cluster or BENCH_DATABASE_URL, stable keys, reuse by key.

The dataset lives in a database named `bench_<scale>_<key>`: the key hashes the generator,
the product's migrations, the normalisers and the keys, so any change that would make the
stored rows differ from what the code now writes leads to a fresh build. Older databases of
the same scale are dropped.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from bench.cluster import Cluster
from bench.config import Config, ensure_import_path


@dataclass
class Keys:
    secret: str
    encryption: str
    index: str

    @property
    def encryption_key_id(self) -> str:
        import hashlib

        return hashlib.sha256(base64.b64decode(self.encryption)).hexdigest()[:8]


def load_keys(config: Config) -> Keys:
    """Keys of the bench installation, kept next to the cluster: the stored data depends on them."""
    config.data_dir.mkdir(parents=True, exist_ok=True)
    path = config.data_dir / "keys.json"
    if path.exists():
        return Keys(**json.loads(path.read_text()))
    keys = Keys(secret=secrets.token_urlsafe(50), encryption=base64.b64encode(secrets.token_bytes(32)).decode(),
                index=secrets.token_urlsafe(32))
    path.write_text(json.dumps(keys.__dict__))
    path.chmod(0o600)
    return keys


def product_environment(config: Config, keys: Keys, database_url: str) -> dict[str, str]:
    """The variables the product (and the harness's gunicorn) runs with: production mode, bench keys."""
    var = config.data_dir / "var"
    var.mkdir(parents=True, exist_ok=True)
    return {
        "SCHAKEL_ENVIRONMENT": "production",
        "SCHAKEL_SECRET_KEY": keys.secret,
        "SCHAKEL_ENCRYPTION_KEYS": keys.encryption,
        "SCHAKEL_INDEX_KEY": keys.index,
        "SCHAKEL_SSL_REDIRECT": "false",
        "SCHAKEL_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SCHAKEL_DATA_DIR": str(var),
        # Notifications go by SMTP to the harness's own sink on 127.0.0.1 (bench/mail.py).
        "SCHAKEL_EMAIL_CONSOLE": "false",
        "SCHAKEL_EMAIL_HOST": "127.0.0.1",
        "SCHAKEL_EMAIL_PORT": str(config.smtp_port),
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def scale_label(scale: float) -> str:
    return f"{scale:g}".replace(".", "p").replace("-", "m")


class Server:
    """Where the databases live: the harness's own cluster, or the server of BENCH_DATABASE_URL."""

    def __init__(self, config: Config):
        self.config = config
        self.cluster = None if config.database_url else Cluster(config.data_dir, config.pg_port)
        self.admin_url = config.database_url or (self.cluster.url if self.cluster else "")

    def start(self, profile: str = "measure") -> None:
        """Start the own cluster with the settings of `profile` ("measure" or "build"; restarts it
        when it runs with other settings). A server of BENCH_DATABASE_URL is used as it is."""
        if self.cluster:
            self.cluster.start(profile)

    @property
    def profile(self) -> str:
        return self.cluster.profile if self.cluster else "as configured"

    def stop(self) -> None:
        if self.cluster:
            self.cluster.stop()

    def version(self) -> str:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            return conn.execute("SELECT version()").fetchone()[0]

    def settings(self) -> dict[str, str]:
        import psycopg

        names = ("shared_buffers", "effective_cache_size", "work_mem", "maintenance_work_mem", "random_page_cost",
                 "jit", "synchronous_commit", "fsync", "full_page_writes", "wal_level", "max_wal_size",
                 "checkpoint_timeout", "autovacuum", "max_parallel_workers_per_gather")
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            return {name: conn.execute(f"SHOW {name}").fetchone()[0] for name in names}

    def prepare_database(self, name: str, prefix: str, *, rebuild: bool) -> bool:
        """Make sure database `name` exists; True when it holds a complete dataset to reuse."""
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            existing = [row[0] for row in conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "%"])]
            if name in existing and not rebuild and _complete(with_database(self.admin_url, name)):
                return True
            if name in existing:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return False


    def drop_others(self, name: str, prefix: str) -> list[str]:
        """Drop the other datasets of this scale (called once `name` is complete)."""
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            others = [row[0] for row in conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s", [prefix + "%", name])]
            for other in others:
                conn.execute(f'DROP DATABASE "{other}" WITH (FORCE)')
        return others


def _complete(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("SELECT complete FROM bench_dataset LIMIT 1").fetchone()
            return bool(row and row[0])
    except psycopg.Error:
        return False


def mark_complete(url: str, key: str, scale: float, summary: dict) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_dataset (key text, scale float, built_at timestamptz "
                     "DEFAULT now(), summary jsonb, complete boolean)")
        conn.execute("DELETE FROM bench_dataset")
        conn.execute("INSERT INTO bench_dataset (key, scale, summary, complete) VALUES (%s, %s, %s, true)",
                     [key, scale, json.dumps(summary)])


def dataset_summary(url: str) -> dict:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT summary, built_at FROM bench_dataset LIMIT 1").fetchone()
        return {**(row[0] or {}), "built_at": row[1].isoformat()} if row else {}


def setup_django(env: dict[str, str]) -> None:
    ensure_import_path()
    os.environ.update(env)
    import django

    django.setup()
