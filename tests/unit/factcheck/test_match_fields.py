"""The match decision's headline and description cosines (e5 and USE), and matching a store that lacks them (E657)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from claimscope.encoder.e5 import embed_passages
from claimscope.factcheck.features import Candidate, pair_features
from claimscope.factcheck.index import VECTOR_FIELDS, FieldVectors, IndexedReview, ReviewIndex
from claimscope.factcheck.match import FactCheckWarning, Matcher
from claimscope.factcheck.match_features import (
    CROSS_MATCH_FEATURES,
    FIELD_FEATURES,
    MATCH_FEATURES,
    FieldCosines,
    UseSimilarity,
    match_features,
)
from claimscope.factcheck.text import clean_query

REVIEWS = [  # (claim, headline, description)
    (
        "Nancy Pelosi announced she would resign if President Donald Trump were re-elected in 2020.",
        "Did Pelosi Promise to Resign if Trump Is Re-Elected?",
        "A quote attributed to the Speaker of the House circulated on social media.",
    ),
    (
        "Photographs showed Nancy Pelosi receiving her COVID-19 vaccination with a sealed needle.",
        "Pelosi Vaccine Photo",
        "",
    ),
    ("A video shows a 10-meter-long anaconda swimming across a river in Brazil.", "", "The anaconda is a big snake."),
]
QUERY = "Nancy Pelosi says she will resign if Trump is re-elected in 2020"


def _x(fields: FieldCosines | None) -> dict[str, np.ndarray]:
    cands = [Candidate(c, t, 5.0 - i, i, 0.9 - 0.1 * i, i) for i, (c, t, _d) in enumerate(REVIEWS)]
    matrix = pair_features(QUERY, None, cands)
    x = match_features(
        QUERY, cands, matrix, np.asarray([0.9, 0.6, 0.2]), [0, 1, 2], np.asarray([0.8, 0.5, 0.1]), fields=fields
    )
    return {name: x[:, j] for j, name in enumerate(MATCH_FEATURES)}


def test_match_fields_columns_are_the_cosines_and_their_margins() -> None:
    f = _x(FieldCosines(np.asarray([0.7, 0.6, 0.2]), np.asarray([0.85, 0.8, 0.5]), np.asarray([0.9, 0.7, 0.6])))
    assert f["use_title_cos"].tolist() == pytest.approx([0.7, 0.6, 0.2])
    assert f["use_title_margin"].tolist() == pytest.approx([0.1, -0.1, -0.5])
    assert f["title_cos"].tolist() == pytest.approx([0.85, 0.8, 0.5])
    assert f["title_margin"].tolist() == pytest.approx([0.05, -0.05, -0.35])
    assert f["desc_cos"].tolist() == pytest.approx([0.9, 0.7, 0.6])
    assert f["desc_margin"].tolist() == pytest.approx([0.2, -0.2, -0.3])
    assert set(FIELD_FEATURES) <= set(CROSS_MATCH_FEATURES)  # both encoders are multilingual


def test_match_fields_a_missing_field_takes_the_claim_cosine_of_the_same_encoder() -> None:
    nan = np.nan
    f = _x(FieldCosines(np.asarray([0.7, 0.6, nan]), np.asarray([0.85, 0.8, nan]), np.asarray([0.9, nan, 0.6])))
    assert f["use_title_cos"][2] == pytest.approx(0.1)  # the USE cosine of its claim
    assert f["title_cos"][2] == pytest.approx(0.7)  # the e5 cosine of its claim (the candidate's cos)
    assert f["desc_cos"][1] == pytest.approx(0.8)
    assert not np.isnan(np.stack(list(f.values()))).any()
    none = _x(None)
    assert all(none[name].tolist() == [0.0, 0.0, 0.0] for name in FIELD_FEATURES)


def test_match_fields_use_claims_and_titles_is_one_call_with_nan_for_no_headline() -> None:
    use = UseSimilarity()
    claims, titles = [r[0] for r in REVIEWS], [r[1] for r in REVIEWS]
    claim_cos, title_cos = use.claims_and_titles(QUERY, claims, titles)
    assert claim_cos == pytest.approx(use(QUERY, claims), abs=1e-5)
    assert np.isnan(title_cos[2]) and title_cos[0] > title_cos[1]
    assert title_cos[:2] == pytest.approx(use(QUERY, titles[:2]), abs=1e-5)


def _index(*, with_fields: bool) -> ReviewIndex:
    reviews = [
        IndexedReview(i, c, t, "en", {"claim_reviewed": c, "url": f"https://fc.example/{i}"}, d)
        for i, (c, t, d) in enumerate(REVIEWS)
    ]
    lexical = [" ".join(r) for r in REVIEWS]
    fields = FieldVectors.empty(len(reviews), 384)
    if with_fields:
        for name, column in zip(VECTOR_FIELDS, (1, 2), strict=True):
            rows = [i for i, r in enumerate(REVIEWS) if r[column]]
            fields.fill(name, rows, embed_passages([REVIEWS[i][column] for i in rows]))
    return ReviewIndex.build(reviews, embed_passages([r[0] for r in REVIEWS]), lexical, fields=fields)


class Counting:
    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        return embed_passages(texts)


def test_match_fields_missing_in_the_store_are_embedded_once_with_e657() -> None:
    full = Matcher(_index(with_fields=True))
    counter = Counting()
    lacking = Matcher(_index(with_fields=False), embed=counter)
    query = [clean_query(QUERY)]
    with pytest.warns(FactCheckWarning, match=r"\[E657\] 3 fact-check review"):
        (first,) = lacking.match(query, language="en")
    assert sorted(counter.texts) == sorted(t for r in REVIEWS for t in r[1:] if t)  # the shown ones, non-empty
    assert lacking.index.missing_fields() == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # once: no second warning, nothing embedded again
        (second,) = lacking.match(query, language="en")
    assert len(counter.texts) == 4  # the non-empty headlines and descriptions: 2 + 1 + 1
    (expected,) = full.match(query, language="en")
    for got in (first, second):
        assert [(m.review.id, m.match) for m in got] == [(m.review.id, m.match) for m in expected]
        assert [m.match_probability for m in got] == pytest.approx([m.match_probability for m in expected], abs=1e-3)


def test_match_fields_a_store_with_every_vector_embeds_nothing_and_warns_nothing() -> None:
    counter = Counting()
    matcher = Matcher(_index(with_fields=True), embed=counter)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (matches,) = matcher.match([clean_query(QUERY)], language="en")
    assert counter.texts == [] and matches[0].review.claim == REVIEWS[0][0]
