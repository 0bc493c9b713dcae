"""Choose the check-worthiness head of a multi-task encoder on the sentences it never saw.

``claimscope.training.multitask`` fine-tunes the shared encoder on techniques and on most of the
CheckThat! 2024 + ClaimBuster training sentences. One grouped block of them (``split.json:
checkworthy_holdout_rows``, about 20%) never reaches the encoder. Every choice is made on that
block, by repeated grouped CV inside it, so that no figure is in-sample:

- encoder scorers: ``torch`` (the linear head trained with the encoder, applied to the int8
  runtime's pooled states; nothing is fitted here) and ``lr`` (a standardised logistic regression
  over the pooled states + the 27 extra features, fitted on the other folds);
- ``lex``: the word 1-2-gram TF-IDF head, fitted on the training sentences outside the block (the
  same sentences as the encoder), so its scores on the block are out-of-sample too;
- the policy (encoder scorer, blend weight, threshold) is chosen on 4 folds of the block and
  scored on the 5th, 5 folds x ``--repeats``; the table gives the mean ± std of the fold F1.

``python -m claimscope.training.checkworthy_select --work out/multitask [--save]``: needs the
multi-task encoder installed as ``models/semeval`` (the analyzer reads that one), prints the
table, dev and the French set once, and with ``--save`` writes ``models/checkworthy``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import click
import numpy as np

from claimscope.analyzers import _checkworthy as cw
from claimscope.training.checkworthy import f1 as f1_at
from claimscope.training.checkworthy import prf
from claimscope.training.checkworthy_shared import (
    CANDIDATES,
    FRENCH_GOLD,
    LinearHead,
    best_threshold,
    context_windows,
    grouped_folds,
    groups_of,
    lexical_from,
    load_train,
    read_french_gold,
    sentence_states,
)

WEIGHTS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)


def encode_rows(texts: list[str], ids: np.ndarray, cache: Path) -> dict[str, np.ndarray | list[np.ndarray]]:
    """Pooled states + extra features of each text alone and inside its 3-sentence window."""
    if cache.is_file():
        z = np.load(cache)
        return {k: z[k] for k in z.files}
    states, probs = cw.encode_sentences(texts)
    alone = np.hstack([cw.pool_mean_max(states), cw.extra_features(texts, probs)])
    ctx = alone.copy()
    rt = cw.shared_runtime()
    windows = [w for w in context_windows(ids, texts, size=3) if len(w) > 1]
    joined, spans = [], []
    for w in windows:
        pos, sp = 0, []
        for k in w:
            sp.append((k, pos, pos + len(texts[k])))
            pos += len(texts[k]) + 1
        joined.append(" ".join(texts[k] for k in w))
        spans.append(sp)
    for sp, o in zip(spans, rt.run(joined), strict=True):
        for k, a, b in sp:
            h = sentence_states(o.hidden, o.offsets, a, b)
            if len(h):
                ctx[k] = np.hstack([cw.pool_mean_max([h])[0], cw.extra_features([texts[k]], o.probs[None])[0]])
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, alone=alone, ctx=ctx)
    return {"alone": alone, "ctx": ctx}


def torch_head(work: Path) -> dict[str, np.ndarray]:
    """The jointly trained head as the runtime's ``logreg`` arrays (no standardisation)."""
    import torch

    head = torch.load(work / "model.pt", map_location="cpu", weights_only=False)["cw_head"]
    w = head["weight"].numpy()[0].astype(np.float32)
    return {
        "mean": np.zeros(795, np.float32),
        "scale": np.ones(795, np.float32),
        "coef": np.concatenate([w, np.zeros(27, np.float32)]),
        "intercept": head["bias"].numpy().astype(np.float32),
    }


def logistic(x: np.ndarray, a: dict[str, np.ndarray]) -> np.ndarray:
    z = ((x - a["mean"]) / a["scale"]) @ a["coef"] + a["intercept"]
    return (1.0 / (1.0 + np.exp(-np.asarray(z, np.float64).reshape(-1)))).astype(np.float32)


