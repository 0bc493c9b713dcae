"""Tests of the check-worthiness helpers: rules, score blending and the shipped head."""

from __future__ import annotations

import numpy as np
import pytest

from claimscope.analyzers import _checkworthy as cw


@pytest.mark.parametrize(
    ("lang", "text", "rule", "sign"),
    [
        ("fr", "Il faut agir, et vite, avant qu'il ne soit trop tard.", "exhortation", -1),
        ("fr", "Je pense que cette réforme est une erreur.", "opinion", -1),
        ("fr", "La réunion a eu lieu le 18 juin 2024 à Idlib.", "date", 1),
        ("en", "We must act now, before it is too late.", "exhortation", -1),
        ("en", "The strike killed 40 people in Rafah on 3 May 2024.", "number", 1),
        ("en", "Why would anyone believe that?", "question", -1),
    ],
)
def test_checkworthy_rules_fire_in_both_languages(lang: str, text: str, rule: str, sign: int) -> None:
    delta, fired = cw.rule_adjustment(text, lang)
    assert rule in fired
    assert delta * sign > 0


@pytest.mark.parametrize(("prob", "threshold", "expected"), [(0.3, 0.3, 0.5), (0.0, 0.3, 0.0), (1.0, 0.3, 1.0)])
def test_checkworthy_combine_maps_threshold_to_half(prob: float, threshold: float, expected: float) -> None:
    assert cw.combine(prob, 0.0, threshold=threshold) == pytest.approx(expected)


def test_checkworthy_head_predicts_in_unit_interval() -> None:
    head = cw.Head(
        kind="logreg", weights=(np.ones(3, dtype=np.float32), np.zeros(1, dtype=np.float32)), threshold=0.5, meta={}
    )
    p = head.predict_proba(np.array([[1.0, 1.0, 1.0], [-1.0, -1.0, -1.0]], dtype=np.float32))
    assert p[0] > 0.9 and p[1] < 0.1


def test_checkworthy_remap_sends_threshold_and_keeps_order() -> None:
    p = np.array([0.0, 0.1, 0.3, 0.6, 1.0], dtype=np.float32)
    got = cw.remap(p, 0.3, 0.45)
    assert got[2] == pytest.approx(0.45)
    assert got[0] == pytest.approx(0.0) and got[-1] == pytest.approx(1.0)
    assert np.all(np.diff(got) > 0)


def test_checkworthy_lexical_matches_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [
        "Unemployment fell to 4 percent last year.",
        "Thank you very much, good evening.",
        "We cut taxes by 20 percent last year.",
        "I think we should all be proud tonight.",
        "The deficit doubled in four years.",
        "Good evening and thank you all.",
    ] * 2
    y = np.array([1, 0, 1, 0, 1, 0] * 2)
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    model = LogisticRegression(C=4.0).fit(vec.fit_transform(texts), y)
    lex = cw.Lexical(
        {t: int(i) for t, i in vec.vocabulary_.items()}, vec.idf_, model.coef_[0], float(model.intercept_[0])
    )
    probe = ["Taxes fell by 20 percent in four years.", "Thank you, and good evening!", "Zzz qqq."]
    want = model.predict_proba(vec.transform(probe))[:, 1]
    assert np.allclose(lex.predict_proba(probe), want, atol=1e-6)
    back = cw.Lexical.from_arrays(lex.arrays())
    assert np.allclose(back.predict_proba(probe), want, atol=1e-6)


def _shipped() -> cw.SharedHead:
    head = cw.load_head()
    assert isinstance(head, cw.SharedHead)
    return head


def test_checkworthy_shipped_head_is_small_and_loads() -> None:
    size = sum(f.stat().st_size for f in cw.MODEL_DIR.iterdir())
    assert size < 15 * 1024 * 1024
    head = _shipped()
    assert 0.0 < head.threshold < 1.0
    assert head.meta["encoder"] == "semeval-shared"


@pytest.mark.slow
def test_checkworthy_shipped_model_ranks_facts_above_filler() -> None:
    pairs = {
        "en": (
            "Unemployment fell to 4.3 percent in 2016, the lowest level since 2001.",
            "Thank you all for coming tonight.",
        ),
        "fr": (
            "Le chômage a baissé à 7,1 % en 2022, son plus bas niveau depuis 2008.",
            "Merci à tous d'être venus ce soir.",
        ),
    }
    for lang, (fact, filler) in pairs.items():
        p = cw.score_texts([fact, filler], lang=lang)
        assert p is not None and p.min() >= 0.0 and p.max() <= 1.0
        assert p[0] > _shipped().threshold > p[1], (lang, p)


@pytest.mark.slow
def test_checkworthy_spans_pool_the_shared_paragraph_pass() -> None:
    text = "Le chômage a baissé à 7,1 % en 2022. Merci à tous d'être venus ce soir.\n\nUne seule phrase ici."
    cut = text.index("\n\n")
    paragraphs = ((0, cut), (cut + 2, len(text)))
    second = text.index("Merci")
    spans = [(0, second - 1), (second, cut), paragraphs[1]]
    assert text[spans[0][0] : spans[0][1]].endswith("2022.")
    states, probs = cw.span_inputs(text, paragraphs, spans, "fr")
    outs = cw.paragraph_outputs(text, paragraphs, "fr")
    assert len(states[0]) + len(states[1]) >= len(outs[0].hidden)  # every token is in a sentence
    assert np.allclose(probs[0], outs[0].probs) and np.allclose(probs[2], outs[1].probs)
    got = cw.score_spans(text, paragraphs, spans, lang="fr")
    assert got is not None and got.shape == (3,)
    # a span that is a whole paragraph sees exactly the states of that paragraph encoded alone
    alone, alone_probs = cw.encode_sentences([text[paragraphs[1][0] : paragraphs[1][1]]])
    assert np.allclose(states[2], alone[0], atol=1e-5) and np.allclose(probs[2], alone_probs[0], atol=1e-5)
    head = _shipped()
    # so it gets the sentence-alone head, the same score as the text scored alone
    alone_score = cw.score_texts([text[paragraphs[1][0] :]], lang="fr")
    assert alone_score is not None and got[2] == pytest.approx(float(alone_score[0]), abs=1e-5)
    # inside a paragraph the in-context head is used, which differs from the sentence-alone head
    assert head.context_arrays is not None
    assert not np.allclose(head.context_arrays["coef"], head.arrays["coef"])
    extra = cw.extra_features([text[a:b] for a, b in spans[:2]], probs[:2])
    in_ctx = head.predict(states[:2], extra, ["x", "y"], "fr", context=True)
    assert np.allclose(got[:2], in_ctx, atol=1e-6)
    assert not np.allclose(in_ctx, head.predict(states[:2], extra, ["x", "y"], "fr"), atol=1e-4)
