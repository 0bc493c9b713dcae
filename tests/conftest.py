"""Shared fixtures (the only conftest)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimscope.model import Analysis, Annotation, Article, Span
from claimscope.model.analysis import Parsed, Sentence

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures"


def data_dir() -> Path:
    return Path(os.environ.get("CLAIMSCOPE_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public data folder (../shared/data or $CLAIMSCOPE_DATA); skips when absent."""
    path = data_dir()
    if not path.is_dir():
        pytest.skip(f"public data not found at {path} (set CLAIMSCOPE_DATA to ../shared/data)")
    return path


@pytest.fixture(scope="session")
def seed_html() -> str:
    return (EXAMPLES / "seed-article.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (EXAMPLES / "seed-article.txt").read_text(encoding="utf-8")


@pytest.fixture()
def small_article() -> Article:
    return Article.from_blocks(
        [
            ("Kiev demande des combattants", "title"),
            ("Selon Lekolin, la réunion a eu lieu le 18 juin. La délégation a rencontré le chef.", "body"),
            ("Le ministère a démenti.", "body"),
        ]
    )


def make_analysis(
    article: Article, *, language: str = "fr", layers: dict[str, tuple[Annotation, ...]] | None = None
) -> Analysis:
    """An Analysis built by hand: one sentence per paragraph, no spaCy."""
    sentences = tuple(Sentence(f"s{i}", p.start, p.end, p.id) for i, p in enumerate(article.paragraphs))
    result = Analysis(article=article, parsed=Parsed(language, 1.0, sentences))
    for name, anns in (layers or {}).items():
        result = result.with_layer(name, anns)
    return result


class _PostgresServer:
    """A throwaway PostgreSQL cluster in a temp dir, on a free loopback port (trust auth, no fsync)."""

    def __init__(self) -> None:
        import glob
        import shutil
        import socket
        import subprocess
        import tempfile

        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        pg_ctl = os.environ.get("CLAIMSCOPE_PG_CTL") or shutil.which("pg_ctl") or (found[-1] if found else None)
        if not pg_ctl:
            raise RuntimeError("no pg_ctl (install Debian's postgresql package)")
        bindir = Path(pg_ctl).parent
        self._run = subprocess.run
        self.root = Path(tempfile.mkdtemp(prefix="claimscope-pg-"))
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root: hand the cluster to an unprivileged user
            import pwd

            user = "postgres" if _has_user("postgres") else "nobody"
            entry = pwd.getpwnam(user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
            self.prefix = ["runuser", "-u", user, "--"]
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.data = self.root / "data"
        self.pg_ctl = str(bindir / "pg_ctl")
        self._check([str(bindir / "initdb"), "-D", str(self.data), "-U", "claimscope", "--auth=trust", "-E", "UTF8",
                     "--no-locale", "--no-sync"])  # fmt: skip
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._check([self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "-t", "30",
                     "start"])  # fmt: skip
        self.base = f"postgresql://claimscope@127.0.0.1:{self.port}"

    def _check(self, cmd: list[str]) -> None:
        done = self._run([*self.prefix, *cmd], capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            log = self.root / "log"
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            raise RuntimeError(f"{Path(cmd[0]).name} failed: {(done.stderr or done.stdout).strip()[-800:]} {tail}")

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"{self.base}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{self.base}/{name}"

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        import shutil

        self._run([*self.prefix, self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"],
                  capture_output=True, timeout=60, check=False)  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)


def _has_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[_PostgresServer]:
    """A real PostgreSQL server started for this test session; skips with the reason when none can start.

    ``.base`` is ``postgresql://claimscope@127.0.0.1:PORT`` (trust auth); use ``postgres_url`` for a
    fresh database per test.
    """
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'claimscope[postgres]')")
    try:
        server = _PostgresServer()
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"cannot start a PostgreSQL server: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def postgres_url(postgres_server: _PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """``postgresql://...`` of an empty database of its own on the session's server, dropped afterwards."""
    import re

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:40] + f"_{os.getpid()}"
    url = postgres_server.create_database(name)
    try:
        yield url
    finally:
        postgres_server.drop_database(name)


__all__ = ["EXAMPLES", "FIXTURES", "ROOT", "Span", "data_dir", "make_analysis"]
