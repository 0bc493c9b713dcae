"""The task's metrics: macro-F1 for subtask 1, micro- and macro-F1 for subtasks 2 and 3.

Written with numpy to match the official scorers (which call scikit-learn's ``f1_score`` on
label-binarised rows: a class with neither gold nor predictions counts as F1 = 0 in the macro).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Scores:
    micro_f1: float
    macro_f1: float
    n: int

    def to_dict(self) -> dict[str, float | int]:
        return {"micro_f1": round(self.micro_f1, 4), "macro_f1": round(self.macro_f1, 4), "n": self.n}


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    den = 2 * tp + fp + fn
    return np.where(den > 0, 2 * tp / np.maximum(den, 1), 0.0)


def score_multilabel(
    gold: Mapping[object, Sequence[str]], pred: Mapping[object, Sequence[str]], labels: Sequence[str]
) -> Scores:
    """Micro/macro F1 over the rows of ``gold`` (a missing prediction is an empty set)."""
    index = {lab: i for i, lab in enumerate(labels)}
    keys = list(gold)
    y = np.zeros((len(keys), len(labels)))
    p = np.zeros_like(y)
    for r, key in enumerate(keys):
        for lab in gold[key]:
            if lab in index:
                y[r, index[lab]] = 1
        for lab in pred.get(key, ()):
            if lab in index:
                p[r, index[lab]] = 1
    tp, fp, fn = (y * p).sum(0), ((1 - y) * p).sum(0), (y * (1 - p)).sum(0)
    micro = float(_f1(tp.sum(), fp.sum(), fn.sum()))
    macro = float(_f1(tp, fp, fn).mean()) if len(labels) else 0.0
    return Scores(micro, macro, len(keys))


def score_multiclass(gold: Mapping[object, str], pred: Mapping[object, str]) -> Scores:
    """Accuracy (as ``micro_f1``) and macro-F1 over the classes seen in gold or predictions."""
    keys = list(gold)
    classes = sorted({gold[k] for k in keys} | {pred[k] for k in keys if k in pred})
    tp = np.array([sum(1 for k in keys if gold[k] == c and pred.get(k) == c) for c in classes], dtype=float)
    fp = np.array([sum(1 for k in keys if gold[k] != c and pred.get(k) == c) for c in classes], dtype=float)
    fn = np.array([sum(1 for k in keys if gold[k] == c and pred.get(k) != c) for c in classes], dtype=float)
    acc = float(tp.sum() / max(1, len(keys)))
    macro = float(_f1(tp, fp, fn).mean()) if classes else 0.0
    return Scores(acc, macro, len(keys))
