"""Span-level evaluation of the technique highlights: SemEval-2023 train span gold and PTC (SemEval-2020 Task 11).

The predictor's highlights (``TechniqueHit`` of level ``span``) are scored with the SemEval-2020
Task 11 partial-credit span F1 (``claimscope.semeval.scoring.score_spans``): technique-blind span
identification (SI), and technique-aware (a highlight counts only against gold spans of its technique).

Only articles the encoder and the token head were not fitted on give honest figures: the model's
held-out train articles (``config.json:dev_articles``). PTC's 371 train articles are the SemEval-2023
English train articles under the same names, so only those among the held-out ones are honest there.
Encoder outputs (token probabilities, offsets, blended paragraph probabilities) are cached per
model so span settings can be re-scored in seconds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from claimscope.encoder.runtime import ParagraphOutput
from claimscope.semeval.data import ISO, SemevalArticle, read_articles, read_label_lines, split_paragraphs
from claimscope.semeval.predictor import SemevalPredictor, TechniqueHit
from claimscope.semeval.scoring import Span, SpanScores, score_spans


@dataclass
class EncodedSpans:
    """What the span cutter needs for one article: its paragraphs, encoder outputs and paragraph probabilities."""

    text: str
    lang: str | None
    paragraphs: list[tuple[int, int]]
    outputs: list[ParagraphOutput]
    probs: np.ndarray  # (P, 23) blended paragraph probabilities, before lexicon forcing


def _cache_file(pred: SemevalPredictor, cache: Path, name: str) -> Path:
    digest = hashlib.sha256((pred.dir / "encoder.onnx").read_bytes()).hexdigest()[:12]
    heads = hashlib.sha256(pred.classifiers["token_coef"].tobytes()).hexdigest()[:6] if pred.classifiers else "none"
    return Path(cache) / f"spans-{name}-{digest}-{heads}-{pred.config.get('use_blend', 0)}.npz"


def encode_for_spans(
    pred: SemevalPredictor,
    texts: Mapping[str, tuple[str, str | None]],
    cache: Path | None,
    *,
    name: str,
    progress: bool = True,
) -> dict[str, EncodedSpans]:
    """``texts`` (id -> (text, ISO language)) through the encoder, token head and USE blend; cached under ``name``."""
    from tqdm import tqdm

    path = _cache_file(pred, cache, name) if cache else None
    stored: dict[str, np.ndarray] = dict(np.load(path)) if path and path.is_file() else {}
    todo = [aid for aid in texts if f"n{aid}" not in stored]
    for aid in tqdm(todo, desc=f"encoding {name}", disable=not progress or not todo, unit="article"):
        text, lang = texts[aid]
        paras = [(p.start, p.end) for p in split_paragraphs(text)]
        chunks = [text[s:e] for s, e in paras]
        outs = pred.encode(chunks)
        enc = np.stack([o.probs for o in outs]) if outs else np.zeros((0, len(pred.techniques)), np.float32)
        probs = pred.technique_probs(enc, pred.use_embeddings(chunks, article=False), lang)
        stored[f"n{aid}"] = np.array([len(o.offsets) for o in outs], dtype=np.int64)
        stored[f"o{aid}"] = (np.concatenate([o.offsets for o in outs]) if outs else np.zeros((0, 2))).astype(np.int32)
        stored[f"t{aid}"] = (
            np.concatenate([o.token_probs for o in outs]) if outs else np.zeros((0, len(pred.techniques)))
        ).astype(np.float16)
        stored[f"p{aid}"] = probs.astype(np.float32)
    if path and todo:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **stored)
    out = {}
    for aid, (text, lang) in texts.items():
        paras = [(p.start, p.end) for p in split_paragraphs(text)]
        cuts = np.cumsum([0, *stored[f"n{aid}"].tolist()])
        offs, toks = stored[f"o{aid}"], stored[f"t{aid}"].astype(np.float32)
        outs = [ParagraphOutput(np.zeros(0), offs[a:b], toks[a:b], np.zeros(0)) for a, b in pairwise(cuts)]
        out[aid] = EncodedSpans(text, lang, paras, outs, stored[f"p{aid}"])
    return out


def predicted_spans(pred: SemevalPredictor, enc: EncodedSpans) -> list[Span]:
    """The highlights the predictor would show for this article, as (technique, start, end)."""
    hits: list[TechniqueHit] = pred.hits(enc.text, enc.paragraphs, enc.outputs, enc.probs.copy(), lang=enc.lang)
    return [(h.technique, h.start, h.end) for h in hits if h.level == "span"]


def semeval_texts(articles: Iterable[SemevalArticle]) -> dict[str, tuple[str, str | None]]:
    return {a.id: (a.text, ISO.get(a.lang)) for a in articles}


def ptc_articles(ptc_dir: Path) -> tuple[dict[str, tuple[str, str | None]], dict[str, list[Span]]]:
    """PTC train texts (English) and their span-identification gold (technique-blind, label ``""``)."""
    texts = {aid: (t, "en") for aid, t in read_articles(Path(ptc_dir) / "train-articles").items()}
    gold: dict[str, list[Span]] = {aid: [] for aid in texts}
    for r in read_label_lines(Path(ptc_dir) / "train-task-si.labels"):
        if len(r) >= 3 and r[0] in gold:
            gold[r[0]].append(("", int(r[1]), int(r[2])))
    return texts, gold


def span_report(
    pred: SemevalPredictor,
    encoded: Mapping[str, EncodedSpans],
    gold: Mapping[str, Sequence[Span]],
    *,
    labelled: bool,
) -> dict[str, Any]:
    """Span scores of the predictor's current span settings on ``gold``'s articles, and highlights per 1,000 words."""
    pred_spans = {aid: predicted_spans(pred, encoded[aid]) for aid in gold}
    s: SpanScores = score_spans(gold, pred_spans, labelled=False)
    words = sum(len(encoded[aid].text.split()) for aid in gold)
    out: dict[str, Any] = {"si": s.to_dict(), "articles": len(gold)}
    if labelled:
        out["labelled"] = score_spans(gold, pred_spans, labelled=True).to_dict()
    out["highlights_per_1000_words"] = round(1000 * sum(len(v) for v in pred_spans.values()) / max(1, words), 1)
    return out


def evaluate_spans(
    pred: SemevalPredictor,
    articles: Sequence[SemevalArticle],
    ptc_dir: Path | None,
    cache: Path | None,
) -> dict[str, dict[str, Any]]:
    """Span F1 of the shipped highlights on ``articles``' span gold (per language and all) and on PTC.

    ``articles`` should be the model's held-out train articles; on PTC only its train articles
    among them are scored (the rest are SemEval-2023 English train articles the model was fitted on).
    """
    held = set(pred.config["dev_articles"])
    out: dict[str, dict[str, Any]] = {}
    enc = encode_for_spans(pred, semeval_texts(articles), cache, name="semeval-heldout")
    gold = {a.id: list(a.spans) for a in articles}
    for lang in [*sorted({a.lang for a in articles}), "all"]:
        mine = {a.id: gold[a.id] for a in articles if lang in ("all", a.lang)}
        out[f"semeval2023 held-out {lang}"] = span_report(pred, enc, mine, labelled=True)
    if ptc_dir is not None and (Path(ptc_dir) / "train-task-si.labels").is_file():
        texts, ptc_gold = ptc_articles(Path(ptc_dir))
        sub = {aid: texts[aid] for aid in texts if aid in held}
        if sub:
            penc = encode_for_spans(pred, sub, cache, name="ptc-heldout")
            row = span_report(pred, penc, {aid: ptc_gold[aid] for aid in sub}, labelled=False)
            row["note"] = (
                f"{len(sub)} of PTC's {len(texts)} train articles; the others are in the model's training data"
            )
            out["ptc train (held-out articles)"] = row
    return out


def with_settings(pred: SemevalPredictor, **settings: Any) -> SemevalPredictor:
    """A shallow copy of ``pred`` whose ``config.json`` span settings are overridden (for tuning)."""
    other = object.__new__(SemevalPredictor)
    other.__dict__.update(pred.__dict__)
    other.config = {**pred.config, **settings}
    return other


__all__ = [
    "EncodedSpans",
    "encode_for_spans",
    "predicted_spans",
    "ptc_articles",
    "semeval_texts",
    "span_report",
    "with_settings",
]
