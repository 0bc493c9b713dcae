"""The shipped re-ranker: two logistic regressions over the pair features, numpy only.

``models/factcheck/reranker.json`` holds, per model, the feature names, standardisation, weights,
intercept and the match threshold chosen on data (see ``MODEL_CARD.md`` beside it):

- ``mono``: every feature, for a query in the review's language;
- ``cross``: the language-independent features only (``features.CROSS_FEATURES``), for a query
  in another language than the review.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Self

import numpy as np

from claimscope.errors import FactCheckError
from claimscope.factcheck.features import FEATURES, column_indices

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "factcheck"
MODEL_FILE = MODEL_DIR / "reranker.json"


@dataclass(frozen=True)
class LinearModel:
    """A standardised logistic regression over named features, stored as JSON weights."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    KNOWN: ClassVar[tuple[str, ...]] = FEATURES  # the feature names a file may use

    def __post_init__(self) -> None:
        object.__setattr__(self, "_columns", self.columns(self.features))

    @staticmethod
    def columns(names: tuple[str, ...]) -> np.ndarray:
        """Where each named feature sits in the matrix ``probabilities`` is given."""
        return column_indices(names)

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        """P(match) for each row of a (n, len(KNOWN)) feature matrix."""
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
        }

    @classmethod
    def extra_fields(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Fields a subclass adds to the stored ones (none here)."""
        return {}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        features = tuple(data["features"])
        unknown = set(features) - set(cls.KNOWN)
        if unknown:
            raise ValueError(f"unknown features {sorted(unknown)}")
        return cls(
            features=features,
            mean=np.asarray(data["mean"], dtype=np.float32),
            scale=np.asarray(data["scale"], dtype=np.float32),
            coef=np.asarray(data["coef"], dtype=np.float32),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            **cls.extra_fields(data),
        )


@dataclass(frozen=True)
class ModelPair:
    """One model for a review in the claim's language (``mono``), one for another (``cross``)."""

    mono: LinearModel
    cross: LinearModel
    meta: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"mono": self.mono.to_dict(), "cross": self.cross.to_dict(), "meta": self.meta}

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")


class Reranker(ModelPair):
    """The re-ranker: orders a claim's candidates."""


def read_reranker(path: Path) -> Reranker:
    """Raises FactCheckError E656 when the file is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Reranker(LinearModel.from_dict(data["mono"]), LinearModel.from_dict(data["cross"]), data.get("meta", {}))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FactCheckError("E656", detail=f"{path}: {exc}") from exc


@lru_cache(maxsize=1)
def load_reranker() -> Reranker:
    return read_reranker(MODEL_FILE)
