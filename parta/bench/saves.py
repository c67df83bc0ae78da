"""Sustained mark saves: several worker processes save marks through the mark service at the
same time for a few seconds (the load is `parta.journal.bench.MarkSaves`), and the benchmark
reports the saves per second of all of them together and the latency of one save.

Workers are processes (`manage.py bench --saves-worker=I --saves-of=N`, started by the
benchmark's own worker with its database and settings), as a production server runs several:
threads would share one interpreter lock. Each worker sets itself up (Django, its cells,
its database connection), says it is ready, and starts saving when all are ready. A save
refused as stale (another worker saved the same cell since) is counted apart, not as a save.
SQLite lets one writer at a time: its figures are reported, the budget is PostgreSQL's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from parta.bench.context import BenchContext, BenchError
from parta.bench.measure import percentile

DEFAULT_WORKERS = "1,2,4"
DEFAULT_SECONDS = 5.0


@dataclass
class SavesResult:
    workers: int
    seconds: float
    saves: int
    stale: int
    errors: int
    saves_per_second: float
    p50_ms: float
    p95_ms: float
    first_error: str = ""


def worker_counts(raw: str) -> list[int]:
    """`1,2,4` → [1, 2, 4]; an empty text or 0 runs none."""
    counts = [int(part) for part in raw.split(",") if part.strip()]
    if any(count < 0 for count in counts):
        raise BenchError("--saves takes worker counts such as 1,2,4.")
    return [count for count in counts if count > 0]


def run_worker(index: int, workers: int, seconds: float, out: Any) -> dict[str, Any]:
    """The body of one worker process: set up, report ready, wait for the start, save."""
    from parta.journal.bench import MarkSaves

    load = MarkSaves(BenchContext(), index, workers)
    out.write("ready\n")
    out.flush()
    sys.stdin.readline()
    latencies: list[float] = []
    stale = errors = 0
    first_error = ""
    started = time.perf_counter()
    end = started + seconds
    while time.perf_counter() < end:
        before = time.perf_counter()
        try:
            saved = load.save_one()
        except Exception as exc:  # a failed save is counted (e.g. SQLite's lock)
            errors += 1
            first_error = first_error or repr(exc)[:200]
            continue
        if saved:
            latencies.append((time.perf_counter() - before) * 1000)
        else:
            stale += 1
    return {
        "latencies": latencies,
        "stale": stale,
        "errors": errors,
        "seconds": time.perf_counter() - started,
        "first_error": first_error,
    }


def _command(index: int, workers: int, seconds: float) -> list[str]:
    return [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "bench",
        f"--saves-worker={index}",
        f"--saves-of={workers}",
        f"--saves-seconds={seconds}",
    ]


def run_saves(workers: int, seconds: float = DEFAULT_SECONDS) -> SavesResult:
    """Start `workers` processes on the current database (they inherit the environment) and
    gather their saves."""
    procs = [
        subprocess.Popen(
            _command(index, workers, seconds),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=settings.BASE_DIR,
        )
        for index in range(workers)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            if line != "ready":
                raise BenchError(f"A saves worker failed to start (said {line!r}).")
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        reports = []
        for proc in procs:
            out, _ = proc.communicate(timeout=seconds + 120)
            if proc.returncode:
                raise BenchError(f"A saves worker failed (exit code {proc.returncode}).")
            reports.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    latencies = [ms for report in reports for ms in report["latencies"]]
    wall = max(report["seconds"] for report in reports)
    errors = [report["first_error"] for report in reports if report["first_error"]]
    return SavesResult(
        workers=workers,
        seconds=round(wall, 2),
        saves=len(latencies),
        stale=sum(report["stale"] for report in reports),
        errors=sum(report["errors"] for report in reports),
        saves_per_second=round(len(latencies) / wall, 1) if wall else 0.0,
        p50_ms=round(percentile(latencies, 0.5), 2) if latencies else 0.0,
        p95_ms=round(percentile(latencies, 0.95), 2) if latencies else 0.0,
        first_error=errors[0] if errors else "",
    )


def saves_table(results: list[SavesResult]) -> str:
    lines = [
        "| Workers | Saves | Stale | Errors | Saves/s | p50, ms | p95, ms |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.workers} | {r.saves} | {r.stale} | {r.errors} | {r.saves_per_second:g} "
        f"| {r.p50_ms:g} | {r.p95_ms:g} |"
        for r in results
    ]
    return "\n".join(lines)
