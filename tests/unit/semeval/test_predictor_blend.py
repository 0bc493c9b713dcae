"""Technique scores blend the encoder with the USE head exactly as ``config.json`` says, in every path."""

from __future__ import annotations

import numpy as np
import pytest

from claimscope.semeval.article import language_onehot
from claimscope.semeval.predictor import MODEL_DIR, get_predictor

pytestmark = pytest.mark.skipif(not (MODEL_DIR / "encoder.onnx").is_file(), reason="no exported model shipped")

TEXT = (
    "À court de chair à canon, Kiev demande des combattants aux terroristes.\n\n"
    "Le gouvernement, qui collabore déjà avec le PKK, a établi des contacts secrets.\n\n"
    "Rien ne confirme cette information."
)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in text.split("\n\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 2
    return out


def test_predictor_blend_is_the_configured_mix_of_encoder_and_use_head() -> None:
    from claimscope.encoder.use import embed

    pred = get_predictor()
    if not pred.blends_use:
        pytest.skip("the shipped model has no USE blend")
    paras = _paragraphs(TEXT)
    texts = [TEXT[s:e] for s, e in paras]
    enc = np.stack([o.probs for o in pred.encode(texts)])
    x = np.hstack([embed(texts), np.tile(language_onehot("fr"), (len(texts), 1))])
    head = 1 / (1 + np.exp(-(x @ pred.classifiers["use_coef"].T + pred.classifiers["use_intercept"])))
    w = float(pred.config["use_blend"])
    assert 0 < w < 1
    expected = (1 - w) * enc + w * head
    got = pred.predict(TEXT, paras, lang="fr", article=False).paragraph_probs
    assert got is not None
    # lexicon forcing may only raise a score, to the technique's threshold
    assert np.all(got >= expected - 1e-5)
    raised = got > expected + 1e-5
    assert np.allclose(got[raised], np.broadcast_to(pred.thresholds, got.shape)[raised])
    assert np.allclose(got[~raised], expected[~raised], atol=1e-5)


def test_predictor_blend_same_techniques_with_and_without_article_classifiers() -> None:
    pred = get_predictor()
    paras = _paragraphs(TEXT)
    full = pred.predict(TEXT, paras, lang="fr")
    only = pred.predict(TEXT, paras, lang="fr", article=False)
    assert full.techniques == only.techniques
    assert full.genre and not only.genre
