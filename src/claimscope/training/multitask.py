"""Fine-tune the shared 6-layer encoder on techniques and check-worthiness together (issue 14).

The shipped SemEval student (``models/semeval/encoder.onnx``) is the one encoder pass that the
techniques analyzer runs on every paragraph, and the check-worthiness head reads its final token
states. Heads on the frozen states top out near F1 0.72 (model card of ``models/checkworthy``), so
this trains the encoder itself on both tasks, so that no layer is added at run time:

1. rebuild the shipped student in torch from its int8 graph (``recover``: weights dequantised);
2. one pass over the techniques train paragraphs (the SemEval held-out articles stay out, as in
   ``training.semeval``) interleaved with CheckThat! 2024 + ClaimBuster sentences, each alone and
   (a share of them) inside its 3-sentence debate window, pooled over its own tokens only;
3. a grouped block of the check-worthiness sentences (``--holdout-fold`` of StratifiedGroupKFold,
   the same folds as ``checkworthy_shared cv``) never reaches the encoder: the heads, the blend
   and the threshold are chosen on it afterwards (``checkworthy_shared cv --rows``);
4. checkpoints every ``--save-every`` steps and resumes from the last one (``--resume``).

``python -m claimscope.training.multitask train --work out/multitask`` trains;
``python -m claimscope.training.multitask export --work out/multitask --out DIR`` writes a model
folder (a copy of the shipped one with the new ``encoder.onnx``), then calibrates the techniques
and refits frames and genre on it. Needs ``make install-train``.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np
import torch
from torch import nn

from claimscope.encoder._e5file import read_e5_file
from claimscope.encoder.tokenizer import E5Tokenizer, load_tokenizer
from claimscope.encoder.torch_model import E5Body
from claimscope.semeval.data import LANGUAGES, TECHNIQUES, default_data_dir, load_split
from claimscope.training import semeval as st
from claimscope.training._features import make_examples, split_articles
from claimscope.training.checkworthy_shared import (
    SEMEVAL_DIR,
    context_windows,
    grouped_folds,
    groups_of,
    load_train,
)

log = logging.getLogger("claimscope.training")

_LINEARS = ("q", "k", "v", "ao", "fi", "fo")


# --- the shipped student, back in torch ----------------------------------------------------------


def recover(model_dir: Path = SEMEVAL_DIR) -> st.TechniqueModel:
    """The shipped techniques model as a torch module, int8 weight matrices dequantised.

    The exported graph keeps every bias, LayerNorm and the position table as float tensors under
    their torch names; each weight matrix is an int8 ``MatMulInteger`` input (``[in, out]``, one
    scale per output column) named after its module (``/body/blocks.3/fi/MatMul_quant``).
    """
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(model_dir / "encoder.onnx")).graph
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    model = st.TechniqueModel(E5Body(read_e5_file(), 6), len(TECHNIQUES))
    state = model.state_dict()
    loaded = set()
    for name in state:
        key = f"model.{name}"
        if key in init:
            state[name] = torch.from_numpy(init[key].astype(np.float32).reshape(state[name].shape))
            loaded.add(name)
    for node in graph.node:
        if node.op_type != "MatMulInteger":
            continue
        module = node.name.removeprefix("/").removesuffix("/MatMul_quant").replace("/", ".")
        q, zp = init[node.input[1]].astype(np.float32), init[node.input[3]].astype(np.float32)
        scale = init[node.input[1].replace("_quantized", "_scale")]
        weight = ((q - zp) * scale).T  # torch Linear: [out, in]
        name = f"{module}.weight"
        state[name] = torch.from_numpy(np.ascontiguousarray(weight, dtype=np.float32))
        loaded.add(name)
    missing = sorted(set(state) - loaded)
    if missing:
        raise RuntimeError(f"not found in {model_dir / 'encoder.onnx'}: {missing}")
    model.load_state_dict(state)
    return model


class MultiTaskModel(nn.Module):
    """The techniques model + a check-worthiness head over the mean and max of a sentence's states."""

    def __init__(self, tech: st.TechniqueModel) -> None:
        super().__init__()
        self.tech = tech
        self.cw = nn.Linear(2 * tech.body.hidden, 1)
        self.drop = nn.Dropout(0.1)

    def sentence_logits(self, words: torch.Tensor, mask: torch.Tensor, pool: torch.Tensor) -> torch.Tensor:
        h = self.tech.body(words, mask, frozen=self.tech.frozen)
        n = pool.sum(1, keepdim=True).clamp(min=1)
        mean = (h * pool.unsqueeze(-1)).sum(1) / n
        mx = h.masked_fill(pool.unsqueeze(-1) == 0, -1e4).max(1).values
        return self.cw(self.drop(torch.cat([mean, mx], -1))).squeeze(-1)


