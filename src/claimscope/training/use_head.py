"""A second technique scorer to blend with the fine-tuned encoder: frozen USE + logistic regression.

The multilingual USE v3 paragraph embedding (already computed for frames and genre) plus the
language one-hot feed one logistic regression per technique, fitted on the training articles
(the held-out ones are never seen). Alone it is weaker than the encoder, but its errors differ:
the shipped probability is ``(1 - w) * encoder + w * use_head``, with ``C`` chosen by grouped
cross-validation on the training articles and ``w`` on the held-out articles (the reported score
chooses ``w`` and the thresholds on the other half of them: ``crossfit_blend_scores``). The
threshold strategy (one per technique, or one for all) is chosen the same way: on the held-out
articles the per-technique thresholds overfit once the two scorers are blended.
"""

from __future__ import annotations

import logging

import numpy as np

from claimscope.training.thresholds import STRATEGIES, _micro, article_folds, scores_by_language

log = logging.getLogger("claimscope.training")

C_GRID = (0.3, 1.0, 3.0)
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)


def _fit(x: np.ndarray, y: np.ndarray, c: float, threads: int) -> tuple[np.ndarray, np.ndarray]:
    """One logistic regression per column of ``y``; a column with under 2 positives gets a constant prior."""
    from joblib import Parallel, delayed
    from sklearn.linear_model import LogisticRegression

    def one(k: int) -> tuple[np.ndarray, float]:
        pos = float(y[:, k].sum())
        if pos < 2:
            return np.zeros(x.shape[1], np.float32), float(np.log(max(pos, 0.5) / len(y)))
        m = LogisticRegression(C=c, max_iter=3000).fit(x, y[:, k])
        return m.coef_[0].astype(np.float32), float(m.intercept_[0])

    got = Parallel(n_jobs=threads)(delayed(one)(k) for k in range(y.shape[1]))
    return np.stack([g[0] for g in got]), np.asarray([g[1] for g in got], np.float32)


def head_probs(x: np.ndarray, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """The fitted head's probabilities (N, techniques) for feature rows ``x``."""
    return (1.0 / (1.0 + np.exp(-(x @ coef.T + intercept)))).astype(np.float32)


def fit_use_head(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, *, threads: int = 2, folds: int = 3
) -> tuple[np.ndarray, np.ndarray, float, dict[str, float]]:
    """Coefficients, intercepts and ``C`` (grouped ``folds``-fold CV: micro-F1 at the best global threshold).

    ``x`` is (N, 512 + languages), ``y`` (N, 23), ``groups`` the article of each row.
    """
    from sklearn.model_selection import GroupKFold

    cv: dict[str, float] = {}
    for c in C_GRID:
        oof = np.zeros_like(y)
        for tr, te in GroupKFold(n_splits=folds).split(x, y, groups):
            oof[te] = head_probs(x[te], *_fit(x[tr], y[tr], c, threads))
        cv[str(c)] = round(max(_micro(y, oof >= th) for th in np.arange(0.1, 0.7, 0.025)), 4)
        log.info("USE head C=%s: grouped %d-fold CV micro-F1 %.4f", c, folds, cv[str(c)])
    best = float(max(C_GRID, key=lambda c: cv[str(c)]))
    coef, intercept = _fit(x, y, best, threads)
    return coef, intercept, best, cv


def best_weight(
    enc: np.ndarray,
    use: np.ndarray,
    gold: np.ndarray,
    *,
    strategy: str = "per_technique",
    weights: tuple[float, ...] = WEIGHTS,
) -> float:
    """The blend weight whose thresholds (chosen by ``strategy``) give the best micro-F1 on these rows."""

    def score(w: float) -> float:
        pb = (1 - w) * enc + w * use
        th, _ = STRATEGIES[strategy](pb, gold)
        return _micro(gold, pb >= th)

    return float(max(weights, key=score))


def crossfit_blend_scores(
    enc: np.ndarray,
    use: np.ndarray,
    gold: np.ndarray,
    langs: np.ndarray,
    articles: np.ndarray,
    *,
    strategy: str = "per_technique",
) -> dict[str, dict[str, float]]:
    """Held-out scores with the weight and the thresholds both chosen on the other half of the articles."""
    choose = STRATEGIES[strategy]
    fold = article_folds(articles)
    pred_cf = np.zeros_like(gold)
    for f in (0, 1):
        other = fold != f
        w = best_weight(enc[other], use[other], gold[other], strategy=strategy)
        pb = (1 - w) * enc + w * use
        th, _ = choose(pb[other], gold[other])
        pred_cf[fold == f] = pb[fold == f] >= th
        log.info("cross-fit fold %d (%s thresholds): blend weight %.2f", f, strategy, w)
    w_all = best_weight(enc, use, gold, strategy=strategy)
    pb = (1 - w_all) * enc + w_all * use
    return scores_by_language(gold, pred_cf, pb, langs, STRATEGIES["global"](pb, gold)[1])


def select_blend(
    enc: np.ndarray,
    use: np.ndarray,
    gold: np.ndarray,
    *,
    strategy: str = "global",
    weights: tuple[float, ...] = WEIGHTS,
) -> tuple[float, np.ndarray]:
    """The blend weight and thresholds (``strategy``) with the best micro-F1 on these rows."""
    w = best_weight(enc, use, gold, strategy=strategy, weights=weights)
    th, _ = STRATEGIES[strategy]((1 - w) * enc + w * use, gold)
    return w, th


def selection_policy(
    enc: np.ndarray,
    use: np.ndarray,
    gold: np.ndarray,
    *,
    strategy: str = "global",
    weights: tuple[float, ...] = WEIGHTS,
    forced: np.ndarray | None = None,
):  # type: ignore[no-untyped-def]
    """The calibration's choices as a ``repeated_cv`` policy: weight and thresholds chosen on the training rows.

    ``forced`` (rows, 23) marks lexicon matches that flag a paragraph whatever its score.
    """

    def policy(train):  # type: ignore[no-untyped-def]
        w, th = select_blend(enc[train], use[train], gold[train], strategy=strategy, weights=weights)

        def decide(test):  # type: ignore[no-untyped-def]
            out = ((1 - w) * enc[test] + w * use[test]) >= th
            if forced is not None:
                out |= forced[test]
            return out.astype(np.float32)

        return decide

    return policy
