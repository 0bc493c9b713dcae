"""Run the shipped SemEval model (``claimscope/models/semeval``) on an article: no torch.

The model folder holds ``encoder.onnx`` (fine-tuned layers + heads, fp16 weights cast at load),
``config.json`` (labels, thresholds, span settings, the article feature groups) and
``classifiers.npz`` (token span head; the USE technique head blended with the encoder, see
``claimscope.training.use_head``; logistic regressions for frames and genre over the article
vector of ``claimscope.semeval.article``).
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
from claimscope.semeval.article import GROUPS, USE_GROUPS, article_vector, columns, with_language
from claimscope.semeval.lexicon import find_lexicon_spans

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "semeval"

_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class TechniqueHit:
    technique: str
    paragraph: int  # index into the given paragraphs
    start: int  # offsets into the article text
    end: int
    score: float
    level: str  # "paragraph" | "span"
    evidence: str = "model"  # "model" | "lexicon" (an unmistakable label or stock phrase, semeval/lexicon.py)


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
        if self._needs_use(article=True):
            from claimscope.encoder.use import load_encoder

            load_encoder()  # loaded now, so the first article is not slower than the rest

    def encode(self, texts: Sequence[str]) -> list[ParagraphOutput]:
        outs = self.runtime.run(list(texts))
        if "token_coef" in self.classifiers:
            w, b = self.classifiers["token_coef"], self.classifiers["token_intercept"]
            outs = [replace(o, token_probs=_sigmoid(o.hidden @ w.T + b)) for o in outs]  # type: ignore[operator]
        return outs

    @property
    def blends_use(self) -> bool:
        """Whether technique scores blend in the USE head (``config.json:use_blend``)."""
        return "use_coef" in self.classifiers and float(self.config.get("use_blend", 0)) > 0

    def _needs_use(self, *, article: bool) -> bool:
        """Whether the technique blend or (with ``article``) the frames/genre classifiers read USE."""
        return self.blends_use or (article and bool(USE_GROUPS & set(self.article_groups)))

    def use_embeddings(self, texts: Sequence[str], *, article: bool = True) -> np.ndarray | None:
        """USE paragraph embeddings when the technique blend or the article classifiers need them."""
        if not texts or not self._needs_use(article=article):
            return None
        from claimscope.encoder.use import embed

        return embed(list(texts))

    def technique_probs(self, enc_probs: np.ndarray, use: np.ndarray | None, lang: str | None) -> np.ndarray:
        """Paragraph technique probabilities (P, 23): the encoder's, blended with the USE head's."""
        if not self.blends_use or len(enc_probs) == 0:
            return enc_probs
        assert use is not None, "the USE blend needs the paragraphs' USE embeddings"
        w = float(self.config["use_blend"])
        return ((1 - w) * enc_probs + w * self.use_head_probs(use, lang)).astype(np.float32)

    def use_head_probs(self, use: np.ndarray, lang: str | None) -> np.ndarray:
        """The USE technique head's probabilities (P, 23) for paragraph USE embeddings (P, 512)."""
        return _sigmoid(with_language(use, lang) @ self.classifiers["use_coef"].T + self.classifiers["use_intercept"])

    @property
    def article_groups(self) -> tuple[str, ...]:
        """Feature groups the frames and genre classifiers read (``config.json``)."""
        wanted = set(self.config.get("genre_features", ())) | set(self.config.get("frames_features", ()))
        return tuple(g for g in GROUPS if g in wanted)

    def article_features(
        self,
        outputs: Sequence[ParagraphOutput],
        texts: Sequence[str],
        lang: str | None,
        *,
        groups: Sequence[str] | None = None,
        use: np.ndarray | None = None,
    ) -> np.ndarray:
        """The article vector (full layout of ``claimscope.semeval.article``) over every paragraph."""
        outputs = list(outputs)
        if not outputs:
            return article_vector([], np.zeros((0, 384)), np.zeros((0, len(self.techniques))), lang)
        pooled = np.stack([o.pooled for o in outputs])
        probs = np.stack([o.probs for o in outputs])
        return article_vector(
            texts, pooled, probs, lang, groups=self.article_groups if groups is None else groups, use=use
        )

    def predict(
        self,
        text: str,
        paragraphs: Sequence[tuple[int, int]],
        *,
        lang: str | None = None,
        thresholds: np.ndarray | None = None,
        article: bool = True,
    ) -> ArticlePrediction:
        """Score ``text``'s paragraphs (character ranges) and, unless ``article`` is false, the whole article.

        ``lang`` (ISO 639-1, e.g. ``fr``) feeds the frames/genre classifiers' language feature.
        """
        th = self.thresholds if thresholds is None else thresholds
        texts = [text[s:e] for s, e in paragraphs]
        outputs = self.encode(texts)
        use = self.use_embeddings(texts, article=article)
        pred = ArticlePrediction()
        enc_probs = np.stack([o.probs for o in outputs]) if outputs else np.zeros((0, len(th)), np.float32)
        para_probs = self.technique_probs(enc_probs, use, lang)
        pred.paragraph_probs = para_probs
        pred.techniques = self.hits(text, paragraphs, outputs, para_probs, lang=lang, thresholds=th)
        if article and "genre_features" in self.config:
            self.classify(self.article_features(outputs, texts, lang, use=use), pred)
        return pred

    def hits(
        self,
        text: str,
        paragraphs: Sequence[tuple[int, int]],
        outputs: Sequence[ParagraphOutput],
        para_probs: np.ndarray,
        *,
        lang: str | None = None,
        thresholds: np.ndarray | None = None,
    ) -> list[TechniqueHit]:
        """Paragraph and span hits from the encoder outputs and the (blended) paragraph probabilities.

        Lexicon forcing (``config.json:lexicon_force``) edits ``para_probs`` in place.
        """
        th = self.thresholds if thresholds is None else thresholds
        force = bool(self.config.get("lexicon_force", False))
        hits: list[TechniqueHit] = []
        for i, ((start, end), out) in enumerate(zip(paragraphs, outputs, strict=True)):
            lex: dict[int, list[tuple[int, int]]] = {}
            for name, s, e in find_lexicon_spans(text, start, end):
                lex.setdefault(self.techniques.index(name), []).append((s, e))
            probs = para_probs[i]  # a view: lexicon forcing shows in the caller's array
            if force:
                for k in lex:
                    probs[k] = max(probs[k], th[k])
            for k in np.flatnonzero(probs >= th):
                name = self.techniques[k]
                score = float(probs[k])
                hits.append(TechniqueHit(name, i, start, end, score, "paragraph"))
                if "span_max_words" in self.config:
                    spans = self._phrase_spans(text, start, end, out, int(k), edge_words(lang, 0))
                else:
                    spans = self._spans(text, start, out, int(k), edge_words(lang))
                for s, e in lex.get(int(k), ()):
                    if not any(s < se and ss < e for ss, se, _ in spans):
                        spans.append((s, e, score))
                lexicon = set(lex.get(int(k), ()))
                for s, e, sc in sorted(spans):
                    hits.append(TechniqueHit(name, i, s, e, sc, "span" if (s, e) not in lexicon else "lexicon"))
        return _cap_coverage(hits, len(text), float(self.config.get("span_cover", 0.0)), self.config)

    def _phrase_spans(
        self, text: str, base: int, end: int, out: ParagraphOutput, k: int, trim: frozenset[str] = frozenset()
    ) -> list[tuple[int, int, float]]:
        """Short phrases where technique ``k``'s token probability peaks, at most ``span_max_words`` words.

        Word score = the highest token probability inside the word. A phrase is a run of words at or
        above ``span_threshold`` that no sentence punctuation (and, with ``span_break_comma``, no
        comma) interrupts; words under ``span_relative`` x the run's peak split it; a run longer than
        ``span_max_words`` keeps the window of that many words with the highest total score; function
        words and punctuation at the edges are trimmed. At most ``span_max_per_paragraph`` phrases
        per paragraph and technique (the highest-scoring; 0 = no limit).
        """
        cfg = self.config
        if len(out.token_probs) == 0:
            return []
        tau = float(cfg["span_threshold"])
        rel = float(cfg.get("span_relative", 0.0))
        max_words = int(cfg.get("span_max_words", 0))
        breaks = ".!?;:" + ("," if cfg.get("span_break_comma", False) else "")
        p = out.token_probs[:, k]
        t_start, t_end = base + out.offsets[:, 0], base + out.offsets[:, 1]
        words = []  # (start, end, score or -1 for a break)
        for m in _EDGE_WORD.finditer(text, base, end):
            w = m.group()
            if not w[0].isalnum():
                if w in breaks or w in "()[]":
                    words.append((m.start(), m.end(), -1.0))
                continue
            hit = (t_start < m.end()) & (t_end > m.start())
            words.append((m.start(), m.end(), float(p[hit].max()) if hit.any() else 0.0))
        pieces: list[list[tuple[int, int, float]]] = []
        for run in _runs(words, tau):
            pieces += _runs(run, rel * max(w[2] for w in run))
        spans = []
        for piece in pieces:
            piece = _trim_words(text, piece, trim)
            if max_words and len(piece) > max_words:
                sums = [sum(w[2] for w in piece[i : i + max_words]) for i in range(len(piece) - max_words + 1)]
                i = int(np.argmax(sums))
                piece = _trim_words(text, piece[i : i + max_words], trim)
            if piece and (len(piece) > 1 or _single_word_ok(text, piece[0], cfg)):
                spans.append((piece[0][0], piece[-1][1], max(w[2] for w in piece)))
        cap = int(cfg.get("span_max_per_paragraph", 0))
        if cap and len(spans) > cap:
            spans = sorted(sorted(spans, key=lambda x: -x[2])[:cap])
        return spans

    def _spans(
        self, text: str, base: int, out: ParagraphOutput, k: int, trim: frozenset[str] = frozenset()
    ) -> list[tuple[int, int, float]]:
        """Runs of tokens whose token probability passes the span threshold, snapped to whole words.

        Function words at either edge (``trim``: "les", "de", "the") are dropped, so a highlight
        reads "terroristes", not "les terroristes de".
        """
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
            s, e = _trim_edges(text, *_snap(text, s, e), trim)
            if e > s and _WORD.search(text[s:e]):
                spans.append((s, e, float(p[i : j + 1].max())))
            i = j + 1
        return spans

    def classify(self, x: np.ndarray, pred: ArticlePrediction) -> None:
        """Fill ``pred``'s genre and frames from a full-layout article vector."""
        c = self.classifiers
        zg = (x[columns(self.config["genre_features"])] - c["genre_mean"]) / c["genre_std"]
        gs = _softmax(zg @ c["genre_coef"].T + c["genre_intercept"])
        genres = self.config["genres"]
        pred.genre_scores = {g: float(s) for g, s in zip(genres, gs, strict=True)}
        pred.genre = genres[int(np.argmax(gs))]
        zf = (x[columns(self.config["frames_features"])] - c["frames_mean"]) / c["frames_std"]
        fs = _sigmoid(zf @ c["frames_coef"].T + c["frames_intercept"])
        frames = self.config["frames"]
        pred.frames = {f: float(s) for f, s in zip(frames, fs, strict=True)}
        th = float(self.config["frames_threshold"])
        chosen = [f for f, s in zip(frames, fs, strict=True) if s >= th]
        if not chosen:
            chosen = [frames[int(np.argmax(fs))]]
        pred.frames_predicted = chosen


