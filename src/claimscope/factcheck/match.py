"""Match claims against stored fact-checks: retrieve (BM25 + e5), re-rank, then decide which are matches.

``similarity`` is the re-ranker's score (``rerank.py``), what the candidates are ordered by; ``match``
is the separate match decision (``decide.py``) on absolute pair evidence (``match_features.py``),
with ``match_probability`` its calibrated probability.

The decision reads the e5 vectors of the shown reviews' headlines and descriptions from the index.
A store imported before schema 0003 has none: the matcher embeds those of the reviews it shows
(memoised in the index) and warns once (E657, ``FactCheckWarning``); ``claimscope factcheck embed``
stores them.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from claimscope.errors import MESSAGES
from claimscope.factcheck.cross_encoder import SCORED, load_cross_encoder, passage_text
from claimscope.factcheck.decide import MatchDecider, decide, load_match_model
from claimscope.factcheck.features import Candidate, pair_features
from claimscope.factcheck.index import VECTOR_FIELDS, IndexedReview, ReviewIndex
from claimscope.factcheck.match_features import FieldCosines, UseSimilarity, match_features
from claimscope.factcheck.rerank import Reranker, load_reranker
from claimscope.factcheck.text import QueryText

DEPTH = 30  # candidates from each retriever before re-ranking
TOP_K = 5  # candidates the match decision looks at (and was trained on)


class FactCheckWarning(UserWarning):
    """A fact-check store that works, more slowly than it could (E657: vectors embedded while matching)."""

    def __init__(self, code: str, /, **fields: object) -> None:
        self.code = code
        super().__init__(f"[{code}] {MESSAGES[code].format(**fields)}")


@dataclass(frozen=True, slots=True)
class Match:
    review: IndexedReview
    similarity: float  # the re-ranker's score: what the candidates are ranked by
    match: bool  # the match decision: match_probability at or above its threshold (and within its cap)
    rank: int  # 1-based
    match_probability: float = 0.0  # the match model's probability that the review checks this claim


class Matcher:
    """Ranks the reviews of an index for each query; one matcher serves many articles."""

    def __init__(
        self,
        index: ReviewIndex,
        reranker: Reranker | None = None,
        *,
        depth: int = DEPTH,
        decider: MatchDecider | None = None,
        embed: Callable[[list[str]], np.ndarray] | None = None,
    ) -> None:
        self.index = index
        self.reranker = reranker or load_reranker()
        self.decider = decider or load_match_model()
        self.depth = depth
        self.use = UseSimilarity()  # the second encoder's cosine, review vectors memoised
        self.embed = embed  # e5 passages of headlines and descriptions the store lacks (default: e5)
        self._lock = threading.Lock()
        self._warned = False

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
            # the decision always sees the first TOP_K (as in training), whatever k is shown
            order = [int(i) for i in np.argsort(-scores, kind="stable")[: max(k, TOP_K)]]
            flags, probs = self.match_decision(
                query.text, cands, matrix, scores, order, is_cross[order], rows=rows, vector=vector
            )
            out.append(
                [
                    Match(reviews[i], float(scores[i]), bool(flags[j]), j + 1, float(probs[j]))
                    for j, i in enumerate(order[:k])
                ]
            )
        return out

    def match_decision(
        self,
        text: str,
        cands: Sequence[Candidate],
        matrix: np.ndarray,
        scores: np.ndarray,
        order: Sequence[int],
        is_cross: np.ndarray,
        *,
        rows: np.ndarray | None = None,
        vector: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Match flags and probabilities of the ranked candidates ``order`` (the match model's top
        ``TOP_K`` at most: the decision was trained on the re-ranker's first five).

        ``rows`` (the index rows of ``cands``) and ``vector`` (the query's e5 vector) give the
        headline and description cosines; without them those columns are 0.
        """
        shown = list(order[:TOP_K])
        use_cos = fields = None
        if shown:
            use_cos, use_title = self.use.claims_and_titles(
                text, [cands[i].claim for i in shown], [cands[i].title for i in shown]
            )
            if rows is not None and vector is not None:
                fields = self.field_cosines([int(rows[i]) for i in shown], vector, use_title)
        mono, cross = self.decider.mono, self.decider.cross
        ce = self.cross_logits(text, cands, shown, is_cross) if "ce" in mono.features else None
        x = match_features(text, cands, matrix, scores, shown, use_cos, fields=fields, ce=ce)
        probs = np.where(is_cross[: len(shown)], cross.probabilities(x), mono.probabilities(x))
        cuts = np.where(is_cross[: len(shown)], cross.threshold, mono.threshold)
        caps = np.where(is_cross[: len(shown)], cross.max_matches, mono.max_matches)
        flags = decide(probs, cuts, caps) if len(shown) else np.zeros(0, dtype=bool)
        pad = len(order) - len(shown)
        return np.concatenate([flags, np.zeros(pad, dtype=bool)]), np.concatenate([probs, np.zeros(pad)])

    def cross_logits(
        self, text: str, cands: Sequence[Candidate], shown: Sequence[int], is_cross: np.ndarray
    ) -> np.ndarray:
        """The cross-encoder's logits of the first ``SCORED`` shown candidates; NaN ("not read") for
        one in another language than the claim (the cross-encoder was trained on same-language
        pairs, and the cross-lingual model does not read it). The graph is loaded on first use."""
        first = list(shown[:SCORED])
        out = np.full(len(first), np.nan)
        same = [j for j in range(len(first)) if not is_cross[j]]
        if same:
            passages = [passage_text(cands[first[j]].claim, cands[first[j]].title) for j in same]
            out[same] = load_cross_encoder().logits(text, passages)
        return out

    def field_cosines(self, rows: Sequence[int], vector: np.ndarray, use_title: np.ndarray) -> FieldCosines:
        """e5 cosines of the query with the headlines and descriptions of ``rows`` (index rows).

        Fields the store has no vector for are embedded now and kept in the index; the first time,
        E657 is warned.
        """
        fields = self.index.fields
        missing = self.index.missing_fields(rows)
        if missing:
            with self._lock:
                missing = self.index.missing_fields(rows)
                if missing:
                    self._fill(missing)
        q = np.asarray(vector, dtype=np.float32).reshape(-1)
        return FieldCosines(use_title, fields.cosines("title", rows, q), fields.cosines("description", rows, q))

    def _fill(self, missing: Sequence[tuple[int, str]]) -> None:
        if not self._warned:
            self._warned = True
            count = len({r for r, _ in self.index.missing_fields()})
            warnings.warn(FactCheckWarning("E657", count=count), stacklevel=4)
        if self.embed is None:
            from claimscope.encoder.e5 import embed_passages

            self.embed = embed_passages
        computed = self.embed([getattr(self.index.reviews[r], name) for r, name in missing])
        for name in VECTOR_FIELDS:
            picked = [j for j, (_r, n) in enumerate(missing) if n == name]
            if picked:
                self.index.fields.fill(name, [missing[j][0] for j in picked], computed[picked])


def _crosses(query_language: str | None, review_language: str | None) -> bool:
    if not query_language or not review_language:
        return False
    return query_language.split("-")[0].lower() != review_language.split("-")[0].lower()
