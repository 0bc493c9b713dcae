"""Calibrate a model folder on the held-out train articles: what sits on top of the encoder's scores.

The USE technique head and its blend weight (``claimscope.training.use_head``), the thresholds
(one per technique or one for all, whichever cross-fits better; reported scores use 2-fold
cross-fitting on the held-out articles, see ``claimscope.training.thresholds``), the lexicon
switch, the token span head (refitted on frozen hidden states) and the span threshold. Runs
without torch, on whatever ``encoder.onnx`` the folder ships; keeps the frames/genre classifiers
already in ``classifiers.npz`` (they read the encoder's own scores).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from claimscope.encoder.use import embed
from claimscope.semeval.article import with_language
from claimscope.semeval.data import ISO, LANGUAGES, TECHNIQUES, load_split
from claimscope.semeval.predictor import SemevalPredictor
from claimscope.training.thresholds import STRATEGIES, crossfit_scores, repeated_cv
from claimscope.training.use_head import (
    best_weight,
    crossfit_blend_scores,
    fit_use_head,
    head_probs,
    selection_policy,
)

log = logging.getLogger("claimscope.training")


def calibrate(out: Path, data: Path, *, threads: int = 2, limit: int = 0) -> None:
    """USE head and blend, thresholds, lexicon switch, token span head and span threshold for ``out``.

    Reads and rewrites ``out/config.json``; writes ``metrics.json`` (technique scores) and the token
    and USE heads into ``classifiers.npz``.
    """
    t0 = time.time()
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    dev_ids = set(config["dev_articles"])
    pred = SemevalPredictor(out, threads=threads)
    kept = {k: v for k, v in pred.classifiers.items() if not k.startswith(("token_", "use_"))}
    articles = [a for lang in LANGUAGES for a in load_split(data, lang, "train")]
    if limit:
        articles = [a for a in articles if a.id in dev_ids][: limit * 2] + [a for a in articles if a.id not in dev_ids][
            : limit * 6
        ]
        articles += [a for a in load_split(data, "en", "train") if a.genre == "satire"][:limit]
    # held-out articles: blend weight and thresholds
    dev = [a for a in articles if a.id in dev_ids and a.labels]
    rows, y, langs = [], [], []
    outputs = {}
    token_x: list[np.ndarray] = []
    token_y: list[np.ndarray] = []
    rng = np.random.default_rng(0)
    for a in articles:
        # held-out articles (thresholds) and the others' labelled paragraphs (token head)
        paras = a.paragraphs if a.id in dev_ids else [p for p in a.paragraphs if p.number in a.labels]
        outs = pred.encode([p.text for p in paras])
        if a.id not in dev_ids and a.labels:
            for p, o in zip(paras, outs, strict=True):
                if p.number in a.labels and len(o.offsets):
                    ty = token_targets(a, p, o)
                    keep = (ty.sum(1) > 0) | (rng.random(len(ty)) < 0.25)
                    token_x.append(o.hidden[keep].astype(np.float16))  # type: ignore[index]
                    token_y.append(ty[keep])
        if a.id not in dev_ids:
            outs = [replace(o, hidden=None) for o in outs]
        outputs[a.id] = (paras, outs)
    log.info("encoded all %d train articles in %.0f s", len(articles), time.time() - t0)
    # USE head on the training articles' labelled paragraphs
    ux, uy, ug = [], [], []
    for a in articles:
        if a.id not in dev_ids and a.labels:
            paras = outputs[a.id][0]
            ux.append(use_features([p.text for p in paras], a.lang))
            uy.append(np.asarray([[t in a.labels[p.number] for t in TECHNIQUES] for p in paras], np.float32))
            ug += [a.id] * len(paras)
    use_coef, use_intercept, use_c, use_cv = fit_use_head(
        np.concatenate(ux), np.concatenate(uy), np.asarray(ug), threads=threads
    )
    use_rows = []
    for a in dev:
        paras, outs = outputs[a.id]
        labelled = [p for p in paras if p.number in a.labels]
        for p, o in zip(paras, outs, strict=True):
            if p.number in a.labels:
                rows.append(o.probs)
                y.append([t in a.labels[p.number] for t in TECHNIQUES])
                langs.append(a.lang)
        use_rows.append(head_probs(use_features([p.text for p in labelled], a.lang), use_coef, use_intercept))
    enc, gold = np.stack(rows), np.asarray(y, dtype=np.float32)
    use_probs = np.concatenate(use_rows)
    art_of_row = np.asarray([a.id for a in dev for p in outputs[a.id][0] if p.number in a.labels])
    lang_arr = np.asarray(langs)
    # routes, each scored with its choices made on the other half of the held-out articles
    routes: dict[str, dict] = {}  # type: ignore[type-arg]
    for strategy in STRATEGIES:
        routes[f"encoder, {strategy} thresholds"] = crossfit_scores(
            enc, gold, lang_arr, art_of_row, STRATEGIES["global"](enc, gold)[1], strategy=strategy
        )
        routes[f"encoder+USE, {strategy} thresholds"] = crossfit_blend_scores(
            enc, use_probs, gold, lang_arr, art_of_row, strategy=strategy
        )
    routes["USE head alone, per_technique thresholds"] = crossfit_scores(
        use_probs, gold, lang_arr, art_of_row, STRATEGIES["global"](use_probs, gold)[1]
    )
    # the threshold strategy by repeated grouped 5-fold CV over the held-out articles (weight and
    # thresholds re-chosen inside every fold), not by one split
    technique_cv = {
        s: repeated_cv(selection_policy(enc, use_probs, gold, strategy=s), gold, lang_arr, art_of_row, repeats=5)
        for s in STRATEGIES
    }
    strategy = max(STRATEGIES, key=lambda s: technique_cv[s]["all"]["pooled_mean"])
    w = best_weight(enc, use_probs, gold, strategy=strategy)
    probs = (1 - w) * enc + w * use_probs
    thresholds, _ = STRATEGIES[strategy](probs, gold)
    log.info("shipping encoder+USE (weight %.2f) with %s thresholds", w, strategy)
    config["use_blend"] = w
    config["use_head"] = {"C": use_c, "cv_micro_f1": use_cv}
    config["threshold_strategy"] = strategy
    config["lexicon_force"] = lexicon_helps(dev, outputs, probs, gold, thresholds)
    config["thresholds"] = {t: round(float(v), 4) for t, v in zip(TECHNIQUES, thresholds, strict=True)}
    metrics = {
        "techniques": routes[f"encoder+USE, {strategy} thresholds"],
        "technique_routes": routes,
        "use_blend": {"weight": w, "C": use_c, "cv_micro_f1": use_cv, "threshold_strategy": strategy},
        "technique_repeated_cv": technique_cv,
    }
    # token head refit on frozen hidden states (the trained one stays near its prior), then its threshold
    tw, tb = fit_token_head(np.concatenate(token_x).astype(np.float32), np.concatenate(token_y))
    heads = {"token_coef": tw, "token_intercept": tb, "use_coef": use_coef, "use_intercept": use_intercept}
    for a in dev:
        paras, outs = outputs[a.id]
        outputs[a.id] = (paras, [replace(o, token_probs=_sig(o.hidden @ tw.T + tb)) for o in outs])  # type: ignore[operator]
    token_th = choose_span_threshold(dev, outputs)
    metrics["span_threshold_token_f1"] = token_th
    if "span_max_words" not in config:  # the phrase cutter's settings are chosen by span F1 (eval semeval --spans)
        config["span_threshold"] = token_th
    metrics["cost"] = {"calibrate_seconds": round(time.time() - t0)}
    np.savez_compressed(out / "classifiers.npz", **kept, **heads)
    (out / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    # keep what other steps measured (frames/genre CV), replace the technique figures
    path = out / "metrics.json"
    kept_metrics = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    path.write_text(json.dumps({**kept_metrics, **metrics}, indent=1), encoding="utf-8")
    log.info("calibrated in %.0f s: %s", time.time() - t0, json.dumps(metrics)[:2000])


def use_features(texts: list[str], lang: str) -> np.ndarray:
    """USE embedding + language one-hot per paragraph: what the USE head reads (as the predictor builds it)."""
    return with_language(embed(texts), ISO.get(lang))


def choose_span_threshold(dev: list, outputs: dict) -> float:  # type: ignore[type-arg]
    """Token-level micro-F1 of (token in a gold span of technique k) over held-out paragraphs."""
    ps, ys = [], []
    for a in dev:
        paras, outs = outputs[a.id]
        for p, o in zip(paras, outs, strict=True):
            if p.number in a.labels and len(o.offsets):
                ps.append(o.token_probs)
                ys.append(token_targets(a, p, o))
    p, y = np.concatenate(ps), np.concatenate(ys)
    best = max(
        (2 * float((y * (p >= th)).sum()) / max(1.0, float(y.sum() + (p >= th).sum())), th)
        for th in np.arange(0.1, 0.8, 0.05)
    )
    log.info("span threshold %.2f (token micro-F1 %.3f)", best[1], best[0])
    return round(float(best[1]), 3)


def lexicon_helps(dev: list, outputs: dict, probs: np.ndarray, gold: np.ndarray, th: np.ndarray) -> bool:  # type: ignore[type-arg]
    """Whether forcing a technique on lexicon matches raises held-out micro-F1."""
    from claimscope.semeval.lexicon import find_lexicon_spans
    from claimscope.training.thresholds import _micro

    forced = probs.copy()
    r = 0
    for a in dev:
        for p in outputs[a.id][0]:
            if p.number not in a.labels:
                continue
            for name, _, _ in find_lexicon_spans(a.text, p.start, p.end):
                k = TECHNIQUES.index(name)
                forced[r, k] = max(forced[r, k], th[k])
            r += 1
    before, after = _micro(gold, probs >= th), _micro(gold, forced >= th)
    log.info("lexicon forcing: held-out micro-F1 %.4f -> %.4f", before, after)
    # near-neutral counts as helping: the lexicon's gain is exact spans for unmistakable words
    return bool(after >= before - 0.001)


def _sig(z: np.ndarray) -> np.ndarray:
    return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)


def token_targets(a, p, o) -> np.ndarray:  # type: ignore[no-untyped-def]
    """(T, 23) 0/1: token overlaps a gold span of the technique."""
    from claimscope.training._features import T_INDEX

    y = np.zeros((len(o.offsets), len(TECHNIQUES)), dtype=np.float32)
    s, e = o.offsets[:, 0] + p.start, o.offsets[:, 1] + p.start
    for t, gs, ge in a.spans:
        if t in T_INDEX:
            y[(s < ge) & (e > gs), T_INDEX[t]] = 1
    return y


def fit_token_head(
    x: np.ndarray, y: np.ndarray, *, steps: int = 200, lr: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Per-technique logistic regression on token hidden states (Adam, positives up-weighted)."""
    n, d = x.shape
    k = y.shape[1]
    pos = y.sum(0)
    wpos = np.clip(np.sqrt((n - pos) / np.maximum(pos, 1)), 1, 10).astype(np.float32)
    w = np.zeros((k, d), np.float32)
    b = np.log(np.maximum(pos, 1) / n).astype(np.float32)
    mw, vw, mb, vb = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    for t in range(1, steps + 1):
        p = _sig(x @ w.T + b)
        g = (p - y) * np.where(y > 0, wpos, 1.0)
        gw = g.T @ x / n + 1e-4 * w
        gb = g.mean(0)
        mw = 0.9 * mw + 0.1 * gw
        vw = 0.999 * vw + 0.001 * gw * gw
        mb = 0.9 * mb + 0.1 * gb
        vb = 0.999 * vb + 0.001 * gb * gb
        w -= lr * (mw / (1 - 0.9**t)) / (np.sqrt(vw / (1 - 0.999**t)) + 1e-8)
        b -= lr * (mb / (1 - 0.9**t)) / (np.sqrt(vb / (1 - 0.999**t)) + 1e-8)
    log.info("token head fitted on %d tokens (%d positive labels)", n, int(pos.sum()))
    return w, b


def main(argv: list[str] | None = None) -> None:
    from claimscope.training._cli import model_step_args

    args = model_step_args(__doc__.split("\n")[0], argv, cache=False)
    calibrate(args.model, args.data, threads=args.threads)


if __name__ == "__main__":
    main()
