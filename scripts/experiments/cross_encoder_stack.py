# ruff: noqa: E501
"""Experiment (issue 10, session 16): the match CV (25 folds) with the cross-encoder logit and margin added to the
shipped MONO features. `python scripts/experiments/cross_encoder_stack.py out/ce/oof-e2.pkl 5` (2: only the top two scored).
"""

import pickle
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from claimscope.factcheck import match_training as mt
from claimscope.factcheck.match_features import match_columns

oof = pickle.loads(Path(sys.argv[1]).read_bytes())
mono_q = pickle.loads(Path("out/fc-scratch/mono_q.pkl").read_bytes())
n = len(mono_q) // 2

TOPN = int(sys.argv[2]) if len(sys.argv) > 2 else 5


def ce_feats(q):
    i = q.group
    s = np.asarray([oof[(i, v)] for v in q.ids[:TOPN]], dtype=np.float64)
    others = np.array([np.max(np.delete(s, j)) if len(s) > 1 else -10.0 for j in range(len(s))])
    rank = np.argsort(np.argsort(-s)).astype(float)
    f = np.stack([s, s - others, (rank == 0).astype(float), 1 / (1 + np.exp(-s))], axis=1)
    pad = np.tile([[-8.0, 0.0, 0.0, 0.0]], (len(q.ids) - len(s), 1))
    return np.concatenate([f, pad]) if len(pad) else f


CE_NAMES = ("ce", "ce_margin", "ce_top1", "ce_prob")


def fitter(names, ce_cols, c):

    def fit(queries):
        from sklearn.linear_model import LogisticRegression

        x = np.concatenate([q.x for q in queries])
        y = np.concatenate([q.labels for q in queries])
        mean, scale = x.mean(0), x.std(0)
        scale[scale < 1e-6] = 1
        m = LogisticRegression(C=c, max_iter=3000).fit((x - mean) / scale, y)
        return lambda z: m.predict_proba((z - mean) / scale)[:, 1]

    return fit


def show(name, r):
    h = r["held_out"]
    print(
        f"{name:44} P {h['precision'][0]:.3f} ± {h['precision'][1]:.3f} R {h['recall'][0]:.3f} ± {h['recall'][1]:.3f} F {h['f1'][0]:.3f} ± {h['f1'][1]:.3f}  pooled t {r['threshold']} cap {r['cap']} {r['pooled']['precision']:.3f}/{r['pooled']['recall']:.3f}",
        flush=True,
    )


base_cols = match_columns(mt.MONO)
for sel_name, sel in (("ce,margin", [0, 1]),):
    qs = [replace(q, x=np.concatenate([q.x[:, base_cols], ce_feats(q)[:, sel]], axis=1)) for q in mono_q]
    for c in (1.0,):
        show(f"MONO + {sel_name} C={c}", mt.repeated_cv(qs, fitter(mt.MONO, sel, c), floor=0.82))
qs = [replace(q, x=ce_feats(q)[:, [0, 1]]) for q in mono_q]
show("CE alone (ce,margin) C=1", mt.repeated_cv(qs, fitter((), [0, 1], 1.0), floor=0.82))
