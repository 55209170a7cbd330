"""The results table (printed and as Markdown) and the JSON file in bench/results/."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path

from bench.config import ROOT


def git_commit() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return commit + ("+uncommitted" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> dict:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    memory = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) // 1024
    except OSError:
        pass
    return {"cores": os.cpu_count(), "memory_mb": memory, "python": platform.python_version(),
            "platform": platform.platform(), "load_average_at_end": [round(x, 2) for x in load]}


def _fmt(value, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def _cells(figure: dict) -> list[str]:
    product, framework, database = figure["product"] or {}, figure["framework_floor"] or {}, figure["database_floor"] or {}
    if figure["verdict"] == "not built yet":
        return [figure["label"], "-", "-", "-", "-", "-", "-", "-", figure["target"], "not built yet"]
    if figure["unit"] == "signals/s":
        def rate(d):
            if not d:
                return "-"
            if "error" in d:
                return "error"
            return f"{_fmt(d.get('rps'))}/s ({d.get('failures', 0)} err)"
        ratio = (round(product["rps"] / framework["rps"], 2) if product.get("rps") and framework.get("rps")
                 else None)
        return [figure["label"], rate(product), "-", "-", rate(framework), rate(database),
                _fmt(ratio, 2), "-", figure["target"], figure["verdict"]]
    if figure["unit"] == "MB":
        return [figure["label"], f"{_fmt(product.get('max_mb'))} MB", "-", "-", "-", "-", "-", "-",
                figure["target"], figure["verdict"]]
    return [figure["label"], _fmt(product.get("median_ms"), 2), _fmt(product.get("p95_ms"), 2),
            _fmt(product.get("max_ms"), 2), _fmt(framework.get("median_ms"), 2), _fmt(database.get("median_ms"), 2),
            _fmt(figure["ratio_to_framework_floor"], 2), _fmt(figure["ratio_to_database_floor"], 1),
            figure["target"], figure["verdict"] + (f" ({product.get('errors')} err)" if product.get("errors") else "")]


HEADER = ["figure", "p50 ms", "p95 ms", "max ms", "framework floor p50", "database floor p50",
          "x framework", "x database", "target", "verdict"]


def markdown_table(figures: list[dict]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for figure in figures:
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in _cells(figure)) + " |")
    return "\n".join(lines)


def text_table(figures: list[dict]) -> str:
    rows = [HEADER] + [_cells(f) for f in figures]
    rows = [[row[0][:60]] + row[1:] for row in rows]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(HEADER))]
    out = []
    for index, row in enumerate(rows):
        out.append("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)))
        if index == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def write_json(results_dir: Path, stamp: str, document: dict) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{stamp}.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")
    return path
