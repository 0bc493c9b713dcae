from __future__ import annotations

import pytest

from claimscope.model import Annotation, Article, Span
from claimscope.model.analysis import SCHEMA, AnalyzerFailure
from claimscope.report import validate
from tests.conftest import make_analysis


def test_analysis_layers_are_append_only(small_article: Article) -> None:
    result = make_analysis(small_article).with_layer("techniques", ())
    with pytest.raises(ValueError, match="append-only"):
        result.with_layer("techniques", ())


def test_analysis_with_layer_returns_a_new_object(small_article: Article) -> None:
    base = make_analysis(small_article)
    added = base.with_layer("frames", (Annotation("Political", data={"frame": "Political"}, score=0.7),))
    assert base.layer("frames") == ()
    assert added.layer("frames")[0].label == "Political"


def test_analysis_to_dict_follows_the_contract(small_article: Article) -> None:
    genre = Annotation("reporting", score=0.8, data={"label": "reporting", "scores": {"reporting": 0.8}})
    result = make_analysis(small_article, layers={"genre": (genre,)}).with_error(
        AnalyzerFailure("frames.v1", "E402", "model missing")
    )
    out = result.to_dict()
    assert out["schema"] == SCHEMA
    assert out["genre"]["label"] == "reporting"
    assert out["frames"] == [] and out["claims"] == []
    assert out["errors"] == [{"analyzer": "frames.v1", "code": "E402", "message": "model missing"}]
    assert out["metadata"]["language"] == "fr"
    assert validate(out) == []


def test_analysis_summary_flags_a_single_source(small_article: Article) -> None:
    src = Annotation(
        "named_outlet",
        data={
            "id": "src0",
            "name": "Lekolin",
            "kind": "named_outlet",
            "entity": None,
            "mentions": [{"start": 34, "end": 41}],
        },
    )
    claims = tuple(
        Annotation(
            "claim",
            Span(p.start, p.end),
            data={
                "id": f"c{i}",
                "sentence": None,
                "checkworthiness": 0.9,
                "sources": ["src0"],
                "status": "attributed",
                "status_cues": [],
                "entities": [],
            },
        )
        for i, p in enumerate(small_article.paragraphs[1:])
    )
    out = make_analysis(small_article, layers={"sources": (src,), "claims": claims}).to_dict()
    assert out["summary"]["claims_by_status"] == {"attributed": 2}
    assert any("single source: Lekolin" in f for f in out["summary"]["flags"])
    assert validate(out) == []
