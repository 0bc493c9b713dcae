from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest

from claimscope.corpus.reprints import (
    ReprintOptions,
    align,
    find_reprints,
    render_clusters,
    render_sites,
    sites_report,
)
from claimscope.model import Article
from claimscope.store import open_store
from tests.conftest import FIXTURES, make_analysis

TEXTS = FIXTURES / "reprints"


def blocks_of(name: str) -> list[str]:
    return [b.strip() for b in (TEXTS / f"{name}.txt").read_text(encoding="utf-8").split("\n\n") if b.strip()]


def analysis(blocks: list[str], *, url: str, language: str, published: str | None) -> dict[str, Any]:
    article = Article.from_blocks([(blocks[0], "title"), *((b, "body") for b in blocks[1:])])
    data = make_analysis(article, language=language).to_dict()
    data["input"].update(kind="url", url=url)
    data["metadata"].update(published=published, canonical_url=url)
    return data


def edited(blocks: list[str]) -> list[str]:
    """Drop the last sentence of two paragraphs, swap a word, add a reprint site's line."""
    out = [blocks[0]]
    for k, block in enumerate(blocks[1:]):
        sentences = re.split(r"(?<=\.)\s+", block)
        out.append(" ".join(sentences[:-1]) if k in (1, 3) and len(sentences) > 1 else block)
    out[2] = out[2].replace("Residents", "People")
    return [*out, "Subscribe to our Telegram channel for more news."]


