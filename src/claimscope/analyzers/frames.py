"""Frames (SemEval-2023 Task 3 subtask 2, 14 labels) of the whole article, with scores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from claimscope.analyzers.base import AnalyzerInfo
from claimscope.analyzers.techniques import predict
from claimscope.model import Analysis, Annotation
from claimscope.semeval.explanations import FRAME_EXPLANATIONS


class FramesAnalyzer:
    """The frames predicted for the article (logistic regressions over the shared encoder), best first."""

    info: ClassVar[AnalyzerInfo] = AnalyzerInfo(
        name="frames.v1", provides=("frames",), description="SemEval-2023 Task 3 frames (article level)"
    )

    def __call__(self, result: Analysis) -> Sequence[Annotation]:
        if not any(p.end > p.start for p in result.article.paragraphs):
            return ()
        pred = predict(result)
        chosen = sorted(pred.frames_predicted, key=lambda f: -pred.frames[f])
        return tuple(
            Annotation(
                label=f,
                score=pred.frames[f],
                analyzer=self.info.name,
                data={"frame": f, "explanation": FRAME_EXPLANATIONS[f]},
            )
            for f in chosen
        )
