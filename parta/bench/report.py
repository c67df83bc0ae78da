"""Benchmark output: the Markdown table, the JSON file of a run, and BENCHMARKS.md."""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import platform
import re
import subprocess
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connection

from parta.bench.measure import ScenarioResult

BENCHMARKS_MD = Path(settings.BASE_DIR) / "BENCHMARKS.md"
DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "bench-results"

_HEADER = """# Benchmarks

Produced by `python manage.py bench` (`make bench`); see [docs/benchmarks.md](docs/benchmarks.md)
for what is measured and how to add a scenario. Each section below is the latest full run on
that database; every run also writes its raw numbers to `bench-results/<timestamp>.json`
(not committed). Times are wall-clock per request through the Django test client (no network,
no web server); *Queries* is SQL queries per request; *Request / SQL* is the request time
divided by the time spent in SQL (high = the time goes to Python, not the database).
"""


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory_gb: float | None = None
    try:
        memory_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (AttributeError, ValueError, OSError):
        memory_gb = None
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def database_info() -> dict[str, Any]:
    vendor = connection.vendor
    if vendor == "sqlite":
        import sqlite3

        version = sqlite3.sqlite_version
        name = Path(str(connection.settings_dict["NAME"])).name
        label = f"SQLite {version}"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            row = cursor.fetchone()
        version = str(row[0]).split()[0] if row else "?"
        name = str(connection.settings_dict["NAME"])
        label = f"PostgreSQL {version}"
    return {"vendor": vendor, "version": version, "name": name, "label": label}


def git_commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return commit


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _queries(result: ScenarioResult) -> str:
    if result.queries == result.queries_max:
        return str(result.queries_max)
    return f"{result.queries:.1f} (max {result.queries_max})"


def markdown_table(results: list[ScenarioResult]) -> str:
    lines = [
        "| Scenario | User | Status | p50, ms | p95, ms | Queries | SQL, ms | Request / SQL |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = f"{r.sql_ratio:.1f}×" if r.sql_ratio is not None else "—"
        lines.append(
            f"| {r.name} | {r.user} | {r.status} | {_ms(r.p50_ms)} | {_ms(r.p95_ms)} "
            f"| {_queries(r)} | {r.sql_ms:.2f} | {ratio} |"
        )
    return "\n".join(lines)


def run_record(
    results: list[ScenarioResult],
    *,
    data: dict[str, Any],
    iterations: int,
    warmups: int,
    seed_seconds: float | None,
) -> dict[str, Any]:
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "database": database_info(),
        "data": data,
        "iterations": iterations,
        "warmups": warmups,
        "seed_seconds": seed_seconds,
        "machine": machine_info(),
        "results": [dataclasses.asdict(r) for r in results],
    }


def write_json(record: dict[str, Any], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = str(record["date"]).replace(":", "-").replace("+00-00", "Z")
    path = directory / f"{stamp}-{record['database']['vendor']}.json"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def markdown_section(record: dict[str, Any], table: str) -> str:
    db = record["database"]
    data = record["data"]
    machine = record["machine"]
    memory = f", {machine['memory_gb']} GB RAM" if machine.get("memory_gb") else ""
    commit = f", commit `{record['commit']}`" if record.get("commit") else ""
    seeded = f" (seeded in {record['seed_seconds']:.1f} s)" if record.get("seed_seconds") else ""
    schools = data["schools"]
    lines = [
        f"## {db['label']}",
        "",
        f"- Date: {record['date']}{commit}",
        f"- Data: {schools} school{'' if schools == 1 else 's'} × "
        f"{data['students_per_school']} students, seed {data['seed']}{seeded}",
        f"- Runs: {record['iterations']} per scenario after {record['warmups']} warm-ups",
        f"- Machine: {machine['cpu']}, {machine['cpu_count']} CPUs{memory}; "
        f"{machine['platform']}; Python {machine['python']}, Django {machine['django']}",
    ]
    failing = [f"{r['name']} ({r['status']})" for r in record["results"] if r["status"] >= 400]
    if failing:
        lines.append(f"- Error statuses: {', '.join(failing)}")
    return "\n".join([*lines, "", table])


def update_benchmarks_text(text: str, vendor: str, section: str) -> str:
    """Replace the section of `vendor` in the BENCHMARKS.md text (or add it)."""
    start, end = f"<!-- bench:{vendor}:start -->", f"<!-- bench:{vendor}:end -->"
    block = f"{start}\n{section}\n{end}"
    if not text.strip():
        text = _HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        return pattern.sub(lambda _match: block, text)
    return text.rstrip("\n") + "\n\n" + block + "\n"


def update_benchmarks_md(record: dict[str, Any], table: str, path: Path = BENCHMARKS_MD) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    section = markdown_section(record, table)
    path.write_text(
        update_benchmarks_text(text, record["database"]["vendor"], section), encoding="utf-8"
    )
