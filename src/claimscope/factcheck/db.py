"""Fact-checks in the store: import ClaimReview files, read them back as a matching index.

The tables (``factcheck_reviews``, ``factcheck_vectors``) come from store migration 0002, and
``factcheck_field_vectors`` (the e5 vectors of each review's headline and description, which the
match decision compares with the claim) from 0003. A review is one record per key (its url, else
its @id/identifier, else a hash of publisher and claim): a second import of the same file changes
nothing and embeds nothing; a changed review is updated and re-embedded.

A store imported before 0003 has no headline or description vectors: importing the file again,
or ``claimscope factcheck embed --db ...`` (``embed_missing``), computes them; until then the
index marks them missing and the matcher embeds those of the reviews it shows (warning E657).
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
from claimscope.factcheck.index import VECTOR_FIELDS, FieldVectors, IndexedReview, ReviewIndex, lexical_text

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
field_vectors_table = sa.Table(
    "factcheck_field_vectors",
    _md,
    sa.Column("review_id", sa.Integer, primary_key=True),
    sa.Column("field", sa.String(16), primary_key=True),  # "title" or "description"
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
    embedded: int = 0  # claims embedded
    fields_embedded: int = 0  # headlines and descriptions embedded
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
            "fields_embedded": self.fields_embedded,
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
    3. embed (e5 passages) the claim, headline and description of added or changed reviews, and
       whichever of those an unchanged review has no current vector for (a store of an older
       version, or of another encoder), and store the vectors.

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
        ids_in = [v[0] for v in existing.values()]
        vectors = {
            row.review_id: row.content_sha256
            for row in conn.execute(
                sa.select(vectors_table.c.review_id, vectors_table.c.content_sha256).where(
                    vectors_table.c.review_id.in_(ids_in), vectors_table.c.model == VECTOR_MODEL
                )
            )
        }
        field_vectors = _current_fields(conn, ids_in)
    new = [r for r in batch if r.key not in existing]
    changed = [r for r in batch if r.key in existing and existing[r.key][1] != shas[r.key]]
    same = [r for r in batch if r.key in existing and existing[r.key][1] == shas[r.key]]
    stale = [r for r in same if vectors.get(existing[r.key][0]) != shas[r.key]]
    to_embed = [*new, *changed, *stale]
    fields_todo = [
        (r.key, name, text)
        for r in batch
        for name, text in _field_texts(r)
        if r.key not in existing
        or existing[r.key][1] != shas[r.key]
        or field_vectors.get((existing[r.key][0], name)) != shas[r.key]
    ]
    texts = [r.claim_reviewed for r in to_embed] + [text for _k, _n, text in fields_todo]
    matrix = embed(texts) if texts else np.zeros((0, DIM), np.float32)
    vector_of = {r.key: matrix[i] for i, r in enumerate(to_embed)}
    field_of = {(key, name): matrix[len(to_embed) + j] for j, (key, name, _t) in enumerate(fields_todo)}
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
                    reviews_table.c.key.in_([r.key for r in to_embed] + [k for k, _n, _t in fields_todo])
                )
            ).all()
        )
        if to_embed:
            conn.execute(vectors_table.delete().where(vectors_table.c.review_id.in_([ids[r.key] for r in to_embed])))
            conn.execute(
                vectors_table.insert(),
                [
                    {
                        "review_id": ids[r.key],
                        "model": VECTOR_MODEL,
                        "content_sha256": shas[r.key],
                        "vector": _blob(vector_of[r.key]),
                    }
                    for r in to_embed
                ],
            )
        # a changed review loses its old headline and description vectors (also of a field it no longer has)
        changed_ids = [ids[r.key] for r in changed]
        if changed_ids:
            conn.execute(field_vectors_table.delete().where(field_vectors_table.c.review_id.in_(changed_ids)))
        _write_fields(conn, [(ids[k], n, shas[k], field_of[(k, n)]) for k, n, _t in fields_todo])
    report.added += len(new)
    report.updated += len(changed)
    report.unchanged += len(same)
    report.embedded += len(to_embed)
    report.fields_embedded += len(fields_todo)


def embed_missing(
    store: Any,
    *,
    batch_size: int = 1024,
    embed: Embedder | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> ImportReport:
    """Embed what the stored reviews lack for the current encoder: claims, headlines, descriptions.

    What ``claimscope factcheck embed`` runs on a store imported before schema 0003 (no headline or
    description vectors) or with another encoder; a store with every vector is read and left alone.
    ``embedded`` and ``fields_embedded`` of the report count what was embedded; ``unchanged`` the
    reviews read.
    """
    embed = embed or _default_embedder
    report = ImportReport(path=str(store.url))
    t0 = time.perf_counter()
    last = -1
    while True:
        with store.reading() as conn:
            rows = conn.execute(
                sa.select(
                    reviews_table.c.id,
                    reviews_table.c.claim_reviewed,
                    reviews_table.c.title,
                    reviews_table.c.description,
                    reviews_table.c.content_sha256,
                )
                .where(reviews_table.c.id > last)
                .order_by(reviews_table.c.id)
                .limit(batch_size)
            ).all()
            if not rows:
                break
            ids = [int(r.id) for r in rows]
            claims = {
                int(v.review_id): v.content_sha256
                for v in conn.execute(
                    sa.select(vectors_table.c.review_id, vectors_table.c.content_sha256).where(
                        vectors_table.c.review_id.in_(ids), vectors_table.c.model == VECTOR_MODEL
                    )
                )
            }
            fields = _current_fields(conn, ids)
        last = ids[-1]
        claims_todo = [r for r in rows if claims.get(int(r.id)) != r.content_sha256]
        fields_todo = [
            (int(r.id), name, text, r.content_sha256)
            for r in rows
            for name, text in _field_texts(r)
            if fields.get((int(r.id), name)) != r.content_sha256
        ]
        texts = [r.claim_reviewed for r in claims_todo] + [text for _i, _n, text, _s in fields_todo]
        if texts:
            matrix = embed(texts)
            with store.transaction() as conn:
                if claims_todo:
                    todo_ids = [int(r.id) for r in claims_todo]
                    conn.execute(vectors_table.delete().where(vectors_table.c.review_id.in_(todo_ids)))
                    conn.execute(
                        vectors_table.insert(),
                        [
                            {
                                "review_id": int(r.id),
                                "model": VECTOR_MODEL,
                                "content_sha256": r.content_sha256,
                                "vector": _blob(matrix[i]),
                            }
                            for i, r in enumerate(claims_todo)
                        ],
                    )
                offset = len(claims_todo)
                _write_fields(
                    conn, [(rid, n, sha, matrix[offset + j]) for j, (rid, n, _t, sha) in enumerate(fields_todo)]
                )
        report.unchanged += len(rows)
        report.embedded += len(claims_todo)
        report.fields_embedded += len(fields_todo)
        if on_batch:
            on_batch(report.read)
    report.seconds = time.perf_counter() - t0
    return report


def _field_texts(review: Any) -> list[tuple[str, str]]:
    """(field, text) of the review's non-empty headline and description."""
    out = []
    for name in VECTOR_FIELDS:
        text = (getattr(review, name, None) or "").strip()
        if text:
            out.append((name, text))
    return out


