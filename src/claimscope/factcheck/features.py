"""Cheap pair features for the re-ranker: lexical, dense and overlap scores of (query, review).

The same function feeds training (``claimscope.factcheck.training``) and matching, so the shipped
weights always see the features they were fitted on. Everything is numpy and rapidfuzz.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

# Every feature, in the order of the weight vector.
FEATURES: tuple[str, ...] = (
    "bm25",
    "bm25_rel",
    "bm25_rank",
    "cos",
    "cos_gap",
    "cos_rank",
    "fuzz_set",
    "fuzz_partial",
    "fuzz_title",
    "num_overlap",
    "num_missing",
    "name_overlap",
    "name_missing",
    "author_overlap",
)
# Features that mean the same whatever the languages of the query and the review: the model for
# a query in another language than the review uses only these (names and numbers survive translation).
CROSS_FEATURES: tuple[str, ...] = ("cos", "cos_gap", "num_overlap", "num_missing", "name_overlap", "name_missing")

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"\w+", re.UNICODE)
_NAME = re.compile(r"(?<![\w'’])[A-Z][\w'’-]*[A-Za-z]|\b[A-Z]{2,}\b")
_STOP_NAMES = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "in",
        "on",
        "of",
        "for",
        "to",
        "and",
        "or",
        "but",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "yes",
        "video",
        "photo",
        "image",
        "picture",
        "shows",
        "says",
        "said",
        "claim",
        "claims",
        "viral",
        "new",
        "old",
        "us",
        "we",
        "i",
        "you",
        "he",
        "she",
        "they",
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "de",
        "et",
        "ou",
        "est",
        "sont",
        "ce",
        "cette",
        "ces",
        "il",
        "elle",
        "ils",
        "elles",
        "on",
    ]
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the features need from one review for one query."""

    claim: str
    title: str
    bm25: float
    bm25_rank: int  # 0-based rank among every review for this query
    cos: float
    cos_rank: int


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def names(text: str) -> set[str]:
    """Capitalised words and acronyms (people, places, organisations), lower-cased, minus function words."""
    return {w.lower() for w in _NAME.findall(text)} - _STOP_NAMES


def words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def pair_features(query: str, author: str | None, candidates: Sequence[Candidate]) -> np.ndarray:
    """A (len(candidates), len(FEATURES)) float32 matrix."""
    out = np.zeros((len(candidates), len(FEATURES)), dtype=np.float32)
    if not candidates:
        return out
    top_bm25 = max(max(c.bm25 for c in candidates), 1e-6)
    top_cos = max(c.cos for c in candidates)
    q_lower = query.lower()
    q_numbers = numbers(query)
    q_words = words(query)
    q_names = names(query)
    author_words = words(author or "") - _STOP_NAMES
    for i, c in enumerate(candidates):
        doc = f"{c.claim} {c.title}".strip()
        c_numbers = numbers(c.claim)
        c_names = names(doc)
        c_words = words(doc)
        out[i] = (
            c.bm25 / 10.0,
            c.bm25 / top_bm25,
            np.log1p(c.bm25_rank),
            c.cos,
            top_cos - c.cos,
            np.log1p(c.cos_rank),
            fuzz.token_set_ratio(q_lower, c.claim.lower()) / 100.0,
            fuzz.partial_ratio(q_lower, c.claim.lower()) / 100.0 if len(q_lower) < 600 else 0.0,
            fuzz.token_set_ratio(q_lower, c.title.lower()) / 100.0 if c.title else 0.0,
            len(q_numbers & c_numbers) / len(c_numbers) if c_numbers else 0.0,
            float(bool(c_numbers - q_numbers) and bool(q_numbers)),
            len(c_names & (q_words | q_names)) / len(c_names) if c_names else 0.0,
            len(q_names - c_words) / len(q_names) if q_names else 0.0,
            float(bool(author_words) and bool(author_words & c_words)),
        )
    return out


def column_indices(subset: Sequence[str]) -> np.ndarray:
    return np.asarray([FEATURES.index(name) for name in subset], dtype=np.int64)
