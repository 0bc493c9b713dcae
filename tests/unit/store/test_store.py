from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from claimscope.model import Article
from claimscope.store import StoreError, open_store
from claimscope.store._migrate import discover
from claimscope.store.fingerprint import containment, jaccard, minhash_of
from tests.conftest import make_analysis


def analysis(
    title: str,
    *paragraphs: str,
    url: str | None = None,
    canonical: str | None = None,
    published: str | None = None,
    claims: tuple[str, ...] = (),
    language: str = "fr",
) -> dict[str, Any]:
    article = Article.from_blocks([(title, "title"), *((p, "body") for p in paragraphs)])
    data = make_analysis(article, language=language).to_dict()
    data["input"]["url"] = url
    data["input"]["kind"] = "url" if url else "text"
    data["metadata"].update(canonical_url=canonical, published=published)
    data["claims"] = [
        {"id": f"c{i}", "text": text, "start": data["text"].index(text), "end": data["text"].index(text) + len(text)}
        for i, text in enumerate(claims)
    ]
    return data


STORY = analysis(
    "Kiev demande des combattants",
    "Selon Lekolin, la réunion a eu lieu le 18 juin à Idleb entre deux délégations.",
    "Le ministère a démenti toute rencontre avec les responsables du groupe.",
    url="https://www.example.org/news/kiev",
    canonical="https://example.org/news/kiev",
    published="2024-11-19",
    claims=("Selon Lekolin, la réunion a eu lieu le 18 juin à Idleb entre deux délégations.",),
)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "corpus.sqlite")
    return str(request.getfixturevalue("postgres_url"))


def test_store_add_is_idempotent(store_url: str) -> None:
    with open_store(store_url) as store:
        first = store.add(STORY, embed=False)
        again = store.add(STORY, embed=False)
        assert first == (first[0], True)
        assert again == (first[0], False)
        assert store.count() == 1
        record = store.get(first[0])
    assert record.title == "Kiev demande des combattants"
    assert record.site == "example.org"
    assert record.published == "2024-11-19"
    assert record.analysis is not None and record.analysis["text"] == STORY["text"]


def test_store_same_canonical_url_on_same_site_replaces_the_record(store_url: str) -> None:
    updated = analysis(
        "Kiev demande des combattants (mis à jour)",
        "Selon Lekolin, la réunion a eu lieu le 18 juin à Idleb entre deux délégations.",
        url="https://example.org/news/kiev?utm=x",
        canonical="https://example.org/news/kiev",
    )
    with open_store(store_url) as store:
        article_id, _ = store.add(STORY, embed=False)
        assert store.add(updated, embed=False) == (article_id, False)
        assert store.count() == 1
        assert store.get(article_id).title == "Kiev demande des combattants (mis à jour)"
        assert [hit.article.id for hit in store.search("mis à jour")] == [article_id]


def test_store_syndicated_copy_on_another_site_is_its_own_record(store_url: str) -> None:
    copy = analysis(
        "Kiev demande des combattants",
        "Selon Lekolin, la réunion a eu lieu le 18 juin à Idleb entre deux délégations.",
        url="https://reprints.test/a/1",
        canonical="https://example.org/news/kiev",
    )
    with open_store(store_url) as store:
        first, _ = store.add(STORY, embed=False)
        second, created = store.add(copy, embed=False)
    assert created and second != first


def test_store_same_text_at_another_url_is_another_record(store_url: str) -> None:
    copy = dict(STORY, input={**STORY["input"], "url": "https://mirror.test/kiev"})
    copy["metadata"] = {**STORY["metadata"], "canonical_url": None}
    with open_store(store_url) as store:
        first, _ = store.add(STORY, embed=False)
        second, created = store.add(copy, embed=False)
        assert created and second != first
        assert store.add(copy, embed=False) == (second, False)
        assert store.get(second).site == "mirror.test"


def test_store_add_many_is_one_transaction_with_the_same_identity_rules(store_url: str) -> None:
    other = analysis("Autre", "Un autre texte assez long pour être un article à part entière.")
    with open_store(store_url) as store:
        results = store.add_many([STORY, other, STORY], embed=False)
        assert [created for _, created in results] == [True, True, False]
        assert results[0][0] == results[2][0]
        with pytest.raises(StoreError):
            store.add_many([analysis("Encore", "Un texte de plus, assez long pour compter."), {"schema": "x"}])
        assert store.count() == 2


