"""Run the shipped SemEval model (``claimscope/models/semeval``) on an article: no torch.

The model folder holds ``encoder.onnx`` (fine-tuned layers + heads, fp16 weights cast at load),
``config.json`` (labels, thresholds, span settings) and ``classifiers.npz`` (logistic
regressions for frames and genre over pooled paragraph embeddings).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from claimscope.encoder.runtime import EncoderRuntime, ParagraphOutput
from claimscope.semeval.lexicon import find_lexicon_spans

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "semeval"

POOLED_DIM = 384
ARTICLE_PARAGRAPHS = 8
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class TechniqueHit:
    technique: str
    paragraph: int  # index into the given paragraphs
    start: int  # offsets into the article text
    end: int
    score: float
    level: str  # "paragraph" | "span"


@dataclass
class ArticlePrediction:
    techniques: list[TechniqueHit] = field(default_factory=list)
    paragraph_probs: np.ndarray | None = None  # (P, 23)
    frames: dict[str, float] = field(default_factory=dict)
    frames_predicted: list[str] = field(default_factory=list)
    genre: str = ""
    genre_scores: dict[str, float] = field(default_factory=dict)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


class SemevalPredictor:
    """Techniques (paragraph + span), frames and genre for one article at a time."""

    def __init__(self, model_dir: Path = MODEL_DIR, *, threads: int = 1) -> None:
        self.dir = Path(model_dir)
        self.config: dict[str, Any] = json.loads((self.dir / "config.json").read_text(encoding="utf-8"))
        self.techniques: list[str] = self.config["techniques"]
        self.thresholds = np.array([self.config["thresholds"][t] for t in self.techniques], dtype=np.float32)
        self.runtime = EncoderRuntime(self.dir / "encoder.onnx", max_length=self.config["max_length"], threads=threads)
        clf_path = self.dir / "classifiers.npz"
        self.classifiers = dict(np.load(clf_path)) if clf_path.is_file() else {}

    def encode(self, texts: Sequence[str]) -> list[ParagraphOutput]:
        outs = self.runtime.run(list(texts))
        if "token_coef" in self.classifiers:
            w, b = self.classifiers["token_coef"], self.classifiers["token_intercept"]
            outs = [replace(o, token_probs=_sigmoid(o.hidden @ w.T + b)) for o in outs]  # type: ignore[operator]
        return outs

    def article_features(self, outputs: Sequence[ParagraphOutput]) -> np.ndarray:
        """Article vector for frames/genre from its first paragraphs (headline and lead).

        Mean pooled embedding, mean and max technique probability over the first
        ``ARTICLE_PARAGRAPHS`` paragraphs.
        """
        outputs = list(outputs)[:ARTICLE_PARAGRAPHS]
        if not outputs:
            return np.zeros(POOLED_DIM + 2 * len(self.techniques), dtype=np.float32)
        pooled = np.mean([o.pooled for o in outputs], axis=0)
        probs = np.stack([o.probs for o in outputs])
        return np.concatenate([pooled, probs.mean(0), probs.max(0)]).astype(np.float32)

    def predict(
        self, text: str, paragraphs: Sequence[tuple[int, int]], *, thresholds: np.ndarray | None = None
    ) -> ArticlePrediction:
        """Score ``text``'s paragraphs (character ranges) and the article as a whole."""
        th = self.thresholds if thresholds is None else thresholds
        outputs = self.encode([text[s:e] for s, e in paragraphs])
        pred = ArticlePrediction()
        pred.paragraph_probs = np.stack([o.probs for o in outputs]) if outputs else np.zeros((0, len(th)))
        force = bool(self.config.get("lexicon_force", False))
        for i, ((start, end), out) in enumerate(zip(paragraphs, outputs, strict=True)):
            lex: dict[int, list[tuple[int, int]]] = {}
            for name, s, e in find_lexicon_spans(text, start, end):
                lex.setdefault(self.techniques.index(name), []).append((s, e))
            probs = out.probs.copy()
            if force:
                for k in lex:
                    probs[k] = max(probs[k], th[k])
            assert pred.paragraph_probs is not None
            pred.paragraph_probs[i] = probs
            for k in np.flatnonzero(probs >= th):
                name = self.techniques[k]
                score = float(probs[k])
                pred.techniques.append(TechniqueHit(name, i, start, end, score, "paragraph"))
                spans = self._spans(text, start, out, int(k))
                for s, e in lex.get(int(k), ()):
                    if not any(s < se and ss < e for ss, se, _ in spans):
                        spans.append((s, e, score))
                for s, e, sc in sorted(spans):
                    pred.techniques.append(TechniqueHit(name, i, s, e, sc, "span"))
        if self.classifiers:
            x = self.article_features(outputs)
            self._classify(x, pred)
        return pred

    def _spans(self, text: str, base: int, out: ParagraphOutput, k: int) -> list[tuple[int, int, float]]:
        """Runs of tokens whose token probability passes the span threshold, snapped to whole words."""
        if len(out.token_probs) == 0:
            return []
        p = out.token_probs[:, k]
        tau = float(self.config["span_threshold"])
        keep = p >= tau
        spans: list[tuple[int, int, float]] = []
        i, n = 0, len(p)
        while i < n:
            if not keep[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and keep[j + 1]:
                j += 1
            s, e = base + int(out.offsets[i, 0]), base + int(out.offsets[j, 1])
            s, e = _snap(text, s, e)
            if e > s and _WORD.search(text[s:e]):
                spans.append((s, e, float(p[i : j + 1].max())))
            i = j + 1
        return spans

    def _classify(self, x: np.ndarray, pred: ArticlePrediction) -> None:
        c = self.classifiers
        mu, sd = c["feat_mean"], c["feat_std"]
        z = (x - mu) / sd
        gs = _softmax(z @ c["genre_coef"].T + c["genre_intercept"])
        genres = self.config["genres"]
        pred.genre_scores = {g: float(s) for g, s in zip(genres, gs, strict=True)}
        pred.genre = genres[int(np.argmax(gs))]
        fs = _sigmoid(z @ c["frames_coef"].T + c["frames_intercept"])
        frames = self.config["frames"]
        pred.frames = {f: float(s) for f, s in zip(frames, fs, strict=True)}
        th = float(self.config["frames_threshold"])
        chosen = [f for f, s in zip(frames, fs, strict=True) if s >= th]
        if not chosen:
            chosen = [frames[int(np.argmax(fs))]]
        pred.frames_predicted = chosen


def _snap(text: str, s: int, e: int) -> tuple[int, int]:
    """Grow a character range to whole words and trim surrounding whitespace."""
    while s > 0 and text[s - 1].isalnum():
        s -= 1
    while e < len(text) and text[e].isalnum():
        e += 1
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _cached(model_dir: str, threads: int) -> SemevalPredictor:
    return SemevalPredictor(Path(model_dir), threads=threads)


@lru_cache(maxsize=4)
def predict_cached(text: str, paragraphs: tuple[tuple[int, int], ...]) -> ArticlePrediction:
    """One prediction per article shared by the techniques, frames and genre analyzers."""
    return get_predictor().predict(text, paragraphs)


def get_predictor(model_dir: Path = MODEL_DIR, *, threads: int = 1) -> SemevalPredictor:
    """The process-wide predictor, loaded on first use."""
    with _lock:
        return _cached(str(model_dir), threads)
