"""A small, hand-written lexicon of obvious labels and loaded phrases (French and English).

The model finds most techniques; the lexicon adds exact-word spans for a few unmistakable terms,
so that a paragraph flagged for Name_Calling-Labeling or Loaded_Language can point to the words.
It is deliberately short: every entry here is a label or a stock phrase, not a topic word.
"""

from __future__ import annotations

import re
from functools import lru_cache

LEXICON: dict[str, tuple[str, ...]] = {
    "Name_Calling-Labeling": (
        # French
        r"terroristes?",
        r"djihadistes?",
        r"jihadistes?",
        r"fascistes?",
        r"nazis?",
        r"traîtres?",
        r"extrémistes?",
        r"islamistes?",
        r"idiots?",
        r"imbéciles?",
        r"crétins?",
        r"voyous?",
        r"criminels?",
        r"mercenaires?",
        r"barbares?",
        r"pantins?",
        r"marionnettes?",
        r"complotistes?",
        # English
        r"terrorists?",
        r"jihadists?",
        r"fascists?",
        r"traitors?",
        r"extremists?",
        r"thugs?",
        r"idiots?",
        r"morons?",
        r"puppets?",
        r"globalists?",
        r"radicals?",
        r"mercenar(?:y|ies)",
    ),
    "Loaded_Language": (
        r"chair à canon",
        r"boucherie",
        r"carnage",
        r"massacres?",
        r"génocide",
        r"atrocités?",
        r"barbarie",
        r"catastrophe",
        r"scandale(?:ux|use)?",
        r"cannon fodder",
        r"slaughter",
        r"bloodbath",
        r"atrocit(?:y|ies)",
        r"disastrous",
        r"outrageous",
        r"shameful",
        r"horrific",
    ),
}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    return {t: re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE) for t, words in LEXICON.items()}


def find_lexicon_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """``(technique, start, end)`` for every lexicon match in ``text[start:end]`` (article offsets)."""
    end = len(text) if end is None else end
    out = []
    for technique, pattern in _patterns().items():
        for m in pattern.finditer(text, start, end):
            out.append((technique, m.start(), m.end()))
    return sorted(out, key=lambda x: (x[1], x[0]))
