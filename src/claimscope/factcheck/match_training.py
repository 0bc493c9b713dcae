"""Train the match decision (``models/factcheck/matcher.json``) and choose its thresholds.

Called by ``python -m claimscope.factcheck.training`` after the re-ranker, on the same candidates:

1. the examples: for every train and dev tweet, the re-ranker's top 5 (with out-of-fold re-ranker
   scores, so the stacked model never sees a score fitted on its own tweet's labels), once with the
   gold review in the store (label 1 for the gold review, 0 for the others) and once with the gold
   review removed from it (every candidate 0: what a claim no one has checked looks like);
2. repeated grouped cross-validation (5 folds x 5 repeats, grouped by tweet, so a tweet's two
   versions fall in the same fold): inside each training part a 5-fold out-of-fold pass chooses
   the threshold and the most matches per claim (the most recall at a pair precision of at least
   ``PRECISION_FLOOR``; the best pair F1 for the comparison rows), then the held-out fold is
   scored with them: precision, recall and F1 as mean ± std over the 25 folds, for the decision
   before (the re-ranker's score against its threshold), session 12's features (USE of the claims,
   no headline or description: ``MONO_NO_FIELDS``), and after (every feature, with the e5 and USE
   cosines of the headline and description, for each C of ``C_GRID``: the best mean held-out
   recall is kept), mono and cross;
3. the shipped threshold: the same choice over the out-of-fold probabilities of all repeats;
4. the final fit on every train and dev example.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from claimscope.factcheck.cross_encoder import SCORED
from claimscope.factcheck.decide import MatchModel
from claimscope.factcheck.features import Candidate
from claimscope.factcheck.match_features import (
    CE_FEATURES,
    CROSS_MATCH_FEATURES,
    FIELD_FEATURES,
    MATCH_FEATURES,
    FieldCosines,
    UseSimilarity,
    match_columns,
    match_features,
)

TOP_K = 5
THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.01), 2)
CAPS = (1, 2, 5)
C_GRID = (0.05, 0.3, 1.0)  # logistic regression's inverse regularisation, chosen by the held-out F1
# the operating point: the most recall with a precision of at least this on the out-of-fold
# pairs (the bar is 0.8: the margin is for unseen data); None is the best pair F1
PRECISION_FLOOR = 0.82


@dataclass
class QueryMatch:
    """One query's ranked top candidates for the match decision."""

    group: int  # the tweet: a tweet's gold-in and gold-removed versions share it
    ids: list[str]
    labels: np.ndarray
    x: np.ndarray  # (len(ids), len(MATCH_FEATURES))
    gold: set[str]


FieldE5 = Callable[[object, Sequence[str]], tuple[np.ndarray, np.ndarray]]
CrossLogits = Callable[[int, Sequence[str]], np.ndarray]


def match_queries(
    rows: Sequence[object],
    scores: Sequence[np.ndarray],
    texts: dict[str, tuple[str, str]],
    groups: Sequence[int],
    use: UseSimilarity | None = None,
    fields: FieldE5 | None = None,
    cross_logits: CrossLogits | None = None,
) -> list[QueryMatch]:
    """The top ``TOP_K`` of each ``training.QueryRows`` by ``scores``, with their match features.

    ``use``: the ``UseSimilarity`` the matcher uses (None leaves the USE columns at 0); ``fields``:
    (query row, shown ids) -> e5 cosines of the query with their headlines and descriptions (NaN
    where a review has none; None leaves those columns at 0); ``cross_logits``: (group, the first
    shown ids) -> the cross-encoder's logits of them (None: the ``ce`` columns say "not read").
    """
    out = []
    for r, s, g in zip(rows, scores, groups, strict=True):
        ids: list[str] = r.ids  # type: ignore[attr-defined]
        order = [int(i) for i in np.argsort(-s, kind="stable")[:TOP_K]]
        cands = [Candidate(*texts[i], 0.0, 0, 0.0, 0) for i in ids]
        use_cos = use_title = None
        if use is not None and order:
            use_cos, use_title = use.claims_and_titles(
                r.text,  # type: ignore[attr-defined]
                [cands[i].claim for i in order],
                [cands[i].title for i in order],
            )
        shown_fields = None
        if fields is not None and order:
            title, description = fields(r, [ids[i] for i in order])
            if use_title is None:
                use_title = np.zeros(len(order))
            shown_fields = FieldCosines(use_title, title, description)
        ce = None
        if cross_logits is not None and order:
            ce = cross_logits(int(g), [ids[i] for i in order[:SCORED]])
        x = match_features(r.text, cands, r.features, s, order, use_cos, fields=shown_fields, ce=ce)  # type: ignore[attr-defined]
        labels = np.asarray([r.labels[i] for i in order], dtype=np.int64)  # type: ignore[attr-defined]
        out.append(QueryMatch(int(g), [ids[i] for i in order], labels, x, set(r.gold)))  # type: ignore[attr-defined]
    return out