def _current_fields(conn: sa.Connection, review_ids: Sequence[int]) -> dict[tuple[int, str], str]:
    """(review id, field) -> content hash of its stored vector for the current encoder."""
    if not review_ids:
        return {}
    return {
        (row.review_id, row.field): row.content_sha256
        for row in conn.execute(
            sa.select(
                field_vectors_table.c.review_id, field_vectors_table.c.field, field_vectors_table.c.content_sha256
            ).where(field_vectors_table.c.review_id.in_(list(review_ids)), field_vectors_table.c.model == VECTOR_MODEL)
        )
    }


def _write_fields(conn: sa.Connection, rows: Sequence[tuple[int, str, str, np.ndarray]]) -> None:
    """Write (review id, field, content hash, vector) rows, replacing what those (review, field) had."""
    for name in VECTOR_FIELDS:
        ids = [rid for rid, field_name, _s, _v in rows if field_name == name]
        if ids:
            table = field_vectors_table
            conn.execute(table.delete().where(table.c.field == name, table.c.review_id.in_(ids)))
    if rows:
        conn.execute(
            field_vectors_table.insert(),
            [
                {"review_id": rid, "field": name, "model": VECTOR_MODEL, "content_sha256": sha, "vector": _blob(v)}
                for rid, name, sha, v in rows
            ],
        )


def _blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


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
        fields = conn.execute(sa.select(sa.func.count()).select_from(field_vectors_table)).scalar_one()
    payload = f"{row[0]}|{row[1]}|{row[2]}|{vectors}|{fields}|{VECTOR_MODEL}|{store.url}"
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
                IndexedReview(
                    int(row.id), row.claim_reviewed, row.title or "", row.language, review, row.description or ""
                ),
                lexical_text(row.claim_reviewed, row.title, row.description),
                vector,
            )


def iter_field_vectors(store: Any) -> Iterable[tuple[int, str, np.ndarray]]:
    """(review id, field, vector) of every stored headline and description vector of the current
    encoder and of the review as it is now."""
    fv, reviews = field_vectors_table, reviews_table
    with store.reading() as conn:
        result = conn.execute(
            sa.select(fv.c.review_id, fv.c.field, fv.c.vector)
            .select_from(
                fv.join(
                    reviews, sa.and_(reviews.c.id == fv.c.review_id, reviews.c.content_sha256 == fv.c.content_sha256)
                )
            )
            .where(fv.c.model == VECTOR_MODEL)
        )
        for row in result:
            yield int(row.review_id), str(row.field), np.frombuffer(row.vector, dtype=np.float16)


def build_index(store: Any, *, embed: Embedder | None = None) -> ReviewIndex:
    """Read every review of ``store`` into a ReviewIndex.

    Reviews without a claim vector are embedded; headlines and descriptions without one are marked
    missing (``FieldVectors.stored``): the matcher embeds those it shows (E657), ``embed_missing``
    stores them.
    """
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
    fields = FieldVectors.empty(len(reviews), DIM)
    row_of = {r.id: i for i, r in enumerate(reviews)}
    found: dict[str, tuple[list[int], list[np.ndarray]]] = {name: ([], []) for name in VECTOR_FIELDS}
    for review_id, name, vector in iter_field_vectors(store):
        if review_id in row_of and name in found:
            found[name][0].append(row_of[review_id])
            found[name][1].append(vector)
    for name, (rows, stored) in found.items():
        if rows:
            fields.fill(name, rows, np.stack(stored))
    return ReviewIndex.build(reviews, matrix, lexical, revision=revision(store), fields=fields)


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