def by_url(report: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """url -> (cluster id, role)."""
    return {m["input"]["url"]: (c["id"], m["role"]) for c in report["clusters"] for m in c["members"]}


@pytest.fixture()
def lexical_store(tmp_path: Path) -> Any:
    origin = blocks_of("origin.en")
    with open_store(tmp_path / "c.sqlite") as store:
        store.add(analysis(edited(origin), url="https://copy.test/e", language="en", published=None), embed=False)
        store.add(analysis(origin[2:5], url="https://excerpt.test/p", language="en", published=None), embed=False)
        store.add(analysis(origin, url="https://origin.test/o", language="en", published=None), embed=False)
        store.add(analysis(origin, url="https://mirror.test/m", language="en", published=None), embed=False)
        same_event = blocks_of("same-event.en")
        store.add(analysis(same_event, url="https://other.test/s", language="en", published=None), embed=False)
        yield store


def test_reprints_roles_from_the_text_when_dates_are_missing(lexical_store: Any) -> None:
    report = find_reprints(lexical_store)
    roles = by_url(report)
    assert len(report["clusters"]) == 1
    assert roles["https://excerpt.test/p"][1] == "partial"
    assert roles["https://copy.test/e"][1] == "edited"
    # origin and mirror are the same text: either may be the origin, the other is a verbatim reprint
    assert {roles["https://origin.test/o"][1], roles["https://mirror.test/m"][1]} == {"origin", "reprint"}
    assert "https://other.test/s" not in roles  # same event, same people, different text
    origin = report["clusters"][0]["origin"]
    assert origin["input"]["url"] in {"https://origin.test/o", "https://mirror.test/m"}


def test_reprints_origin_is_the_earliest_published(tmp_path: Path) -> None:
    origin = blocks_of("origin.en")
    with open_store(tmp_path / "c.sqlite") as store:
        store.add(analysis(origin, url="https://late.test/a", language="en", published="2024-03-09"), embed=False)
        store.add(
            analysis(origin, url="https://early.test/a", language="en", published="2024-03-02T08:00:00"), embed=False
        )
        store.add(analysis(origin[1:4], url="https://x.test/a", language="en", published="2024-03-05"), embed=False)
        report = find_reprints(store)
    (cluster,) = report["clusters"]
    assert cluster["origin"]["input"]["url"] == "https://early.test/a"
    assert [m["role"] for m in cluster["members"]] == ["origin", "partial", "reprint"]
    assert cluster["members"][0]["similarity"] == 1.0


def test_reprints_translation_matches_and_same_event_articles_stay_apart(tmp_path: Path) -> None:
    """Hard negatives: two other articles on the same flood, in English and French, are not copies."""
    with open_store(tmp_path / "c.sqlite") as store:
        for name, url, lang, day in [
            ("translation.fr", "https://fr.test/t", "fr", "2024-03-06"),
            ("same-event.fr", "https://fr.test/s", "fr", "2024-03-06"),
            ("origin.en", "https://en.test/o", "en", "2024-03-05"),
            ("same-event.en", "https://en.test/s", "en", "2024-03-05"),
        ]:
            store.add(analysis(blocks_of(name), url=url, language=lang, published=day))
        report = find_reprints(store)
    roles = by_url(report)
    assert len(report["clusters"]) == 1
    assert roles["https://en.test/o"][1] == "origin"
    assert roles["https://fr.test/t"][1] == "translation"
    assert "https://en.test/s" not in roles and "https://fr.test/s" not in roles
    member = next(m for m in report["clusters"][0]["members"] if m["role"] == "translation")
    assert member["similarity"] >= 0.8


def test_reprints_align_needs_the_same_order() -> None:
    rng = np.random.default_rng(0)
    a = rng.normal(size=(6, 16)).astype(np.float32)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    same_order, _ = align(a, a.copy(), 0.9)
    shuffled, _ = align(a, a[[5, 4, 3, 2, 1, 0]].copy(), 0.9)
    assert same_order == 6
    assert shuffled == 1


def test_reprints_sites_view_counts_pairs_of_domains() -> None:
    def member(site: str, role: str, day: str | None) -> dict[str, Any]:
        return {"site": site, "role": role, "published": day}

    report = {
        "clusters": [
            {"members": [member("a.test", "origin", "2024-01-01"), member("b.test", "reprint", "2024-01-03")]},
            {"members": [member("a.test", "origin", "2024-02-01"), member("b.test", "partial", "2024-02-09")]},
            {"members": [member("b.test", "origin", "2024-03-01"), member("a.test", "edited", None)]},
        ]
    }
    rows = sites_report(report)["sites"]
    assert rows[0] == {
        "site": "a.test",
        "reprinted_by": "b.test",
        "count": 2,
        "roles": {"partial": 1, "reprint": 1},
        "first": "2024-01-03",
        "last": "2024-02-09",
        "mutual": True,
    }
    assert rows[1]["site"] == "b.test" and rows[1]["count"] == 1 and rows[1]["first"] is None


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_reprints_graph_formats_parse(lexical_store: Any, fmt: str) -> None:
    report = find_reprints(lexical_store)
    text = render_clusters(report, fmt)
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    graph = read(io.BytesIO(text.encode()))
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 3
    sites = read(io.BytesIO(render_sites(sites_report(report), fmt).encode()))
    assert sites.number_of_edges() == 3


def test_reprints_csv_has_one_row_per_member(lexical_store: Any) -> None:
    lines = render_clusters(find_reprints(lexical_store), "csv").splitlines()
    assert lines[0].startswith("cluster,article,role,similarity")
    assert len(lines) == 5


def test_reprints_thresholds_are_options(lexical_store: Any) -> None:
    strict = by_url(find_reprints(lexical_store, ReprintOptions(min_containment=0.99)))
    assert "https://copy.test/e" not in strict  # the edited copy shares less than 99% of its 5-grams
    assert "https://mirror.test/m" in strict


def parallel_set() -> dict[str, dict[str, Any]]:
    rows = [json.loads(line) for line in (TEXTS / "translations.jsonl").read_text(encoding="utf-8").splitlines()]
    return {row["key"]: row for row in rows if row}


def test_reprints_french_original_and_its_english_translation_cluster_apart_from_a_same_event_article(
    tmp_path: Path,
) -> None:
    """The parallel set's drought topic (French original), first four blocks of each: real e5 vectors."""
    rows = parallel_set()
    with open_store(tmp_path / "c.sqlite") as store:
        for key, url in [
            ("drought.en", "https://en.test/t"),
            ("drought.en.other", "https://en.test/s"),
            ("drought.fr", "https://fr.test/o"),
        ]:
            row = rows[key]
            blocks = [row["title"], *row["paragraphs"][:3]]
            store.add(analysis(blocks, url=url, language=row["language"], published=row["published"]))
        report = find_reprints(store)
    roles = by_url(report)
    assert len(report["clusters"]) == 1
    assert report["clusters"][0]["origin"]["input"]["url"] == "https://fr.test/o"  # dated a day earlier
    assert roles["https://fr.test/o"][1] == "origin"
    assert roles["https://en.test/t"][1] == "translation"
    assert "https://en.test/s" not in roles  # same minister, cities and figures, other text
