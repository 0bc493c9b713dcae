"""Features of the match decision: is this review a check of this claim, on absolute pair evidence.

The re-ranker's features (``features.py``) are mostly relative to the best candidate of the store:
good to order the candidates, weak to say whether the first one is a match at all when the review
of the claim is not in the store. The match model (``matcher.json``) reads what a pair says by
itself: dense cosine, raw BM25, how much of each side's content words (names, numbers and function
words apart) the other side has, numbers, years and names that agree or conflict, a negation in one
side only, the length ratio; plus the re-ranker's score and where the candidate stands among the
others (rank, margin to the next, gap to the best).

Two encoders read the pair as well: the multilingual USE cosine of the claim with the review's
claim and with its headline, and the e5 cosine of the claim with the review's headline and with its
description (the store keeps those e5 vectors: ``factcheck_field_vectors``), each with its margin
over the best other shown candidate. A review without a headline or description takes the cosine
of its claim there (a missing field says nothing either way).

``CROSS_MATCH_FEATURES`` is the subset that survives translation (no word overlap), for a claim in
another language than the review. Everything is numpy and rapidfuzz, a few microseconds a pair.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from claimscope.factcheck.cross_encoder import NOT_SCORED
from claimscope.factcheck.features import FEATURES, Candidate, names, numbers, words

# the review's headline and description as two encoders read them, each with its margin over the
# best other shown candidate (issue 10, session 14)
FIELD_FEATURES: tuple[str, ...] = (
    "use_title_cos",  # USE cosine of the query and the review headline
    "use_title_margin",
    "title_cos",  # e5 cosine of the query and the review headline
    "title_margin",
    "desc_cos",  # e5 cosine of the query and the review description
    "desc_margin",
)
# the cross-encoder's logit of the pair (``cross_encoder.py``; only the first ``SCORED`` shown
# candidates are read, the others get ``NOT_SCORED``) and its margin over the best other read one
# (issue 10, session 17)
CE_FEATURES: tuple[str, ...] = ("ce", "ce_margin")
MATCH_FEATURES: tuple[str, ...] = (
    "cos",
    "bm25",
    "fuzz_set",
    "fuzz_partial",
    "content_q",  # share of the query's content stems found in the review (claim + headline)
    "content_r",  # share of the review claim's content stems found in the query
    "content_r_missing",  # log1p of the review claim's content stems absent from the query
    "name_r",  # share of the review claim's names found in the query
    "name_q_missing",  # share of the query's names absent from the review
    "name_r_conflict",  # log1p of the review claim's names absent from the query
    "num_agree",  # a number in both
    "num_conflict",  # both give numbers and the review has one the query has not
    "year_conflict",  # both give years and none is shared
    "negation_mismatch",  # a negation in exactly one side
    "len_ratio",  # log of query words over review claim words
    "score",  # the re-ranker's probability
    "score_gap",  # best score of the query minus this one
    "score_margin",  # this score minus the next-ranked one (0 for the last)
    "rank",  # log1p of the 0-based rank by the re-ranker
    "cos_gap",
    "bm25_rel",
    "cos_rank",  # log1p of the dense rank
    "bm25_rank",  # log1p of the BM25 rank
    "cos_margin",  # this cosine minus the best cosine of the other candidates
    "bm25_margin",  # the same for BM25 (/10)
    "content_title",  # share of the review headline's content stems found in the query
    "query_len",  # log of the query's words
    "cos_z",  # cosine standardised over every candidate of the query (how far above its background)
    "bm25_z",  # the same for BM25
    "use_cos",  # multilingual USE cosine of the query and the review claim (a second encoder)
    "use_margin",  # use_cos minus the best use_cos of the other shown candidates
    *FIELD_FEATURES,
    *CE_FEATURES,
)
CROSS_MATCH_FEATURES: tuple[str, ...] = (
    "cos",
    "name_r",
    "name_q_missing",
    "name_r_conflict",
    "num_agree",
    "num_conflict",
    "year_conflict",
    "score",
    "score_gap",
    "score_margin",
    "rank",
    "cos_gap",
    "cos_rank",
    "cos_margin",
    "query_len",
    "cos_z",
    "use_cos",
    "use_margin",
    *FIELD_FEATURES,  # both encoders are multilingual
)

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|n't|didn't|doesn't|don't|isn't|wasn't|aren't|"
    r"weren't|won't|can't|cannot|hasn't|haven't|hadn't|refused|denied|denies|deny|fake|false|hoax|"
    r"ne|n'|pas|jamais|aucun|aucune|sans|nie|dément|faux|fausse)\b",
    re.I,
)
_FEATURE_COLUMNS = {name: FEATURES.index(name) for name in ("bm25", "cos", "fuzz_set", "fuzz_partial")}
_COS_GAP, _BM25_REL = FEATURES.index("cos_gap"), FEATURES.index("bm25_rel")
_COS_RANK, _BM25_RANK = FEATURES.index("cos_rank"), FEATURES.index("bm25_rank")


_EXTRA_STOP = """
s t d ll re ve m rt amp via just also would will can could should may might must one like get got
were been being has have had do does did doing i me my we our you your he him his she her they them
what which who whom whose when where why how all any both each few more most other some so than too very
from up down out over under again further once here about above below after before between through during
off only own same now new says say said saying claim claims claimed photo photos photograph photographs
image images picture pictures video videos show shows showed shown viral post posts posted social media news people
"""


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    from claimscope.factcheck.index import _stopwords

    extra = set(_EXTRA_STOP.split())
    return frozenset(w.lower() for w in _stopwords()) | extra


def content_stems(text: str, exclude: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    """Snowball stems of the words that are neither function words, numbers nor in ``exclude``."""
    from claimscope.factcheck.index import _stemmer

    stop = _stop()
    kept = [w for w in words(text) if w not in stop and w not in exclude and not w.isdigit() and len(w) > 1]
    return {stem for stem in _stemmer().stemWords(kept) if stem not in stop}


def _negated(text: str) -> bool:
    return bool(_NEGATION.search(text.replace("’", "'")))


@dataclass(frozen=True)
class FieldCosines:
    """Cosines of the query with the headline and description of each shown candidate (``order``).

    NaN where the review has no such field: ``match_features`` then uses the claim's cosine of the
    same encoder.
    """

    use_title: np.ndarray  # USE, query and headline
    title: np.ndarray  # e5, query and headline
    description: np.ndarray  # e5, query and description


def match_features(
    query: str,
    candidates: Sequence[Candidate],
    rerank: np.ndarray,
    scores: np.ndarray,
    order: Sequence[int],
    use_cos: np.ndarray | None = None,
    *,
    fields: FieldCosines | None = None,
    ce: np.ndarray | None = None,
) -> np.ndarray:
    """A (len(order), len(MATCH_FEATURES)) float32 matrix for the candidates ``order`` (best first).

    ``rerank`` is the re-ranker's feature matrix of every candidate, ``scores`` its probabilities,
    ``use_cos`` the USE cosines of the query and the claims of ``order`` (``UseSimilarity``; zeros
    when None), ``fields`` those with their headlines and descriptions (zeros when None), ``ce`` the
    cross-encoder logits of the first candidates of ``order`` (``cross_encoder.py``: the others, or
    all when None, get ``NOT_SCORED`` and a margin of 0).
    """
    out = np.zeros((len(order), len(MATCH_FEATURES)), dtype=np.float32)
    if not len(order):
        return out
    use = np.zeros(len(order)) if use_cos is None else np.asarray(use_cos, dtype=np.float64).reshape(-1)
    e5_cos = np.asarray([rerank[i, _FEATURE_COLUMNS["cos"]] for i in order], dtype=np.float64)
    if fields is None:
        use_title = title = desc = np.zeros(len(order))
    else:
        use_title = _or(fields.use_title, use)
        title, desc = _or(fields.title, e5_cos), _or(fields.description, e5_cos)
    ce_cols = ce_columns(ce, len(order))
    q_names = names(query)
    q_words = words(query)
    q_content = content_stems(query, q_names)
    q_numbers = numbers(query)
    q_years = set(_YEAR.findall(query))
    q_negated = _negated(query)
    q_len = max(1, len(q_words))
    best = float(np.max(scores))
    ranked_scores = [float(scores[i]) for i in order]
    cos_all = rerank[:, _FEATURE_COLUMNS["cos"]]
    bm25_all = rerank[:, _FEATURE_COLUMNS["bm25"]]
    cos_mean, cos_std = float(cos_all.mean()), max(float(cos_all.std()), 1e-3)
    bm25_mean, bm25_std = float(bm25_all.mean()), max(float(bm25_all.std()), 1e-3)
    for j, i in enumerate(order):
        c = candidates[i]
        doc = f"{c.claim} {c.title}".strip()
        c_names = names(c.claim)
        c_words = words(doc)
        c_content = content_stems(c.claim, c_names)
        doc_content = content_stems(doc, names(doc))
        c_numbers = numbers(c.claim)
        c_years = set(_YEAR.findall(c.claim))
        row = rerank[i]
        missing_names = c_names - q_words - q_names
        nxt = ranked_scores[j + 1] if j + 1 < len(ranked_scores) else 0.0
        out[j] = (
            row[_FEATURE_COLUMNS["cos"]],
            row[_FEATURE_COLUMNS["bm25"]],
            row[_FEATURE_COLUMNS["fuzz_set"]],
            row[_FEATURE_COLUMNS["fuzz_partial"]],
            len(q_content & doc_content) / len(q_content) if q_content else 0.0,
            len(c_content & q_content) / len(c_content) if c_content else 0.0,
            np.log1p(len(c_content - q_content)),
            len(c_names & (q_words | q_names)) / len(c_names) if c_names else 0.0,
            len(q_names - c_words) / len(q_names) if q_names else 0.0,
            np.log1p(len(missing_names)),
            float(bool(q_numbers & c_numbers)),
            float(bool(q_numbers) and bool(c_numbers - q_numbers)),
            float(bool(q_years) and bool(c_years) and not (q_years & c_years)),
            float(q_negated != _negated(c.claim)),
            np.log(q_len / max(1, len(words(c.claim)))),
            scores[i],
            best - scores[i],
            ranked_scores[j] - nxt,
            np.log1p(j),
            row[_COS_GAP],
            row[_BM25_REL],
            row[_COS_RANK],
            row[_BM25_RANK],
            row[_FEATURE_COLUMNS["cos"]] - _best_other(cos_all, i),
            row[_FEATURE_COLUMNS["bm25"]] - _best_other(bm25_all, i),
            len(t_content & q_content) / len(t_content)
            if (t_content := content_stems(c.title, names(c.title)))
            else 0.0,
            np.log(q_len),
            (row[_FEATURE_COLUMNS["cos"]] - cos_mean) / cos_std,
            (row[_FEATURE_COLUMNS["bm25"]] - bm25_mean) / bm25_std,
            use[j],
            use[j] - _best_other(use, j),
            use_title[j],
            use_title[j] - _best_other(use_title, j),
            title[j],
            title[j] - _best_other(title, j),
            desc[j],
            desc[j] - _best_other(desc, j),
            *ce_cols[j],
        )
    return out


def ce_columns(ce: np.ndarray | None, shown: int) -> np.ndarray:
    """(shown, 2): the cross-encoder logit of each read candidate and its margin over the best other
    read one (-10 stands for the other when only one was read); ``NOT_SCORED`` and 0 for the rest
    (beyond ``ce``, or NaN in it)."""
    out = np.tile(np.asarray([[NOT_SCORED, 0.0]]), (shown, 1))
    s = np.zeros(0) if ce is None else np.asarray(ce, dtype=np.float64).reshape(-1)[:shown]
    read = np.flatnonzero(~np.isnan(s))
    for j in read:
        others = s[read[read != j]]
        out[j] = (s[j], s[j] - (float(others.max()) if len(others) else -10.0))
    return out


def _or(values: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """``values`` with its NaNs (a missing field) replaced by ``fallback``."""
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    return np.where(np.isnan(v), fallback, v)


def _best_other(values: np.ndarray, i: int) -> float:
    """The largest of ``values`` but the ``i``-th (0 when there is no other)."""
    if len(values) < 2:
        return 0.0
    others = np.delete(values, i)
    return float(others.max())


class UseSimilarity:
    """USE cosines of a query and review claims, the claims' vectors memoised (at most ``size``).

    ``claimscope.encoder.use`` (multilingual USE, 512-d, already loaded for the techniques) is a
    second encoder beside e5: where the two agree a pair is more likely the same claim. Only the
    shown candidates are embedded, so a claim costs one query and at most five new reviews.
    """

    def __init__(self, size: int = 50_000) -> None:
        from collections import OrderedDict

        self.size = size
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()

    def vectors(self, texts: Sequence[str], extra: Sequence[str] = ()) -> tuple[np.ndarray, np.ndarray]:
        """Memoised vectors of ``texts``, and vectors of ``extra`` (not memoised), in one USE call."""
        from claimscope.encoder.use import DIM, embed

        new = list(dict.fromkeys(t for t in texts if t not in self._memo))
        computed = embed([*extra, *new]) if extra or new else np.zeros((0, DIM), dtype=np.float32)
        for text, vector in zip(new, computed[len(extra) :], strict=True):
            self._memo[text] = vector
        out = np.stack([self._memo[t] for t in texts]) if texts else np.zeros((0, DIM), dtype=np.float32)
        for t in texts:
            self._memo.move_to_end(t)
        while len(self._memo) > self.size:
            self._memo.popitem(last=False)
        return out, computed[: len(extra)]

    def claims_and_titles(
        self, query: str, claims: Sequence[str], titles: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Cosines of ``query`` with each claim and each headline (NaN for an empty one), one USE call."""
        kept = [t for t in titles if t]
        sims = self(query, [*claims, *kept])
        title_cos = np.full(len(titles), np.nan)
        title_cos[[i for i, t in enumerate(titles) if t]] = sims[len(claims) :]
        return sims[: len(claims)], title_cos

    def __call__(self, query: str, claims: Sequence[str]) -> np.ndarray:
        """Cosine of ``query`` with each of ``claims`` (the query is not memoised)."""
        if not claims:
            return np.zeros(0)
        vectors, q = self.vectors(claims, [query])
        return np.asarray(vectors @ q[0], dtype=np.float64)


def match_columns(subset: Sequence[str]) -> np.ndarray:
    return np.asarray([MATCH_FEATURES.index(name) for name in subset], dtype=np.int64)
