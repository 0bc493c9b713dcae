"""Torch side of the shared-encoder check-worthiness heads (training only; needs the ``train`` extra).

``AttnHead``: one transformer block over the frozen token states of the shared SemEval encoder
(optionally after a projection to a narrower width), masked mean pooling, then a linear layer
over [pooled block output, mean of the input states, extra features]. The same arithmetic runs in
numpy at inference (``claimscope.analyzers._checkworthy.AttnHead``): post-LayerNorm block,
tanh-approximated GELU.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from claimscope.encoder import torch_model
from claimscope.encoder._e5file import read_e5_file


class Block(torch_model.Block):
    """The e5 block, with the tanh GELU that the numpy inference (``_checkworthy.AttnHead``) computes."""

    def __init__(self, hidden: int, heads: int, ffn: int, eps: float = 1e-12) -> None:
        super().__init__(hidden, heads, ffn, eps, gelu="tanh")

    def init_from_e5(self, layer: int) -> None:
        e5 = read_e5_file()
        for name in ("q", "k", "v", "ao", "fi", "fo"):
            lin = getattr(self, name)
            lin.weight.data = torch.from_numpy(e5.tensor(f"l{layer}.{name}.w", rows=lin.out_features).copy())
            lin.bias.data = torch.from_numpy(e5.tensor(f"l{layer}.{name}.b").copy())
        for name in ("aln", "oln"):
            ln = getattr(self, name)
            ln.weight.data = torch.from_numpy(e5.tensor(f"l{layer}.{name}.w").copy())
            ln.bias.data = torch.from_numpy(e5.tensor(f"l{layer}.{name}.b").copy())


class AttnHead(nn.Module):
    def __init__(self, *, width: int, heads: int, ffn: int, n_extra: int, e5_layer: int | None = None) -> None:
        super().__init__()
        self.width = width
        self.proj = nn.Linear(384, width) if width != 384 else None
        self.block = Block(width, heads, ffn)
        if e5_layer is not None:
            assert width == 384 and ffn == 1536
            self.block.init_from_e5(e5_layer)
        self.drop = nn.Dropout(0.1)
        self.out = nn.Linear(width + 384 + n_extra, 1)

    def forward(self, x: torch.Tensor, mask: torch.Tensor, extra: torch.Tensor) -> torch.Tensor:
        bias = ((1.0 - mask) * -1e4)[:, None, None, :]
        z = self.proj(x) if self.proj is not None else x
        z = self.block(z, bias)
        m = mask.unsqueeze(-1)
        n = m.sum(1).clamp(min=1.0)
        feats = torch.cat([(z * m).sum(1) / n, (x * m).sum(1) / n, extra], dim=-1)
        return self.out(self.drop(feats)).squeeze(-1)

    def numpy_weights(self) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for name, p in self.state_dict().items():
            out[name] = p.detach().cpu().numpy().astype(np.float32)
        return out


def _batch(states: list[np.ndarray], idx: np.ndarray, extra: np.ndarray) -> tuple[torch.Tensor, ...]:
    t = max(1, max(len(states[i]) for i in idx))
    x = np.zeros((len(idx), t, 384), np.float32)
    mask = np.zeros((len(idx), t), np.float32)
    for r, i in enumerate(idx):
        n = len(states[i])
        x[r, :n] = states[i]
        mask[r, :n] = 1.0
    return torch.from_numpy(x), torch.from_numpy(mask), torch.from_numpy(extra[idx])


def length_batches(states: list[np.ndarray], idx: np.ndarray, size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of similar lengths (less padding)."""
    idx = rng.permutation(idx)
    chunks = []
    for s in range(0, len(idx), size * 50):
        part = idx[s : s + size * 50]
        part = part[np.argsort([len(states[i]) for i in part], kind="stable")]
        chunks += [part[b : b + size] for b in range(0, len(part), size)]
    return [chunks[i] for i in rng.permutation(len(chunks))]


def predict(model: AttnHead, states: list[np.ndarray], extra: np.ndarray, idx: np.ndarray | None = None) -> np.ndarray:
    idx = np.arange(len(states)) if idx is None else idx
    order = idx[np.argsort([len(states[i]) for i in idx], kind="stable")]
    out = np.zeros(len(states), np.float32)
    model.eval()
    with torch.no_grad():
        for b in range(0, len(order), 128):
            sel = order[b : b + 128]
            out[sel] = torch.sigmoid(model(*_batch(states, sel, extra))).numpy()
    return out[idx]


