"""Per-technique decision thresholds for multi-label paragraphs, chosen for micro-F1."""

from __future__ import annotations

import numpy as np

GRID = np.round(np.arange(0.05, 0.9, 0.025), 3)


def _micro(gold: np.ndarray, pred: np.ndarray) -> float:
    tp = float((gold * pred).sum())
    return 2 * tp / max(1.0, float(gold.sum() + pred.sum()))


def choose_thresholds(probs: np.ndarray, gold: np.ndarray, *, min_positives: int = 8) -> tuple[np.ndarray, float]:
    """A global threshold, then coordinate ascent per technique (rare ones keep the global value).

    Each step keeps the threshold that maximises the micro-F1 of all techniques together, shrunk
    halfway toward the global threshold to limit overfitting to a small held-out set.
    """
    global_th = max(GRID, key=lambda th: _micro(gold, probs >= th))
    th = np.full(probs.shape[1], global_th)
    for _ in range(2):
        for k in range(probs.shape[1]):
            if gold[:, k].sum() < min_positives:
                continue
            best_v, best_t = -1.0, th[k]
            for cand in GRID:
                th[k] = cand
                v = _micro(gold, probs >= th)
                if v > best_v + 1e-9:
                    best_v, best_t = v, cand
            th[k] = (best_t + global_th) / 2
    return th, float(global_th)


def global_thresholds(probs: np.ndarray, gold: np.ndarray) -> tuple[np.ndarray, float]:
    """One threshold for every technique (the micro-F1 best on these rows)."""
    global_th = float(max(GRID, key=lambda th: _micro(gold, probs >= th)))
    return np.full(probs.shape[1], global_th), global_th


STRATEGIES = {"per_technique": choose_thresholds, "global": global_thresholds}


def article_folds(articles: np.ndarray) -> np.ndarray:
    """0/1 fold of each row, by article (seeded), for 2-fold cross-fitting on held-out articles."""
    uniq = sorted(set(articles.tolist()))
    rng = np.random.default_rng(0)
    fold_of = dict(zip(uniq, rng.permutation(len(uniq)) % 2, strict=True))
    return np.array([fold_of[a] for a in articles])


def scores_by_language(
    gold: np.ndarray, pred_cf: np.ndarray, probs: np.ndarray, langs: np.ndarray, global_th: float
) -> dict[str, dict[str, float]]:
    """Micro/macro-F1 of cross-fitted predictions and micro-F1 at one global threshold, per language and overall."""
    out: dict[str, dict[str, float]] = {}
    for lang in [*sorted(set(langs.tolist())), "all"]:
        m = np.ones(len(langs), bool) if lang == "all" else langs == lang
        g, pc, pg = gold[m], pred_cf[m], probs[m] >= global_th
        tp, fp, fn = (g * pc).sum(0), ((1 - g) * pc).sum(0), (g * (1 - pc)).sum(0)
        den = 2 * tp + fp + fn
        macro = float(np.where(den > 0, 2 * tp / np.maximum(den, 1), 0).mean())
        out[lang] = {
            "micro_f1": round(_micro(g, pc), 4),
            "macro_f1": round(macro, 4),
            "micro_f1_global_threshold": round(_micro(g, pg), 4),
            "paragraphs": int(m.sum()),
        }
    return out


def crossfit_scores(
    probs: np.ndarray,
    gold: np.ndarray,
    langs: np.ndarray,
    articles: np.ndarray,
    global_th: float,
    *,
    strategy: str = "per_technique",
) -> dict[str, dict[str, float]]:
    """Held-out scores per language with thresholds chosen on the other half of the articles (2 folds)."""
    fold = article_folds(articles)
    pred_cf = np.zeros_like(gold)
    for f in (0, 1):
        th, _ = STRATEGIES[strategy](probs[fold != f], gold[fold != f])
        pred_cf[fold == f] = probs[fold == f] >= th
    return scores_by_language(gold, pred_cf, probs, langs, global_th)


def repeated_article_folds(
    articles: np.ndarray, strata: np.ndarray | None = None, *, k: int = 5, repeats: int = 5, seed: int = 0
) -> list[np.ndarray]:
    """``repeats`` fold assignments (0..k-1 per row), grouped by article, articles spread evenly per stratum.

    Every row of an article gets its article's fold; within each stratum (e.g. the language) the
    articles are shuffled and dealt round-robin, so a language with 19 articles has 3-4 per fold.
    """
    articles = np.asarray(articles)
    strata = np.zeros(len(articles), dtype=int) if strata is None else np.asarray(strata)
    stratum_of = dict(zip(articles.tolist(), strata.tolist(), strict=False))
    uniq = sorted(stratum_of)
    out = []
    for r in range(repeats):
        rng = np.random.default_rng(seed + 1000 * r)
        fold_of: dict[object, int] = {}
        offset = 0
        for s in sorted(set(stratum_of.values()), key=str):
            mine = [a for a in uniq if stratum_of[a] == s]
            for i, a in enumerate(rng.permutation(len(mine))):
                fold_of[mine[a]] = (i + offset) % k
            offset += len(mine)  # the next stratum starts where this one stopped: balanced fold sizes
        out.append(np.array([fold_of[a] for a in articles.tolist()]))
    return out


def repeated_cv(
    policy,  # type: ignore[no-untyped-def]
    gold: np.ndarray,
    langs: np.ndarray,
    articles: np.ndarray,
    *,
    k: int = 5,
    repeats: int = 5,
    seed: int = 0,
) -> dict[str, dict[str, float]]:
    """Micro-F1 of a selection ``policy`` under repeated grouped k-fold CV, per language and overall.

    ``policy(train_rows)`` makes its choices (blend weight, thresholds, ...) on the rows of
    ``train_rows`` (a boolean mask) and returns ``decide(test_rows) -> (n_test, labels) 0/1``.
    Returns, per language: ``mean``/``std`` of the fold scores (every fold of every repeat) and
    ``pooled_mean``/``pooled_std`` of the out-of-fold score of each repeat (all folds pooled).
    """
    names = [*sorted(set(langs.tolist())), "all"]
    fold_scores: dict[str, list[float]] = {n: [] for n in names}
    pooled: dict[str, list[float]] = {n: [] for n in names}
    for folds in repeated_article_folds(articles, langs, k=k, repeats=repeats, seed=seed):
        oof = np.zeros_like(gold)
        for f in range(k):
            test = folds == f
            if not test.any():
                continue
            oof[test] = policy(~test)(test)
            for n in names:
                m = test if n == "all" else test & (langs == n)
                if m.any():
                    fold_scores[n].append(_micro(gold[m], oof[m]))
        for n in names:
            m = np.ones(len(langs), bool) if n == "all" else langs == n
            pooled[n].append(_micro(gold[m], oof[m]))
    return {
        n: {
            "mean": round(float(np.mean(fold_scores[n])), 4),
            "std": round(float(np.std(fold_scores[n])), 4),
            "pooled_mean": round(float(np.mean(pooled[n])), 4),
            "pooled_std": round(float(np.std(pooled[n])), 4),
            "folds": len(fold_scores[n]),
        }
        for n in names
    }
