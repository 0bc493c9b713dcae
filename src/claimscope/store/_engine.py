"""Store URLs -> SQLAlchemy engines, and database errors -> coded StoreErrors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event

from claimscope.errors import ConfigError, StoreError

_PG_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg"}
_SQLITE_SCHEMES = {"sqlite", "sqlite+pysqlite"}


def parse_url(url: str | Path) -> sa.URL:
    """A file path (SQLite), ``sqlite:///PATH`` or ``postgresql://...`` as a SQLAlchemy URL.

    Raises:
        StoreError: E605 for any other scheme.
    """
    raw = str(url)
    if "://" not in raw:
        if not raw.strip():
            raise StoreError("E605", url=raw)
        return sa.URL.create("sqlite", database=str(Path(raw).expanduser()))
    scheme = raw.split("://", 1)[0].lower()
    try:
        parsed = sa.make_url(raw)
    except sa.exc.ArgumentError:
        raise StoreError("E605", url=raw) from None
    if scheme in _SQLITE_SCHEMES:
        return parsed.set(drivername="sqlite")
    if scheme in _PG_SCHEMES:
        return parsed.set(drivername="postgresql+psycopg")
    raise StoreError("E605", url=raw)


def display(url: sa.URL) -> str:
    return url.render_as_string(hide_password=True)


def create_engine(url: sa.URL, *, read_only: bool, timeout: float) -> sa.Engine:
    """An engine for a parsed store URL (``sqlite`` or ``postgresql+psycopg``)."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, read_only=read_only, timeout=timeout)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise ConfigError("E203", package="psycopg", hint="'claimscope[postgres]'") from None
    # lock_timeout: a table locked by another session fails with E602 after `timeout`, as on SQLite.
    options = f"-c lock_timeout={max(1, round(timeout * 1000))}"
    if read_only:
        options += " -c default_transaction_read_only=on"
    connect_args: dict[str, Any] = {"connect_timeout": max(1, round(timeout)), "options": options}
    return sa.create_engine(url, connect_args=connect_args, pool_pre_ping=True)


def _sqlite_engine(url: sa.URL, *, read_only: bool, timeout: float) -> sa.Engine:
    database = url.database or ""
    memory = database in {"", ":memory:"}
    if not memory:
        path = Path(database)
        if read_only and not path.is_file():
            raise StoreError("E607", url=display(url), detail="no such file (read-only stores are never created)")
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError("E607", url=display(url), detail=str(exc)) from exc
        if read_only:
            url = sa.URL.create(
                "sqlite", database=f"file:{quote(str(path.resolve()))}", query={"mode": "ro", "uri": "true"}
            )
    kwargs: dict[str, Any] = {"connect_args": {"timeout": timeout, "check_same_thread": False}}
    if memory:
        kwargs["poolclass"] = sa.StaticPool
    engine = sa.create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions begin (SQLAlchemy's documented
        # recipe): DDL then stays inside the migration's transaction.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # Writers take the write lock at BEGIN, so a busy store waits (timeout) instead of failing
        # on a read-to-write lock upgrade.
        immediate = conn.get_execution_options().get("sqlite_immediate") and not read_only
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@contextmanager
def translate_errors(url: sa.URL, *, timeout: float) -> Iterator[None]:
    """Turn driver errors into coded StoreErrors (E602 locked, E603 read-only, E604 unreachable, E607)."""
    try:
        yield
    except sa.exc.DBAPIError as exc:
        raise to_store_error(exc, url, timeout=timeout) from exc


def to_store_error(exc: sa.exc.DBAPIError, url: sa.URL, *, timeout: float) -> StoreError:
    shown = display(url)
    orig = exc.orig
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if isinstance(orig, sqlite3.Error):
        lowered = detail.lower()
        if "locked" in lowered or "busy" in lowered:
            return StoreError("E602", url=shown, timeout=timeout, detail=detail)
        if "readonly" in lowered or "read-only" in lowered:
            return StoreError("E603", url=shown, detail=detail)
        if "unable to open" in lowered or "not a database" in lowered or "disk i/o" in lowered:
            return StoreError("E607", url=shown, detail=detail)
        return StoreError("E601", detail=f"{shown}: {detail}")
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in {"25006"} or sqlstate == "42501":  # read-only transaction, insufficient privilege
        return StoreError("E603", url=shown, detail=detail)
    if sqlstate in {"55P03", "40P01"}:  # lock not available, deadlock
        return StoreError("E602", url=shown, timeout=timeout, detail=detail)
    if sqlstate is None and isinstance(exc, sa.exc.OperationalError):
        return StoreError("E604", url=shown, detail=detail)
    if sqlstate is not None and sqlstate.startswith(("08", "3D", "28")):  # connection, no database, auth
        return StoreError("E604", url=shown, detail=detail)
    return StoreError("E601", detail=f"{shown}: {detail}")
