"""``claimscope eval checkworthy``: positive-class P/R/F1 of the shipped check-worthiness head.

Scores CLEF CheckThat! 2024 task 1 (English) dev with the head in ``claimscope/models/checkworthy``
at its cross-validated threshold. The data folder is ``--data``, ``$CLAIMSCOPE_DATA`` or
``../shared/data``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import click
import numpy as np


@click.command("checkworthy", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=None,
    help="Data folder holding checkthat2024-t1-en/ (default: $CLAIMSCOPE_DATA or ../shared/data).",
)
@click.option("--split", type=click.Choice(["dev", "train"]), default="dev", show_default=True)
@click.option("--threshold", type=float, default=None, help="Override the shipped threshold.")
@click.option(
    "--rules/--no-rules",
    default=False,
    show_default=True,
    help="Also add the French/English rule adjustments used by the claims analyzer.",
)
def command(data: Path | None, split: str, threshold: float | None, rules: bool) -> None:
    """Positive-class precision, recall and F1 on CheckThat! 2024 task 1."""
    from claimscope.analyzers import _checkworthy as cw
    from claimscope.training.checkworthy import prf, read_ct24

    root = data or Path(os.environ.get("CLAIMSCOPE_DATA", "../shared/data"))
    path = root / "checkthat2024-t1-en" / f"CT24_checkworthy_english_{split}.tsv"
    if not path.is_file():
        raise click.UsageError(f"data not found: {path} (pass --data or set CLAIMSCOPE_DATA)")
    head = cw.load_head()
    if head is None:
        raise click.UsageError(
            f"no check-worthiness model in {cw.MODEL_DIR}; train one with python -m claimscope.training.checkworthy"
        )
    texts, labels = read_ct24(path)
    cut = head.threshold if threshold is None else threshold
    t0 = time.perf_counter()
    probs = cw.score_texts(texts)
    seconds = time.perf_counter() - t0
    assert probs is not None
    if rules:
        scores = np.asarray(
            [
                cw.combine(float(p), cw.rule_adjustment(t, "en")[0], threshold=cut)
                for p, t in zip(probs, texts, strict=True)
            ]
        )
        pred = (scores >= 0.5).astype(np.int64)
    else:
        pred = (probs >= cut).astype(np.int64)
    m = prf(labels, pred)
    click.echo(f"CheckThat! 2024 task 1 {split} ({len(texts)} sentences, {int(labels.sum())} check-worthy)")
    click.echo(
        f"head {head.meta.get('head')} on {head.meta.get('encoder', 'usem3')} embeddings, threshold {cut:.2f}"
        f"{' + rules' if rules else ''}"
    )
    click.echo(f"  positive class  P {m['precision']:.4f}  R {m['recall']:.4f}  F1 {m['f1']:.4f}")
    click.echo(f"  {seconds / max(1, len(texts)) * 1000:.1f} ms per sentence (embedding + head, one thread)")
    click.echo("  reference: best published CheckThat! 2024 task 1 English test F1 ≈ 0.80")


if __name__ == "__main__":
    command()
