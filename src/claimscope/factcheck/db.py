"""Fact-checks in the store: import ClaimReview files, read them back as a matching index.

The tables (``factcheck_reviews``, ``factcheck_vectors``) come from store migration 0002. A review
is one record per key (its url, else its @id/identifier, else a hash of publisher and claim): a
second import of the same file changes nothing and embeds nothing; a changed review is updated
and re-embedded.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from claimscope.encoder.e5 import ENCODER_ID
from claimscope.errors import FactCheckError
from claimscope.factcheck.claimreview import RecordError, Review, read_claimreviews
from claimscope.factcheck.index import IndexedReview, ReviewIndex, lexical_text

VECTOR_MODEL = ENCODER_ID  # what the stored vectors were computed with (re-embedded when it changes)
DIM = 384

_md = sa.MetaData()
reviews_table = sa.Table(
    "factcheck_reviews",
    _md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.Text, nullable=False, unique=True),
    sa.Column("url", sa.Text),
    sa.Column("identifier", sa.Text),
    sa.Column("claim_reviewed", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("description", sa.Text),
    sa.Column("rating", sa.Text),
    sa.Column("rating_value", sa.Float),
    sa.Column("best_rating", sa.Float),
    sa.Column("worst_rating", sa.Float),
    sa.Column("publisher", sa.Text),
    sa.Column("date", sa.String(40)),
    sa.Column("language", sa.String(16)),
    sa.Column("claimant", sa.Text),
    sa.Column("content_sha256", sa.String(64), nullable=False),
    sa.Column("imported_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
)
vectors_table = sa.Table(
    "factcheck_vectors",
    _md,
    sa.Column("review_id", sa.Integer, primary_key=True),
    sa.Column("model", sa.String(64), nullable=False),
    sa.Column("content_sha256", sa.String(64), nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),
)
_FIELDS = (
    "url",
    "identifier",
    "claim_reviewed",
    "title",
    "description",
    "rating",
    "rating_value",
    "best_rating",
    "worst_rating",
    "publisher",
    "date",
    "language",
    "claimant",
)

Embedder = Callable[[list[str]], np.ndarray]


@dataclass
class ImportReport:
    """What one ``factcheck import`` did."""

    path: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    embedded: int = 0
    failed: list[RecordError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def read(self) -> int:
        return self.added + self.updated + self.unchanged + len(self.failed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "read": self.read,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "embedded": self.embedded,
            "failed": [f.to_dict() for f in self.failed],
            "seconds": round(self.seconds, 2),
        }


def _content_sha(review: Review) -> str:
    payload = json.dumps([getattr(review, f) for f in _FIELDS], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _default_embedder(texts: list[str]) -> np.ndarray:
    from claimscope.encoder.e5 import embed_passages

    return embed_passages(texts)


def import_claimreviews(
    store: Any,
    path: Path,
    *,
    batch_size: int = 1024,
    embed: Embedder | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a ClaimReview file (JSON-LD, JSON Lines or a DataCommons feed) into ``store``.

    1. read the file record by record; a bad line or record is kept in ``failed`` and skipped;
    2. per batch: insert new keys, update changed ones, leave identical ones alone;
    3. embed the claims of added or changed reviews (e5 passages) and store the vectors.

    Raises:
        FactCheckError: E651/E652 when the file as a whole cannot be read.
        StoreError: when the store cannot be written.
    """
    embed = embed or _default_embedder
    report = ImportReport(path=str(path))
    t0 = time.perf_counter()
    batch: dict[str, Review] = {}
    for item in read_claimreviews(path):
        if isinstance(item, RecordError):
            report.failed.append(item)
            continue
        if item.key in batch:  # the same review twice in one batch: the later one wins
            report.unchanged += 1
        batch[item.key] = item
        if len(batch) >= batch_size:
            _write_batch(store, list(batch.values()), report, embed)
            batch = {}
            if on_batch:
                on_batch(report.read)
    if batch:
        _write_batch(store, list(batch.values()), report, embed)
        if on_batch:
            on_batch(report.read)
    report.seconds = time.perf_counter() - t0
    return report


def _write_batch(store: Any, batch: Sequence[Review], report: ImportReport, embed: Embedder) -> None:
    now = datetime.now(UTC).isoformat(timespec="microseconds")  # the revision reads max(updated_at)
    shas = {r.key: _content_sha(r) for r in batch}
    with store.reading() as conn:
        existing = {
            row.key: (row.id, row.content_sha256)
            for row in conn.execute(
                sa.select(reviews_table.c.key, reviews_table.c.id, reviews_table.c.content_sha256).where(
                    reviews_table.c.key.in_(list(shas))
                )
            )
        }
        vectors = {
            row.review_id: row.content_sha256
            for row in conn.execute(
                sa.select(vectors_table.c.review_id, vectors_table.c.content_sha256).where(
                    vectors_table.c.review_id.in_([v[0] for v in existing.values()]),
                    vectors_table.c.model == VECTOR_MODEL,
                )
            )
        }
    new = [r for r in batch if r.key not in existing]
    changed = [r for r in batch if r.key in existing and existing[r.key][1] != shas[r.key]]
    same = [r for r in batch if r.key in existing and existing[r.key][1] == shas[r.key]]
    stale = [r for r in same if vectors.get(existing[r.key][0]) != shas[r.key]]
    to_embed = [*new, *changed, *stale]
    matrix = embed([r.claim_reviewed for r in to_embed]) if to_embed else np.zeros((0, DIM), np.float32)
    vector_of = {r.key: matrix[i] for i, r in enumerate(to_embed)}
    with store.transaction() as conn:
        if new:
            conn.execute(
                reviews_table.insert(),
                [
                    {"key": r.key, **_values(r), "content_sha256": shas[r.key], "imported_at": now, "updated_at": now}
                    for r in new
                ],
            )
        for r in changed:
            conn.execute(
                reviews_table.update()
                .where(reviews_table.c.key == r.key)
                .values(**_values(r), content_sha256=shas[r.key], updated_at=now)
            )
        ids = dict(
            conn.execute(
                sa.select(reviews_table.c.key, reviews_table.c.id).where(
                    reviews_table.c.key.in_([r.key for r in to_embed])
                )
            ).all()
        )
        if to_embed:
            conn.execute(vectors_table.delete().where(vectors_table.c.review_id.in_(list(ids.values()))))
            conn.execute(
                vectors_table.insert(),
                [
                    {
                        "review_id": ids[r.key],
                        "model": VECTOR_MODEL,
                        "content_sha256": shas[r.key],
                        "vector": np.asarray(vector_of[r.key], dtype=np.float16).tobytes(),
                    }
                    for r in to_embed
                ],
            )
    report.added += len(new)
    report.updated += len(changed)
    report.unchanged += len(same)
    report.embedded += len(to_embed)


