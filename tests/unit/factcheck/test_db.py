"""Fact-checks in the store: import, idempotency, updates, bad lines, the cached index; SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimscope.errors import FactCheckError
from claimscope.factcheck.db import cache_folder, count_reviews, import_claimreviews, load_index, revision
from claimscope.store import open_store

REVIEWS = [
    {
        "@type": "ClaimReview",
        "url": f"https://factcheck.example/{i}",
        "claimReviewed": claim,
        "reviewRating": {"alternateName": rating, "ratingValue": value, "bestRating": 5, "worstRating": 1},
        "author": {"name": "Example Checks"},
        "datePublished": "2021-03-06",
        "inLanguage": "en",
    }
    for i, (claim, rating, value) in enumerate(
        [
            ("A video shows a 10-meter-long anaconda swimming across a river in Brazil.", "Miscaptioned", 2),
            ("Joe Biden said you can't legislate by executive order unless you're a dictator.", "True", 5),
            ("Nancy Pelosi announced she would resign if Donald Trump were re-elected in 2020.", "False", 1),
        ]
    )
]


def _jsonl(tmp_path: Path, items: list[dict], name: str = "reviews.jsonl", extra: list[str] = ()) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([*(json.dumps(i) for i in items), *extra]) + "\n", encoding="utf-8")
    return path


def test_db_import_is_idempotent_on_the_review_url(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, REVIEWS)
    with open_store(tmp_path / "s.sqlite") as store:
        first = import_claimreviews(store, path)
        second = import_claimreviews(store, path)
        assert (first.added, first.embedded, first.failed) == (3, 3, [])
        assert (second.added, second.updated, second.unchanged, second.embedded) == (0, 0, 3, 0)
        assert count_reviews(store) == 3


def test_db_import_updates_a_changed_review(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite") as store:
        import_claimreviews(store, _jsonl(tmp_path, REVIEWS))
        before = revision(store)
        changed = [{**REVIEWS[0], "reviewRating": {"alternateName": "False"}}, *REVIEWS[1:]]
        report = import_claimreviews(store, _jsonl(tmp_path, changed, "v2.jsonl"))
        assert (report.added, report.updated, report.unchanged) == (0, 1, 2)
        assert revision(store) != before
        index = load_index(store, use_cache=False)
        ratings = {r.review["url"]: r.review["rating"] for r in index.reviews}
        assert ratings[REVIEWS[0]["url"]] == "False"


def test_db_bad_lines_are_reported_and_nothing_else_is_lost(tmp_path: Path) -> None:
    no_claim = {k: v for k, v in REVIEWS[0].items() if k != "claimReviewed"} | {"url": "https://factcheck.example/x"}
    path = _jsonl(tmp_path, REVIEWS, extra=["{truncated", json.dumps(no_claim)])
    with open_store(tmp_path / "s.sqlite") as store:
        report = import_claimreviews(store, path)
        assert [(f.where, f.error.code) for f in report.failed] == [("line 4", "E652"), ("line 5", "E654")]
        assert report.added == 3 and count_reviews(store) == 3


def test_db_index_is_cached_beside_the_store_and_rebuilt_on_change(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite") as store:
        import_claimreviews(store, _jsonl(tmp_path, REVIEWS[:2]))
        index = load_index(store)
        folder = cache_folder(store)
        assert folder is not None and (folder / "meta.json").is_file()
        assert len(load_index(store)) == 2
        import_claimreviews(store, _jsonl(tmp_path, REVIEWS, "all.jsonl"))
        rebuilt = load_index(store)
        assert len(rebuilt) == 3 and rebuilt.revision != index.revision


def test_db_empty_store_is_a_coded_error(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite") as store, pytest.raises(FactCheckError) as info:
        load_index(store)
    assert info.value.code == "E655"


def test_db_postgresql_store_imports_and_indexes(tmp_path: Path, postgres_url: str) -> None:
    path = _jsonl(tmp_path, REVIEWS)
    with open_store(postgres_url) as store:
        assert import_claimreviews(store, path).added == 3
        assert import_claimreviews(store, path).unchanged == 3
        index = load_index(store, use_cache=False)
        assert sorted(r.review["publisher"] for r in index.reviews) == ["Example Checks"] * 3
        assert index.vectors.shape == (3, 384)