def lr_arrays(x: np.ndarray, y: np.ndarray, c: float = 0.1) -> dict[str, np.ndarray]:
    lin = LinearHead({"features": "pooled", "C": c})
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    lin.scaler = StandardScaler().fit(x)
    lin.model = LogisticRegression(C=c, max_iter=400).fit(lin.scaler.transform(x), y)
    return {
        "mean": lin.scaler.mean_.astype(np.float32),
        "scale": lin.scaler.scale_.astype(np.float32),
        "coef": lin.model.coef_[0].astype(np.float32),
        "intercept": lin.model.intercept_.astype(np.float32),
    }


def choose(scores: dict[str, np.ndarray], lex: np.ndarray, y: np.ndarray) -> tuple[str, float, float, float]:
    """(encoder scorer, lexical weight, threshold, F1) with the best F1 on these rows."""
    best = ("", 0.0, 0.5, -1.0)
    for name, p in scores.items():
        for w in WEIGHTS:
            th, f = best_threshold(y, (1 - w) * p + w * lex)
            if f > best[3]:
                best = (name, w, th, f)
    return best


@click.command()
@click.option("--work", type=click.Path(path_type=Path), default=Path("out/multitask"), show_default=True)
@click.option(
    "--data", type=click.Path(path_type=Path), default=lambda: os.environ.get("CLAIMSCOPE_DATA", "../shared/data")
)
@click.option("--repeats", default=5, show_default=True)
@click.option("--save", is_flag=True, help="Write models/checkworthy (otherwise only measure).")
def main(work: Path, data: Path, repeats: int, save: bool) -> None:
    """Repeated grouped CV inside the held-out block, then dev and French once."""
    t0 = time.perf_counter()
    rows, dev = load_train(data)
    held = np.asarray(json.loads((work / "split.json").read_text())["checkworthy_holdout_rows"])
    fit_rows = np.setdiff1d(np.arange(len(rows)), held)
    texts = [rows.texts[i] for i in held]
    y, ids = rows.labels[held], rows.ids[held]
    feats = encode_rows(texts, ids, work / "select" / "heldout.npz")
    x, xc = np.asarray(feats["alone"]), np.asarray(feats["ctx"])
    click.echo(
        f"held-out block: {len(held)} sentences ({int(y.sum())} check-worthy); "
        f"encoded in {time.perf_counter() - t0:.0f} s"
    )
    lin = LinearHead(CANDIDATES["word-logreg"]).fit(
        [], np.zeros((len(fit_rows), 0)), rows.labels[fit_rows], [rows.texts[i] for i in fit_rows]
    )
    lexical = lexical_from(lin)
    lex = lexical.predict_proba(texts)
    th_arrays = torch_head(work)
    fixed = {"torch": logistic(x, th_arrays)}
    fixed_ctx = {"torch": logistic(xc, th_arrays)}
    groups = groups_of(ids)
    fold_f1: dict[str, list[float]] = {}
    picks = []
    for rep in range(repeats):
        splits = grouped_folds(y, groups, 5, 13 + rep)
        oof = {"lr": np.zeros(len(y), np.float32)}
        oof_ctx = {"lr": np.zeros(len(y), np.float32)}
        for tr, te in splits:
            a = lr_arrays(x[tr], y[tr])
            oof["lr"][te] = logistic(x[te], a)
            oof_ctx["lr"][te] = logistic(xc[te], a)
        scores = {**fixed, **oof}
        for tr, te in splits:
            name, w, th, _ = choose({k: v[tr] for k, v in scores.items()}, lex[tr], y[tr])
            picks.append((name, w, th))
            p = (1 - w) * scores[name][te] + w * lex[te]
            fold_f1.setdefault("policy (scorer, weight, threshold chosen on 4 folds)", []).append(
                f1_at(y[te], (p >= th).astype(np.int64))
            )
            pe = scores[name][te]
            the, _ = best_threshold(y[tr], scores[name][tr])
            fold_f1.setdefault("encoder scorer alone (threshold chosen on 4 folds)", []).append(
                f1_at(y[te], (pe >= the).astype(np.int64))
            )
            pc = (1 - w) * {**fixed_ctx, **oof_ctx}[name][te] + w * lex[te]
            fold_f1.setdefault("policy, sentences pooled from their 3-sentence window", []).append(
                f1_at(y[te], (pc >= th).astype(np.int64))
            )
            for k in scores:
                tk, _ = best_threshold(y[tr], scores[k][tr])
                fold_f1.setdefault(f"{k} alone", []).append(f1_at(y[te], (scores[k][te] >= tk).astype(np.int64)))
            tl, _ = best_threshold(y[tr], lex[tr])
            fold_f1.setdefault("lex alone", []).append(f1_at(y[te], (lex[te] >= tl).astype(np.int64)))
    table = {
        k: {
            "mean": round(float(np.mean(v)), 4),
            "std": round(float(np.std(v)), 4),
            "min": round(float(np.min(v)), 4),
            "max": round(float(np.max(v)), 4),
        }
        for k, v in fold_f1.items()
    }
    for k, v in table.items():
        click.echo(f"  {k:<58} F1 {v['mean']:.4f} ± {v['std']:.4f} ({v['min']:.3f}-{v['max']:.3f})")
    # the final choice on the whole block (the lr scorer: its out-of-fold scores of repeat 1)
    final_scores = {**fixed, "lr": oof["lr"]}
    name, w, th, f = choose(final_scores, lex, y)
    th_alone, _ = best_threshold(y, final_scores[name])
    click.echo(
        f"chosen on the whole block: {name} + lex@{w:g}, threshold {th:.2f} (block F1 {f:.4f}); "
        f"picks per fold: {sorted(set(picks))[:6]}"
    )
    arrays = th_arrays if name == "torch" else lr_arrays(x, y)
    meta: dict[str, object] = {
        "schema": "claimscope/checkworthy-model@2",
        "shared_encoder": (
            "claimscope/models/semeval/encoder.onnx, fine-tuned on techniques + check-worthiness (training.multitask)"
        ),
        "encoder_head": name,
        "features": "mean+max of the sentence's token states (768) + 23 technique probabilities + 4 surface",
        "train_sentences": len(fit_rows),
        "selection_sentences": len(held),
        "train_sources": ["ct24-train", "claimbuster"],
        "selection": {"protocol": f"5 grouped folds x {repeats} repeats inside the held-out block", "table": table},
        "lexical": {"head": "word-logreg", "weight": w, "langs": ["en"], "threshold_without": th_alone},
    }
    head = cw.SharedHead("logreg", arrays, th, meta, lexical if w > 0 else None, None)
    if w == 0:
        meta.pop("lexical")
    dst, dpr = cw.encode_sentences(dev.texts)
    dx = cw.extra_features(dev.texts, dpr)
    pd = head.predict(dst, dx, dev.texts, "en")
    meta["dev"] = prf(dev.labels, (pd >= th).astype(np.int64))
    click.echo(f"CheckThat! 2024 dev (once): {meta['dev']}")
    if FRENCH_GOLD.is_file():
        ft, fy = read_french_gold(FRENCH_GOLD)
        fs, fp = cw.encode_sentences(ft)
        pf = head.predict(fs, cw.extra_features(ft, fp), ft, "fr")
        meta["french_gold"] = {**prf(fy, (pf >= th).astype(np.int64)), "sentences": len(fy), "yes": int(fy.sum())}
        click.echo(f"French gold (test only, encoder head): {meta['french_gold']}")
    (work / "select" / "result.json").write_text(json.dumps(meta, indent=1, default=float))
    if save:
        cw.save_shared_head(head, cw.MODEL_DIR)
        cw.load_head.cache_clear()
        click.echo(f"saved {cw.MODEL_DIR}")


if __name__ == "__main__":
    main()
