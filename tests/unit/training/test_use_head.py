"""The USE technique head and its blend with the encoder (``claimscope.training.use_head``)."""

from __future__ import annotations

import numpy as np

from claimscope.training.thresholds import _micro, choose_thresholds
from claimscope.training.use_head import WEIGHTS, best_weight, crossfit_blend_scores, fit_use_head


def _noisy_scores(gold: np.ndarray, rng: np.random.Generator, noise: float) -> np.ndarray:
    return np.clip(0.5 * gold + 0.25 + rng.normal(0, noise, gold.shape), 0, 1).astype(np.float32)


def test_fit_use_head_learns_separable_techniques_and_reports_its_cv() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 8)).astype(np.float32)
    y = np.stack([x[:, 0] > 0.5, x[:, 1] + x[:, 2] > 1.0, np.zeros(600, bool)], axis=1).astype(np.float32)
    y[0, 2] = 1  # one positive: too rare to fit, gets its prior
    groups = np.repeat(np.arange(100), 6)
    coef, intercept, c, cv = fit_use_head(x, y, groups, threads=1)
    assert coef.shape == (3, 8) and intercept.shape == (3,)
    assert c in (0.3, 1.0, 3.0) and set(cv) == {"0.3", "1.0", "3.0"}
    assert min(cv.values()) > 0.8
    assert not coef[2].any() and intercept[2] < np.log(0.01)
    probs = 1 / (1 + np.exp(-(x @ coef.T + intercept)))
    assert _micro(y[:, :2], probs[:, :2] >= 0.5) > 0.9


def test_blend_weight_uses_a_second_opinion_with_independent_errors() -> None:
    rng = np.random.default_rng(1)
    gold = (rng.random((800, 4)) < 0.3).astype(np.float32)
    enc, use = _noisy_scores(gold, rng, 0.25), _noisy_scores(gold, rng, 0.25)
    w = best_weight(enc, use, gold)
    assert w in WEIGHTS and w >= 0.3  # two equally good, independent scorers: average them
    th, _ = choose_thresholds(enc, gold)
    pb = (1 - w) * enc + w * use
    assert _micro(gold, pb >= choose_thresholds(pb, gold)[0]) > _micro(gold, enc >= th)
    assert best_weight(enc, rng.random(gold.shape).astype(np.float32), gold) <= 0.1  # noise adds nothing


def test_crossfit_blend_scores_report_every_language_and_all() -> None:
    rng = np.random.default_rng(2)
    gold = (rng.random((400, 3)) < 0.3).astype(np.float32)
    langs = np.array(["fr", "en"] * 200)
    arts = np.repeat(np.arange(40), 10).astype(str)
    got = crossfit_blend_scores(_noisy_scores(gold, rng, 0.2), _noisy_scores(gold, rng, 0.3), gold, langs, arts)
    assert set(got) == {"en", "fr", "all"}
    assert got["all"]["paragraphs"] == 400 and 0.5 < got["all"]["micro_f1"] <= 1
