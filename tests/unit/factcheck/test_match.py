"""Matching with the real encoder and the shipped re-ranker: restatements, same-people distractors, French."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from claimscope.encoder.e5 import embed_passages
from claimscope.factcheck.decide import load_match_model
from claimscope.factcheck.index import VECTOR_FIELDS, FieldVectors, IndexedReview, ReviewIndex
from claimscope.factcheck.match import Matcher
from claimscope.factcheck.text import clean_query
from tests.conftest import ROOT

CLAIMS = [
    "Joe Biden said you can't legislate by executive order unless you're a dictator.",
    "Joe Biden's policy on fracking was to ban it outright.",
    "The Biden Cancer Initiative spent millions on salaries but nothing on cancer research.",
    "Nancy Pelosi announced she would resign if President Donald Trump were re-elected in 2020.",
    "Photographs showed Nancy Pelosi receiving her COVID-19 vaccination with a needle still sealed with an orange cap.",
    "A video shows a 10-meter-long anaconda swimming across a river in Brazil.",
    "Pope Francis denied the existence of Hell in March 2018.",
    "Pope Francis was filmed performing a tablecloth trick during his visit to the United States in 2015.",
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    reviews = [
        IndexedReview(i, c, "", "en", {"claim_reviewed": c, "url": f"https://fc.example/{i}"})
        for i, c in enumerate(CLAIMS)
    ]
    return Matcher(ReviewIndex.build(reviews, embed_passages(CLAIMS), CLAIMS))


def _top(matcher: Matcher, text: str, language: str) -> tuple[str, bool, float]:
    (matches,) = matcher.match([clean_query(text)], language=language)
    best = matches[0]
    return best.review.claim, best.match, best.similarity


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            ". @JoeBiden in October: “you can’t [legislate] by executive order unless you’re a dictator.” "
            "pic.twitter.com/7UotJCXSm3 — Tom Elliott (@tomselliott) January 26, 2021",
            "en",
            0,
        ),
        ("Nancy Pelosi says she will resign if Trump is re-elected in 2020", "en", 3),
        ("En mars 2018, le pape François a nié l'existence de l'enfer.", "fr", 6),
        ("Nancy Pelosi a annoncé qu'elle démissionnerait si Donald Trump était réélu en 2020.", "fr", 3),
    ],
)
def test_match_ranks_the_review_of_the_same_claim_first(
    matcher: Matcher, text: str, language: str, expected: int
) -> None:
    claim, _is_match, _similarity = _top(matcher, text, language)
    assert claim == CLAIMS[expected]


def test_match_tweet_restating_a_review_is_a_match(matcher: Matcher) -> None:
    _claim, is_match, similarity = _top(
        matcher,
        ". @JoeBiden in October: “I have this strange notion, we are a democracy … you can’t [legislate] by executive "
        "order unless you’re a dictator.” pic.twitter.com/7UotJCXSm3 — Tom Elliott (@tomselliott) January 26, 2021",
        "en",
    )
    assert is_match, similarity


def test_match_flags_exactly_the_candidates_the_match_model_accepts(matcher: Matcher) -> None:
    model = load_match_model().mono
    (matches,) = matcher.match([clean_query("Pelosi to resign if Trump is re-elected")], language="en")
    assert [m.rank for m in matches] == list(range(1, len(matches) + 1))
    assert all(a.similarity >= b.similarity for a, b in itertools.pairwise(matches))
    flagged = [m for m in matches if m.match]
    assert 1 <= len(flagged) <= model.max_matches
    for m in matches:
        assert 0.0 <= m.similarity <= 1.0 and 0.0 <= m.match_probability <= 1.0
        if m.match:
            assert m.match_probability >= model.threshold
        elif m.match_probability >= model.threshold:  # above the threshold but over the cap
            assert all(f.match_probability >= m.match_probability for f in flagged)
    assert flagged[0].review.claim == CLAIMS[3]


def test_match_same_people_other_claim_is_ranked_but_not_a_match(matcher: Matcher) -> None:
    """Pelosi's vaccination photo is not a check of a claim that Pelosi will resign."""
    (matches,) = matcher.match([clean_query("Nancy Pelosi will resign from Congress next week")], language="en")
    vaccine = next(m for m in matches if m.review.claim == CLAIMS[4])
    assert not vaccine.match, vaccine


