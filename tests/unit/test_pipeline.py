from __future__ import annotations

from typing import ClassVar

import pytest

from claimscope.analyzers.base import AnalyzerInfo
from claimscope.errors import AnalyzerError, PipelineError
from claimscope.model import Analysis, Annotation, Article, Span
from claimscope.pipeline import Pipeline


class Upper:
    info: ClassVar[AnalyzerInfo] = AnalyzerInfo(name="upper.v1", provides=("upper",))

    def __call__(self, result: Analysis) -> list[Annotation]:
        return [
            Annotation("UP", Span(s.start, s.end)) for s in result.parsed.sentences if result.text[s.start].isupper()
        ]


class CountUpper:
    info: ClassVar[AnalyzerInfo] = AnalyzerInfo(name="count.v1", provides=("count",), requires=("upper",))

    def __call__(self, result: Analysis) -> list[Annotation]:
        return [Annotation("n", score=len(result.layer("upper")) / 10)]


class Broken:
    info: ClassVar[AnalyzerInfo] = AnalyzerInfo(name="broken.v1", provides=("broken",))

    def __call__(self, result: Analysis) -> list[Annotation]:
        raise RuntimeError("boom")


@pytest.fixture()
def article() -> Article:
    return Article.from_blocks([("Premier paragraphe ici.", "body"), ("second paragraphe.", "body")])


def test_pipeline_runs_analyzers_in_order(article: Article) -> None:
    result = Pipeline([Upper(), CountUpper()])(article, lang="fr")
    assert len(result.layer("upper")) == 1
    assert result.layer("count")[0].score == pytest.approx(0.1)
    assert result.language == "fr"
    assert set(result.timings) >= {"nlp", "upper", "count"}


def test_pipeline_rejects_missing_layer_when_built() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline([CountUpper()])
    assert info.value.code == "E302"


def test_pipeline_rejects_duplicate_provider_when_built() -> None:
    class Upper2(Upper):
        info: ClassVar[AnalyzerInfo] = AnalyzerInfo(name="upper.v2", provides=("upper",))

    with pytest.raises(PipelineError) as info:
        Pipeline([Upper(), Upper2()])
    assert info.value.code == "E303"


def test_pipeline_records_a_failing_analyzer(article: Article) -> None:
    result = Pipeline([Broken(), Upper()])(article, lang="fr")
    assert [(e.analyzer, e.code) for e in result.errors] == [("broken.v1", "E401")]
    assert "boom" in result.errors[0].message
    assert result.layer("upper")


def test_pipeline_raises_with_policy_raise(article: Article) -> None:
    with pytest.raises(AnalyzerError) as info:
        Pipeline([Broken()], on_error="raise")(article, lang="fr")
    assert info.value.code == "E401"


def test_pipeline_rejects_unknown_analyzer_name() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline(["no-such.v1"])
    assert info.value.code == "E301"


def test_analyzer_info_requires_a_version() -> None:
    with pytest.raises(ValueError, match="version"):
        AnalyzerInfo(name="claims", provides=("claims",))
