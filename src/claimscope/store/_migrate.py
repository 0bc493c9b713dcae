"""Versioned, forward-only schema migrations: a numbered list and a ``claimscope_schema`` table.

Why not alembic: alembic wants a script directory, an ``env.py`` and an ini file, and is built for
developers who generate and review migrations of one application database. Here the package itself
migrates whatever store a user opens (a SQLite file, or a PostgreSQL database), always forward,
through the same SQLAlchemy Core code, and the migrations are few. A numbered list of small Python
modules (``store/migrations/mNNNN_*.py``, each ``upgrade(conn)``) and one table of applied
versions do that with nothing to configure, and adding a migration is adding one file.

Each migration runs in its own transaction together with the row that records it (PostgreSQL and
SQLite both have transactional DDL), under a lock (``BEGIN IMMEDIATE`` on SQLite, an advisory lock
on PostgreSQL), and the applied version is re-read under that lock, so two processes that open a
fresh store at once apply each migration once.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from claimscope.errors import StoreError

SCHEMA_TABLE = "claimscope_schema"
_ADVISORY_KEY = 0x636C6D73  # "clms": one lock id for every claimscope migration
_NAME = re.compile(r"m(\d{4})_\w+")

_meta = sa.MetaData()
schema_table = sa.Table(
    SCHEMA_TABLE,
    _meta,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("applied_at", sa.String(32), nullable=False),
)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    description: str
    upgrade: Callable[[sa.Connection], None]


def discover() -> list[Migration]:
    """The migrations shipped in ``claimscope.store.migrations``, checked to be 1..n without gaps."""
    from claimscope.store import migrations as package

    found: list[Migration] = []
    for info in pkgutil.iter_modules(package.__path__):
        match = _NAME.fullmatch(info.name)
        if not match:
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        upgrade = getattr(module, "upgrade", None)
        if not callable(upgrade):
            raise StoreError("E610", detail=f"{info.name} has no upgrade(conn) function")
        found.append(Migration(int(match.group(1)), info.name, str(getattr(module, "DESCRIPTION", info.name)), upgrade))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise StoreError("E610", detail=f"expected versions 1..{len(found)} once each, found {versions}")
    return found


def latest_version() -> int:
    return len(discover())


def current_version(conn: sa.Connection) -> int:
    """The highest applied version, 0 for an empty database."""
    if not sa.inspect(conn).has_table(SCHEMA_TABLE):
        return 0
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(schema_table.c.version), 0))).scalar_one())


def pending(conn: sa.Connection) -> tuple[int, list[Migration]]:
    """(applied version, migrations still to apply); raises E606 for a store newer than the code."""
    migrations = discover()
    version = current_version(conn)
    if version > len(migrations):
        raise StoreError("E606", url=_url_of(conn), found=version, known=len(migrations))
    return version, migrations[version:]


def upgrade(engine: sa.Engine) -> int:
    """Apply every pending migration; returns the version the store is at afterwards."""
    with engine.connect() as conn:
        version, todo = pending(conn)
    for migration in todo:
        with engine.connect().execution_options(sqlite_immediate=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_KEY})
            _meta.create_all(conn, checkfirst=True)
            if current_version(conn) >= migration.version:
                continue  # another process applied it while we waited for the lock
            migration.upgrade(conn)
            conn.execute(
                schema_table.insert().values(
                    version=migration.version,
                    description=migration.description,
                    applied_at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
            )
        version = migration.version
    return version


def _url_of(conn: sa.Connection) -> str:
    return conn.engine.url.render_as_string(hide_password=True)