_EDGE_WORD = re.compile(r"\w+(?:[-\u2010\u2011]\w+)*|[^\w\s]", re.UNICODE)


@lru_cache(maxsize=32)
def edge_words(lang: str | None, max_len: int = 3) -> frozenset[str]:
    """Function words of ``lang``: spaCy's stop-word list, words of at most ``max_len`` letters (0: all)."""
    if not lang:
        return frozenset()
    try:
        import spacy.util

        stop = spacy.util.get_lang_class(lang).Defaults.stop_words
    except (ImportError, KeyError):  # a language spaCy has no class for
        return frozenset()
    return frozenset(w for w in stop if not max_len or len(w) <= max_len)


def _trim_edges(text: str, s: int, e: int, trim: frozenset[str]) -> tuple[int, int]:
    """Drop function words and punctuation at both ends of ``text[s:e]``.

    A span made only of function words ("à la", "qui") comes back empty: it is noise, not a highlight.
    """
    words = [(m.start() + s, m.end() + s, m.group()) for m in _EDGE_WORD.finditer(text[s:e])]

    def weak(w: str) -> bool:  # a function word, an elided article ("l'", "d'") or punctuation
        return w.lower() in trim or not w[0].isalnum() or (bool(trim) and len(w) == 1)

    i, j = 0, len(words)
    while i < j and weak(words[i][2]):
        i += 1
    while j > i and weak(words[j - 1][2]):
        j -= 1
    if i >= j:
        return (s, s) if trim else (s, e)
    return words[i][0], words[j - 1][1]