def _sorted(queries: Sequence[QueryMatch], probs: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, float]:
    """Probabilities best first (padded with -1) and the cumulative count of gold among them."""
    p_out = np.full((len(queries), TOP_K), -1.0)
    c_out = np.zeros((len(queries), TOP_K))
    for j, (q, p) in enumerate(zip(queries, probs, strict=True)):
        order = np.argsort(-np.asarray(p, dtype=np.float64), kind="stable")
        p_out[j, : len(order)] = np.asarray(p)[order]
        c_out[j, : len(order)] = np.cumsum(q.labels[order])
        c_out[j, len(order) :] = c_out[j, len(order) - 1] if len(order) else 0.0
    return p_out, c_out, float(sum(len(q.gold) for q in queries))


def _metrics_at(p: np.ndarray, c: np.ndarray, gold: float, t: float, cap: int) -> dict[str, float]:
    m = np.minimum((p >= t).sum(axis=1), cap)
    flagged = float(m.sum())
    correct = float(np.where(m > 0, c[np.arange(len(m)), np.maximum(m - 1, 0)], 0.0).sum())
    precision = correct / flagged if flagged else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "flagged": flagged, "gold": gold}


def pair_metrics(queries: Sequence[QueryMatch], probs: Sequence[np.ndarray], t: float, cap: int) -> dict[str, float]:
    """Pair precision and recall of the flags ``decide`` gives at threshold ``t`` and cap ``cap``."""
    return _metrics_at(*_sorted(queries, probs), t, cap)


def choose(
    queries: Sequence[QueryMatch],
    probs: Sequence[np.ndarray],
    caps: Sequence[int] = CAPS,
    floor: float | None = None,
) -> tuple[float, int, dict[str, float]]:
    """Threshold and cap with the best pair F1 (ties: the lower cap, then the lower threshold); with
    ``floor``, the most recall at a precision of at least ``floor`` (ties: the best F1), else the
    best F1 when no threshold reaches it."""
    p, c, gold = _sorted(queries, probs)
    best: tuple[float, int, dict[str, float]] = (0.5, 1, {"f1": -1.0})
    best_floor: tuple[float, int, dict[str, float]] | None = None
    for cap in caps:
        for t in THRESHOLDS:
            m = _metrics_at(p, c, gold, float(t), cap)
            if m["f1"] > best[2]["f1"] + 1e-12:
                best = (float(t), cap, m)
            ok = floor is not None and m["precision"] >= floor and m["flagged"] > 0
            if ok and (best_floor is None or _better_recall(m, best_floor[2])):
                best_floor = (float(t), cap, m)
    return best_floor if best_floor is not None else best


def _better_recall(m: dict[str, float], best: dict[str, float]) -> bool:
    if m["recall"] > best["recall"] + 1e-12:
        return True
    return abs(m["recall"] - best["recall"]) <= 1e-12 and m["f1"] > best["f1"] + 1e-12


Fitter = Callable[[Sequence[QueryMatch]], Callable[[np.ndarray], np.ndarray]]


def linear_fitter(features: Sequence[str], *, c: float = 1.0) -> Callable[[Sequence[QueryMatch]], MatchModel]:
    def fit(queries: Sequence[QueryMatch]) -> MatchModel:
        from claimscope.factcheck.training import fit_standardised

        cols = match_columns(features)
        x = np.concatenate([q.x[:, cols] for q in queries])
        y = np.concatenate([q.labels for q in queries])
        return fit_standardised(x, y, features, c=c, model_cls=MatchModel, max_iter=3000)

    return fit


def hgb_fitter(features: Sequence[str]) -> Callable[[Sequence[QueryMatch]], Callable[[np.ndarray], np.ndarray]]:
    """Gradient boosting, for comparison only (not shippable as JSON weights)."""

    def fit(queries: Sequence[QueryMatch]) -> Callable[[np.ndarray], np.ndarray]:
        from sklearn.ensemble import HistGradientBoostingClassifier

        cols = match_columns(features)
        model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=13)
        model.fit(np.concatenate([q.x[:, cols] for q in queries]), np.concatenate([q.labels for q in queries]))
        return lambda x: model.predict_proba(x[:, cols])[:, 1]

    return fit


def _predict(model: object, x: np.ndarray) -> np.ndarray:
    if isinstance(model, MatchModel):
        return model.probabilities(x)
    return model(x)  # type: ignore[operator, no-any-return]