def test_store_keeps_a_very_long_text_searchable(store_url: str) -> None:
    words = " ".join(f"mot{i}" for i in range(150_000))  # a tsvector of all of it would pass 1 MB
    long_story = analysis("Très long", "Un début d'article assez long pour compter ici.", words)
    with open_store(store_url) as store:
        article_id, _ = store.add(long_story, embed=False)
        assert [h.article.id for h in store.search("début")] == [article_id]
        assert store.get(article_id).analysis["text"].endswith("mot149999")


def test_store_search_finds_text_and_claims(store_url: str) -> None:
    other = analysis("Météo", "Il pleuvra demain sur toute la Bretagne et la Normandie, selon les prévisions.")
    with open_store(store_url) as store:
        article_id, _ = store.add(STORY, embed=False)
        store.add(other, embed=False)
        hits = store.search("réunion Idleb")
        assert [h.article.id for h in hits] == [article_id]
        assert [c["id"] for c in hits[0].claims] == ["c0"]
        assert store.search("ministère")[0].claims == ()
        assert store.search("Bretagne")[0].article.title == "Météo"
        assert store.search("absentword") == []
        assert store.search("  ") == []


def test_store_list_filters_and_export(store_url: str) -> None:
    other = analysis("Autre", "Un autre texte assez long pour être un article à part entière.", published="2023-01-02")
    with open_store(store_url) as store:
        store.add(STORY, embed=False)
        store.add(other, embed=False)
        assert [a.title for a in store.list()] == ["Kiev demande des combattants", "Autre"]
        assert [a.title for a in store.list(site="www.example.org")] == ["Kiev demande des combattants"]
        assert [a.title for a in store.list(until="2023-12-31")] == ["Autre"]
        assert [a.title for a in store.list(limit=1, offset=1)] == ["Autre"]
        assert [a["metadata"]["title"] for a in store.export()] == ["Kiev demande des combattants", "Autre"]


def test_store_get_missing_raises_e608(store_url: str) -> None:
    with open_store(store_url) as store, pytest.raises(StoreError) as err:
        store.get(42)
    assert err.value.code == "E608"


def test_store_rejects_what_is_not_an_analysis(store_url: str) -> None:
    with open_store(store_url) as store, pytest.raises(StoreError) as err:
        store.add({"schema": "other", "text": "x"})
    assert err.value.code == "E609"


def test_store_input_log_keeps_failures_and_successes(store_url: str) -> None:
    with open_store(store_url) as store:
        store.record_failure("a.html", {"code": "E120", "message": "No article text found in a.html"})
        store.record_failure("a.html", {"code": "E120", "message": "No article text found in a.html"})
        assert store.input_status("a.html") == ("failed", None)
        assert store.failed_inputs() == [
            {"input": "a.html", "code": "E120", "message": "No article text found in a.html", "attempts": 2}
        ]
        article_id, _ = store.add(STORY, source="a.html", embed=False)
        assert store.input_status("a.html") == ("done", article_id)
        assert store.failed_inputs() == []
        assert store.input_status("never.html") is None


def test_store_records_every_migration(store_url: str) -> None:
    with open_store(store_url) as store:
        assert store.schema_version == len(discover())
    with open_store(store_url) as store:  # reopening applies nothing twice
        assert store.schema_version == len(discover())


def test_store_fingerprints_round_trip(store_url: str) -> None:
    with open_store(store_url) as store:
        article_id, _ = store.add(STORY, embed=False)
        (fp,) = list(store.iter_fingerprints())
        assert store.unembedded() == [article_id]
    values, shingles, _ = minhash_of(STORY["text"])
    assert fp.article_id == article_id and fp.shingles == shingles
    assert np.array_equal(fp.minhash, values)


