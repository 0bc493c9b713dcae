"""The in-memory fact-check index: BM25 (bm25s) over the reviews' text plus their e5 vectors.

Retrieval, before re-ranking:

1. lexical: bm25s scores every review for the query (claim, headline and description indexed);
2. dense: the query's e5 embedding against the reviews' claim embeddings: exact (numpy) up to
   ``EXACT_LIMIT`` reviews; above, a faiss HNSW graph (inner product), because the exact product
   is memory-bound (100,000 x 384 float32 = 154 MB read per claim, about 30 ms on a busy core);
3. the union of both top lists becomes the candidates, with the features of ``features.py``.

Beside the claims' vectors the index keeps the e5 vectors of each review's headline and description
(``FieldVectors``, float16: half the memory, read for the five shown candidates only), for the match
decision; a store imported before those were stored marks them missing (``stored``).

The index is built from a store (``claimscope.factcheck.db``) and cached on disk by the store's
fact-check revision, so a PostgreSQL store works the same as a SQLite one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from claimscope.factcheck.features import Candidate
from claimscope.factcheck.text import QueryText

INDEX_VERSION = "fc-index-3"
EXACT_LIMIT = 30_000  # reviews searched exactly; above, faiss HNSW
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 128
_FRENCH_STOPWORDS = [
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "du",
    "de",
    "d",
    "l",
    "et",
    "ou",
    "est",
    "sont",
    "au",
    "aux",
    "ce",
    "cette",
    "ces",
    "il",
    "elle",
    "ils",
    "elles",
    "on",
    "en",
    "dans",
    "par",
    "pour",
    "sur",
    "avec",
    "sans",
    "qui",
    "que",
    "qu",
    "ne",
    "pas",
    "plus",
    "se",
    "sa",
    "son",
    "ses",
    "leur",
    "leurs",
    "y",
    "été",
    "être",
    "avoir",
    "fait",
]


@lru_cache(maxsize=1)
def _stopwords() -> tuple[str, ...]:
    from bm25s.stopwords import STOPWORDS_EN

    return (*STOPWORDS_EN, *_FRENCH_STOPWORDS)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    """Lower-cased word tokens, English and French stopwords dropped, Snowball English stems."""
    import bm25s

    return bm25s.tokenize(  # type: ignore[no-any-return]
        list(texts), stopwords=list(_stopwords()), stemmer=_stemmer(), return_ids=False, show_progress=False
    )


@dataclass(frozen=True, slots=True)
class IndexedReview:
    """What matching needs of one stored review."""

    id: int
    claim: str
    title: str
    language: str | None
    review: dict[str, Any]  # the factchecks layer's "review" object
    description: str = ""


VECTOR_FIELDS = ("title", "description")  # review fields with an e5 vector of their own, beside the claim


class FieldVectors:
    """e5 vectors of the reviews' headlines and descriptions, one float16 (n, dim) matrix a field.

    ``stored[name][i]`` says whether row ``i`` holds the vector of review ``i``'s field: False for
    an empty field and for one never embedded (a store migrated from schema 0002); the matcher
    embeds the latter when it shows them (``fill``).
    """

    def __init__(self, vectors: dict[str, np.ndarray], stored: dict[str, np.ndarray]) -> None:
        self.vectors = {name: np.ascontiguousarray(vectors[name], dtype=np.float16) for name in VECTOR_FIELDS}
        self.stored = {name: np.asarray(stored[name], dtype=bool).copy() for name in VECTOR_FIELDS}

    @classmethod
    def empty(cls, n: int, dim: int) -> FieldVectors:
        return cls(
            {name: np.zeros((n, dim), np.float16) for name in VECTOR_FIELDS},
            {name: np.zeros(n, bool) for name in VECTOR_FIELDS},
        )

    def fill(self, name: str, rows: Sequence[int], vectors: np.ndarray) -> None:
        self.vectors[name][list(rows)] = np.asarray(vectors, dtype=np.float16)
        self.stored[name][list(rows)] = True

    def cosines(self, name: str, rows: Sequence[int], query: np.ndarray) -> np.ndarray:
        """Cosine of ``query`` with the field of each of ``rows``; NaN where it has no vector."""
        cos = (self.vectors[name][list(rows)].astype(np.float32) @ query).astype(np.float64)
        cos[~self.stored[name][list(rows)]] = np.nan
        return cos


def lexical_text(claim: str, title: str | None, description: str | None) -> str:
    return " ".join(part for part in (claim, title or "", description or "") if part)


class ReviewIndex:
    """BM25 + dense vectors over a fixed set of reviews."""

    def __init__(
        self,
        reviews: Sequence[IndexedReview],
        vectors: np.ndarray,
        bm25: Any,
        *,
        revision: str = "",
        hnsw: Any = None,
        fields: FieldVectors | None = None,
    ) -> None:
        if len(reviews) != len(vectors):
            raise ValueError(f"{len(reviews)} reviews but {len(vectors)} vectors")
        self.reviews = list(reviews)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = self.vectors.shape[1] if self.vectors.ndim == 2 else 0
        self.fields = fields if fields is not None else FieldVectors.empty(len(self.reviews), dim)
        self.bm25 = bm25
        self.revision = revision
        self.hnsw = hnsw if hnsw is not None else _build_hnsw(self.vectors)

    def __len__(self) -> int:
        return len(self.reviews)

    @classmethod
    def build(
        cls,
        reviews: Sequence[IndexedReview],
        vectors: np.ndarray,
        lexical: Sequence[str],
        *,
        revision: str = "",
        fields: FieldVectors | None = None,
    ) -> ReviewIndex:
        """Index ``lexical[i]`` (claim + headline + description) for ``reviews[i]``."""
        import bm25s

        bm25 = bm25s.BM25()
        if reviews:
            tokens = tokenize(lexical)
            bm25.index(tokens, show_progress=False)
        return cls(reviews, vectors, bm25, revision=revision, fields=fields)

    def missing_fields(self, rows: Sequence[int] | None = None) -> list[tuple[int, str]]:
        """(row, field) of the non-empty headlines and descriptions without a vector (of ``rows``, else all)."""
        out = []
        for r in range(len(self.reviews)) if rows is None else rows:
            review = self.reviews[r]
            for name in VECTOR_FIELDS:
                if getattr(review, name) and not self.fields.stored[name][r]:
                    out.append((int(r), name))
        return out

    def candidates(
        self,
        query: QueryText,
        vector: np.ndarray,
        *,
        depth: int = 30,
        lexical_query: str | None = None,
        exclude: Sequence[int] = (),
    ) -> tuple[np.ndarray, list[Candidate]]:
        """Row numbers and features' inputs of the union of the BM25 and dense top ``depth``.

        ``exclude`` hides rows, as if they were not in the index (to build no-match examples).
        """
        n = len(self.reviews)
        if n == 0:
            return np.zeros(0, dtype=np.int64), []
        lexical = lexical_query if lexical_query is not None else " ".join(filter(None, (query.text, query.author)))
        tokens = tokenize([lexical])[0]
        bm25 = self._bm25_scores(tokens)
        query_vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        hidden = np.asarray(sorted(set(exclude)), dtype=np.int64)
        if len(hidden):
            bm25[hidden] = -np.inf
            n -= len(hidden)
        depth = min(depth, n)
        if depth <= 0:
            return np.zeros(0, dtype=np.int64), []
        top_lex = _top(bm25, depth)
        top_dense, dense_scores = self._dense_top(query_vector, depth, hidden)
        rows = np.unique(np.concatenate([top_lex, top_dense]))
        cos = dict(zip(top_dense.tolist(), dense_scores.tolist(), strict=True))
        missing = [int(r) for r in rows if int(r) not in cos]
        if missing:
            cos.update(zip(missing, (self.vectors[missing] @ query_vector).tolist(), strict=True))
        bm25_rank = _ranks_of(bm25, top_lex, rows)
        cos_rank = {int(r): i for i, r in enumerate(top_dense)}
        cands = [
            Candidate(
                claim=self.reviews[r].claim,
                title=self.reviews[r].title,
                bm25=float(bm25[r]),
                bm25_rank=int(bm25_rank[i]),
                cos=float(cos[int(r)]),
                cos_rank=cos_rank.get(int(r), len(top_dense)),
            )
            for i, r in enumerate(rows)
        ]
        return rows, cands

    def _dense_top(self, query: np.ndarray, depth: int, hidden: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rows and cosines of the ``depth`` nearest reviews, best first (``hidden`` rows left out)."""
        if self.hnsw is None:
            cos = self.vectors @ query
            if len(hidden):
                cos[hidden] = -np.inf
            top = _top(cos, depth)
            order = top[np.argsort(-cos[top], kind="stable")]
            return order, cos[order]
        self.hnsw.hnsw.efSearch = max(HNSW_EF_SEARCH, depth + len(hidden))
        scores, rows = self.hnsw.search(query.reshape(1, -1), depth + len(hidden))
        keep = (rows[0] >= 0) & ~np.isin(rows[0], hidden)
        return rows[0][keep][:depth].astype(np.int64), scores[0][keep][:depth].astype(np.float32)

    def _bm25_scores(self, tokens: list[str]) -> np.ndarray:
        vocab = getattr(self.bm25, "vocab_dict", None) or {}
        known = [t for t in tokens if t in vocab]
        if not known:
            return np.zeros(len(self.reviews), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(known), dtype=np.float32)

    def save(self, folder: Path) -> None:
        """Write the index to ``folder`` (bm25s files, vectors.npy, reviews.jsonl, meta.json)."""
        folder.mkdir(parents=True, exist_ok=True)
        if self.reviews:
            self.bm25.save(str(folder / "bm25"), show_progress=False)
        np.save(folder / "vectors.npy", self.vectors)
        for name in VECTOR_FIELDS:
            np.save(folder / f"{name}_vectors.npy", self.fields.vectors[name])
            np.save(folder / f"{name}_stored.npy", self.fields.stored[name])
        if self.hnsw is not None:
            import faiss

            faiss.write_index(self.hnsw, str(folder / "hnsw.faiss"))
        with (folder / "reviews.jsonl").open("w", encoding="utf-8") as f:
            for r in self.reviews:
                row = [r.id, r.claim, r.title, r.language, r.review, r.description]
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        (folder / "meta.json").write_text(
            json.dumps({"version": INDEX_VERSION, "revision": self.revision, "reviews": len(self.reviews)}),
            encoding="utf-8",
        )

    @classmethod
    def load(cls, folder: Path) -> ReviewIndex:
        import bm25s

        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("version") != INDEX_VERSION:
            raise ValueError(f"index version {meta.get('version')!r}, expected {INDEX_VERSION!r}")
        reviews = []
        with (folder / "reviews.jsonl").open(encoding="utf-8") as f:
            for line in f:
                rid, claim, title, language, review, description = json.loads(line)
                reviews.append(IndexedReview(int(rid), claim, title, language, review, description))
        vectors = np.load(folder / "vectors.npy")
        fields = FieldVectors(
            {name: np.load(folder / f"{name}_vectors.npy") for name in VECTOR_FIELDS},
            {name: np.load(folder / f"{name}_stored.npy") for name in VECTOR_FIELDS},
        )
        bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False) if reviews else bm25s.BM25()
        hnsw = None
        if (folder / "hnsw.faiss").is_file():
            import faiss

            hnsw = faiss.read_index(str(folder / "hnsw.faiss"))
        return cls(reviews, vectors, bm25, revision=str(meta.get("revision", "")), hnsw=hnsw, fields=fields)


def _build_hnsw(vectors: np.ndarray) -> Any:
    """A faiss HNSW graph over the vectors (inner product = cosine), or None below ``EXACT_LIMIT``."""
    if len(vectors) <= EXACT_LIMIT:
        return None
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    if k >= len(scores):
        return np.arange(len(scores))
    return np.argpartition(-scores, k - 1)[:k]


def _ranks_of(scores: np.ndarray, top: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """0-based rank of each of ``rows`` in ``top`` sorted by score; ``len(top)`` when not in it."""
    order = top[np.argsort(-scores[top], kind="stable")]
    position = {int(r): i for i, r in enumerate(order)}
    return np.asarray([position.get(int(r), len(top)) for r in rows], dtype=np.int64)
