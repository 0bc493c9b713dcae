"""Choose the one-word span floors (span_single_min, span_name_min) by repeated grouped CV over the
model's held-out SemEval-2023 train articles: prints the picks and the held-out-fold technique-aware
span F1 against the current setting. Usage: python scripts/tune_spans.py (needs ../shared/data)."""

import itertools
from pathlib import Path

import numpy as np

from claimscope.semeval import spans as sp
from claimscope.semeval.commands import MODEL_DIR
from claimscope.semeval.data import load_split
from claimscope.semeval.predictor import SemevalPredictor
from claimscope.semeval.scoring import score_spans

data = Path("../shared/data/semeval2023t3")
pred = SemevalPredictor(MODEL_DIR, threads=2)
held = set(pred.config["dev_articles"])
arts = [
    a for lg in ("en", "fr", "ge", "it", "po", "ru") for a in load_split(data, lg, "train") if a.id in held and a.labels
]
enc = sp.encode_for_spans(pred, sp.semeval_texts(arts), Path("out/spans-cache"), name="semeval-heldout", progress=False)
gold = {a.id: list(a.spans) for a in arts}
grid = [(s, n) for s, n in itertools.product((0.0, 0.6, 0.65, 0.7, 0.75), (0.0, 0.7, 0.8)) if not n or n > s]
preds = {
    g: {
        aid: sp.predicted_spans(sp.with_settings(pred, span_single_min=g[0], span_name_min=g[1]), enc[aid])
        for aid in gold
    }
    for g in grid
}
ids = np.array(sorted(gold))


def f1(g, sub):
    return score_spans({a: gold[a] for a in sub}, {a: preds[g][a] for a in sub}, labelled=True).f1


res, chosen = [], []
for rep in range(3):
    rng = np.random.default_rng(100 + rep)
    perm = rng.permutation(ids)
    folds = np.array_split(perm, 5)
    for k in range(5):
        test = folds[k]
        train = np.concatenate([folds[j] for j in range(5) if j != k])
        best = max(grid, key=lambda g: f1(g, train))
        chosen.append(best)
        res.append((f1(best, test), f1((0.0, 0.0), test)))
r = np.array(res)
print("chosen:", {g: chosen.count(g) for g in set(chosen)})
print(
    f"labelled span F1 held-out folds: chosen {r[:, 0].mean():.4f} ± {r[:, 0].std():.4f}, current {r[:, 1].mean():.4f} ± {r[:, 1].std():.4f}, paired gain {np.mean(r[:, 0] - r[:, 1]):+.4f} ± {np.std(r[:, 0] - r[:, 1]):.4f}, gain>0 on {int((r[:, 0] > r[:, 1]).sum())}/{len(r)}"
)
