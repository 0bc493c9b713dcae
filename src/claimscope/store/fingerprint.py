"""What the store keeps of each article to find its reprints: a MinHash of word shingles of the
extracted ``text`` (furniture is never in it) and one multilingual-e5 embedding per paragraph.

The MinHash is 128 32-bit values (512 bytes) and the number of distinct shingles, so that both the
Jaccard similarity and the containment of one text in another can be estimated without the texts.
Paragraph vectors are float16 (768 bytes each), at most ``MAX_PARAGRAPHS`` per article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from claimscope.encoder.e5 import ENCODER_ID

NUM_PERM = 128
SHINGLE = 5
SEED = 1
PERMUTATION = "affine32"  # datasketch >= 2.0; named so stored values stay comparable
SCHEME = f"minhash{NUM_PERM}-{PERMUTATION}-w{SHINGLE}-s{SEED}"
MODEL = ENCODER_ID  # stored with each paragraph vector; vectors of another encoder are re-embedded
MAX_PARAGRAPHS = 48
MIN_PARAGRAPH_CHARS = 30
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprints:
    """One article's fingerprints; ``vectors`` is None when it was not embedded."""

    minhash: np.ndarray  # (NUM_PERM,) uint32
    shingles: int
    words: int
    paragraphs: tuple[str, ...] = ()
    vectors: np.ndarray | None = None  # (len(paragraphs), 384) float16
    scheme: str = SCHEME
    model: str = MODEL


def words_of(text: str) -> list[str]:
    """Casefolded NFKC words: the unit of shingles."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles_of(text: str, *, size: int = SHINGLE) -> set[bytes]:
    tokens = words_of(text)
    if not tokens:
        return set()
    if len(tokens) <= size:
        return {" ".join(tokens).encode()}
    return {" ".join(tokens[i : i + size]).encode() for i in range(len(tokens) - size + 1)}


def minhash_of(text: str) -> tuple[np.ndarray, int, int]:
    """(MinHash values as uint32, distinct shingles, words) of a text."""
    from datasketch import MinHash

    shingles = shingles_of(text)
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_hash32, scheme=PERMUTATION)
    if shingles:
        mh.update_batch(list(shingles))
    return mh.hashvalues.astype(np.uint32), len(shingles), len(words_of(text))


def _hash32(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=4).digest(), "little")


def select_paragraphs(text: str, paragraphs: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(paragraph id, text) of the paragraphs worth embedding, in order: long enough, at most MAX_PARAGRAPHS."""
    out: list[tuple[str, str]] = []
    for index, para in enumerate(paragraphs):
        chunk = text[int(para["start"]) : int(para["end"])].strip()
        if len(chunk) >= MIN_PARAGRAPH_CHARS:
            out.append((str(para.get("id") or f"p{index}"), chunk))
        if len(out) >= MAX_PARAGRAPHS:
            break
    if not out and text.strip():
        out.append(("p0", text.strip()[:2000]))
    return out


def fingerprint(text: str, paragraphs: Sequence[Mapping[str, Any]], *, embed: bool = True) -> Fingerprints:
    """The fingerprints of one article's text; ``embed`` runs the e5 encoder on its paragraphs."""
    values, shingles, n_words = minhash_of(text)
    if not embed:
        return Fingerprints(values, shingles, n_words)
    from claimscope.encoder.e5 import embed_passages

    chosen = select_paragraphs(text, paragraphs)
    vectors = embed_passages([chunk for _, chunk in chosen]).astype(np.float16)
    return Fingerprints(values, shingles, n_words, tuple(pid for pid, _ in chosen), vectors)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """MinHash estimate of the Jaccard similarity of two shingle sets."""
    return float(np.count_nonzero(a == b)) / len(a)


def containment(j: float, size_a: int, size_b: int) -> float:
    """Estimated share of the smaller set that is in the larger one, from Jaccard and the set sizes."""
    small = min(size_a, size_b)
    if small == 0:
        return 0.0
    inter = j * (size_a + size_b) / (1.0 + j)
    return min(1.0, inter / small)
