"""Frames/genre route selection, fitting and the predictor's use of the fitted arrays (synthetic data)."""

from __future__ import annotations

import numpy as np
import pytest

from claimscope.semeval.article import WIDTH, columns
from claimscope.semeval.data import FRAMES, GENRES, LANGUAGES, SemevalArticle
from claimscope.semeval.predictor import ArticlePrediction, SemevalPredictor
from claimscope.training import article_classifiers as ac


@pytest.fixture(scope="module")
def synthetic() -> tuple[list[SemevalArticle], dict[str, np.ndarray]]:
    """Genre written in the pooled block, frames in the USE block, a little noise in a few other columns."""
    rng = np.random.default_rng(1)
    articles, feats = [], {}
    pooled, use = columns(("pooled_mean",)), columns(("use_mean",))
    for lang in LANGUAGES:
        for i in range(24):
            genre = GENRES[i % 3]
            frames = tuple(f for k, f in enumerate(FRAMES) if (i + k) % 4 == 0)
            x = np.zeros(WIDTH, dtype=np.float32)
            x[rng.choice(WIDTH, 40, replace=False)] = rng.normal(0, 1, 40)
            x[pooled[: len(GENRES)]] += 3 * np.array([g == genre for g in GENRES])
            x[use[: len(FRAMES)]] += 3 * np.array([f in frames for f in FRAMES])
            aid = f"{lang}{i}"
            articles.append(SemevalArticle(aid, lang, "x", genre=genre, frames=frames))
            feats[aid] = x
    return articles, feats


def test_article_classifiers_select_prefers_informative_route(synthetic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ac, "GENRE_C", (0.1,))
    monkeypatch.setattr(ac, "FRAMES_C", (0.1,))
    articles, feats = synthetic
    routes = ("encoder", "use+lang")
    chosen = ac.select(articles, feats, genre_routes=routes, frames_routes=routes)
    assert chosen["genre"]["route"] == "encoder" and chosen["genre"]["mean_macro_f1"] > 0.9
    assert chosen["frames"]["route"] == "use+lang" and chosen["frames"]["mean_micro_f1"] > 0.9
    scores = ac.report(articles, feats, chosen, repeats=2)
    assert set(scores["genre_cv"]) == {*LANGUAGES, "all"} and scores["genre_cv"]["fr"]["macro_f1"] > 0.9
    assert scores["frames_cv"]["all"]["micro_f1"] > 0.9
    # the spread: 5 folds x 2 repeats, mean and std over folds and over the pooled repeats
    fr = scores["genre_cv"]["fr"]
    assert fr["cv_macro_folds"] == 10 and fr["cv_macro_mean"] > 0.85 and 0 <= fr["cv_macro_std"] < 0.2
    assert fr["cv_macro_pooled_mean"] == pytest.approx(fr["macro_f1"], abs=0.05)


def test_article_classifiers_genre_reads_no_encoder_feature() -> None:
    # the encoder saw 88% of the train articles: genre CV over its features is in-sample
    encoder_groups = {"pooled_mean", "pooled_max", "technique_mean", "technique_max"}
    assert ac.GENRE_ROUTES and all(not encoder_groups & set(ac.ROUTES[r]) for r in ac.GENRE_ROUTES)


def test_article_classifiers_fit_drives_the_predictor(synthetic) -> None:  # type: ignore[no-untyped-def]
    articles, feats = synthetic
    chosen = {
        "genre": {"route": "encoder", "C": 0.1},
        "frames": {"route": "use+lang", "C": 0.1, "threshold": 0.5},
    }
    arrays = ac.fit(articles, feats, chosen)
    assert (
        arrays["genre_coef"].shape == (3, len(columns(ac.ROUTES["encoder"]))) and arrays["frames_coef"].shape[0] == 14
    )
    pred = SemevalPredictor.__new__(SemevalPredictor)
    pred.classifiers = arrays
    pred.config = {
        "genres": list(GENRES),
        "frames": list(FRAMES),
        "genre_features": list(ac.ROUTES["encoder"]),
        "frames_features": list(ac.ROUTES["use+lang"]),
        "frames_threshold": 0.5,
    }
    right = 0
    for a in articles:
        out = ArticlePrediction()
        pred.classify(feats[a.id], out)
        assert sum(out.genre_scores.values()) == pytest.approx(1, abs=1e-5)
        right += out.genre == a.genre and set(out.frames_predicted) == set(a.frames or ())
    assert right / len(articles) > 0.9
