# ruff: noqa: E501
"""Experiment (issue 10, session 17): the match CV (25 folds, floor 0.82) with cross-encoder columns added to MONO,
and the dev-test check of the same stack (fitted on every train + dev query, threshold and cap of the pooled CV).

`python scripts/experiments/cross_encoder_stack_v2.py TAG [TOPN]` reads out/ce/oof-TAG.pkl (and out/ce/test-TAG.pkl
for dev-test, when `cross_encoder_v2.py final` has written it), out/fc-scratch/mono_q.pkl and test_q.pkl.
"""

import pickle
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from claimscope.factcheck import match_training as mt
from claimscope.factcheck.match_features import match_columns

tag = sys.argv[1]
TOPN = int(sys.argv[2]) if len(sys.argv) > 2 else 5
oof = pickle.loads(Path(f"out/ce/oof-{tag}.pkl").read_bytes())
test_path = Path(f"out/ce/test-{tag}.pkl")
mono_q = pickle.loads(Path("out/fc-scratch/mono_q.pkl").read_bytes())
test_q = pickle.loads(Path("out/fc-scratch/test_q.pkl").read_bytes())


def ce_feats(q, logits):
    """(logit, margin over the best other scored candidate) per shown candidate; beyond TOPN: -8, 0."""
    s = np.asarray([logits[(q.group, v)] for v in q.ids[:TOPN]], dtype=np.float64)
    others = np.array([np.max(np.delete(s, j)) if len(s) > 1 else -10.0 for j in range(len(s))])
    f = np.stack([s, s - others], axis=1)
    pad = np.tile([[-8.0, 0.0]], (len(q.ids) - len(s), 1))
    return np.concatenate([f, pad]) if len(pad) else f


def fitter(c):
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
        f"{name:36} P {h['precision'][0]:.3f} ± {h['precision'][1]:.3f} R {h['recall'][0]:.3f} ± {h['recall'][1]:.3f} F {h['f1'][0]:.3f} ± {h['f1'][1]:.3f}  pooled t {r['threshold']:.2f} cap {r['cap']} P {r['pooled']['precision']:.3f} R {r['pooled']['recall']:.3f}",
        flush=True,
    )


base = match_columns(mt.MONO)
routes = {
    "shipped MONO": ([replace(q, x=q.x[:, base]) for q in mono_q], None),
    f"MONO + CE (top {TOPN})": (
        [replace(q, x=np.concatenate([q.x[:, base], ce_feats(q, oof)], axis=1)) for q in mono_q],
        "ce",
    ),
}
test_logits = pickle.loads(test_path.read_bytes()) if test_path.exists() else None
for name, (qs, kind) in routes.items():
    r = mt.repeated_cv(qs, fitter(1.0), floor=mt.PRECISION_FLOOR)
    show(name, r)
    if kind == "ce" and test_logits is None:
        continue
    model = fitter(1.0)(qs)
    tq = [
        replace(q, x=q.x[:, base] if kind is None else np.concatenate([q.x[:, base], ce_feats(q, test_logits)], axis=1))
        for q in test_q
    ]
    m = mt.pair_metrics(tq, [model(q.x) for q in tq], r["threshold"], r["cap"])
    print(
        f"{'':36} dev-test P {m['precision']:.3f} R {m['recall']:.3f} F {m['f1']:.3f} ({m['flagged']:.0f} flagged, {m['gold']:.0f} gold)",
        flush=True,
    )
