"""Fact-checks in the store: import, idempotency, updates, bad lines, the cached index; SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from claimscope.errors import FactCheckError
from claimscope.factcheck.db import (
    cache_folder,
    count_reviews,
    embed_missing,
    field_vectors_table,
    import_claimreviews,
    load_index,
    revision,
)
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


# -- headline and description vectors (schema 0003) --------------------------------------------

HEADED = [
    {**review, "name": name, "description": description}
    for review, (name, description) in zip(
        REVIEWS,
        [
            ("Does Video Show a 10-Meter-Long Anaconda?", "The anaconda is one of the largest snakes in the world."),
            ("Biden: No Legislating by Executive Order", ""),
            ("Pelosi Resignation Promise", "Did the Speaker say she would quit if Trump won?"),
        ],
        strict=True,
    )
]
HEADED_FIELDS = 5  # three headlines, two non-empty descriptions


class CountingEmbedder:
    """e5 passages, counting the texts embedded."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        from claimscope.encoder.e5 import embed_passages

        self.texts += texts
        return embed_passages(texts)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "s.sqlite")
    return str(request.getfixturevalue("postgres_url"))


def _as_schema_0002(store_url: str) -> None:
    """Make the store what claimscope of schema 0002 left: no field-vector table, version 2."""
    with open_store(store_url) as store, store.transaction() as conn:
        conn.execute(sa.text("DROP TABLE factcheck_field_vectors"))
        conn.execute(sa.text("DELETE FROM claimscope_schema WHERE version = 3"))


def test_db_import_embeds_headline_and_description_once(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, HEADED)
    with open_store(tmp_path / "s.sqlite") as store:
        first = import_claimreviews(store, path, embed=CountingEmbedder())
        counter = CountingEmbedder()
        second = import_claimreviews(store, path, embed=counter)
        assert (first.embedded, first.fields_embedded) == (3, HEADED_FIELDS)
        assert (second.embedded, second.fields_embedded, counter.texts) == (0, 0, [])
        index = load_index(store, use_cache=False)
        stored = {name: index.fields.stored[name].tolist() for name in ("title", "description")}
        assert stored == {"title": [True, True, True], "description": [True, False, True]}
        assert index.missing_fields() == []


def test_db_changed_description_re_embeds_that_review_only(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite") as store:
        import_claimreviews(store, _jsonl(tmp_path, HEADED))
        changed = [{**HEADED[0], "description": ""}, *HEADED[1:]]
        counter = CountingEmbedder()
        report = import_claimreviews(store, _jsonl(tmp_path, changed, "v2.jsonl"), embed=counter)
        assert (report.updated, report.embedded, report.fields_embedded) == (1, 1, 1)
        assert counter.texts == [HEADED[0]["claimReviewed"], HEADED[0]["name"]]
        with store.reading() as conn:
            fields = conn.execute(sa.select(sa.func.count()).select_from(field_vectors_table)).scalar_one()
        assert fields == HEADED_FIELDS - 1  # the removed description's vector went with it


def test_db_store_of_schema_0002_upgrades_and_embed_missing_fills_it(tmp_path: Path, store_url: str) -> None:
    path = _jsonl(tmp_path, HEADED)
    with open_store(store_url) as store:
        import_claimreviews(store, path)
    _as_schema_0002(store_url)
    with open_store(store_url) as store:
        assert store.schema_version == 3
        assert sa.inspect(store.engine).has_table("factcheck_field_vectors")
        index = load_index(store, use_cache=False)
        assert len(index.missing_fields()) == HEADED_FIELDS and not index.fields.stored["title"].any()
        before = revision(store)
        counter = CountingEmbedder()
        report = embed_missing(store, embed=counter)
        assert (report.embedded, report.fields_embedded, len(counter.texts)) == (0, HEADED_FIELDS, HEADED_FIELDS)
        assert revision(store) != before  # a cached index is rebuilt with the new vectors
        assert load_index(store, use_cache=False).missing_fields() == []
        again = embed_missing(store, embed=CountingEmbedder())
        reimport = import_claimreviews(store, path, embed=CountingEmbedder())
        assert (again.embedded, again.fields_embedded) == (0, 0)
        assert (reimport.unchanged, reimport.embedded, reimport.fields_embedded) == (3, 0, 0)


def test_db_re_import_fills_a_store_of_schema_0002(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, HEADED)
    with open_store(tmp_path / "s.sqlite") as store:
        import_claimreviews(store, path)
    _as_schema_0002(str(tmp_path / "s.sqlite"))
    with open_store(tmp_path / "s.sqlite") as store:
        counter = CountingEmbedder()
        report = import_claimreviews(store, path, embed=counter)
        assert (report.unchanged, report.embedded, report.fields_embedded) == (3, 0, HEADED_FIELDS)
        assert HEADED[0]["claimReviewed"] not in counter.texts


def test_db_field_vectors_match_what_the_encoder_gives(tmp_path: Path) -> None:
    from claimscope.encoder.e5 import embed_passages

    with open_store(tmp_path / "s.sqlite") as store:
        import_claimreviews(store, _jsonl(tmp_path, HEADED))
        index = load_index(store)
        cached = load_index(store)  # from the cache folder: the field vectors survive save/load
    expected = embed_passages([HEADED[2]["name"]])[0]
    for idx in (index, cached):
        row = next(i for i, r in enumerate(idx.reviews) if r.review["url"] == HEADED[2]["url"])
        assert idx.reviews[row].description == HEADED[2]["description"]
        assert np.allclose(idx.fields.vectors["title"][row].astype(np.float32), expected, atol=2e-3)
