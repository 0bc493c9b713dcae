"""The techniques, frames and genre analyzers on hand-built articles (needs the shipped model)."""

from __future__ import annotations

import pytest

from claimscope.analyzers.base import Analyzer
from claimscope.analyzers.frames import FramesAnalyzer
from claimscope.analyzers.genre import GenreAnalyzer
from claimscope.analyzers.techniques import EXPLANATIONS, TechniquesAnalyzer
from claimscope.model import Article
from claimscope.semeval.data import FRAMES, TECHNIQUES
from claimscope.semeval.predictor import MODEL_DIR
from tests.conftest import make_analysis

needs_model = pytest.mark.skipif(not (MODEL_DIR / "encoder.onnx").is_file(), reason="no exported model shipped")


def test_techniques_explanations_cover_every_label() -> None:
    assert set(EXPLANATIONS) == set(TECHNIQUES)
    assert all(len(v) < 120 and "\n" not in v for v in EXPLANATIONS.values())


@pytest.mark.parametrize("cls", [TechniquesAnalyzer, FramesAnalyzer, GenreAnalyzer])
def test_techniques_analyzers_follow_protocol(cls: type) -> None:
    assert isinstance(cls(), Analyzer)
    assert cls.info.name.endswith(".v1")


@pytest.fixture(scope="module")
def seed_result(seed_text: str):  # type: ignore[no-untyped-def]
    return make_analysis(Article.from_text(seed_text))


@needs_model
@pytest.mark.slow
@pytest.mark.parametrize(
    ("technique", "words"),
    [("Loaded_Language", "chair à canon"), ("Name_Calling-Labeling", "terroristes")],
)
def test_techniques_seed_article_spans(seed_result, technique: str, words: str) -> None:  # type: ignore[no-untyped-def]
    anns = TechniquesAnalyzer()(seed_result)
    spans = [a for a in anns if a.label == technique and a.data["level"] == "span"]
    texts = [seed_result.text[a.span.start : a.span.end] for a in spans]
    assert any(words in t.lower() for t in texts), texts


@needs_model
@pytest.mark.slow
def test_techniques_annotations_match_contract(seed_result) -> None:  # type: ignore[no-untyped-def]
    anns = TechniquesAnalyzer()(seed_result)
    assert anns
    para_ids = {p.id: p for p in seed_result.article.paragraphs}
    for a in anns:
        d = a.to_dict(seed_result.text)
        assert {"technique", "paragraph", "start", "end", "score", "explanation"} <= d.keys()
        assert d["technique"] in TECHNIQUES and 0 <= d["score"] <= 1
        p = para_ids[d["paragraph"]]
        assert p.start <= d["start"] < d["end"] <= p.end
        if d["level"] == "paragraph":
            assert (d["start"], d["end"]) == (p.start, p.end)


@needs_model
@pytest.mark.slow
def test_techniques_frames_and_genre(seed_result) -> None:  # type: ignore[no-untyped-def]
    frames = FramesAnalyzer()(seed_result)
    assert frames and all(f.data["frame"] in FRAMES for f in frames)
    (genre,) = GenreAnalyzer()(seed_result)
    assert genre.data["label"] in {"opinion", "reporting", "satire"}
    assert sum(genre.data["scores"].values()) == pytest.approx(1, abs=1e-3)


def test_techniques_empty_article_gives_nothing() -> None:
    result = make_analysis(Article.from_blocks([]))
    assert TechniquesAnalyzer()(result) == ()
    assert GenreAnalyzer()(result) == ()
