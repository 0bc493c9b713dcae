from __future__ import annotations

import numpy as np

from claimscope.training.thresholds import _micro, choose_thresholds


def test_thresholds_per_technique_beat_a_single_threshold() -> None:
    rng = np.random.default_rng(0)
    gold = (rng.random((400, 3)) < 0.3).astype(np.float32)
    # technique 0 is well calibrated, technique 2 scores low even when present
    probs = np.clip(gold * np.array([0.7, 0.5, 0.2]) + rng.random((400, 3)) * 0.3, 0, 1)
    th, global_th = choose_thresholds(probs, gold)
    assert th.shape == (3,) and ((th >= 0.05) & (th <= 0.9)).all()
    assert _micro(gold, probs >= th) >= _micro(gold, probs >= global_th)


def test_thresholds_rare_techniques_keep_global_value() -> None:
    gold = np.zeros((50, 2), np.float32)
    gold[:20, 0] = 1
    gold[0, 1] = 1
    probs = np.where(gold > 0, 0.8, 0.1).astype(np.float32)
    th, global_th = choose_thresholds(probs, gold)
    assert th[1] == global_th
