"""Genre of the article (SemEval-2023 Task 3 subtask 1): opinion, reporting or satire."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from claimscope.analyzers.base import AnalyzerInfo
from claimscope.analyzers.techniques import predict
from claimscope.model import Analysis, Annotation
from claimscope.semeval.explanations import GENRE_EXPLANATIONS


class GenreAnalyzer:
    """One annotation: the most likely genre and the scores of all three."""

    info: ClassVar[AnalyzerInfo] = AnalyzerInfo(
        name="genre.v1", provides=("genre",), description="SemEval-2023 Task 3 genre (article level)"
    )

    def __call__(self, result: Analysis) -> Sequence[Annotation]:
        if not any(p.end > p.start for p in result.article.paragraphs):
            return ()
        pred = predict(result)
        scores = {g: round(s, 4) for g, s in pred.genre_scores.items()}
        return (
            Annotation(
                label=pred.genre,
                score=pred.genre_scores[pred.genre],
                analyzer=self.info.name,
                data={"label": pred.genre, "scores": scores, "explanation": GENRE_EXPLANATIONS[pred.genre]},
            ),
        )
