"""Reading ClaimReview: JSON-LD shapes, JSON Lines, DataCommons feeds, bad records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimscope.errors import FactCheckError
from claimscope.factcheck.claimreview import RecordError, Review, read_claimreviews

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/anaconda",
    "claimReviewed": "A video shows a 10-meter-long anaconda swimming across a river in Brazil.",
    "name": "Does Video Show a 10-Meter-Long Anaconda?",
    "reviewRating": {
        "@type": "Rating",
        "alternateName": "Miscaptioned",
        "ratingValue": "2",
        "bestRating": 5,
        "worstRating": 1,
    },
    "author": {"@type": "Organization", "name": "Snopes"},
    "datePublished": "6 March 2021",
    "inLanguage": "en",
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "a viral post"}},
}
OTHER = {**REVIEW, "url": "https://factcheck.example/other", "claimReviewed": "Another claim."}


def _write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def _reviews(path: Path) -> list[Review]:
    items = list(read_claimreviews(path))
    assert all(isinstance(i, Review) for i in items), items
    return items  # type: ignore[return-value]


def test_claimreview_keeps_the_fields(tmp_path: Path) -> None:
    (review,) = _reviews(_write(tmp_path, "one.json", json.dumps(REVIEW)))
    assert review.key == review.url == "https://factcheck.example/anaconda"
    assert review.claim_reviewed.startswith("A video shows")
    assert (review.rating, review.rating_value, review.best_rating, review.worst_rating) == (
        "Miscaptioned",
        2.0,
        5.0,
        1.0,
    )
    assert review.publisher == "Snopes"
    assert review.date == "2021-03-06"
    assert review.language == "en"
    assert review.claimant == "a viral post"
    assert review.title == "Does Video Show a 10-Meter-Long Anaconda?"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("array.json", json.dumps([REVIEW, OTHER])),
        ("graph.jsonld", json.dumps({"@context": "https://schema.org", "@graph": [REVIEW, OTHER]})),
        (
            "feed.json",
            json.dumps(
                {
                    "@context": "https://schema.org",
                    "@type": "DataFeed",
                    "dataFeedElement": [
                        {"@type": "DataFeedItem", "item": [REVIEW]},
                        {"@type": "DataFeedItem", "item": [OTHER]},
                    ],
                }
            ),
        ),
        ("lines.jsonl", json.dumps(REVIEW) + "\n\n" + json.dumps(OTHER) + "\n"),
        ("lines-without-suffix.json", json.dumps(REVIEW) + "\n" + json.dumps(OTHER) + "\n"),
    ],
)
def test_claimreview_reads_every_shape(tmp_path: Path, name: str, content: str) -> None:
    reviews = _reviews(_write(tmp_path, name, content))
    assert [r.url for r in reviews] == [REVIEW["url"], OTHER["url"]]


def test_claimreview_bad_lines_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    no_claim = {k: v for k, v in OTHER.items() if k != "claimReviewed"}
    not_review = {"@type": "NewsArticle", "headline": "x"}
    lines = [json.dumps(REVIEW), "{not json", json.dumps(no_claim), json.dumps(not_review), json.dumps(OTHER)]
    items = list(read_claimreviews(_write(tmp_path, "bad.jsonl", "\n".join(lines))))
    errors = [i for i in items if isinstance(i, RecordError)]
    assert [(e.where, e.error.code) for e in errors] == [("line 2", "E652"), ("line 3", "E654"), ("line 4", "E653")]
    assert "line 3" in e_message(errors[1])
    assert [i.url for i in items if isinstance(i, Review)] == [REVIEW["url"], OTHER["url"]]


def e_message(err: RecordError) -> str:
    return err.error.message


def test_claimreview_key_falls_back_to_identifier_then_hash(tmp_path: Path) -> None:
    with_id = {**REVIEW, "url": None, "identifier": "vclaim-1"}
    bare = {k: v for k, v in REVIEW.items() if k not in {"url"}}
    a, b = _reviews(_write(tmp_path, "keys.jsonl", json.dumps(with_id) + "\n" + json.dumps(bare)))
    assert a.key == "vclaim-1" and a.url is None
    assert b.key.startswith("sha256:")
    (b2,) = _reviews(_write(tmp_path, "again.jsonl", json.dumps(bare)))
    assert b2.key == b.key


def test_claimreview_malformed_json_document_is_a_coded_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.json", '[\n {"@type": "ClaimReview",\n')
    with pytest.raises(FactCheckError) as info:
        list(read_claimreviews(path))
    assert info.value.code == "E652" and "line" in info.value.message


def test_claimreview_missing_file_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(FactCheckError) as info:
        list(read_claimreviews(tmp_path / "absent.jsonl"))
    assert info.value.code == "E651"


def test_claimreview_language_object_and_iso_dates(tmp_path: Path) -> None:
    item = {
        **REVIEW,
        "inLanguage": {"@type": "Language", "name": "French", "alternateName": "FR"},
        "datePublished": "2024-11-19T08:00:00Z",
    }
    (review,) = _reviews(_write(tmp_path, "fr.json", json.dumps(item)))
    assert review.language == "fr" and review.date == "2024-11-19"
