"""The benchmark database: where it lives, whether its data can be reused, how to recreate it.

The parent `manage.py bench` process works on the target with the plain drivers (sqlite3,
psycopg), before any Django connection to it exists; the worker process it starts then runs
Django against the target through DATABASE_URL. A small table `parta_bench_meta` in the target
remembers what was seeded (demo version, sizes, seed, academic year, migrations), so an
unchanged benchmark reuses the data and a changed one starts from an empty database.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.conf import settings

from parta.bench.context import BenchError

META_TABLE = "parta_bench_meta"
BENCH_SQLITE = Path(settings.BASE_DIR) / "var" / "bench.sqlite3"
BENCH_PG_NAME = "parta_bench"
DEFAULT_PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Target:
    vendor: str  # "sqlite" | "postgresql"
    url: str
    #: our own database (the default names): recreated freely
    owned: bool

    @property
    def config(self) -> dict[str, Any]:
        return dict(dj_database_url.parse(self.url))

    @property
    def name(self) -> str:
        return str(self.config["NAME"])

    @property
    def label(self) -> str:
        if self.vendor == "sqlite":
            return f"SQLite {self.name}"
        cfg = self.config
        return f"PostgreSQL {cfg.get('HOST') or 'localhost'}:{cfg.get('PORT') or 5432}/{self.name}"


def _vendor(url: str) -> str:
    scheme = urlsplit(url).scheme
    if scheme.startswith("sqlite"):
        return "sqlite"
    if scheme.startswith(("postgres", "pgsql")):
        return "postgresql"
    raise BenchError(f"Unsupported database URL: {url!r} (SQLite or PostgreSQL only).")


def resolve_target(option: str | None, environ_url: str | None = None) -> Target:
    """`sqlite`, `postgres` (database parta_bench on the server of DATABASE_URL, else on
    127.0.0.1:5432), a database URL, or nothing (the engine of DATABASE_URL, SQLite by
    default)."""
    environ_url = environ_url if environ_url is not None else os.environ.get("DATABASE_URL", "")
    choice = (option or "").strip()
    if not choice:
        choice = "postgres" if environ_url and _vendor(environ_url) == "postgresql" else "sqlite"
    if choice == "sqlite":
        return Target("sqlite", f"sqlite:///{BENCH_SQLITE}", owned=True)
    if choice in ("postgres", "postgresql", "pg"):
        server = environ_url if environ_url and _vendor(environ_url) == "postgresql" else ""
        parts = urlsplit(server or DEFAULT_PG_SERVER)
        url = urlunsplit((parts.scheme, parts.netloc, f"/{BENCH_PG_NAME}", parts.query, ""))
        return Target("postgresql", url, owned=True)
    if "://" in choice:
        return Target(_vendor(choice), choice, owned=False)
    raise BenchError(f"Unknown --database {choice!r}: use sqlite, postgres or a database URL.")


# --- reading the marker -----------------------------------------------------------------------
def _sqlite_state(path: Path) -> tuple[bool, dict[str, Any] | None]:
    """(has tables, marker)"""
    if not path.exists():
        return False, None
    with sqlite3.connect(path) as db:
        tables = {
            row[0]
            for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not str(row[0]).startswith("sqlite_")
        }
        marker = None
        if META_TABLE in tables:
            row = db.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'marker'").fetchone()
            marker = json.loads(row[0]) if row else None
    db.close()
    return bool(tables), marker


def _pg_connect(target: Target, dbname: str | None = None) -> Any:
    import psycopg

    cfg = target.config
    return psycopg.connect(
        dbname=dbname or cfg["NAME"],
        user=cfg.get("USER") or None,
        password=cfg.get("PASSWORD") or None,
        host=cfg.get("HOST") or None,
        port=cfg.get("PORT") or None,
        autocommit=True,
    )


def _pg_state(target: Target) -> tuple[bool, bool, dict[str, Any] | None]:
    """(exists, has tables, marker)"""
    import psycopg

    try:
        db = _pg_connect(target)
    except psycopg.OperationalError as exc:
        if "does not exist" in str(exc):
            return False, False, None
        raise BenchError(f"Cannot connect to {target.label}: {exc}") from exc
    with db:
        tables = {
            row[0]
            for row in db.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        }
        marker = None
        if META_TABLE in tables:
            row = db.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'marker'").fetchone()
            marker = json.loads(row[0]) if row else None
    return True, bool(tables), marker


def _pg_recreate(target: Target) -> None:
    from psycopg import sql

    with _pg_connect(target, dbname="postgres") as db:
        name = sql.Identifier(target.name)
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        db.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _sqlite_remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def prepare(target: Target, marker: dict[str, Any], *, fresh: bool = False) -> bool:
    """Make the target ready for `marker`'s data. Returns True when the seeded data can be
    reused, False when the database is empty (new, or recreated) and must be seeded.

    A database that is not ours (a URL given on the command line) is recreated only if it
    carries a benchmark marker; one with other tables is refused."""
    if target.vendor == "sqlite":
        path = Path(target.name)
        has_tables, current = _sqlite_state(path)
        exists = path.exists()
    else:
        exists, has_tables, current = _pg_state(target)
    if exists and current == marker and not fresh:
        return True
    if has_tables and current is None and not target.owned:
        raise BenchError(
            f"{target.label} has tables but no benchmark marker: refusing to overwrite a "
            "database the benchmark did not create."
        )
    if target.vendor == "sqlite":
        _sqlite_remove(Path(target.name))
        Path(target.name).parent.mkdir(parents=True, exist_ok=True)
    else:
        _pg_recreate(target)
    return False


# --- writing the marker (worker side, through Django) -------------------------------------
def write_marker(marker: dict[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key varchar(64) PRIMARY KEY, value text)"
        )
        cursor.execute(f"DELETE FROM {META_TABLE} WHERE key = %s", ["marker"])
        cursor.execute(
            f"INSERT INTO {META_TABLE} (key, value) VALUES (%s, %s)",
            ["marker", json.dumps(marker, sort_keys=True)],
        )


def read_marker() -> dict[str, Any] | None:
    from django.db import connection

    if META_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {META_TABLE} WHERE key = %s", ["marker"])
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None
