"""Fine-tune a truncated multilingual-e5-small on SemEval-2023 Task 3 techniques, then export.

One command trains and exports (``python -m claimscope.training.semeval --out
src/claimscope/models/semeval``). Steps:

1. read every language's train split (paragraph labels and character spans);
2. hold out ~12% of each language's articles (for thresholds and the reported scores);
3. fine-tune the first ``--layers`` blocks with a paragraph head (BCE) and a token head (BCE on
   tokens inside gold spans), word embeddings frozen; checkpoint every epoch;
4. export (``claimscope.training.export``): ONNX body + heads, per-technique thresholds, frames
   and genre classifiers, reference outputs for the parity test, metrics.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from claimscope.encoder._e5file import read_e5_file
from claimscope.encoder.tokenizer import load_tokenizer
from claimscope.encoder.torch_model import E5Body
from claimscope.semeval.data import LANGUAGES, TECHNIQUES, default_data_dir, load_split
from claimscope.training._features import Example, make_examples, split_articles

log = logging.getLogger("claimscope.training")


class TechniqueModel(nn.Module):
    """Truncated e5 body + paragraph head (mean pool) + token head."""

    def __init__(self, body: E5Body, n_labels: int) -> None:
        super().__init__()
        self.body = body
        self.para = nn.Linear(body.hidden, n_labels)
        self.token = nn.Linear(body.hidden, n_labels)
        self.drop = nn.Dropout(0.1)
        self.frozen = 0

    def forward(self, words: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        h = self.body(words, mask, frozen=self.frozen)
        pooled = (h * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
        return self.para(self.drop(pooled)), self.token(self.drop(h)), pooled


def batches(examples: list[Example], size: int, *, shuffle: bool, seed: int = 0) -> list[list[Example]]:
    order = sorted(range(len(examples)), key=lambda i: len(examples[i].ids))
    groups = [[examples[i] for i in order[j : j + size]] for j in range(0, len(order), size)]
    if shuffle:
        random.Random(seed).shuffle(groups)
    return groups


def collate(group: list[Example], emb: torch.Tensor, pad: int) -> dict[str, torch.Tensor]:
    t = max(len(e.ids) for e in group)
    ids = np.full((len(group), t), pad, dtype=np.int64)
    mask = np.zeros((len(group), t), dtype=np.float32)
    tok = np.zeros((len(group), t, len(TECHNIQUES)), dtype=np.float32)
    for i, e in enumerate(group):
        n = len(e.ids)
        ids[i, :n] = e.ids
        mask[i, :n] = 1
        tok[i, :n] = e.tokens
    tmask = mask.copy()
    tmask[:, 0] = 0
    for i, e in enumerate(group):
        tmask[i, len(e.ids) - 1] = 0
    ids_t = torch.from_numpy(ids)
    return {
        "words": emb[ids_t],
        "mask": torch.from_numpy(mask),
        "tmask": torch.from_numpy(tmask),
        "para": torch.from_numpy(np.stack([e.para for e in group])),
        "tok": torch.from_numpy(tok),
    }


@torch.no_grad()
def predict(model: TechniqueModel, examples: list[Example], emb: torch.Tensor, pad: int) -> np.ndarray:
    model.eval()
    probs = np.zeros((len(examples), len(TECHNIQUES)), dtype=np.float32)
    index = {id(e): i for i, e in enumerate(examples)}
    for group in batches(examples, 32, shuffle=False):
        b = collate(group, emb, pad)
        logits, _, _ = model(b["words"], b["mask"])
        for e, p in zip(group, torch.sigmoid(logits).numpy(), strict=True):
            probs[index[id(e)]] = p
    model.train()
    return probs


def micro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float((y * pred).sum())
    return 2 * tp / max(1.0, float(y.sum() + pred.sum()))


def train(args: argparse.Namespace) -> Path:
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    data = Path(args.data) if args.data else default_data_dir()
    articles = [a for lang in LANGUAGES for a in load_split(data, lang, "train")]
    train_arts, dev_arts = split_articles(articles, holdout=args.holdout, seed=args.seed)
    (work / "split.json").write_text(json.dumps({"dev": sorted(a.id for a in dev_arts)}))
    tok = load_tokenizer()
    e5 = read_e5_file()
    train_ex = make_examples(train_arts, tok, max_length=args.max_length)
    # English has most paragraphs and most of them carry no technique: keep a share of those
    rng = random.Random(args.seed)
    train_ex = [e for e in train_ex if e.lang != "en" or e.para.any() or rng.random() < args.en_negatives]
    dev_ex = make_examples(dev_arts, tok, max_length=args.max_length)
    log.info(
        "train %d paragraphs (%d articles), dev %d (%d)", len(train_ex), len(train_arts), len(dev_ex), len(dev_arts)
    )
    emb = torch.from_numpy(e5.tensor("emb.word", rows=e5.header.vocab))
    model = TechniqueModel(E5Body(e5, args.layers), len(TECHNIQUES))
    model.frozen = args.freeze_layers
    if args.init:
        model.load_state_dict(torch.load(args.init, map_location="cpu", weights_only=False)["state"])
        log.info("continuing from %s", args.init)
    for p in [model.body.pos, model.body.type0, *model.body.eln.parameters()]:
        p.requires_grad_(args.freeze_layers == 0)
    for blk in model.body.blocks[: args.freeze_layers]:
        blk.requires_grad_(False)
    head_params = [p for n, p in model.named_parameters() if not n.startswith("body.")]
    opt = torch.optim.AdamW(
        [
            {"params": [p for p in model.body.parameters() if p.requires_grad], "lr": args.lr},
            {"params": head_params, "lr": args.head_lr},
        ],
        weight_decay=0.01,
    )
    steps = args.epochs * math.ceil(len(train_ex) / args.batch)
    warm = max(1, int(0.05 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    bce = nn.BCEWithLogitsLoss(reduction="none")
    dev_y = np.stack([e.para for e in dev_ex])
    step, t0 = 0, time.time()
    model.train()
    for epoch in range(args.epochs):
        for group in batches(train_ex, args.batch, shuffle=True, seed=args.seed + epoch + (1000 if args.init else 0)):
            b = collate(group, emb, tok.pad)
            logits, tlogits, _ = model(b["words"], b["mask"])
            lp = bce(logits, b["para"]).mean()
            lt = (bce(tlogits, b["tok"]).mean(-1) * b["tmask"]).sum() / b["tmask"].sum()
            loss = lp + args.token_weight * lt
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 50 == 0:
                el = time.time() - t0
                log.info(
                    "epoch %d step %d/%d loss %.4f (para %.4f tok %.4f) %.1f par/s, %.0f s",
                    epoch,
                    step,
                    steps,
                    loss.item(),
                    lp.item(),
                    lt.item(),
                    step * args.batch / el,
                    el,
                )
        probs = predict(model, dev_ex, emb, tok.pad)
        best = max((micro_f1(dev_y, probs >= th), th) for th in np.arange(0.1, 0.6, 0.025))
        log.info("epoch %d done in %.0f s: dev micro-F1 %.4f at global threshold %.3f", epoch, time.time() - t0, *best)
        ckpt = work / f"epoch{epoch}.pt"
        torch.save(
            {
                "state": model.state_dict(),
                "layers": args.layers,
                "max_length": args.max_length,
                "epoch": epoch,
                "dev_f1": best[0],
                "args": vars(args),
            },
            ckpt,
        )
        (work / "last.txt").write_text(ckpt.name)
    return work / (work / "last.txt").read_text()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="src/claimscope/models/semeval", help="where the exported model goes")
    ap.add_argument("--work", default="out/semeval-train", help="checkpoints and logs")
    ap.add_argument("--data", default=None, help="the semeval2023t3 folder (default: $CLAIMSCOPE_DATA/semeval2023t3)")
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--freeze-layers", type=int, default=2, help="bottom blocks kept frozen (cheaper backward)")
    ap.add_argument("--en-negatives", type=float, default=0.4, help="share of English technique-free paragraphs kept")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--token-weight", type=float, default=1.0)
    ap.add_argument("--holdout", type=float, default=0.12)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--init", default=None, help="start from this checkpoint (e.g. one more epoch at a lower lr)")
    ap.add_argument("--skip-train", action="store_true", help="export the last checkpoint in --work")
    ap.add_argument("--skip-export", action="store_true", help="train only (a step of a longer schedule)")
    args = ap.parse_args(argv)
    Path(args.work).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(message)s",
        handlers=[logging.FileHandler(Path(args.work) / "train.log"), logging.StreamHandler()],
    )
    ckpt = Path(args.work) / (Path(args.work) / "last.txt").read_text() if args.skip_train else train(args)
    if args.skip_export:
        return
    from claimscope.training.export import export

    export(ckpt, Path(args.out), data=Path(args.data) if args.data else default_data_dir(), threads=args.threads)


if __name__ == "__main__":
    main()