def _values(review: Review) -> dict[str, Any]:
    return {f: getattr(review, f) for f in _FIELDS}


def count_reviews(store: Any) -> int:
    with store.reading() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(reviews_table)).scalar_one())


def revision(store: Any) -> str:
    """Changes whenever a review is added, updated or re-embedded."""
    with store.reading() as conn:
        row = conn.execute(
            sa.select(sa.func.count(), sa.func.max(reviews_table.c.id), sa.func.max(reviews_table.c.updated_at))
        ).one()
        vectors = conn.execute(sa.select(sa.func.count()).select_from(vectors_table)).scalar_one()
    payload = f"{row[0]}|{row[1]}|{row[2]}|{vectors}|{VECTOR_MODEL}|{store.url}"
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def iter_reviews(store: Any) -> Iterable[tuple[IndexedReview, str, np.ndarray | None]]:
    """Every stored review with its lexical text and its vector (None when it has none)."""
    columns = [reviews_table.c.id, *(reviews_table.c[f] for f in _FIELDS)]
    with store.reading() as conn:
        result = conn.execute(
            sa.select(*columns, vectors_table.c.vector)
            .select_from(
                reviews_table.outerjoin(
                    vectors_table,
                    sa.and_(vectors_table.c.review_id == reviews_table.c.id, vectors_table.c.model == VECTOR_MODEL),
                )
            )
            .order_by(reviews_table.c.id)
        )
        for row in result:
            review = {
                "url": row.url,
                "identifier": row.identifier,
                "claim_reviewed": row.claim_reviewed,
                "rating": row.rating,
                "rating_value": row.rating_value,
                "best_rating": row.best_rating,
                "worst_rating": row.worst_rating,
                "publisher": row.publisher,
                "date": row.date,
                "language": row.language,
            }
            vector = np.frombuffer(row.vector, dtype=np.float16).astype(np.float32) if row.vector else None
            yield (
                IndexedReview(int(row.id), row.claim_reviewed, row.title or "", row.language, review),
                lexical_text(row.claim_reviewed, row.title, row.description),
                vector,
            )


def build_index(store: Any, *, embed: Embedder | None = None) -> ReviewIndex:
    """Read every review of ``store`` into a ReviewIndex (reviews without a vector are embedded)."""
    reviews: list[IndexedReview] = []
    lexical: list[str] = []
    vectors: list[np.ndarray | None] = []
    for review, text, vector in iter_reviews(store):
        reviews.append(review)
        lexical.append(text)
        vectors.append(vector)
    missing = [i for i, v in enumerate(vectors) if v is None]
    if missing:
        computed = (embed or _default_embedder)([reviews[i].claim for i in missing])
        for j, i in enumerate(missing):
            vectors[i] = computed[j]
    matrix = np.stack(vectors) if vectors else np.zeros((0, DIM), np.float32)  # type: ignore[arg-type]
    return ReviewIndex.build(reviews, matrix, lexical, revision=revision(store))


def cache_folder(store: Any) -> Path | None:
    """Where the index of ``store`` is cached: beside a SQLite file, else in the user cache."""
    database = store.engine.url.database if store.dialect == "sqlite" else None
    if database and database != ":memory:" and not database.startswith("file:"):
        return Path(database).with_name(Path(database).name + ".factcheck-index")
    if store.dialect == "sqlite":
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "claimscope" / f"factcheck-{hashlib.sha256(store.url.encode()).hexdigest()[:16]}"


def load_index(store: Any, *, use_cache: bool = True) -> ReviewIndex:
    """The store's index: from the cache when its revision is current, else built (and cached).

    Raises:
        FactCheckError: E655 when the store holds no fact-check.
    """
    if count_reviews(store) == 0:
        raise FactCheckError("E655", url=store.url)
    current = revision(store)
    folder = cache_folder(store) if use_cache else None
    if folder is not None and (folder / "meta.json").is_file():
        cached = _load_cached(folder)
        if cached is not None and cached.revision == current:
            return cached
    index = build_index(store)
    if folder is not None and _writable(folder):
        tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
        index.save(tmp)
        if folder.exists():
            _remove_tree(folder)
        tmp.rename(folder)
    return index


def _load_cached(folder: Path) -> ReviewIndex | None:
    try:
        return ReviewIndex.load(folder)
    except (OSError, ValueError, KeyError):  # a cache of another version or half written: rebuild it
        return None


def _writable(folder: Path) -> bool:
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(parent, os.W_OK)


def _remove_tree(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
