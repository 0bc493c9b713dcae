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


def test_scoring_spans_partial_credit_as_semeval_2020_task_11() -> None:
    from claimscope.semeval.scoring import score_spans

    gold = {"a": [("X", 0, 10)], "b": [("Y", 0, 4)]}
    pred = {"a": [("X", 5, 15)], "b": []}
    s = score_spans(gold, pred)
    # one predicted span: half of it inside gold -> P 0.5; recall (0.5 + 0) / 2 gold spans
    assert s.precision == pytest.approx(0.5) and s.recall == pytest.approx(0.25)
    assert s.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)
    assert score_spans(gold, {"a": [("Y", 0, 10)]}, labelled=True).f1 == 0.0
    assert score_spans(gold, {"a": [("Y", 0, 10)]}).f1 > 0  # SI ignores the technique


def test_scoring_spans_merge_overlaps_before_scoring() -> None:
    from claimscope.semeval.scoring import merge_spans, score_spans

    assert merge_spans([(5, 8), (0, 6), (10, 12), (12, 13)]) == [(0, 8), (10, 13)]
    gold = {"a": [("X", 0, 10)]}
    # two overlapping highlights of one technique count as one span: P = R = 1
    s = score_spans(gold, {"a": [("X", 0, 6), ("X", 4, 10)]}, labelled=True)
    assert s.f1 == pytest.approx(1.0) and s.predicted == 1
