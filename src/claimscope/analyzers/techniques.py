"""Persuasion techniques (SemEval-2023 Task 3, 23 labels), per paragraph and as word spans.

Model: a fine-tuned truncated multilingual-e5-small (``claimscope/models/semeval``, see its
MODEL_CARD.md) run with onnxruntime; spans come from its token head and a short lexicon.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from claimscope.analyzers.base import AnalyzerInfo
from claimscope.model import Analysis, Annotation, Span
from claimscope.semeval.explanations import TECHNIQUE_EXPLANATIONS

EXPLANATIONS = TECHNIQUE_EXPLANATIONS


def paragraph_ranges(result: Analysis) -> tuple[tuple[int, int], ...]:
    return tuple((p.start, p.end) for p in result.article.paragraphs if p.end > p.start)


def predict(result: Analysis):  # type: ignore[no-untyped-def]
    """The shared (cached) prediction for this article; loads the model on first use."""
    from claimscope.errors import AnalyzerError
    from claimscope.semeval.predictor import MODEL_DIR, predict_cached

    if not (MODEL_DIR / "encoder.onnx").is_file():
        raise AnalyzerError("E402", name="techniques.v1", detail=f"{MODEL_DIR / 'encoder.onnx'} is missing")
    return predict_cached(result.text, paragraph_ranges(result), result.language)


class TechniquesAnalyzer:
    """Flags the 23 techniques per paragraph, with the exact words where the model localises them."""

    info: ClassVar[AnalyzerInfo] = AnalyzerInfo(
        name="techniques.v1",
        provides=("techniques",),
        description="SemEval-2023 Task 3 persuasion techniques, paragraph and span level",
    )

    def __init__(self, *, min_score: float = 0.0) -> None:
        self.min_score = min_score

    def __call__(self, result: Analysis) -> Sequence[Annotation]:
        paragraphs = [p for p in result.article.paragraphs if p.end > p.start]
        if not paragraphs:
            return ()
        pred = predict(result)
        out = []
        for hit in pred.techniques:
            if hit.score < self.min_score:
                continue
            out.append(
                Annotation(
                    label=hit.technique,
                    span=Span(hit.start, hit.end, hit.technique),
                    score=hit.score,
                    analyzer=self.info.name,
                    data={
                        "technique": hit.technique,
                        "paragraph": paragraphs[hit.paragraph].id,
                        "level": hit.level,
                        "evidence": hit.evidence,
                        "explanation": EXPLANATIONS[hit.technique],
                    },
                )
            )
        return tuple(out)
