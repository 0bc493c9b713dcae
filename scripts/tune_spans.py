"""Choose the one-word span floors (``span_single_min``, ``span_name_min``) by repeated grouped CV.

    python scripts/tune_spans.py [--data ../shared/data]

Over the model's held-out SemEval-2023 train articles (the encoder was not fine-tuned on them), 5
folds x 3 repeats grouped by article: each fold's setting is the best technique-aware span F1 on
the other folds; prints the picks and the held-out-fold F1 against no floor.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import numpy as np

from claimscope.semeval import spans as sp
from claimscope.semeval.commands import MODEL_DIR
from claimscope.semeval.data import LANGUAGES, load_split
from claimscope.semeval.predictor import SemevalPredictor
from claimscope.semeval.scoring import score_spans


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--cache", type=Path, default=Path("out/spans-cache"))
    args = ap.parse_args()
    pred = SemevalPredictor(MODEL_DIR, threads=2)
    held = set(pred.config["dev_articles"])
    arts = [
        a for lg in LANGUAGES for a in load_split(args.data / "semeval2023t3", lg, "train") if a.id in held and a.labels
    ]
    enc = sp.encode_for_spans(pred, sp.semeval_texts(arts), args.cache, name="semeval-heldout", progress=False)
    gold = {a.id: list(a.spans) for a in arts}
    floors = itertools.product((0.0, 0.6, 0.65, 0.7, 0.75), (0.0, 0.7, 0.8))
    grid = [(s, n) for s, n in floors if not n or n > s]
    preds = {}
    for g in grid:
        setting = sp.with_settings(pred, span_single_min=g[0], span_name_min=g[1])
        preds[g] = {aid: sp.predicted_spans(setting, enc[aid]) for aid in gold}

    def f1(g: tuple[float, float], sub: np.ndarray) -> float:
        return score_spans({a: gold[a] for a in sub}, {a: preds[g][a] for a in sub}, labelled=True).f1

    ids = np.array(sorted(gold))
    rows, chosen = [], []
    for rep in range(3):
        folds = np.array_split(np.random.default_rng(100 + rep).permutation(ids), 5)
        for k in range(5):
            train = np.concatenate([folds[j] for j in range(5) if j != k])
            best = max(grid, key=lambda g: f1(g, train))
            chosen.append(best)
            rows.append((f1(best, folds[k]), f1((0.0, 0.0), folds[k])))
    r = np.array(rows)
    gain = r[:, 0] - r[:, 1]
    print("chosen (single, name):", {g: chosen.count(g) for g in set(chosen)})
    print(
        f"technique-aware span F1 on held-out folds: chosen {r[:, 0].mean():.4f} ± {r[:, 0].std():.4f}, "
        f"no floor {r[:, 1].mean():.4f} ± {r[:, 1].std():.4f}, paired gain {gain.mean():+.4f} ± {gain.std():.4f}, "
        f"better on {int((gain > 0).sum())}/{len(r)} folds"
    )


if __name__ == "__main__":
    main()
