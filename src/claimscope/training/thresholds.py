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