def train_head(
    spec: dict[str, object],
    states: list[np.ndarray],
    extra: np.ndarray,
    y: np.ndarray,
    train_idx: np.ndarray,
    *,
    ckpt: Path,
    seed: int,
    log: object = print,
) -> AttnHead:
    """Train (or resume from ``ckpt``) an AttnHead on ``train_idx``; checkpoint after every epoch."""
    torch.set_num_threads(2)
    torch.manual_seed(seed)
    epochs = int(spec.get("epochs", 5))  # type: ignore[arg-type]
    model = AttnHead(
        width=int(spec["width"]),  # type: ignore[arg-type]
        heads=int(spec.get("heads", 4)),  # type: ignore[arg-type]
        ffn=int(spec["ffn"]),  # type: ignore[arg-type]
        n_extra=extra.shape[1],
        e5_layer=spec.get("e5_layer"),  # type: ignore[arg-type]
    )
    block_lr = float(spec.get("block_lr", spec.get("lr", 1e-3)))  # type: ignore[arg-type]
    lr = float(spec.get("lr", 1e-3))  # type: ignore[arg-type]
    groups = [
        {"params": list(model.block.parameters()), "lr": block_lr},
        {"params": [p for n, p in model.named_parameters() if not n.startswith("block.")], "lr": lr},
    ]
    opt = torch.optim.AdamW(groups, weight_decay=0.01)
    size = int(spec.get("batch", 32))  # type: ignore[arg-type]
    steps_per_epoch = math.ceil(len(train_idx) / size)
    total = epochs * steps_per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, total // 20)) * max(0.0, 1 - s / total)
    )
    start = 0
    if ckpt.is_file():
        state = torch.load(ckpt, weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        start = int(state["epoch"]) + 1
    pos_weight = torch.tensor(float(spec.get("pos_weight", 1.0)))  # type: ignore[arg-type]
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    yt = torch.from_numpy(y.astype(np.float32))
    for epoch in range(start, epochs):
        rng = np.random.default_rng(seed * 100 + epoch)
        model.train()
        t0, total_loss, n = time.perf_counter(), 0.0, 0
        for sel in length_batches(states, train_idx, size, rng):
            x, mask, ex = _batch(states, sel, extra)
            loss = loss_fn(model(x, mask, ex), yt[sel])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total_loss += float(loss) * len(sel)
            n += len(sel)
        ckpt.parent.mkdir(parents=True, exist_ok=True)
        tmp = ckpt.with_suffix(".tmp")
        torch.save(
            {"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(), "epoch": epoch}, tmp
        )
        tmp.replace(ckpt)
        log(f"    epoch {epoch + 1}/{epochs} loss {total_loss / max(1, n):.4f} ({time.perf_counter() - t0:.0f} s)")  # type: ignore[operator]
    return model


def train_mlp(
    spec: dict[str, object], x: np.ndarray, y: np.ndarray, *, seed: int
) -> tuple[nn.Module, np.ndarray, np.ndarray]:
    """A one-hidden-layer MLP over standardised pooled features (``mlp`` units, GELU, dropout),
    AdamW with a one-cycle schedule; returns (model, mean, scale)."""
    torch.set_num_threads(2)
    torch.manual_seed(seed)
    mu, sd = x.mean(0), x.std(0) + 1e-3
    xt = torch.from_numpy(((x - mu) / sd).astype(np.float32))
    yt = torch.from_numpy(y.astype(np.float32))
    net = nn.Sequential(
        nn.Dropout(0.1),
        nn.Linear(x.shape[1], int(spec["mlp"])),  # type: ignore[call-overload]
        nn.GELU(),
        nn.Dropout(float(spec.get("dropout", 0.3))),  # type: ignore[arg-type]
        nn.Linear(int(spec["mlp"]), 1),  # type: ignore[call-overload]
    )
    lr = float(spec.get("lr", 1e-3))  # type: ignore[arg-type]
    size = int(spec.get("batch", 128))  # type: ignore[call-overload]
    epochs = int(spec.get("epochs", 6))  # type: ignore[call-overload]
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=0.05)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=epochs * math.ceil(len(x) / size))
    loss_fn = nn.BCEWithLogitsLoss()
    gen = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        net.train()
        perm = torch.randperm(len(x), generator=gen)
        for b in range(0, len(x), size):
            sel = perm[b : b + size]
            loss = loss_fn(net(xt[sel]).squeeze(-1), yt[sel])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    net.eval()
    return net, mu, sd


def predict_mlp(model: tuple[nn.Module, np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
    net, mu, sd = model
    with torch.no_grad():
        z = net(torch.from_numpy(((x - mu) / sd).astype(np.float32))).squeeze(-1)
    return torch.sigmoid(z).numpy().astype(np.float32)
