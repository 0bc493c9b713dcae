# ruff: noqa: E501
"""Experiment (issue 10, session 16; not shipped): a 6-layer e5 cross-encoder over (tweet, review) pairs.

Run from the repo root after `python -m claimscope.factcheck.training` has cached its rows in out/factcheck-cache
and out/fc-scratch/mono_q.pkl holds the match queries: `python scripts/experiments/cross_encoder_oof.py 2 oof`
writes 5-fold grouped out-of-fold logits to out/ce/oof-e2.pkl (about 45-60 min on 2 cores); `... 2 final` fits every pair.
"""

import hashlib
import math
import pickle
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

import __main__
from claimscope.encoder._e5file import read_e5_file
from claimscope.encoder.tokenizer import E5Tokenizer
from claimscope.encoder.torch_model import E5Body, word_embedding
from claimscope.factcheck import training as T
from claimscope.factcheck.features import FEATURES
from claimscope.factcheck.index import INDEX_VERSION

__main__.QueryRows = T.QueryRows

torch.set_num_threads(2)
torch.manual_seed(13)
OUT = Path("out/ce")
cache = Path("out/factcheck-cache")
folder = Path("../shared/data") / T.TASK
LAYERS, EPOCHS, LR, BATCH, QLEN, PLEN = 6, int(sys.argv[1]) if len(sys.argv) > 1 else 2, 4e-5, 16, 64, 80
splits = {s: T.read_split(folder, s) for s in T.SPLITS}
key = hashlib.sha256(
    repr((FEATURES, T.DEPTH, INDEX_VERSION, sorted(splits), T._fingerprint(), "rows-3")).encode()
).hexdigest()[:12]
rows, neg = pickle.load((cache / f"rows-{key}.pkl").open("rb"))
pool = rows["train"] + rows["dev"]
n = len(pool)
mono_q = pickle.loads(Path("out/fc-scratch/mono_q.pkl").read_bytes())
vclaims = T.read_vclaims(folder)
texts = {v["vclaim_id"]: (v["vclaim"], v.get("title") or "") for v in vclaims}
e5 = read_e5_file()
tok = E5Tokenizer(e5)
emb = word_embedding(e5)


def passage(vid):
    claim, title = texts[vid]
    return f"{title}. {claim}" if title and title.strip().lower() != claim.strip().lower() else claim


def encode(q, vid):
    a = tok.encode("query: " + q, max_length=QLEN).ids
    b = tok.encode("passage: " + passage(vid), max_length=PLEN).ids
    return np.concatenate([a, [tok.eos], b])


pairs = []  # (tweet index, vid, label)
for i, r in enumerate(pool):
    ids = list(dict.fromkeys(mono_q[i].ids + mono_q[i + n].ids))
    pairs += [(i, v, int(v in r.gold)) for v in ids]
print(f"{len(pairs)} pairs, {sum(p[2] for p in pairs)} positive", flush=True)
enc = {(i, v): encode(pool[i].text, v) for i, v, _ in pairs}


class CE(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = E5Body(e5, LAYERS)
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(384, 1)

    def forward(self, words, mask):
        h = self.body(words, mask)
        m = (h * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
        return self.head(self.drop(m)).squeeze(-1)


def collate(items):
    T_ = max(len(x) for x in items)
    ids = np.full((len(items), T_), tok.pad, dtype=np.int64)
    mask = np.zeros((len(items), T_), dtype=np.float32)
    for j, x in enumerate(items):
        ids[j, : len(x)] = x
        mask[j, : len(x)] = 1
    return emb[torch.from_numpy(ids)], torch.from_numpy(mask)


def train(train_pairs, seed):
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    model = CE()
    model.train()
    opt = torch.optim.AdamW(
        [{"params": model.body.parameters(), "lr": LR}, {"params": model.head.parameters(), "lr": 1e-3}],
        weight_decay=0.01,
    )
    steps = EPOCHS * math.ceil(len(train_pairs) / BATCH)
    warm = int(0.1 * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, warm)) * max(0.0, (steps - s) / max(1, steps - warm))
    )
    lossf = nn.BCEWithLogitsLoss()
    step = 0
    t0 = time.time()
    for ep in range(EPOCHS):
        order = rng.permutation(len(train_pairs))
        # length-bucketed batches: sort chunks of 50 batches by length
        chunks = [order[k : k + BATCH * 50] for k in range(0, len(order), BATCH * 50)]
        batches = []
        for c in chunks:
            c = sorted(c, key=lambda j: len(enc[train_pairs[j][:2]]))
            batches += [c[k : k + BATCH] for k in range(0, len(c), BATCH)]
        rng.shuffle(batches)
        tot = 0.0
        for b in batches:
            words, mask = collate([enc[train_pairs[j][:2]] for j in b])
            y = torch.tensor([float(train_pairs[j][2]) for j in b])
            loss = lossf(model(words, mask), y)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            tot += loss.item()
            step += 1
            if step % 100 == 0:
                print(
                    f"  step {step}/{steps} loss {tot / (step - ep * len(batches)):.4f} {time.time() - t0:.0f}s",
                    flush=True,
                )
    model.eval()
    return model


@torch.no_grad()
def predict(model, keys):
    out = {}
    keys = sorted(keys, key=lambda k: len(enc[k]))
    for k in range(0, len(keys), 32):
        b = keys[k : k + 32]
        words, mask = collate([enc[x] for x in b])
        for x, s in zip(b, model(words, mask).tolist(), strict=True):
            out[x] = s
    return out


if __name__ == "__main__":
    mode = sys.argv[2] if len(sys.argv) > 2 else "oof"
    if mode == "oof":
        rng = np.random.default_rng(13)
        fold_of = rng.permutation(n) % 5
        oof_path = OUT / f"oof-e{EPOCHS}.pkl"
        oof = pickle.loads(Path(oof_path).read_bytes()) if oof_path.exists() else {}
        for k in range(5):
            if any(fold_of[i] == k for i, _ in oof):
                continue
            t = time.time()
            model = train([p for p in pairs if fold_of[p[0]] != k], seed=13 + k)
            test = [(i, v) for i, v, _ in pairs if fold_of[i] == k]
            pred = predict(model, test)
            oof.update(pred)
            Path(oof_path).write_bytes(pickle.dumps(oof))
            # diagnostics: of held-out tweets with gold among the pairs, CE top-1 accuracy vs the re-ranker's top-1
            hit_ce = hit_rr = tot = 0
            for i in set(i for i, _ in test):
                q = mono_q[i]
                if not q.labels.any():
                    continue
                tot += 1
                hit_rr += int(q.labels[0] == 1)
                best = max(q.ids, key=lambda v: pred[(i, v)])
                hit_ce += int(best in pool[i].gold)
            print(
                f"fold {k}: {time.time() - t:.0f}s  top-1 of the top 5: CE {hit_ce / tot:.3f}  re-ranker {hit_rr / tot:.3f} ({tot})",
                flush=True,
            )
    else:  # final fit on every pool pair, saved
        model = train(pairs, seed=13)
        torch.save(model.state_dict(), OUT / f"ce-final-e{EPOCHS}.pt")
        print("saved", flush=True)
