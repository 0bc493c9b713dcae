"""The article vector behind frames and genre: layout, groups, language and style features."""

from __future__ import annotations

import numpy as np
import pytest

from claimscope.semeval.article import GROUPS, WIDTH, article_vector, columns, language_onehot, style_features
from claimscope.semeval.data import LANGUAGES


def _inputs(p: int = 3) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    texts = ["Titre : « scandale » ?", "Le ministre a dit 300 mots.", "Incroyable !"][:p]
    return texts, rng.random((p, 384)), rng.random((p, 23)), rng.random((p, 512))


def test_article_columns_follow_group_order() -> None:
    cols = columns(("technique_max", "pooled_mean"))
    assert cols[:384].tolist() == list(range(384))
    assert cols[384:].tolist() == list(range(384 + 384 + 23, 384 + 384 + 23 + 23))
    assert columns(tuple(GROUPS)).tolist() == list(range(WIDTH))


def test_article_columns_reject_unknown_group() -> None:
    with pytest.raises(ValueError, match="unknown article feature groups"):
        columns(("pooled_mean", "bag_of_words"))


def test_article_vector_fills_only_requested_groups() -> None:
    texts, pooled, probs, use = _inputs()
    v = article_vector(texts, pooled, probs, "fr", groups=("pooled_mean", "use_title", "language"), use=use)
    assert v.shape == (WIDTH,)
    np.testing.assert_allclose(v[columns(("pooled_mean",))], pooled.mean(0), rtol=1e-6)
    np.testing.assert_allclose(v[columns(("use_title",))], use[0], rtol=1e-6)
    assert v[columns(("language",))].tolist() == [float(c == "fr") for c in LANGUAGES]
    untouched = np.setdiff1d(np.arange(WIDTH), columns(("pooled_mean", "use_title", "language")))
    assert not v[untouched].any()


def test_article_vector_of_empty_article_is_zero() -> None:
    v = article_vector([], np.zeros((0, 384)), np.zeros((0, 23)), "en")
    assert v.shape == (WIDTH,) and not v.any()


def test_article_language_accepts_iso_and_task_codes() -> None:
    assert language_onehot("de").tolist() == language_onehot("ge").tolist()
    assert language_onehot("pl")[LANGUAGES.index("po")] == 1
    assert not language_onehot("es").any() and not language_onehot(None).any()


def test_article_style_counts_quotes_questions_and_exclamations() -> None:
    calm = style_features(["Le conseil a voté le budget.", "La séance est levée."])
    loud = style_features(["« Honte » ?", "Incroyable ! Scandale !", "Pourquoi ?"])
    quotes, questions, exclamations = 3, 4, 5
    assert calm[quotes] == 0 and loud[quotes] == pytest.approx(1 / 3)
    assert loud[questions] > calm[questions] == 0
    assert loud[exclamations] > calm[exclamations] == 0