def _trim_words(text: str, words: list[tuple[int, int, float]], trim: frozenset[str]) -> list[tuple[int, int, float]]:
    """Drop function words ("les", "de", "the") and one-letter words at both ends of a word run."""

    def weak(w: tuple[int, int, float]) -> bool:
        word = text[w[0] : w[1]]
        return word.lower() in trim or (bool(trim) and len(word) == 1)

    i, j = 0, len(words)
    while i < j and weak(words[i]):
        i += 1
    while j > i and weak(words[j - 1]):
        j -= 1
    return words[i:j]


def _cap_coverage(hits: list[TechniqueHit], n_chars: int, cover: float, config: dict[str, Any]) -> list[TechniqueHit]:
    """Keep each technique's highlights within ``cover`` x the text's characters, best-scoring first.

    A highlight scoring ``span_cover_score`` or more and lexicon matches are always kept; ``cover``
    0 keeps everything. Lexicon highlights come back as level ``span``.
    """
    keep_score = float(config.get("span_cover_score", 1.0))
    kept: set[int] = set()
    if cover > 0:
        used: dict[str, int] = {}
        order = sorted((i for i, h in enumerate(hits) if h.level == "span"), key=lambda i: -hits[i].score)
        for i in order:
            h = hits[i]
            size = h.end - h.start
            if h.score >= keep_score:
                kept.add(i)
            elif used.get(h.technique, 0) + size <= cover * n_chars:
                used[h.technique] = used.get(h.technique, 0) + size
                kept.add(i)
    out = []
    for i, h in enumerate(hits):
        if h.level == "lexicon":
            out.append(replace(h, level="span", evidence="lexicon"))
        elif h.level == "paragraph" or cover <= 0 or i in kept:
            out.append(h)
    return out