def _folds(groups: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    unique = np.unique(groups)
    fold_of_group = dict(zip(rng.permutation(unique).tolist(), np.arange(len(unique)) % k, strict=True))
    return np.asarray([fold_of_group[g] for g in groups.tolist()], dtype=np.int64)


def oof_probabilities(
    queries: Sequence[QueryMatch], fitter: object, *, folds: int, rng: np.random.Generator
) -> list[np.ndarray]:
    groups = np.asarray([q.group for q in queries])
    fold = _folds(groups, folds, rng)
    out: list[np.ndarray] = [np.zeros(0)] * len(queries)
    for k in range(folds):
        model = fitter([q for q, f in zip(queries, fold, strict=True) if f != k])  # type: ignore[operator]
        for i in np.flatnonzero(fold == k):
            out[i] = _predict(model, queries[i].x)
    return out


def repeated_cv(
    queries: Sequence[QueryMatch],
    fitter: object | None,
    *,
    score_column: int | None = None,
    caps: Sequence[int] = CAPS,
    folds: int = 5,
    repeats: int = 5,
    seed: int = 13,
    floor: float | None = None,
) -> dict[str, object]:
    """Held-out P/R/F1 per fold, thresholds chosen inside each training part; pooled OOF choice.

    ``fitter`` None scores with a column of the features (the re-ranker's score: the decision before).
    ``floor``: thresholds by the most recall at that precision (``choose``), else by the best F1.
    """
    rng = np.random.default_rng(seed)
    groups = np.asarray([q.group for q in queries])
    per_fold: list[dict[str, float]] = []
    chosen: list[tuple[float, int]] = []
    pooled_q: list[QueryMatch] = []
    pooled_p: list[np.ndarray] = []
    for _ in range(repeats):
        fold = _folds(groups, folds, rng)
        repeat_p: list[np.ndarray] = [np.zeros(0)] * len(queries)
        for k in range(folds):
            train = [q for q, f in zip(queries, fold, strict=True) if f != k]
            test_idx = np.flatnonzero(fold == k)
            if fitter is None:
                inner = [q.x[:, score_column] for q in train]
                model: object = None
            else:
                inner = oof_probabilities(train, fitter, folds=folds, rng=rng)
                model = fitter(train)  # type: ignore[operator]
            t, cap, _ = choose(train, inner, caps, floor)
            chosen.append((t, cap))
            test = [queries[i] for i in test_idx]
            probs = [q.x[:, score_column] if model is None else _predict(model, q.x) for q in test]
            per_fold.append(pair_metrics(test, probs, t, cap))
            for i, p in zip(test_idx, probs, strict=True):
                repeat_p[i] = p
        pooled_q += list(queries)
        pooled_p += repeat_p
    t, cap, pooled = choose(pooled_q, pooled_p, caps, floor)
    summary = {
        k: (float(np.mean([m[k] for m in per_fold])), float(np.std([m[k] for m in per_fold])))
        for k in ("precision", "recall", "f1")
    }
    return {
        "held_out": summary,
        "fold_thresholds": chosen,
        "threshold": t,
        "cap": cap,
        "pooled": pooled,
        "calibration": calibration(pooled_q, pooled_p) if fitter is not None else {},
    }


def calibration(queries: Sequence[QueryMatch], probs: Sequence[np.ndarray], bins: int = 10) -> dict[str, float]:
    """Brier score and expected calibration error of out-of-fold probabilities (every top-5 pair)."""
    p = np.concatenate(list(probs))
    y = np.concatenate([q.labels for q in queries]).astype(np.float64)
    edges = np.minimum((p * bins).astype(int), bins - 1)
    ece = sum(
        abs(p[edges == b].mean() - y[edges == b].mean()) * (edges == b).mean()
        for b in range(bins)
        if (edges == b).any()
    )
    return {"brier": float(np.mean((p - y) ** 2)), "ece": float(ece)}


# with the cross-encoder's columns (session 17) and without them (session 14's model); the
# cross-lingual model has none: the cross-encoder was trained on English pairs only
MONO_CE, CROSS = MATCH_FEATURES, CROSS_MATCH_FEATURES
MONO = tuple(f for f in MONO_CE if f not in CE_FEATURES)
USE_FEATURES = ("use_cos", "use_margin")
# session 12's model: USE of the claims, no headline or description vector
MONO_NO_FIELDS = tuple(f for f in MONO if f not in FIELD_FEATURES)
CROSS_NO_FIELDS = tuple(f for f in CROSS if f not in FIELD_FEATURES)
SCORE = MATCH_FEATURES.index("score")
