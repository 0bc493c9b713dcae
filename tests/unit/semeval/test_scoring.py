from __future__ import annotations

import pytest

from claimscope.semeval.scoring import score_multiclass, score_multilabel


def test_scoring_multilabel_micro_and_macro() -> None:
    gold = {1: ["A"], 2: ["A", "B"], 3: []}
    pred = {1: ["A"], 2: ["B", "C"], 3: ["C"]}
    s = score_multilabel(gold, pred, ["A", "B", "C"])
    # tp 2, fp 2, fn 1 -> micro 4 / 7
    assert s.micro_f1 == pytest.approx(4 / 7)
    # per class F1: A 2/3, B 1, C 0
    assert s.macro_f1 == pytest.approx((2 / 3 + 1 + 0) / 3)


def test_scoring_multilabel_missing_prediction_is_empty() -> None:
    assert score_multilabel({1: ["A"]}, {}, ["A"]).micro_f1 == 0.0


def test_scoring_multiclass_macro_f1() -> None:
    gold = {1: "opinion", 2: "opinion", 3: "reporting", 4: "satire"}
    pred = {1: "opinion", 2: "reporting", 3: "reporting", 4: "opinion"}
    s = score_multiclass(gold, pred)
    assert s.micro_f1 == pytest.approx(0.5)
    assert s.macro_f1 == pytest.approx((0.5 + 2 / 3 + 0) / 3)
