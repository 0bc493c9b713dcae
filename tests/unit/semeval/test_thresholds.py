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


def test_thresholds_repeated_folds_group_articles_and_spread_languages() -> None:
    from claimscope.training.thresholds import repeated_article_folds

    articles = np.array([f"a{i // 3}" for i in range(60)])  # 20 articles of 3 rows
    langs = np.array(["fr" if i < 15 else "en" for i in range(60)])  # 5 fr articles, 15 en
    folds = repeated_article_folds(articles, langs, k=5, repeats=3, seed=1)
    assert len(folds) == 3
    for f in folds:
        for a in set(articles.tolist()):
            assert len(set(f[articles == a].tolist())) == 1  # an article never straddles folds
        fr_folds = {int(f[articles == a][0]) for a in set(articles[langs == "fr"].tolist())}
        assert fr_folds == set(range(5))  # 5 fr articles land in 5 different folds
    assert any((folds[0] != other).any() for other in folds[1:])  # repeats reshuffle


def test_thresholds_repeated_cv_chooses_on_train_folds_only() -> None:
    from claimscope.training.thresholds import global_thresholds, repeated_cv

    rng = np.random.default_rng(0)
    n = 200
    articles = np.array([f"a{i // 4}" for i in range(n)])
    langs = np.array(["fr" if i % 8 < 4 else "en" for i in range(n)])
    gold = (rng.random((n, 2)) < 0.4).astype(np.float32)
    probs = np.clip(gold * 0.5 + rng.random((n, 2)) * 0.5, 0, 1)
    seen: list[int] = []

    def policy(train: np.ndarray):  # type: ignore[no-untyped-def]
        seen.append(int(train.sum()))
        th, _ = global_thresholds(probs[train], gold[train])
        return lambda test: (probs[test] >= th).astype(np.float32)

    res = repeated_cv(policy, gold, langs, articles, k=5, repeats=2)
    assert len(seen) == 10 and all(s == n * 4 // 5 for s in seen)
    assert res["all"]["folds"] == 10 and res["fr"]["folds"] == 10
    assert 0.5 < res["all"]["mean"] <= 1 and res["all"]["std"] >= 0
    # the pooled score of a repeat is the micro-F1 of all its out-of-fold rows
    assert abs(res["all"]["pooled_mean"] - res["all"]["mean"]) < 0.05