def test_store_vectors_of_another_encoder_are_not_read_and_are_listed_for_re_embedding(store_url: str) -> None:
    from dataclasses import replace

    from claimscope.store.fingerprint import MODEL, fingerprint

    with open_store(store_url) as store:
        article_id, _ = store.add(STORY, embed=False)
        fp = fingerprint(STORY["text"], [], embed=False)
        vectors = np.ones((2, 384), dtype=np.float16) / np.sqrt(384)
        old = replace(fp, paragraphs=("p1", "p2"), vectors=vectors, model="multilingual-e5-small")
        store.set_fingerprints(article_id, old)
        assert list(store.iter_vectors()) == []  # another encoder's space: not mixed in
        assert len(list(store.iter_vectors(model="multilingual-e5-small"))) == 2
        assert store.unembedded() == [article_id]
        store.set_fingerprints(article_id, replace(old, model=MODEL))
        assert [(a, p) for a, p, _ in store.iter_vectors()] == [(article_id, 0), (article_id, 1)]
        assert store.unembedded() == []


def test_store_newer_schema_raises_e606(store_url: str) -> None:
    with open_store(store_url) as store, store.transaction() as conn:
        conn.exec_driver_sql(
            "INSERT INTO claimscope_schema (version, description, applied_at) VALUES (999, 'future', 'x')"
        )
    with pytest.raises(StoreError) as err:
        open_store(store_url)
    assert err.value.code == "E606" and "999" in err.value.message


def test_store_read_only_refuses_writes_with_e603(store_url: str) -> None:
    open_store(store_url).close()
    with open_store(store_url, read_only=True) as store:
        assert store.count() == 0
        with pytest.raises(StoreError) as err:
            store.add(STORY, embed=False)
    assert err.value.code == "E603"


def test_store_read_only_file_without_write_permission(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root writes through file permissions; the read_only=True test covers read-only stores")
    path = tmp_path / "ro.sqlite"
    open_store(path).close()
    path.chmod(0o444)
    with open_store(path) as store, pytest.raises(StoreError) as err:
        store.add(STORY, embed=False)
    assert err.value.code == "E603"


def test_store_locked_sqlite_raises_e602(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite"
    open_store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with open_store(path, timeout=0.2) as store, pytest.raises(StoreError) as err:
            store.add(STORY, embed=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert err.value.code == "E602"


def test_store_locked_postgres_table_raises_e602(postgres_url: str) -> None:
    import psycopg

    with open_store(postgres_url, timeout=0.3) as store:
        with psycopg.connect(postgres_url) as holder:
            holder.execute("LOCK TABLE inputs IN ACCESS EXCLUSIVE MODE")
            with pytest.raises(StoreError) as err:
                store.record_failure("a.html", {"code": "E120", "message": "m"})
        assert store.input_status("a.html") is None
    assert err.value.code == "E602"


def test_store_unreachable_postgres_raises_e604() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError) as err:
        open_store(f"postgresql://nobody:secret@127.0.0.1:{port}/corpus", timeout=2)
    assert err.value.code == "E604"
    assert "secret" not in str(err.value)


@pytest.mark.parametrize("url", ["mysql://u@h/db", "http://example.org/db", "", "sqlite+unknown://x"])
def test_store_bad_url_scheme_raises_e605(url: str) -> None:
    with pytest.raises(StoreError) as err:
        open_store(url)
    assert err.value.code == "E605"


@pytest.mark.parametrize("form", ["plain", "sqlite-url"])
def test_store_opens_paths_and_sqlite_urls(tmp_path: Path, form: str) -> None:
    path = tmp_path / "sub" / "c.sqlite"
    url = str(path) if form == "plain" else f"sqlite:///{path}"
    with open_store(url) as store:
        store.add(STORY, embed=False)
    assert path.is_file()
    with open_store(path) as store:
        assert store.count() == 1


def test_store_read_only_missing_file_raises_e607(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as err:
        open_store(tmp_path / "absent.sqlite", read_only=True)
    assert err.value.code == "E607"


def test_fingerprint_containment_of_an_excerpt() -> None:
    full = " ".join(f"mot{i} suivant{i % 7} encore{i % 3}" for i in range(300))
    excerpt = " ".join(full.split()[:300])
    a, size_a, _ = minhash_of(full)
    b, size_b, _ = minhash_of(excerpt)
    j = jaccard(a, b)
    assert 0.2 < j < 0.5
    assert containment(j, size_a, size_b) > 0.85
