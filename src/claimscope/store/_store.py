"""The Store: articles, analyses and fingerprints in SQLite or PostgreSQL through SQLAlchemy Core."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import sqlalchemy as sa

from claimscope.errors import StoreError
from claimscope.store import _migrate
from claimscope.store._engine import create_engine, display, parse_url, to_store_error, translate_errors
from claimscope.store._tables import articles, fingerprints, inputs, paragraph_vectors
from claimscope.store.fingerprint import Fingerprints, fingerprint, words_of

_SUMMARY_COLUMNS = [c for c in articles.c if c.name not in {"text", "claims_text", "analysis", "locator"}]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredArticle:
    """One stored article; ``analysis`` (the claimscope/analysis@1 dict) only from ``Store.get``."""

    id: int
    content_sha256: str
    canonical_url: str | None
    input: Mapping[str, Any]
    title: str | None
    published: str | None
    site: str | None
    site_name: str | None
    language: str | None
    added_at: str
    updated_at: str
    analysis: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "article": self.id,
            "input": dict(self.input),
            "title": self.title,
            "published": self.published,
            "site": self.site,
            "site_name": self.site_name,
            "language": self.language,
            "canonical_url": self.canonical_url,
            "content_sha256": self.content_sha256,
            "added_at": self.added_at,
            "updated_at": self.updated_at,
        }
        if self.analysis is not None:
            out["analysis"] = dict(self.analysis)
        return out


@dataclass(frozen=True)
class SearchHit:
    """A search result: the article and the ids and texts of its claims that hold every query word."""

    article: StoredArticle
    claims: tuple[Mapping[str, Any], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {**self.article.to_dict(), "claims": [dict(c) for c in self.claims]}


@dataclass(frozen=True)
class StoredFingerprint:
    """What reprint detection reads per article (no text)."""

    article_id: int
    minhash: np.ndarray
    shingles: int
    words: int
    embedded: bool


def site_of(url: str | None) -> str | None:
    """The domain of a URL without ``www.``, lower-cased; None without a host."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    return host or None


def analysis_dict(analysis: Any) -> dict[str, Any]:
    """An Analysis (or its ``to_dict()``) as the contract dict; raises E609 when it is not one."""
    data = analysis.to_dict() if hasattr(analysis, "to_dict") else analysis
    if not isinstance(data, Mapping):
        raise StoreError("E609", detail=f"expected an Analysis or a dict, got {type(analysis).__name__}")
    if not str(data.get("schema", "")).startswith("claimscope/analysis@"):
        raise StoreError("E609", detail=f"schema is {data.get('schema')!r}, not claimscope/analysis@1")
    if not isinstance(data.get("text"), str) or not data["text"].strip():
        raise StoreError("E609", detail="no text")
    return dict(data)