def _single_word_ok(text: str, word: tuple[int, int, float], config: dict[str, Any]) -> bool:
    """Whether a one-word phrase scores enough to be shown on its own.

    A lone word carries no technique by itself unless the model is sure: ``span_single_min`` for
    any word, ``span_name_min`` for a capitalised one (a name: "Syrie", "HTŞ", "Russie").
    """
    s, e, score = word
    need = float(config.get("span_single_min", 0.0))
    if text[s:e][:1].isupper():
        need = max(need, float(config.get("span_name_min", 0.0)))
    return score >= need


def _runs(words: list[tuple[int, int, float]], floor: float) -> list[list[tuple[int, int, float]]]:
    """The maximal runs of consecutive words scoring at least ``floor``."""
    runs: list[list[tuple[int, int, float]]] = []
    cur: list[tuple[int, int, float]] = []
    for wd in words:
        if wd[2] >= floor:
            cur.append(wd)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


_JOINERS = "-\u2010\u2011"  # hyphens inside a word: "soi-disant", "pro-russe"


def _snap(text: str, s: int, e: int) -> tuple[int, int]:
    """Grow a character range to whole (hyphenated) words and trim surrounding whitespace."""

    def inside(i: int) -> bool:  # text[i] belongs to the word around it
        if text[i].isalnum():
            return True
        return text[i] in _JOINERS and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()

    while s > 0 and inside(s - 1):
        s -= 1
    while e < len(text) and inside(e):
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
def predict_cached(text: str, paragraphs: tuple[tuple[int, int], ...], lang: str | None = None) -> ArticlePrediction:
    """One prediction per article shared by the techniques, frames and genre analyzers."""
    return get_predictor().predict(text, paragraphs, lang=lang)


def get_predictor(model_dir: Path = MODEL_DIR, *, threads: int = 1) -> SemevalPredictor:
    """The process-wide predictor, loaded on first use."""
    with _lock:
        return _cached(str(model_dir), threads)
