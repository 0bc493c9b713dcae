"""The shipped match decision: is a ranked review a check of the claim? Numpy only.

``models/factcheck/matcher.json`` holds two logistic regressions over ``match_features``
(``mono`` for a review in the claim's language, ``cross`` for one in another language), each with
its standardisation, weights, the probability threshold and the most matches flagged per claim,
chosen by repeated grouped cross-validation (``python -m claimscope.factcheck.training``; the
figures are in ``MODEL_CARD.md``). The re-ranker (``rerank.py``) orders the candidates; this model
says which of the first five are matches.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from claimscope.errors import FactCheckError
from claimscope.factcheck.match_features import MATCH_FEATURES, match_columns
from claimscope.factcheck.rerank import MODEL_DIR, LinearModel, ModelPair

MATCH_FILE = MODEL_DIR / "matcher.json"


@dataclass(frozen=True)
class MatchModel(LinearModel):
    """A re-ranker-shaped model over ``match_features``, with the most matches flagged per claim."""

    max_matches: int = 1  # flagged per claim at most: the most probable ones

    KNOWN: ClassVar[tuple[str, ...]] = MATCH_FEATURES

    @staticmethod
    def columns(names: tuple[str, ...]) -> np.ndarray:
        return match_columns(names)

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "max_matches": int(self.max_matches)}

    @classmethod
    def extra_fields(cls, data: dict[str, Any]) -> dict[str, Any]:
        return {"max_matches": int(data.get("max_matches", 1))}


class MatchDecider(ModelPair):
    """The match decision: which of the ranked candidates are checks of the claim."""

    mono: MatchModel
    cross: MatchModel


def decide(probabilities: np.ndarray, thresholds: np.ndarray, max_matches: np.ndarray | int) -> np.ndarray:
    """Match flags for one claim's ranked candidates: at or above the threshold, and among the
    ``max_matches`` most probable of them (ties: the better ranked)."""
    p = np.asarray(probabilities, dtype=np.float64)
    flags = p >= np.asarray(thresholds)
    cap = int(np.min(max_matches)) if np.ndim(max_matches) else int(max_matches)
    if flags.sum() > cap:
        keep = np.argsort(-np.where(flags, p, -1.0), kind="stable")[:cap]
        capped = np.zeros_like(flags)
        capped[keep] = True
        flags &= capped
    return flags


def read_match_model(path: Path) -> MatchDecider:
    """Raises FactCheckError E656 when the file is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return MatchDecider(
            MatchModel.from_dict(data["mono"]), MatchModel.from_dict(data["cross"]), data.get("meta", {})
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FactCheckError("E656", detail=f"{path}: {exc}") from exc


@lru_cache(maxsize=1)
def load_match_model() -> MatchDecider:
    return read_match_model(MATCH_FILE)
