"""Encode SemEval articles once per model: paragraph probabilities and the full article vector.

Used by ``claimscope eval semeval`` and the frames/genre training. The cache file is keyed by the
encoder's hash and the article-vector layout, so a new model or layout never reads stale rows.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from claimscope.encoder.use import embed
from claimscope.semeval.article import GROUPS, WIDTH
from claimscope.semeval.data import ISO, SemevalArticle
from claimscope.semeval.predictor import SemevalPredictor

log = logging.getLogger("claimscope.semeval")


@dataclass(frozen=True)
class EncodedArticle:
    probs: np.ndarray  # (P, 23) technique probabilities of every paragraph (task order; USE blend applied)
    vector: np.ndarray  # (WIDTH,) every article feature group
    encoder_probs: np.ndarray | None = None  # (P, 23) the encoder's alone
    use_probs: np.ndarray | None = None  # (P, 23) the USE head's alone (None without a USE head)


def cache_path(pred: SemevalPredictor, cache: Path) -> Path:
    digest = hashlib.sha256((pred.dir / "encoder.onnx").read_bytes()).hexdigest()[:12]
    layout = hashlib.sha256(repr([*GROUPS.items(), "paragraph-use"]).encode()).hexdigest()[:6]
    return Path(cache) / f"semeval-{digest}-{layout}.npz"


def encode_articles(
    pred: SemevalPredictor, articles: Sequence[SemevalArticle], cache: Path | None, *, progress: bool = True
) -> dict[str, EncodedArticle]:
    """Every article's paragraphs through the encoder (and USE), read from / written to ``cache``.

    The cache holds the encoder's paragraph probabilities and USE embeddings; the blend with the
    model's USE head is applied on reading, so a refitted head never reads stale scores.
    """
    path = cache_path(pred, cache) if cache else None
    stored: dict[str, np.ndarray] = dict(np.load(path)) if path and path.is_file() else {}
    out: dict[str, EncodedArticle] = {}
    todo = [a for a in articles if f"v{a.lang}{a.id}" not in stored]
    for a in tqdm(todo, desc="encoding articles", disable=not progress or not todo, unit="article"):
        texts = [p.text for p in a.paragraphs]
        outs = pred.encode(texts)
        probs = np.stack([o.probs for o in outs]) if outs else np.zeros((0, len(pred.techniques)), np.float32)
        use = embed(texts)
        stored[f"p{a.lang}{a.id}"] = probs.astype(np.float32)
        stored[f"u{a.lang}{a.id}"] = use.astype(np.float16)
        stored[f"v{a.lang}{a.id}"] = pred.article_features(outs, texts, ISO.get(a.lang), groups=tuple(GROUPS), use=use)
    for a in articles:
        v = stored[f"v{a.lang}{a.id}"]
        assert v.shape == (WIDTH,)
        use = stored[f"u{a.lang}{a.id}"].astype(np.float32)
        enc = stored[f"p{a.lang}{a.id}"]
        head = pred.use_head_probs(use, ISO.get(a.lang)) if "use_coef" in pred.classifiers and len(use) else None
        out[a.id] = EncodedArticle(pred.technique_probs(enc, use, ISO.get(a.lang)), v, enc, head)
    if path and todo:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, **stored)
        log.info("cached %d encoded articles in %s", len(stored) // 3, path)
    return out
