"""What one benchmark run uses: scale, paths, ports and repetition counts, all from BENCH_* variables."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
SRC_DIR = ROOT / "src"

# One national installation at scale 1: at least a million signals over ten years.
FULL_SCALE_SIGNALS = 1_000_000
YEARS = 10
LARGEST_MUNICIPALITY = "GM0363"  # Amsterdam


def ensure_import_path() -> None:
    for path in (str(SRC_DIR), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name, "")
    return float(raw) if raw.strip() else default


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


@dataclass(frozen=True)
class Config:
    scale: float
    database_url: str  # empty: the harness runs its own cluster
    data_dir: Path
    pg_port: int
    http_port: int
    smtp_port: int
    repeat: int  # timed repetitions of each latency figure (after warm-up)
    warmup: int
    load_seconds: int  # duration of the sustained intake load
    load_clients: int
    workers: int  # gunicorn workers; 0: as deploy/gunicorn.conf.py says (2 x cores + 1)
    jobs: int  # processes that generate and load the dataset
    profile: bool  # pyinstrument profiles of missed targets
    rebuild: bool
    only: tuple[str, ...] = field(default_factory=tuple)

    @property
    def signals(self) -> int:
        return max(200, int(round(FULL_SCALE_SIGNALS * self.scale)))

    @property
    def own_cluster(self) -> bool:
        return not self.database_url

    @property
    def run_dir(self) -> Path:
        """Logs and load-generator files of one measuring run, apart per HTTP port, so two runs on
        one machine (e.g. against a shared BENCH_DATABASE_URL) never overwrite each other's files."""
        return self.data_dir / f"run-{self.http_port}"

    @property
    def results_dir(self) -> Path:
        return BENCH_DIR / "results"


def from_environment() -> Config:
    scale = _float("BENCH_SCALE", 1.0)
    if not 0 < scale <= 10:
        raise SystemExit("BENCH_SCALE must be between 0 and 10")
    return Config(
        scale=scale,
        database_url=os.environ.get("BENCH_DATABASE_URL", "").strip(),
        data_dir=Path(os.environ.get("BENCH_DATA_DIR", str(BENCH_DIR / "data"))).resolve(),
        pg_port=_int("BENCH_PG_PORT", 55450),
        http_port=_int("BENCH_HTTP_PORT", 55451),
        smtp_port=_int("BENCH_SMTP_PORT", 55452),
        repeat=_int("BENCH_REPEAT", 60),
        warmup=_int("BENCH_WARMUP", 5),
        load_seconds=_int("BENCH_LOAD_SECONDS", 20),
        load_clients=_int("BENCH_LOAD_CLIENTS", 8),
        workers=_int("BENCH_WORKERS", 0),
        jobs=_int("BENCH_JOBS", min(2, os.cpu_count() or 1)),
        profile=os.environ.get("BENCH_PROFILE", "1") not in {"0", "false", "no"},
        rebuild=os.environ.get("BENCH_REBUILD", "") in {"1", "true", "yes"},
        only=tuple(part.strip() for part in os.environ.get("BENCH_ONLY", "").split(",") if part.strip()),
    )
