"""The benchmark's own PostgreSQL cluster: initdb once, started and stopped by the harness.

Runs as the `postgres` user (through `su`) when the harness runs as root, listens on
127.0.0.1 only, and keeps its files under bench/data/ (gitignored).

Two sets of settings: `SETTINGS` are those of a small dedicated production database server
with 2 cores (WAL for a replica, synchronous commit, autovacuum): every figure is measured
with them, and the results JSON records them. `BUILD_SETTINGS` change a few of them for the
bulk load of the dataset only (no WAL for COPY into tables truncated in the same transaction,
no synchronous commit, no autovacuum racing the load, bigger checkpoints); the harness
restarts the cluster with `SETTINGS` before it measures.
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import subprocess
import time
from pathlib import Path

SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "max_connections": "60",
    "shared_buffers": "'1GB'",
    "effective_cache_size": "'8GB'",
    "work_mem": "'16MB'",
    "maintenance_work_mem": "'512MB'",
    "max_wal_size": "'4GB'",
    "checkpoint_timeout": "'15min'",
    # As in production: WAL a streaming replica or a base backup can use.
    "wal_level": "'replica'",
    "max_wal_senders": "10",
    "random_page_cost": "1.1",
    "effective_io_concurrency": "100",
    # JIT compilation costs tens of milliseconds on the first run of a big query: off, as on
    # most OLTP installations.
    "jit": "off",
    "max_parallel_maintenance_workers": "2",
    "synchronous_commit": "on",
    "fsync": "on",
    "full_page_writes": "on",
    "autovacuum": "on",
    "log_min_duration_statement": "-1",
}

# Only while the dataset is built (then the cluster is restarted with SETTINGS).
BUILD_SETTINGS = {
    **SETTINGS,
    # wal_level=minimal lets COPY into a table truncated in the same transaction skip the WAL
    # (the files are synced at commit instead), and CREATE INDEX write none either.
    "wal_level": "'minimal'",
    "max_wal_senders": "0",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "autovacuum": "off",  # the build runs VACUUM (ANALYZE) itself at the end
    "maintenance_work_mem": "'1GB'",
    "max_wal_size": "'16GB'",
    "checkpoint_timeout": "'60min'",
}

PROFILES = {"measure": SETTINGS, "build": BUILD_SETTINGS}


def _bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise SystemExit("PostgreSQL server binaries (pg_ctl, initdb) not found; install postgresql or give "
                     "BENCH_DATABASE_URL")


class Cluster:
    def __init__(self, base: Path, port: int):
        self.profile = "measure"
        self.base = base.resolve()
        self.data = self.base / "pg"
        self.run_dir = self.base / "pg-run"
        self.log = self.base / "pg.log"
        self.port = port
        self.bin = _bin_dir()
        self.as_root = os.geteuid() == 0

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, command: list[str], *, check: bool = True) -> subprocess.CompletedProcess:
        if self.as_root:
            line = " ".join(shlex.quote(part) for part in command)
            command = ["su", "postgres", "-s", "/bin/sh", "-c", line]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def _give_to_postgres(self, path: Path) -> None:
        if self.as_root:
            entry = pwd.getpwnam("postgres")
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def initialise(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        os.chmod(self.base, 0o755)
        for path in (self.data, self.run_dir):
            path.mkdir(exist_ok=True)
            self._give_to_postgres(path)
        os.chmod(self.data, 0o700)
        if not (self.data / "PG_VERSION").exists():
            result = self._run([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                                "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"], check=False)
            if result.returncode != 0:
                raise SystemExit(f"initdb failed:\n{result.stdout}\n{result.stderr}")
        conf = "\n".join(f"{name} = {value}" for name, value in PROFILES[self.profile].items())
        conf += f"\nport = {self.port}\nunix_socket_directories = '{self.run_dir}'\n"
        auto = self.data / "postgresql.auto.conf"
        auto.write_text("# Written by the Schakel benchmark harness on every start.\n" + conf)
        self._give_to_postgres(auto)

    def running(self) -> bool:
        result = self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "status"], check=False)
        return result.returncode == 0

    def start(self, profile: str = "measure") -> None:
        self.profile = profile
        self.initialise()
        if self.running():
            # Left over from an interrupted run: restart so the settings above hold.
            self.stop()
        if not self.log.exists():
            self.log.touch()
        self._give_to_postgres(self.log)
        result = self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "120",
                            "start"], check=False)
        if result.returncode != 0:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise SystemExit(f"PostgreSQL did not start:\n{result.stdout}\n{result.stderr}\n{tail}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._run([str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                         check=False).returncode == 0:
                return
            time.sleep(0.2)
        raise SystemExit("PostgreSQL started but does not accept connections")

    def stop(self) -> None:
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "120", "stop"],
                  check=False)

    def version(self) -> str:
        result = self._run([str(self.bin / "postgres"), "--version"], check=False)
        return result.stdout.strip()
