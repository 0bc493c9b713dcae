"""The article vector behind frames and genre: named feature groups over every paragraph.

Groups (each a fixed-width block, concatenated in ``GROUPS`` order):

- ``pooled_mean`` / ``pooled_max``: mean / max of the fine-tuned encoder's pooled paragraph states;
- ``technique_mean`` / ``technique_max``: mean / max of the paragraph technique probabilities
  (how much, and how strongly, the article persuades);
- ``use_mean`` / ``use_title``: multilingual USE v3 embedding of the paragraphs (mean) and of the
  first paragraph (the headline): what the article is about, in a space trained for topic similarity;
- ``style``: language-free surface statistics (length, quotes, questions, exclamations, digits, capitals);
- ``language``: one-hot of the six training languages (all zero for any other language).

Which groups a shipped model uses is in its ``config.json`` (``genre_features``, ``frames_features``), chosen by
cross-validation on the train split (``claimscope.training.article_classifiers``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from claimscope.semeval.data import ISO, LANGUAGES

TECHNIQUE_COUNT = 23
GROUPS: dict[str, int] = {
    "pooled_mean": 384,
    "pooled_max": 384,
    "technique_mean": TECHNIQUE_COUNT,
    "technique_max": TECHNIQUE_COUNT,
    "use_mean": 512,
    "use_title": 512,
    "style": 9,
    "language": len(LANGUAGES),
}
WIDTH = sum(GROUPS.values())
USE_GROUPS = frozenset({"use_mean", "use_title"})
_QUOTE = re.compile(r"[\"«»“”„]")
_TASK_LANG = {iso: code for code, iso in ISO.items() if code in LANGUAGES}


def columns(groups: Sequence[str]) -> np.ndarray:
    """Column indices of ``groups`` inside the full vector (all groups, ``GROUPS`` order)."""
    out, pos = [], 0
    for name, width in GROUPS.items():
        if name in groups:
            out.extend(range(pos, pos + width))
        pos += width
    unknown = set(groups) - GROUPS.keys()
    if unknown:
        raise ValueError(f"unknown article feature groups: {sorted(unknown)}")
    return np.asarray(out, dtype=np.int64)


def style_features(texts: Sequence[str]) -> np.ndarray:
    """Surface statistics that separate reporting, opinion and satire in any alphabet."""
    if not texts:
        return np.zeros(GROUPS["style"], dtype=np.float32)
    joined = " ".join(texts)
    n = max(1, len(joined))
    return np.array(
        [
            np.log1p(len(texts)),
            np.log1p(len(joined)),
            np.log1p(len(joined) / len(texts)),
            sum(bool(_QUOTE.search(t)) for t in texts) / len(texts),
            joined.count("?") / n * 100,
            joined.count("!") / n * 100,
            sum(c.isdigit() for c in joined) / n * 100,
            sum(c.isupper() for c in joined) / n * 10,
            len(texts[0]) / 100,
        ],
        dtype=np.float32,
    )


def language_onehot(lang: str | None) -> np.ndarray:
    """One-hot over the task's training languages; accepts ISO codes (``de``) or task codes (``ge``)."""
    code = _TASK_LANG.get(lang or "", lang)
    return np.array([code == c for c in LANGUAGES], dtype=np.float32)


def with_language(x: np.ndarray, lang: str | None) -> np.ndarray:
    """Rows of ``x`` followed by the language one-hot: what the USE technique head reads."""
    return np.hstack([x, np.tile(language_onehot(lang), (len(x), 1))])


def article_vector(
    texts: Sequence[str],
    pooled: np.ndarray,
    probs: np.ndarray,
    lang: str | None,
    *,
    groups: Sequence[str] = tuple(GROUPS),
    use: np.ndarray | None = None,
) -> np.ndarray:
    """The full-layout vector (``WIDTH`` columns, ``GROUPS`` order) with ``groups`` filled, the rest zero.

    ``pooled`` (P, 384) and ``probs`` (P, 23) come from the encoder, ``use`` (P, 512) is computed
    here when a USE group is requested and it is not given.
    """
    out = np.zeros(WIDTH, dtype=np.float32)
    if len(texts) == 0:
        return out
    if USE_GROUPS & set(groups) and use is None:
        from claimscope.encoder.use import embed

        use = embed(list(texts))
    blocks = {
        "pooled_mean": lambda: pooled.mean(0),
        "pooled_max": lambda: pooled.max(0),
        "technique_mean": lambda: probs.mean(0),
        "technique_max": lambda: probs.max(0),
        "use_mean": lambda: use.mean(0),  # type: ignore[union-attr]
        "use_title": lambda: use[0],  # type: ignore[index]
        "style": lambda: style_features(texts),
        "language": lambda: language_onehot(lang),
    }
    pos = 0
    for name, width in GROUPS.items():
        if name in groups:
            out[pos : pos + width] = blocks[name]()
        pos += width
    return out
