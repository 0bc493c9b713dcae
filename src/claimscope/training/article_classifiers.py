"""Frames (multi-label) and genre (3 classes) from article vectors, chosen by 5-fold CV on train."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from claimscope.semeval.data import FRAMES, GENRES, SemevalArticle
from claimscope.semeval.scoring import score_multiclass, score_multilabel

log = logging.getLogger("claimscope.training")

C_GRID = (0.03, 0.1, 0.3, 1.0)
FRAME_TH = np.round(np.arange(0.2, 0.65, 0.025), 3)


def _folds(strata: Sequence[str], k: int = 5) -> list[tuple[np.ndarray, np.ndarray]]:
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=0)
    return list(skf.split(np.zeros(len(strata)), strata))


def cv_genre(x: np.ndarray, y: np.ndarray, langs: np.ndarray, c: float) -> np.ndarray:
    pred = np.empty(len(y), dtype=object)
    for tr, te in _folds([f"{lang}-{g}" for lang, g in zip(langs, y, strict=True)]):
        m = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(x[tr], y[tr])
        pred[te] = m.predict(x[te])
    return pred


def cv_frames(x: np.ndarray, y: np.ndarray, langs: np.ndarray, c: float) -> np.ndarray:
    probs = np.zeros(y.shape)
    for tr, te in _folds(list(langs)):
        for k in range(y.shape[1]):
            if y[tr, k].min() == y[tr, k].max():
                probs[te, k] = y[tr, k].mean()
                continue
            m = LogisticRegression(C=c, max_iter=2000).fit(x[tr], y[tr, k])
            probs[te, k] = m.predict_proba(x[te])[:, 1]
    return probs


def _frames_pred(probs: np.ndarray, th: float) -> list[list[str]]:
    out = []
    for row in probs:
        chosen = [FRAMES[k] for k in np.flatnonzero(row >= th)] or [FRAMES[int(np.argmax(row))]]
        out.append(chosen)
    return out


def per_language(ids: list[str], langs: np.ndarray, gold: Mapping, pred: Mapping, *, multilabel: bool) -> dict:  # type: ignore[type-arg]
    out = {}
    for lang in [*sorted(set(langs.tolist())), "all"]:
        keys = [i for i, lg in zip(ids, langs, strict=True) if lang in ("all", lg)]
        g = {k: gold[k] for k in keys}
        s = score_multilabel(g, pred, FRAMES) if multilabel else score_multiclass(g, pred)
        out[lang] = s.to_dict()
    return out


def evaluate_article_routes(
    articles: Sequence[SemevalArticle], feats: Mapping[str, np.ndarray]
) -> tuple[dict, dict, float, float]:  # type: ignore[type-arg]
    """5-fold CV scores per language for genre and frames; the chosen C values and frame threshold."""
    g_arts = [a for a in articles if a.genre and a.id in feats]
    f_arts = [a for a in articles if a.frames is not None and a.id in feats]
    x_all = np.stack([feats[a.id] for a in articles if a.id in feats])
    mu, sd = x_all.mean(0), x_all.std(0) + 1e-6
    xg = (np.stack([feats[a.id] for a in g_arts]) - mu) / sd
    yg = np.array([a.genre for a in g_arts])
    lg = np.array([a.lang for a in g_arts])
    best_g = None
    for c in C_GRID:
        pred = cv_genre(xg, yg, lg, c)
        scores = per_language(
            [a.id for a in g_arts],
            lg,
            dict(zip([a.id for a in g_arts], yg, strict=True)),
            dict(zip([a.id for a in g_arts], pred, strict=True)),
            multilabel=False,
        )
        key = np.mean([v["macro_f1"] for k, v in scores.items() if k != "all"])
        log.info("genre C=%s mean per-language macro-F1 %.4f fr %.4f", c, key, scores.get("fr", {}).get("macro_f1", 0))
        if best_g is None or key > best_g[0]:
            best_g = (key, c, scores)
    xf = (np.stack([feats[a.id] for a in f_arts]) - mu) / sd
    yf = np.array([[f in a.frames for f in FRAMES] for a in f_arts], dtype=float)  # type: ignore[operator]
    lf = np.array([a.lang for a in f_arts])
    gold_f = {a.id: list(a.frames or ()) for a in f_arts}
    best_f = None
    for c in C_GRID:
        probs = cv_frames(xf, yf, lf, c)
        for th in FRAME_TH:
            pred = dict(zip([a.id for a in f_arts], _frames_pred(probs, th), strict=True))
            scores = per_language([a.id for a in f_arts], lf, gold_f, pred, multilabel=True)
            key = np.mean([v["micro_f1"] for k, v in scores.items() if k != "all"])
            if best_f is None or key > best_f[0]:
                best_f = (key, c, float(th), scores)
        log.info("frames C=%s best so far %.4f (C=%s th=%s)", c, best_f[0], best_f[1], best_f[2])  # type: ignore[index]
    assert best_g is not None and best_f is not None
    metrics = {
        "genre_cv": best_g[2],
        "frames_cv": best_f[3],
        "article_model": {"genre_C": best_g[1], "frames_C": best_f[1], "frames_threshold": best_f[2]},
    }
    return metrics, {"mu": mu, "sd": sd}, best_g[1], best_f[1]


def fit_article_classifiers(
    articles: Sequence[SemevalArticle], feats: Mapping[str, np.ndarray]
) -> tuple[dict[str, np.ndarray], dict, float]:  # type: ignore[type-arg]
    """Choose C by CV, then fit on every train article; returns arrays for ``classifiers.npz``."""
    metrics, norm, c_g, c_f = evaluate_article_routes(articles, feats)
    mu, sd = norm["mu"], norm["sd"]
    g_arts = [a for a in articles if a.genre and a.id in feats]
    xg = (np.stack([feats[a.id] for a in g_arts]) - mu) / sd
    genre = LogisticRegression(C=c_g, class_weight="balanced", max_iter=3000).fit(xg, [a.genre for a in g_arts])
    classes = list(genre.classes_)
    gcoef = np.stack([genre.coef_[classes.index(g)] if g in classes else np.zeros(xg.shape[1]) for g in GENRES])
    ginter = np.array([genre.intercept_[classes.index(g)] if g in classes else -30.0 for g in GENRES])
    f_arts = [a for a in articles if a.frames is not None and a.id in feats]
    xf = (np.stack([feats[a.id] for a in f_arts]) - mu) / sd
    coefs, inters = [], []
    for f in FRAMES:
        yk = np.array([f in (a.frames or ()) for a in f_arts])
        m = LogisticRegression(C=c_f, max_iter=3000).fit(xf, yk)
        coefs.append(m.coef_[0])
        inters.append(m.intercept_[0])
    clf = {
        "feat_mean": mu.astype(np.float32),
        "feat_std": sd.astype(np.float32),
        "genre_coef": gcoef.astype(np.float32),
        "genre_intercept": ginter.astype(np.float32),
        "frames_coef": np.stack(coefs).astype(np.float32),
        "frames_intercept": np.array(inters, dtype=np.float32),
    }
    return clf, metrics, metrics["article_model"]["frames_threshold"]
