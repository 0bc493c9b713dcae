# ruff: noqa: E501
"""Experiment (issue 10, session 18): a leak-free check of the cross-encoder's CV gain.

The shipped match model stacks cross-encoder logits that are out of fold on the cross-encoder's own 5 folds, which are
not the match CV's folds. Here the cross-encoder is refitted on the folds of the match CV's first repeat (the same
`_folds` draw as `match_training.repeated_cv`, seed 13), so that every held-out query's logit and every training
query's logit come from cross-encoders that never saw the held-out queries; then the match CV is run for that one
repeat (5 folds) with and without the CE columns, and with the shipped (unaligned) OOF logits for comparison.

`python scripts/experiments/cross_encoder_aligned.py fit` (5 fits, about 10 min each on 2 cores; resumable:
out/ce/oof-aligned.pkl), then `python scripts/experiments/cross_encoder_aligned.py stack`.
Needs out/factcheck-cache (the training's rows), out/fc-scratch/mono_q.pkl (`match_queries_dump.py`) and
out/cross-encoder/oof.pkl.
"""

import logging
import pickle
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from claimscope.factcheck import match_training as mt
from claimscope.factcheck.match_features import match_columns

OUT = Path("out/ce/oof-aligned.pkl")
mono_q = pickle.loads(Path("out/fc-scratch/mono_q.pkl").read_bytes())
groups = np.asarray([q.group for q in mono_q])
query_fold = mt._folds(groups, 5, np.random.default_rng(13))  # repeated_cv's first draw
fold_of_tweet = dict(zip(groups.tolist(), query_fold.tolist(), strict=False))


def fit() -> None:
    import torch

    from claimscope.encoder._e5file import read_e5_file
    from claimscope.encoder.tokenizer import load_tokenizer
    from claimscope.factcheck import training as T
    from claimscope.factcheck.cross_encoder import passage_text
    from claimscope.training import cross_encoder as C

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.set_num_threads(2)
    data, cache = Path("../shared/data"), Path("out/factcheck-cache")
    shown = C.shown_ids(data, cache)
    texts = {v["vclaim_id"]: passage_text(v["vclaim"], v.get("title") or "") for v in T.read_vclaims(data / T.TASK)}
    e5, tok = read_e5_file(), load_tokenizer()
    emb = C.word_embedding(e5)
    body = C.E5Body(e5, C.LAYERS).eval()
    pool = C.Pairs(shown["pool"], shown["pool_ids"], texts, tok)
    states = pool.states(body, emb, tok.pad)
    oof = pickle.loads(OUT.read_bytes()) if OUT.is_file() else {}
    for k in range(5):
        held = [(i, v) for i, v, _ in pool.items if fold_of_tweet[i] == k]
        if all(key in oof for key in held):
            continue
        model = C.train([p for p in pool.items if fold_of_tweet[p[0]] != k], states, body, seed=13 + k)
        oof.update(C.predict(model, held, states))
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_bytes(pickle.dumps(oof))
        logging.info("aligned fold %d done", k)


def ce_feats(q, logits, topn=3):
    s = np.asarray([logits[(q.group, v)] for v in q.ids[:topn]], dtype=np.float64)
    others = np.array([np.max(np.delete(s, j)) if len(s) > 1 else -10.0 for j in range(len(s))])
    f = np.stack([s, s - others], axis=1)
    pad = np.tile([[-8.0, 0.0]], (len(q.ids) - len(s), 1))
    return np.concatenate([f, pad]) if len(pad) else f


def stack() -> None:
    from sklearn.linear_model import LogisticRegression

    def fitter(queries):
        x = np.concatenate([q.x for q in queries])
        y = np.concatenate([q.labels for q in queries])
        mean, scale = x.mean(0), x.std(0)
        scale[scale < 1e-6] = 1
        m = LogisticRegression(C=1.0, max_iter=3000).fit((x - mean) / scale, y)
        return lambda z: m.predict_proba((z - mean) / scale)[:, 1]

    base = match_columns(mt.MONO)
    shipped_oof = pickle.loads(Path("out/cross-encoder/oof.pkl").read_bytes())
    aligned = pickle.loads(OUT.read_bytes())
    routes = {
        "MONO, no cross-encoder": [replace(q, x=q.x[:, base]) for q in mono_q],
        "MONO + CE, shipped OOF (unaligned)": [
            replace(q, x=np.concatenate([q.x[:, base], ce_feats(q, shipped_oof)], axis=1)) for q in mono_q
        ],
        "MONO + CE, aligned OOF (leak-free)": [
            replace(q, x=np.concatenate([q.x[:, base], ce_feats(q, aligned)], axis=1)) for q in mono_q
        ],
    }
    for name, qs in routes.items():
        r = mt.repeated_cv(qs, fitter, floor=mt.PRECISION_FLOOR, repeats=1)
        h = r["held_out"]
        per = r.get("per_fold") or []
        print(
            f"{name:36} P {h['precision'][0]:.3f} ± {h['precision'][1]:.3f} R {h['recall'][0]:.3f} ± {h['recall'][1]:.3f} "
            f"F {h['f1'][0]:.3f} ± {h['f1'][1]:.3f}  pooled t {r['threshold']:.2f} cap {r['cap']} P {r['pooled']['precision']:.3f} R {r['pooled']['recall']:.3f}",
            flush=True,
        )
        if per:
            print("   per-fold R", [round(f["recall"], 3) for f in per], "P", [round(f["precision"], 3) for f in per])


if __name__ == "__main__":
    {"fit": fit, "stack": stack}[sys.argv[1]]()
