"""The factchecks.v1 analyzer on hand-built analyses and a small real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimscope.analyzers.factchecks import FactChecksAnalyzer
from claimscope.errors import ConfigError
from claimscope.factcheck.db import import_claimreviews
from claimscope.model import Annotation, Article, Span
from claimscope.report import validate
from claimscope.store import open_store
from tests.conftest import make_analysis

REVIEWS = [
    (
        "https://fc.example/biden-dictator",
        "Joe Biden said you can't legislate by executive order unless you're a dictator.",
        "True",
    ),
    ("https://fc.example/biden-fracking", "Joe Biden's policy on fracking was to ban it outright.", "False"),
    (
        "https://fc.example/anaconda",
        "A video shows a 10-meter-long anaconda swimming across a river in Brazil.",
        "Miscaptioned",
    ),
    ("https://fc.example/pope-hell", "Pope Francis denied the existence of Hell in March 2018.", "False"),
]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("fc")
    path = folder / "reviews.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(
                {
                    "@type": "ClaimReview",
                    "url": url,
                    "claimReviewed": claim,
                    "reviewRating": {"alternateName": rating},
                    "author": {"name": "Example Checks"},
                    "datePublished": "2021-01-28",
                    "inLanguage": "en",
                }
            )
            for url, claim, rating in REVIEWS
        ),
        encoding="utf-8",
    )
    db = str(folder / "store.sqlite")
    with open_store(db) as store:
        import_claimreviews(store, path)
    return db


def _claim(text: str, start: int, end: int, cid: str = "c0") -> Annotation:
    return Annotation(
        label="asserted", span=Span(start, end), analyzer="claims.v1", data={"id": cid, "text": text[start:end]}
    )


def test_factchecks_short_post_without_claims_is_matched_as_a_whole(store_path: str) -> None:
    text = (
        ". @JoeBiden in October: “you can’t [legislate] by executive order unless you’re a dictator.” "
        "pic.twitter.com/7UotJCXSm3 — Tom Elliott (@tomselliott) January 26, 2021"
    )
    result = make_analysis(Article.from_blocks([(text, "body")]), language="en", layers={"claims": ()})
    anns = FactChecksAnalyzer(db=store_path)(result)
    assert 1 <= len(anns) <= 5
    top = anns[0].to_dict(result.text)
    assert top["claim"] is None and top["rank"] == 1 and top["match"] is True
    assert top["review"]["url"] == "https://fc.example/biden-dictator"
    assert top["review"]["rating"] == "True" and top["review"]["publisher"] == "Example Checks"
    assert "pic.twitter.com" not in top["text"] and "Tom Elliott" not in top["text"]


def test_factchecks_long_article_is_matched_claim_by_claim(store_path: str) -> None:
    filler = "The council met on Tuesday to discuss the budget for the coming year and the new bus routes. " * 8
    claim = "In March 2018 Pope Francis said that Hell does not exist."
    body = filler + claim
    article = Article.from_blocks([(body, "body")])
    start = article.text.index(claim)
    result = make_analysis(
        article, language="en", layers={"claims": (_claim(article.text, start, start + len(claim), "c4"),)}
    )
    anns = FactChecksAnalyzer(db=store_path)(result)
    out = [a.to_dict(result.text) for a in anns]
    assert {o["claim"] for o in out} == {"c4"}
    assert out[0]["review"]["url"] == "https://fc.example/pope-hell"
    assert [o["rank"] for o in out] == list(range(1, len(out) + 1))


def test_factchecks_layer_follows_the_contract(store_path: str) -> None:
    text = "A video shows a ten-metre anaconda crossing a river in Brazil"
    result = make_analysis(Article.from_blocks([(text, "body")]), language="en", layers={"claims": ()})
    result = result.with_layer("factchecks", tuple(FactChecksAnalyzer(db=store_path)(result)))
    data = result.to_dict()
    assert data["factchecks"] and data["factchecks"][0]["review"]["rating"] == "Miscaptioned"
    assert all(0.0 <= f["match_probability"] <= 1.0 for f in data["factchecks"])
    assert data["factchecks"][0]["match"] is True
    assert validate(data) == []


def test_factchecks_needs_a_store() -> None:
    result = make_analysis(Article.from_blocks([("Some text.", "body")]), language="en", layers={"claims": ()})
    with pytest.raises(ConfigError):
        FactChecksAnalyzer()(result)


def test_factchecks_empty_store_fails_when_built(tmp_path: Path) -> None:
    from claimscope.errors import FactCheckError

    with pytest.raises(FactCheckError) as info:
        FactChecksAnalyzer(db=str(tmp_path / "empty.sqlite"))
    assert info.value.code == "E655"


def test_factchecks_lazy_empty_store_gives_nothing_until_reviews_are_imported(tmp_path: Path) -> None:
    db = str(tmp_path / "later.sqlite")
    analyzer = FactChecksAnalyzer(db=db, lazy=True)  # no E655: a service may import later
    text = "A video shows a ten-metre anaconda crossing a river in Brazil"
    result = make_analysis(Article.from_blocks([(text, "body")]), language="en", layers={"claims": ()})
    assert tuple(analyzer(result)) == ()
    feed = tmp_path / "one.jsonl"
    review = {
        "@type": "ClaimReview",
        "url": "https://fc.example/anaconda",
        "claimReviewed": "A video shows a 10-meter-long anaconda swimming across a river in Brazil.",
        "reviewRating": {"alternateName": "Miscaptioned"},
        "inLanguage": "en",
    }
    feed.write_text(json.dumps(review) + "\n", encoding="utf-8")
    with open_store(db) as store:
        assert import_claimreviews(store, feed).added == 1
    (entry,) = analyzer(result)
    assert entry.data["review"]["url"] == "https://fc.example/anaconda" and entry.data["rank"] == 1