def content_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Store:
    """A claimscope corpus: open with :func:`open_store`, use as a context manager."""

    def __init__(self, engine: sa.Engine, url: sa.URL, *, read_only: bool, timeout: float) -> None:
        self.engine = engine
        self.read_only = read_only
        self.timeout = timeout
        self._url = url
        self.url = display(url)
        self.dialect = engine.dialect.name
        with self._guard(), engine.connect() as conn:
            version, todo = _migrate.pending(conn)
        if todo:
            if read_only:
                raise StoreError(
                    "E603", url=self.url, detail=f"schema version {version} needs migrating; open it writable once"
                )
            with self._guard():
                version = _migrate.upgrade(engine)
        self.schema_version = version
        with self._guard(), engine.connect() as conn:
            self._fts = self.dialect == "sqlite" and sa.inspect(conn).has_table("articles_fts")

    # -- plumbing -------------------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[None]:
        with translate_errors(self._url, timeout=self.timeout):
            yield

    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """A write transaction (SQLite: ``BEGIN IMMEDIATE``) whose driver errors become StoreErrors."""
        with self._guard(), self.engine.connect().execution_options(sqlite_immediate=True) as conn, conn.begin():
            yield conn

    @contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        """A read connection whose driver errors become StoreErrors."""
        with self._guard(), self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r}, schema_version={self.schema_version})"

    # -- writing ----------------------------------------------------------------------------------

    def add(
        self,
        analysis: Any,
        *,
        source: str | None = None,
        embed: bool = True,
        fingerprints: Fingerprints | None = None,
    ) -> tuple[int, bool]:
        """Store an analysis and its fingerprints; the same text twice stays one record.

        An article is the same record when its text has the same sha256 at the same URL (canonical
        URL, else input URL, else none), or when it has the same canonical URL on the same site (an
        updated version: the record is replaced). The same text at another URL is another record:
        reprints on other sites are what ``corpus reprints`` finds.

        Args:
            analysis: an ``Analysis`` or its ``to_dict()``.
            source: the input as given (path or URL), logged for resumable ``corpus add``.
            embed: compute paragraph embeddings (multilingual e5) for cross-language reprints.
            fingerprints: precomputed fingerprints (otherwise computed here).

        Returns:
            (article id, True when a new record was created).

        Raises:
            StoreError: E609 not an analysis, E602 locked, E603 read-only, E604 unreachable.
        """
        data = analysis_dict(analysis)
        row = self._row(data)
        existing = self._find(row)
        if existing is not None and existing[1] == row["content_sha256"]:
            article_id = existing[0]
            if embed and fingerprints is None and not self._embedded(article_id):
                self._write_fingerprints(article_id, fingerprint(data["text"], data.get("paragraphs") or ()))
            if source:
                self.record_input(source, article_id=article_id)
            return article_id, False
        fp = fingerprints or fingerprint(data["text"], data.get("paragraphs") or (), embed=embed)
        try:
            with self.transaction() as conn:
                article_id, created = self._write(conn, row, fp)
                if source:
                    self._upsert_input(conn, source, article_id=article_id, status="done")
        except sa.exc.IntegrityError as exc:
            # Another writer stored the same text between our check and our insert (PostgreSQL).
            found = self._find(row)
            if found is None:
                raise to_store_error(exc, self._url, timeout=self.timeout) from exc
            if source:
                self.record_input(source, article_id=found[0])
            return found[0], False
        return article_id, created

    def add_many(self, analyses: Iterable[Any], *, embed: bool = True) -> list[tuple[int, bool]]:
        """Store several analyses in one transaction (bulk loads); same identity rules as ``add``.

        Fingerprints are computed before the transaction starts. Either all are stored or none.
        """
        prepared = []
        for analysis in analyses:
            data = analysis_dict(analysis)
            prepared.append((self._row(data), fingerprint(data["text"], data.get("paragraphs") or (), embed=embed)))
        with self.transaction() as conn:
            return [self._write(conn, row, fp) for row, fp in prepared]

    def _write(self, conn: sa.Connection, row: Mapping[str, Any], fp: Fingerprints) -> tuple[int, bool]:
        """Insert, update (same canonical URL and site) or leave (same text at the same URL) one article."""
        found = self._find(row, conn)
        if found is not None and found[1] == row["content_sha256"]:
            return found[0], False
        if found is not None:
            update = {k: v for k, v in row.items() if k != "added_at"}
            conn.execute(articles.update().where(articles.c.id == found[0]).values(**update))
            self._set_fingerprints(conn, found[0], fp)
            self._index_text(conn, found[0], row, replace=True)
            return found[0], False
        article_id = int(conn.execute(articles.insert().values(**row)).inserted_primary_key[0])
        self._set_fingerprints(conn, article_id, fp)
        self._index_text(conn, article_id, row, replace=False)
        return article_id, True

    def _row(self, data: Mapping[str, Any]) -> dict[str, Any]:
        meta = data.get("metadata") or {}
        source = data.get("input") or {}
        canonical = meta.get("canonical_url") or None
        site = site_of(source.get("url")) or site_of(canonical)
        claims = data.get("claims") or []
        now = _now()
        return {
            "content_sha256": content_sha256(data["text"]),
            "locator": canonical or source.get("url") or "",
            "canonical_url": canonical,
            "input_kind": source.get("kind"),
            "input_path": source.get("path"),
            "input_url": source.get("url"),
            "input_sha256": source.get("sha256"),
            "title": meta.get("title"),
            "published": str(meta["published"]) if meta.get("published") else None,
            "site": site,
            "site_name": meta.get("site_name"),
            "language": meta.get("language"),
            "text": data["text"],
            "claims_text": "\n".join(str(c.get("text", "")) for c in claims if isinstance(c, Mapping)),
            "analysis": json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            "added_at": now,
            "updated_at": now,
        }

    def _find(self, row: Mapping[str, Any], conn: sa.Connection | None = None) -> tuple[int, str] | None:
        """(id, content hash) of the record this row is: same text at the same canonical (else input)
        URL, or none for both; else the same canonical URL on the same site (an update)."""
        with self._maybe(conn) as c:
            hit = c.execute(
                sa.select(articles.c.id, articles.c.content_sha256).where(
                    articles.c.content_sha256 == row["content_sha256"], articles.c.locator == row["locator"]
                )
            ).first()
            if hit is None and row["canonical_url"]:
                hit = c.execute(
                    sa.select(articles.c.id, articles.c.content_sha256)
                    .where(articles.c.canonical_url == row["canonical_url"], articles.c.site == row["site"])
                    .order_by(articles.c.id)
                    .limit(1)
                ).first()
        return (int(hit[0]), str(hit[1])) if hit is not None else None

    @contextmanager
    def _maybe(self, conn: sa.Connection | None) -> Iterator[sa.Connection]:
        if conn is not None:
            yield conn
        else:
            with self.reading() as c:
                yield c

    def _embedded(self, article_id: int) -> bool:
        with self.reading() as conn:
            value = conn.execute(
                sa.select(fingerprints.c.embedded).where(fingerprints.c.article_id == article_id)
            ).scalar()
        return bool(value)

    def _write_fingerprints(self, article_id: int, fp: Fingerprints) -> None:
        with self.transaction() as conn:
            self._set_fingerprints(conn, article_id, fp)

    def set_fingerprints(self, article_id: int, fp: Fingerprints) -> None:
        """Replace one article's fingerprints (e.g. to add embeddings to a MinHash-only record)."""
        self._write_fingerprints(article_id, fp)

    def _set_fingerprints(self, conn: sa.Connection, article_id: int, fp: Fingerprints) -> None:
        conn.execute(fingerprints.delete().where(fingerprints.c.article_id == article_id))
        conn.execute(paragraph_vectors.delete().where(paragraph_vectors.c.article_id == article_id))
        conn.execute(
            fingerprints.insert().values(
                article_id=article_id,
                scheme=fp.scheme,
                minhash=np.asarray(fp.minhash, dtype="<u4").tobytes(),
                shingles=fp.shingles,
                words=fp.words,
                embedded=fp.vectors is not None,
            )
        )
        if fp.vectors is not None and len(fp.paragraphs):
            vectors = np.asarray(fp.vectors, dtype="<f2")
            conn.execute(
                paragraph_vectors.insert(),
                [
                    {
                        "article_id": article_id,
                        "position": i,
                        "paragraph": pid,
                        "model": fp.model,
                        "vector": v.tobytes(),
                    }
                    for i, (pid, v) in enumerate(zip(fp.paragraphs, vectors, strict=True))
                ],
            )

    def _index_text(self, conn: sa.Connection, article_id: int, row: Mapping[str, Any], *, replace: bool) -> None:
        if not self._fts:
            return
        if replace:
            conn.execute(sa.text("DELETE FROM articles_fts WHERE rowid = :id"), {"id": article_id})
        conn.execute(
            sa.text("INSERT INTO articles_fts (rowid, title, text, claims) VALUES (:id, :title, :text, :claims)"),
            {"id": article_id, "title": row["title"] or "", "text": row["text"], "claims": row["claims_text"]},
        )

    def _upsert_input(
        self,
        conn: sa.Connection,
        source: str,
        *,
        article_id: int | None,
        status: str,
        error: Mapping[str, str] | None = None,
    ) -> None:
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        values = {
            "source": source,
            "article_id": article_id,
            "status": status,
            "error_code": (error or {}).get("code"),
            "error_message": (error or {}).get("message"),
            "attempts": 1,
            "updated_at": _now(),
        }
        stmt = insert(inputs).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[inputs.c.source],
            set_={
                "article_id": stmt.excluded.article_id,
                "status": stmt.excluded.status,
                "error_code": stmt.excluded.error_code,
                "error_message": stmt.excluded.error_message,
                "attempts": inputs.c.attempts + 1,
                "updated_at": stmt.excluded.updated_at,
            },
        )
        conn.execute(stmt)

    def record_input(self, source: str, *, article_id: int) -> None:
        """Log an input as done (stored as ``article_id``)."""
        with self.transaction() as conn:
            self._upsert_input(conn, source, article_id=article_id, status="done")

    def record_failure(self, source: str, error: Mapping[str, str]) -> None:
        """Log an input that failed (``{"code", "message"}``); ``corpus add`` retries it next time."""
        with self.transaction() as conn:
            self._upsert_input(conn, source, article_id=None, status="failed", error=error)

    def input_status(self, source: str) -> tuple[str, int | None] | None:
        """(status "done"|"failed", article id) for an input already seen, else None."""
        with self.reading() as conn:
            row = conn.execute(sa.select(inputs.c.status, inputs.c.article_id).where(inputs.c.source == source)).first()
        return (str(row[0]), row[1]) if row is not None else None

    def failed_inputs(self) -> list[dict[str, Any]]:
        with self.reading() as conn:
            rows = conn.execute(
                sa.select(inputs.c.source, inputs.c.error_code, inputs.c.error_message, inputs.c.attempts)
                .where(inputs.c.status == "failed")
                .order_by(inputs.c.id)
            ).all()
        return [{"input": r[0], "code": r[1], "message": r[2], "attempts": r[3]} for r in rows]

    # -- reading --------------------------------------------------------------------------------

    def get(self, article_id: int) -> StoredArticle:
        """The stored article with its analysis.

        Raises:
            StoreError: E608 when there is no such article.
        """
        with self.reading() as conn:
            row = conn.execute(
                sa.select(*_SUMMARY_COLUMNS, articles.c.analysis).where(articles.c.id == int(article_id))
            ).first()
        if row is None:
            raise StoreError("E608", article=article_id, url=self.url)
        return _record(row._mapping, analysis=json.loads(row.analysis))

    def count(self) -> int:
        with self.reading() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one())

    def list(
        self,
        *,
        site: str | None = None,
        language: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StoredArticle]:
        """Stored articles (without analyses) in the order they were added, optionally filtered.

        ``since``/``until`` compare ISO dates with ``published`` (inclusive; ``until`` covers the day).
        """
        query = sa.select(*_SUMMARY_COLUMNS).order_by(articles.c.id).offset(offset)
        if site:
            query = query.where(articles.c.site == (site_of(f"//{site}") or site))
        if language:
            query = query.where(articles.c.language == language)
        if since:
            query = query.where(articles.c.published >= since)
        if until:
            query = query.where(articles.c.published <= until + "\uffff")
        if limit is not None:
            query = query.limit(limit)
        with self.reading() as conn:
            return [_record(r._mapping) for r in conn.execute(query)]

    def summaries(self, article_ids: Iterable[int] | None = None) -> dict[int, StoredArticle]:
        """Records without analyses by id (all when ``article_ids`` is None)."""
        query = sa.select(*_SUMMARY_COLUMNS)
        wanted = None if article_ids is None else sorted({int(a) for a in article_ids})
        out: dict[int, StoredArticle] = {}
        with self.reading() as conn:
            if wanted is None:
                for r in conn.execute(query):
                    out[int(r.id)] = _record(r._mapping)
            else:
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start : start + 500]
                    for r in conn.execute(query.where(articles.c.id.in_(chunk))):
                        out[int(r.id)] = _record(r._mapping)
        return out

    def texts(self, article_ids: Iterable[int]) -> dict[int, str]:
        """The main text of some articles, by id."""
        wanted = sorted({int(a) for a in article_ids})
        out: dict[int, str] = {}
        with self.reading() as conn:
            for start in range(0, len(wanted), 500):
                rows = conn.execute(
                    sa.select(articles.c.id, articles.c.text).where(articles.c.id.in_(wanted[start : start + 500]))
                )
                out.update({int(r[0]): str(r[1]) for r in rows})
        return out

    def export(self) -> Iterator[dict[str, Any]]:
        """Every stored analysis (the claimscope/analysis@1 dict), in the order they were added."""
        with self.reading() as conn:
            result = conn.execution_options(yield_per=200).execute(
                sa.select(articles.c.analysis).order_by(articles.c.id)
            )
            for (text,) in result:
                yield json.loads(text)

    def search(self, q: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles whose title, text or claims hold every word of ``q``, best first.

        SQLite uses FTS5 (ranked by bm25) where the library has it, else LIKE; PostgreSQL a
        generated ``tsvector`` column with a GIN index.
        """
        terms = words_of(q)
        if not terms:
            return []
        with self.reading() as conn:
            if self.dialect == "postgresql":
                rows = conn.execute(
                    sa.text(
                        "SELECT id FROM articles WHERE search @@ plainto_tsquery('simple', :q) "
                        "ORDER BY ts_rank(search, plainto_tsquery('simple', :q)) DESC, id LIMIT :n"
                    ),
                    {"q": " ".join(terms), "n": limit},
                )
            elif self._fts:
                match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
                rows = conn.execute(
                    sa.text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :m ORDER BY rank LIMIT :n"),
                    {"m": match, "n": limit},
                )
            else:
                query = sa.select(articles.c.id).order_by(articles.c.id).limit(limit)
                haystack = sa.func.lower(
                    sa.func.coalesce(articles.c.title, "") + " " + articles.c.text + " " + articles.c.claims_text
                )
                for term in terms:
                    query = query.where(haystack.contains(term, autoescape=True))
                rows = conn.execute(query)
            ids = [int(r[0]) for r in rows]
            analyses = {
                int(r[0]): json.loads(r[1])
                for r in conn.execute(sa.select(articles.c.id, articles.c.analysis).where(articles.c.id.in_(ids)))
            }
        summaries = self.summaries(ids)
        hits = []
        for article_id in ids:
            claims = tuple(
                {"id": c.get("id"), "text": c.get("text")}
                for c in analyses[article_id].get("claims") or []
                if set(terms) <= set(words_of(str(c.get("text", ""))))
            )
            hits.append(SearchHit(summaries[article_id], claims))
        return hits

    # -- fingerprints -----------------------------------------------------------------------------

    def iter_fingerprints(self) -> Iterator[StoredFingerprint]:
        """Every article's MinHash and sizes, in id order."""
        with self.reading() as conn:
            result = conn.execution_options(yield_per=2000).execute(
                sa.select(
                    fingerprints.c.article_id,
                    fingerprints.c.minhash,
                    fingerprints.c.shingles,
                    fingerprints.c.words,
                    fingerprints.c.embedded,
                ).order_by(fingerprints.c.article_id)
            )
            for article_id, blob, shingles, n_words, embedded in result:
                yield StoredFingerprint(
                    int(article_id), np.frombuffer(blob, dtype="<u4"), int(shingles), int(n_words), bool(embedded)
                )

    def iter_vectors(self, model: str | None = None) -> Iterator[tuple[int, int, np.ndarray]]:
        """(article id, paragraph position, float16 vector) for every paragraph embedded with ``model``
        (default: the encoder this version ships), in order. Vectors of another encoder are skipped:
        they do not live in the same space (``unembedded`` lists their articles for re-embedding)."""
        from claimscope.store.fingerprint import MODEL

        with self.reading() as conn:
            result = conn.execution_options(yield_per=5000).execute(
                sa.select(paragraph_vectors.c.article_id, paragraph_vectors.c.position, paragraph_vectors.c.vector)
                .where(paragraph_vectors.c.model == (model or MODEL))
                .order_by(paragraph_vectors.c.article_id, paragraph_vectors.c.position)
            )
            for article_id, position, blob in result:
                yield int(article_id), int(position), np.frombuffer(blob, dtype="<f2")

    def unembedded(self) -> list[int]:
        """Ids of articles stored without paragraph embeddings, or with another encoder's."""
        from claimscope.store.fingerprint import MODEL

        stale = sa.select(paragraph_vectors.c.article_id).where(paragraph_vectors.c.model != MODEL)
        with self.reading() as conn:
            rows = conn.execute(
                sa.select(articles.c.id)
                .select_from(articles.outerjoin(fingerprints, fingerprints.c.article_id == articles.c.id))
                .where(
                    sa.or_(
                        fingerprints.c.embedded.is_(None),
                        fingerprints.c.embedded.is_(False),
                        articles.c.id.in_(stale),
                    )
                )
                .order_by(articles.c.id)
            )
            return [int(r[0]) for r in rows]


def _record(row: Mapping[str, Any], *, analysis: Mapping[str, Any] | None = None) -> StoredArticle:
    return StoredArticle(
        id=int(row["id"]),
        content_sha256=row["content_sha256"],
        canonical_url=row["canonical_url"],
        input={
            "kind": row["input_kind"],
            "path": row["input_path"],
            "url": row["input_url"],
            "sha256": row["input_sha256"],
        },
        title=row["title"],
        published=row["published"],
        site=row["site"],
        site_name=row["site_name"],
        language=row["language"],
        added_at=row["added_at"],
        updated_at=row["updated_at"],
        analysis=analysis,
    )


def open_store(url: str | Path, *, read_only: bool = False, timeout: float = 10.0) -> Store:
    """Open (creating and migrating when needed) a store.

    Args:
        url: a file path or ``sqlite:///PATH`` (SQLite), or ``postgresql://USER:PASS@HOST:PORT/DB``.
        read_only: never write; SQLite opens the file read-only, PostgreSQL read-only transactions.
        timeout: seconds to wait for a locked SQLite file or to connect to PostgreSQL.

    Raises:
        StoreError: E605 bad URL, E604 PostgreSQL unreachable, E606 schema newer than the code,
            E602 locked, E603 read-only, E607 cannot open.
        ConfigError: E203 when PostgreSQL is asked for and psycopg is not installed.
    """
    parsed = parse_url(url)
    engine = create_engine(parsed, read_only=read_only, timeout=timeout)
    try:
        return Store(engine, parsed, read_only=read_only, timeout=timeout)
    except BaseException:
        engine.dispose()
        raise