# --- check-worthiness examples -------------------------------------------------------------------


@dataclass
class Sentence:
    row: int
    ids: np.ndarray
    pool: np.ndarray  # float32 (T,): 1 on the sentence's own tokens
    y: float


def sentence_examples(
    texts: list[str],
    labels: np.ndarray,
    ids: np.ndarray,
    rows: np.ndarray,
    tok: E5Tokenizer,
    *,
    windows: float,
    seed: int,
) -> list[Sentence]:
    """Each row alone (pooled over its tokens, as ``encode_sentences`` does) and, for a share
    ``windows`` of them, inside its debate window (pooled over its own tokens, as in an article)."""
    keep = set(int(r) for r in rows)
    out = []
    for r, enc in zip(rows, tok.encode_batch([texts[r] for r in rows], max_length=128), strict=True):
        # the runtime's states leave out <s> and </s> (offsets (0, 0)): pool the same tokens
        real = (enc.offsets[:, 1] > enc.offsets[:, 0]).astype(np.float32)
        out.append(
            Sentence(int(r), enc.ids, real if real.any() else np.ones(len(enc.ids), np.float32), float(labels[r]))
        )
    rng = random.Random(seed)
    for members in context_windows(ids, texts, size=3):
        members = [k for k in members if k in keep]  # a held-out sentence is never seen, not even as context
        if len(members) < 2:
            continue
        pos, spans = 0, {}
        for k in members:
            spans[k] = (pos, pos + len(texts[k]))
            pos += len(texts[k]) + 1
        enc = tok.encode(" ".join(texts[k] for k in members), max_length=128)
        for k in members:
            if rng.random() >= windows:
                continue
            a, b = spans[k]
            pool = ((enc.offsets[:, 1] > a) & (enc.offsets[:, 0] < b)).astype(np.float32)
            if pool.sum():
                out.append(Sentence(k, enc.ids, pool, float(labels[k])))
    return out


def collate_sentences(group: list[Sentence], emb: torch.Tensor, pad: int) -> dict[str, torch.Tensor]:
    t = max(len(s.ids) for s in group)
    ids = np.full((len(group), t), pad, dtype=np.int64)
    mask = np.zeros((len(group), t), np.float32)
    pool = np.zeros((len(group), t), np.float32)
    for i, s in enumerate(group):
        ids[i, : len(s.ids)] = s.ids
        mask[i, : len(s.ids)] = 1
        pool[i, : len(s.ids)] = s.pool
    return {
        "words": emb[torch.from_numpy(ids)],
        "mask": torch.from_numpy(mask),
        "pool": torch.from_numpy(pool),
        "y": torch.tensor([s.y for s in group], dtype=torch.float32),
    }


def sentence_batches(items: list[Sentence], size: int, seed: int) -> list[list[Sentence]]:
    order = sorted(range(len(items)), key=lambda i: len(items[i].ids))
    groups = [[items[i] for i in order[j : j + size]] for j in range(0, len(order), size)]
    random.Random(seed).shuffle(groups)
    return groups


@torch.no_grad()
def predict_sentences(model: MultiTaskModel, items: list[Sentence], emb: torch.Tensor, pad: int) -> np.ndarray:
    model.eval()
    out = np.zeros(len(items), np.float32)
    order = sorted(range(len(items)), key=lambda i: len(items[i].ids))
    for j in range(0, len(order), 64):
        idx = order[j : j + 64]
        b = collate_sentences([items[i] for i in idx], emb, pad)
        out[idx] = torch.sigmoid(model.sentence_logits(b["words"], b["mask"], b["pool"])).numpy()
    model.train()
    return out


