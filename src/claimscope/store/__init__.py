"""The corpus store: analysed articles, their analyses and fingerprints, in SQLite or PostgreSQL.

One thin layer over SQLAlchemy Core (2.x); the same code serves both databases.

    from claimscope.store import open_store

    with open_store("corpus.sqlite") as store:            # or sqlite:///corpus.sqlite,
        article_id, created = store.add(analysis)          # or postgresql://user@host/db
        record = store.get(article_id)                     # StoredArticle (.analysis = the dict)
        store.list(site="example.org", limit=20)           # StoredArticle without analyses
        store.search("HTS Kiev")                           # [SearchHit(article, claims)]

API (small on purpose):
    open_store(url, *, read_only=False, timeout=10.0) -> Store     creates and migrates
    Store.add(analysis, *, source=None, embed=True, fingerprints=None) -> (id, created)
        idempotent: the same text (sha256) at the same URL is one record; the same canonical URL
        on the same site replaces the record (an updated article); the same text at another URL is
        another record (a reprint); ``source`` logs the input for resumable adds
    Store.add_many(analyses, *, embed=True) -> [(id, created)]   one transaction (bulk loads)
    Store.get(id) -> StoredArticle;  Store.list(site=, language=, since=, until=, limit=, offset=)
    Store.search(q, *, limit=20) -> [SearchHit]   FTS5 on SQLite (LIKE without it), tsvector on PostgreSQL
    Store.export() -> iterator of analysis dicts;  Store.count();  Store.summaries(ids);  Store.texts(ids)
    Store.iter_fingerprints(), Store.iter_vectors(), Store.unembedded(), Store.set_fingerprints(id, fp)
    Store.input_status(source), Store.record_input(...), Store.record_failure(...), Store.failed_inputs()
    Store.transaction() / Store.reading(): a SQLAlchemy Connection whose driver errors become
        StoreErrors, for code that keeps its own tables in the store (fact-checks); Store.engine,
        Store.dialect ("sqlite" | "postgresql"), Store.schema_version
    Store.close(), or ``with open_store(...) as store``

Errors (``StoreError``): E602 locked, E603 read-only, E604 PostgreSQL unreachable, E605 bad URL
scheme, E606 store newer than this code, E607 cannot open, E608 no such article, E609 not an
analysis, E610 inconsistent migrations. PostgreSQL needs ``pip install 'claimscope[postgres]'``
(psycopg 3); without it ``open_store`` raises ConfigError E203.

Adding a migration (one file): create ``src/claimscope/store/migrations/mNNNN_<what>.py`` with the
next number, a ``DESCRIPTION`` string and ``upgrade(conn)`` written in SQLAlchemy Core (branch on
``conn.dialect.name`` for SQLite/PostgreSQL specifics). It is applied by the next ``open_store``.
Why a numbered list and not alembic: see ``claimscope.store._migrate``. 0002 (the fact-check
tables) and 0003 (their headline/description vectors) belong to ``claimscope.factcheck``.
Query your own tables through ``Store.transaction()`` / ``Store.reading()``.
"""

from __future__ import annotations

from claimscope.errors import StoreError
from claimscope.store._store import SearchHit, Store, StoredArticle, StoredFingerprint, open_store, site_of
from claimscope.store.fingerprint import Fingerprints

__all__ = [
    "Fingerprints",
    "SearchHit",
    "Store",
    "StoreError",
    "StoredArticle",
    "StoredFingerprint",
    "open_store",
    "site_of",
]
