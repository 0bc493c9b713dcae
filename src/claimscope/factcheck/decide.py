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
from typing import Any

import numpy as np

from claimscope.errors import FactCheckError
from claimscope.factcheck.match_features import MATCH_FEATURES, match_columns
from claimscope.factcheck.rerank import MODEL_DIR

MATCH_FILE = MODEL_DIR / "matcher.json"


@dataclass(frozen=True)
class MatchModel:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    max_matches: int = 1  # flagged per claim at most: the most probable ones

    def __post_init__(self) -> None:
        object.__setattr__(self, "_columns", match_columns(self.features))

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        """P(match) for each row of a (n, len(MATCH_FEATURES)) matrix."""
        x = (matrix[:, self._columns] - self.mean) / self.scale  # type: ignore[attr-defined]
        return 1.0 / (1.0 + np.exp(-(x @ self.coef + self.intercept)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(float(self.intercept), 6),
            "threshold": round(float(self.threshold), 4),
            "max_matches": int(self.max_matches),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatchModel:
        features = tuple(data["features"])
        unknown = set(features) - set(MATCH_FEATURES)
        if unknown:
            raise ValueError(f"unknown match features {sorted(unknown)}")
        return cls(
            features=features,
            mean=np.asarray(data["mean"], dtype=np.float32),
            scale=np.asarray(data["scale"], dtype=np.float32),
            coef=np.asarray(data["coef"], dtype=np.float32),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            max_matches=int(data.get("max_matches", 1)),
        )


@dataclass(frozen=True)
class MatchDecider:
    mono: MatchModel
    cross: MatchModel
    meta: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"mono": self.mono.to_dict(), "cross": self.cross.to_dict(), "meta": self.meta}

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")


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