def best_f1(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    best = (0.0, 0.5)
    for th in np.arange(0.05, 0.95, 0.01):
        pred = p >= th
        tp = float((pred & (y == 1)).sum())
        f = 2 * tp / max(1.0, float(pred.sum() + (y == 1).sum()))
        best = max(best, (f, float(th)))
    return best


def holdout_rows(labels: np.ndarray, ids: np.ndarray, fold: int, seed: int = 13) -> np.ndarray:
    """Row indices of grouped fold ``fold`` (0-based) of ``checkworthy_shared``'s CV, repeat ``seed``."""
    return np.sort(grouped_folds(labels, groups_of(ids), 5, seed)[fold][1])


# --- training ------------------------------------------------------------------------------------


@dataclass
class Settings:
    work: Path
    data: Path
    lr: float = 3e-5
    tech_head_lr: float = 5e-5
    cw_head_lr: float = 1e-3
    batch: int = 16
    cw_batch: int = 32
    cw_weight: float = 1.0
    windows: float = 0.5
    holdout_fold: int = 0
    en_negatives: float = 0.3
    tech_share: float = 1.0
    cw_epochs: int = 1
    init_model: Path = SEMEVAL_DIR
    freeze_layers: int = 2
    threads: int = 2
    seed: int = 13
    save_every: int = 400


def train(s: Settings, *, resume: bool = False) -> Path:
    s.work.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(s.seed)
    torch.set_num_threads(s.threads)
    tok = load_tokenizer()
    e5 = read_e5_file()
    emb = torch.from_numpy(e5.tensor("emb.word", rows=e5.header.vocab))
    # techniques: the same articles as the shipped student (its held-out 12% stays out)
    articles = [a for lang in LANGUAGES for a in load_split(s.data / "semeval2023t3", lang, "train")]
    train_arts, dev_arts = split_articles(articles, holdout=0.12, seed=13)
    shipped = set(json.loads((SEMEVAL_DIR / "config.json").read_text(encoding="utf-8"))["dev_articles"])
    if {a.id for a in dev_arts} != shipped:
        raise RuntimeError("the held-out SemEval articles differ from the shipped model's dev_articles")
    rng = random.Random(s.seed)
    tech = [
        e
        for e in make_examples(train_arts, tok, max_length=128)
        if e.lang != "en" or e.para.any() or rng.random() < s.en_negatives
    ]
    tech = [e for e in tech if rng.random() < s.tech_share]
    tech_dev = make_examples(dev_arts, tok, max_length=128)
    # check-worthiness: one grouped fold held out
    rows, dev = load_train(s.data)
    held = holdout_rows(rows.labels, rows.ids, s.holdout_fold)
    fit_rows = np.setdiff1d(np.arange(len(rows)), held)
    sents = sentence_examples(rows.texts, rows.labels, rows.ids, fit_rows, tok, windows=s.windows, seed=s.seed)
    held_alone = sentence_examples(rows.texts, rows.labels, rows.ids, held, tok, windows=0.0, seed=s.seed)
    # the in-window copies follow the standalone rows
    held_ctx = sentence_examples(rows.texts, rows.labels, rows.ids, held, tok, windows=1.0, seed=s.seed)[len(held) :]
    dev_alone = sentence_examples(dev.texts, dev.labels, dev.ids, np.arange(len(dev)), tok, windows=0.0, seed=s.seed)
    (s.work / "split.json").write_text(
        json.dumps(
            {
                "dev": sorted(a.id for a in dev_arts),
                "checkworthy_holdout_rows": held.tolist(),
                "holdout_fold": s.holdout_fold,
            }
        )
    )
    log.info(
        "techniques: %d paragraphs; check-worthiness: %d examples from %d sentences, %d held out",
        len(tech),
        len(sents),
        len(fit_rows),
        len(held),
    )
    model = MultiTaskModel(recover(s.init_model))
    model.tech.frozen = s.freeze_layers
    body = model.tech.body
    for p in [body.pos, body.type0, *body.eln.parameters()]:
        p.requires_grad_(s.freeze_layers == 0)
    for blk in body.blocks[: s.freeze_layers]:
        blk.requires_grad_(False)
    opt = torch.optim.AdamW(
        [
            {"params": [p for p in body.parameters() if p.requires_grad], "lr": s.lr},
            {"params": [*model.tech.para.parameters(), *model.tech.token.parameters()], "lr": s.tech_head_lr},
            {"params": list(model.cw.parameters()), "lr": s.cw_head_lr},
        ],
        weight_decay=0.01,
    )
    plan = [("t", g) for g in st.batches(tech, s.batch, shuffle=True, seed=s.seed + 7)]
    for e in range(s.cw_epochs):
        plan += [("c", g) for g in sentence_batches(sents, s.cw_batch, s.seed + 8 + 100 * e)]
    random.Random(s.seed + 9).shuffle(plan)
    steps = len(plan)
    warm = max(1, int(0.05 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: min((k + 1) / warm, max(0.0, (steps - k) / max(1, steps - warm)))
    )
    start = 0
    last = s.work / "last.pt"
    if resume and last.is_file():
        ck = torch.load(last, map_location="cpu", weights_only=False)
        model.load_state_dict(ck["state"])
        opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"])
        start = int(ck["step"])
        log.info("resuming at step %d of %d", start, steps)
    bce = nn.BCEWithLogitsLoss(reduction="none")
    t0 = time.time()
    model.train()
    for k in range(start, steps):
        kind, group = plan[k]
        if kind == "t":
            b = st.collate(group, emb, tok.pad)
            logits, tlogits, _ = model.tech(b["words"], b["mask"])
            lp = bce(logits, b["para"]).mean()
            lt = (bce(tlogits, b["tok"]).mean(-1) * b["tmask"]).sum() / b["tmask"].sum()
            loss = lp + lt
        else:
            b = collate_sentences(group, emb, tok.pad)
            loss = s.cw_weight * bce(model.sentence_logits(b["words"], b["mask"], b["pool"]), b["y"]).mean()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        if (k + 1) % 50 == 0:
            el = time.time() - t0
            log.info(
                "step %d/%d %s loss %.4f, %.2f s/step, eta %.0f min",
                k + 1,
                steps,
                kind,
                loss.item(),
                el / (k + 1 - start),
                el / (k + 1 - start) * (steps - k - 1) / 60,
            )
        if (k + 1) % s.save_every == 0 or k + 1 == steps:
            torch.save(
                {"state": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(), "step": k + 1}, last
            )
    # scores on what the encoder never saw
    report: dict[str, object] = {
        "settings": {k: str(v) for k, v in vars(s).items()},
        "train_seconds": round(time.time() - t0),
    }
    for tag, items in (("holdout_alone", held_alone), ("holdout_in_window", held_ctx), ("dev_alone", dev_alone)):
        p = predict_sentences(model, items, emb, tok.pad)
        y = np.asarray([x.y for x in items])
        report[tag] = {"f1": best_f1(y, p)[0], "threshold": best_f1(y, p)[1], "n": len(items)}
        np.save(s.work / f"{tag}.npy", p)
        log.info("check-worthiness %s: F1 %.4f at %.2f (%d)", tag, *best_f1(y, p), len(items))
    probs = st.predict(model.tech, tech_dev, emb, tok.pad)
    dev_y = np.stack([e.para for e in tech_dev])
    best = max((st.micro_f1(dev_y, probs >= th), th) for th in np.arange(0.1, 0.6, 0.025))
    report["techniques_heldout_torch_micro_f1"] = {"f1": best[0], "threshold": float(best[1])}
    log.info("techniques held-out articles (torch, encoder alone): micro-F1 %.4f at %.3f", *best)
    (s.work / "report.json").write_text(json.dumps(report, indent=1))
    ckpt = s.work / "model.pt"
    torch.save(
        {
            "state": model.tech.state_dict(),
            "cw_head": model.cw.state_dict(),
            "layers": 6,
            "max_length": 128,
            "epoch": 0,
            "dev_f1": best[0],
        },
        ckpt,
    )
    return ckpt


@click.group()
def cli() -> None:
    """Multi-task fine-tune of the shared encoder (techniques + check-worthiness)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")


@cli.command("train")
@click.option("--work", type=click.Path(path_type=Path), default=Path("out/multitask"), show_default=True)
@click.option("--data", type=click.Path(path_type=Path), default=None, help="Default: $CLAIMSCOPE_DATA.")
@click.option("--lr", type=float, default=3e-5, show_default=True)
@click.option("--cw-weight", type=float, default=1.0, show_default=True)
@click.option(
    "--windows", type=float, default=0.5, show_default=True, help="Share of sentences also trained in their window."
)
@click.option(
    "--tech-share", type=float, default=1.0, show_default=True, help="Share of the techniques paragraphs used."
)
@click.option("--holdout-fold", type=int, default=0, show_default=True)
@click.option("--cw-epochs", type=int, default=1, show_default=True, help="Passes over the check-worthiness sentences.")
@click.option("--threads", type=int, default=2, show_default=True)
@click.option(
    "--init-model",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=SEMEVAL_DIR,
    help="Folder whose encoder.onnx is the starting point (default: the shipped one).",
)
@click.option("--resume", is_flag=True, help="Go on from WORK/last.pt.")
def train_cmd(
    work: Path,
    data: Path | None,
    lr: float,
    cw_weight: float,
    windows: float,
    tech_share: float,
    holdout_fold: int,
    cw_epochs: int,
    threads: int,
    init_model: Path,
    resume: bool,
) -> None:
    """Train; print the held-out check-worthiness and techniques figures."""
    data_dir = data or default_data_dir().parent
    Path(work).mkdir(parents=True, exist_ok=True)
    logging.getLogger().addHandler(logging.FileHandler(Path(work) / "train.log"))
    s = Settings(
        work=work,
        data=data_dir,
        lr=lr,
        cw_weight=cw_weight,
        windows=windows,
        tech_share=tech_share,
        holdout_fold=holdout_fold,
        cw_epochs=cw_epochs,
        threads=threads,
        init_model=init_model,
    )
    click.echo(str(train(s, resume=resume)))


@cli.command("export")
@click.option("--work", type=click.Path(path_type=Path), default=Path("out/multitask"), show_default=True)
@click.option(
    "--out", type=click.Path(path_type=Path), required=True, help="New model folder (a copy of the shipped one)."
)
@click.option("--data", type=click.Path(path_type=Path), default=None)
@click.option("--threads", type=int, default=2, show_default=True)
def export_cmd(work: Path, out: Path, data: Path | None, threads: int) -> None:
    """Write OUT: the shipped folder with the new int8 encoder, recalibrated, frames and genre refitted."""
    from claimscope.training.article_classifiers import train_article_classifiers
    from claimscope.training.calibrate import calibrate
    from claimscope.training.export import check_parity, export_onnx, load_checkpoint, reference_outputs
    from claimscope.training.quantize import quantize_encoder, record_quantized_reference

    data_dir = (data or default_data_dir().parent) / "semeval2023t3"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(SEMEVAL_DIR, out)
    model, _ = load_checkpoint(work / "model.pt")
    export_onnx(model, out / "encoder.onnx")
    (out / "reference.json").write_text(json.dumps(reference_outputs(model)), encoding="utf-8")
    check_parity(out / "encoder.onnx", out / "reference.json", max_length=128)
    quantize_encoder(out / "encoder.onnx", out / "encoder.onnx")
    record_quantized_reference(out, max_length=128)
    calibrate(out, data_dir, threads=threads)
    train_article_classifiers(out, data_dir, cache=Path("out/cache"), threads=threads)
    click.echo(f"wrote {out}")


if __name__ == "__main__":
    cli()
