"""Print the held-out scores of technique routes that were tried beside the shipped blend.

Routes: the USE head with article context (mean of the article's paragraphs, neighbours), and
TF-IDF logistic regressions (character 2-5-grams, words 1-2-grams), alone and as a third scorer
next to the encoder and the USE head. Every score is cross-fitted on the model's held-out train
articles with one global threshold, as the shipped model is (``claimscope.training.use_head``).

Usage: python scripts/semeval_technique_routes.py [--data DIR] [--cache out/technique-routes.npz]
(about 10 minutes on 2 threads; the encoder and USE outputs are cached).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.linear_model import LogisticRegression

from claimscope.encoder.use import embed
from claimscope.semeval.article import language_onehot
from claimscope.semeval.data import LANGUAGES, TECHNIQUES, default_data_dir, load_split
from claimscope.semeval.predictor import MODEL_DIR, SemevalPredictor
from claimscope.training.thresholds import crossfit_scores, global_thresholds
from claimscope.training.use_head import crossfit_blend_scores

SHOW = ("fr", "en", "all")


def build(data: Path, cache: Path) -> dict[str, np.ndarray]:
    if cache.is_file():
        return dict(np.load(cache))
    dev_ids = set(json.loads((MODEL_DIR / "config.json").read_text())["dev_articles"])
    pred = SemevalPredictor(threads=2)
    rows: dict[str, list] = {
        k: [] for k in ("tr_x", "tr_y", "tr_l", "tr_a", "tr_t", "dv_p", "dv_x", "dv_y", "dv_l", "dv_a", "dv_t")
    }
    for lang in LANGUAGES:
        for a in load_split(data, lang, "train", with_spans=False):
            paras = [p for p in a.paragraphs if p.number in a.labels]
            if not paras:
                continue
            texts = [p.text for p in paras]
            side = "dv" if a.id in dev_ids else "tr"
            rows[f"{side}_x"].append(embed(texts))
            rows[f"{side}_y"].append(
                np.array([[t in a.labels[p.number] for t in TECHNIQUES] for p in paras], np.float32)
            )
            rows[f"{side}_l"] += [lang] * len(paras)
            rows[f"{side}_a"] += [a.id] * len(paras)
            rows[f"{side}_t"] += texts
            if side == "dv":
                rows["dv_p"].append(np.stack([o.probs for o in pred.encode(texts)]))
    out = {k: np.concatenate(v) if isinstance(v[0], np.ndarray) else np.asarray(v) for k, v in rows.items()}
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, **out)
    return out


def fit_predict(xtr, ytr: np.ndarray, xdv, c: float, **kw) -> np.ndarray:  # type: ignore[no-untyped-def]
    def one(k: int) -> np.ndarray:
        if ytr[:, k].sum() < 2:
            return np.full(xdv.shape[0], ytr[:, k].mean())
        return LogisticRegression(C=c, max_iter=3000, **kw).fit(xtr, ytr[:, k]).predict_proba(xdv)[:, 1]

    return np.stack(Parallel(n_jobs=2)(delayed(one)(k) for k in range(ytr.shape[1])), 1).astype(np.float32)


def context(x: np.ndarray, arts: np.ndarray) -> np.ndarray:
    mean, prev, nxt = np.zeros_like(x), np.zeros_like(x), np.zeros_like(x)
    for aid in np.unique(arts):
        m = np.flatnonzero(arts == aid)
        mean[m] = x[m].mean(0)
        prev[m[1:]], nxt[m[:-1]] = x[m[:-1]], x[m[1:]]
    return np.hstack([mean, prev, nxt])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--cache", type=Path, default=Path("out/technique-routes.npz"))
    args = ap.parse_args()
    d = build(args.data or default_data_dir(), args.cache)
    gold, enc, langs, arts = d["dv_y"], d["dv_p"], d["dv_l"], d["dv_a"]

    def onehot(ls: np.ndarray) -> np.ndarray:
        return np.stack([language_onehot(lang) for lang in ls])

    def report(name: str, p: np.ndarray) -> None:
        alone = crossfit_scores(p, gold, langs, arts, global_thresholds(p, gold)[1], strategy="global")
        print(f"{name:32s} alone " + " ".join(f"{k} {alone[k]['micro_f1']:.3f}" for k in SHOW), end="   ")
        blend = crossfit_blend_scores(enc, p, gold, langs, arts, strategy="global")
        print("blended with the encoder " + " ".join(f"{k} {blend[k]['micro_f1']:.3f}" for k in SHOW), flush=True)

    base_tr, base_dv = np.hstack([d["tr_x"], onehot(d["tr_l"])]), np.hstack([d["dv_x"], onehot(d["dv_l"])])
    use = fit_predict(base_tr, d["tr_y"], base_dv, 1.0)
    report("USE head (shipped)", use)
    ctx_tr = np.hstack([base_tr, context(d["tr_x"], d["tr_a"])])
    ctx_dv = np.hstack([base_dv, context(d["dv_x"], d["dv_a"])])
    report("USE head + article context", fit_predict(ctx_tr, d["tr_y"], ctx_dv, 1.0))
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

    for analyzer, ngrams in (("char_wb", (2, 5)), ("word", (1, 2))):
        hv = HashingVectorizer(analyzer=analyzer, ngram_range=ngrams, n_features=2**18, alternate_sign=False, norm=None)
        tf = TfidfTransformer(sublinear_tf=True).fit(hv.transform(d["tr_t"]))
        xtr, xdv = tf.transform(hv.transform(d["tr_t"])), tf.transform(hv.transform(d["dv_t"]))
        tfidf = fit_predict(xtr, d["tr_y"], xdv, 10.0, solver="liblinear")
        report(f"TF-IDF {analyzer} {ngrams}", tfidf)
        report("  + USE head (mean of the two)", (tfidf + use) / 2)


if __name__ == "__main__":
    main()
