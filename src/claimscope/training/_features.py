"""Turn SemEval articles into tokenized paragraphs with paragraph and token technique targets."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from claimscope.encoder.tokenizer import E5Tokenizer
from claimscope.semeval.data import TECHNIQUES, SemevalArticle

T_INDEX = {t: i for i, t in enumerate(TECHNIQUES)}


@dataclass
class Example:
    article: str
    lang: str
    number: int
    ids: np.ndarray
    para: np.ndarray  # (23,) float32
    tokens: np.ndarray  # (T, 23) uint8


def split_articles(
    articles: list[SemevalArticle], *, holdout: float, seed: int
) -> tuple[list[SemevalArticle], list[SemevalArticle]]:
    """Hold out a fraction of each language's articles (only those with subtask-3 labels)."""
    by_lang: dict[str, list[SemevalArticle]] = defaultdict(list)
    for a in articles:
        if a.labels:
            by_lang[a.lang].append(a)
    train, dev = [], []
    rng = random.Random(seed)
    for lang in sorted(by_lang):
        arts = sorted(by_lang[lang], key=lambda a: a.id)
        rng.shuffle(arts)
        k = round(len(arts) * holdout)
        dev += arts[:k]
        train += arts[k:]
    return train, dev


def make_examples(articles: list[SemevalArticle], tokenizer: E5Tokenizer, *, max_length: int) -> list[Example]:
    out = []
    for a in articles:
        paras = [p for p in a.paragraphs if p.number in a.labels]
        encs = tokenizer.encode_batch([p.text for p in paras], max_length=max_length)
        for p, enc in zip(paras, encs, strict=True):
            y = np.zeros(len(TECHNIQUES), dtype=np.float32)
            for t in a.labels[p.number]:
                if t in T_INDEX:
                    y[T_INDEX[t]] = 1
            tok = np.zeros((len(enc.ids), len(TECHNIQUES)), dtype=np.uint8)
            starts = enc.offsets[:, 0] + p.start
            ends = enc.offsets[:, 1] + p.start
            real = enc.offsets[:, 1] > enc.offsets[:, 0]
            for t, s, e in a.spans:
                if t in T_INDEX and s < p.end and e > p.start:
                    hit = real & (starts < e) & (ends > s)
                    tok[hit, T_INDEX[t]] = 1
            out.append(Example(a.id, a.lang, p.number, enc.ids, y, tok))
    return out
