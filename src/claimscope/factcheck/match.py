"""Match claims against stored fact-checks: retrieve (BM25 + e5), re-rank, threshold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from claimscope.factcheck.features import pair_features
from claimscope.factcheck.index import IndexedReview, ReviewIndex
from claimscope.factcheck.rerank import Reranker, load_reranker
from claimscope.factcheck.text import QueryText

DEPTH = 30  # candidates from each retriever before re-ranking


@dataclass(frozen=True, slots=True)
class Match:
    review: IndexedReview
    similarity: float  # the re-ranker's probability that the review checks this claim
    match: bool  # similarity at or above the threshold of the model that scored it
    rank: int  # 1-based


class Matcher:
    """Ranks the reviews of an index for each query; one matcher serves many articles."""

    def __init__(self, index: ReviewIndex, reranker: Reranker | None = None, *, depth: int = DEPTH) -> None:
        self.index = index
        self.reranker = reranker or load_reranker()
        self.depth = depth

    def match(
        self,
        queries: Sequence[QueryText],
        *,
        language: str | None = None,
        k: int = 5,
        vectors: np.ndarray | None = None,
    ) -> list[list[Match]]:
        """Up to ``k`` ranked reviews per query. ``language`` is the queries' ISO 639-1 code.

        A review in another language than the query is scored by the cross-lingual model (dense
        similarity, names and numbers), one in the same or an unknown language by the full model.
        """
        if not queries:
            return []
        if vectors is None:
            from claimscope.encoder.e5 import embed_queries

            vectors = embed_queries([q.text for q in queries])
        out: list[list[Match]] = []
        for query, vector in zip(queries, vectors, strict=True):
            rows, cands = self.index.candidates(query, vector, depth=self.depth)
            if not cands:
                out.append([])
                continue
            matrix = pair_features(query.text, query.author, cands)
            mono = self.reranker.mono.probabilities(matrix)
            cross = self.reranker.cross.probabilities(matrix)
            reviews = [self.index.reviews[int(r)] for r in rows]
            is_cross = np.asarray([_crosses(language, r.language) for r in reviews])
            scores = np.where(is_cross, cross, mono)
            cuts = np.where(is_cross, self.reranker.cross.threshold, self.reranker.mono.threshold)
            order = np.argsort(-scores, kind="stable")[:k]
            out.append(
                [
                    Match(reviews[i], float(scores[i]), bool(scores[i] >= cuts[i]), rank)
                    for rank, i in enumerate(order, start=1)
                ]
            )
        return out


def _crosses(query_language: str | None, review_language: str | None) -> bool:
    if not query_language or not review_language:
        return False
    return query_language.split("-")[0].lower() != review_language.split("-")[0].lower()