@pytest.mark.parametrize("file", ["reranker.json", "matcher.json"])
def test_match_model_files_name_their_features_and_thresholds(file: str) -> None:
    data = json.loads((ROOT / "src" / "claimscope" / "models" / "factcheck" / file).read_text("utf-8"))
    for name in ("mono", "cross"):
        assert len(data[name]["coef"]) == len(data[name]["features"]) == len(data[name]["mean"])
        assert 0.0 < data[name]["threshold"] < 1.0
        assert np.isfinite(np.asarray(data[name]["coef"])).all()
    if file == "matcher.json":
        assert data["mono"]["max_matches"] >= 1
        assert data["meta"]["encoder"]


def _snopes_store(
    folder: Path, golds: set[str], people: list[str], per_name: int = 20
) -> tuple[ReviewIndex, list[str]]:
    """The gold reviews plus, per name, the first ``per_name`` other reviews that mention it."""
    rows = [json.loads(line) for line in (folder / "vclaims.jsonl").open(encoding="utf-8")]
    keep = [r for r in rows if r["vclaim_id"] in golds]
    for name in people:
        keep += [r for r in rows if name in r["vclaim"] and r["vclaim_id"] not in golds][:per_name]
    unique = list({r["vclaim_id"]: r for r in keep}.values())
    claims = [r["vclaim"] for r in unique]
    reviews = [
        IndexedReview(i, r["vclaim"], r["title"], "en", {"claim_reviewed": r["vclaim"]}, r["subtitle"])
        for i, r in enumerate(unique)
    ]
    lexical = [f"{r['vclaim']} {r['title']} {r['subtitle']}" for r in unique]
    fields = FieldVectors.empty(len(reviews), 384)
    for name in VECTOR_FIELDS:  # as the store keeps them
        rows = [i for i, r in enumerate(reviews) if getattr(r, name)]
        fields.fill(name, rows, embed_passages([getattr(reviews[i], name) for i in rows]))
    index = ReviewIndex.build(reviews, embed_passages(claims), lexical, fields=fields)
    return index, [r["vclaim_id"] for r in unique]


@pytest.mark.slow
def test_match_french_claims_find_english_reviews_and_not_same_people_ones(shared_data: Path) -> None:
    """The cross-lingual set: 24 French restatements of Snopes claims and 15 French claims about the
    same people that no review checks, against a store of the gold reviews and other reviews of those people."""
    folder = shared_data / "checkthat2022-t2a-en"
    items = [
        json.loads(line) for line in (ROOT / "tests" / "eval" / "gold" / "factchecks-fr.jsonl").open(encoding="utf-8")
    ]
    golds = {i["gold"] for i in items if i["gold"]}
    people = sorted({p for i in items for p in i.get("people", [])} | {"Trump", "Biden", "Obama"})
    index, ids = _snopes_store(folder, golds, people)
    ranked = Matcher(index).match([clean_query(i["text"]) for i in items], language="fr")
    found = sum(
        1
        for i, ms in zip(items, ranked, strict=True)
        if i["gold"] and ms and ms[0].match and ids[ms[0].review.id] == i["gold"]
    )
    false = sum(1 for i, ms in zip(items, ranked, strict=True) for m in ms if m.match and ids[m.review.id] != i["gold"])
    flagged = sum(1 for ms in ranked for m in ms if m.match)
    assert found / len(golds) >= 0.8, (found, len(golds))
    assert flagged and (flagged - false) / flagged >= 0.8, (flagged, false)


def test_match_decision_does_not_depend_on_how_many_candidates_are_shown(matcher: Matcher) -> None:
    query = [clean_query("Nancy Pelosi says she will resign if Trump is re-elected in 2020")]
    (five,) = matcher.match(query, language="en", k=5)
    (one,) = matcher.match(query, language="en", k=1)
    assert len(one) == 1
    assert (one[0].review.id, one[0].match, one[0].match_probability) == (
        five[0].review.id,
        five[0].match,
        five[0].match_probability,
    )
