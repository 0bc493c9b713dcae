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


Span = tuple[str, int, int]  # (technique, start, end) character offsets


def merge_spans(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching character ranges merged (what the SemEval-2020 SI scorer scores)."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


@dataclass(frozen=True)
class SpanScores:
    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.predicted,
            "gold": self.gold,
        }


def score_spans(
    gold: Mapping[str, Sequence[Span]], pred: Mapping[str, Sequence[Span]], *, labelled: bool = False
) -> SpanScores:
    """SemEval-2020 Task 11 span F1 with partial credit, over the articles of ``gold``.

    P = (1/|S|) sum_{s in S, t in T} |s & t| / |s|, R = (1/|T|) sum |s & t| / |t| (Da San Martino
    et al. 2019). ``labelled=False`` is span identification (SI): the technique is ignored and each
    article's spans are merged first. ``labelled=True`` counts an overlap only between spans of the
    same technique (spans merged per technique): the SemEval-2023 subtask-3 span gold read that way.
    """

    def groups(spans: Sequence[Span]) -> dict[str, list[tuple[int, int]]]:
        by: dict[str, list[tuple[int, int]]] = {}
        for t, s, e in spans:
            by.setdefault(t if labelled else "", []).append((s, e))
        return {k: merge_spans(v) for k, v in by.items()}

    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for aid, g_spans in gold.items():
        g, p = groups(g_spans), groups(pred.get(aid, ()))
        n_gold += sum(len(v) for v in g.values())
        n_pred += sum(len(v) for v in p.values())
        for key, ps in p.items():
            for gs, ge in g.get(key, ()):
                for ps_, pe in ps:
                    inter = min(ge, pe) - max(gs, ps_)
                    if inter > 0:
                        p_sum += inter / (pe - ps_)
                        r_sum += inter / (ge - gs)
    prec = p_sum / n_pred if n_pred else 0.0
    rec = r_sum / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec > 0 else 0.0
    return SpanScores(prec, rec, f1, n_pred, n_gold)
