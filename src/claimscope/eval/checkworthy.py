"""``claimscope eval checkworthy``: positive-class P/R/F1 of the shipped check-worthiness model.

``--split`` is ``dev`` or ``train`` (CLEF CheckThat! 2024 task 1 English, read from ``--data``,
``$CLAIMSCOPE_DATA`` or ``../shared/data``), ``fr`` (the project's French gold set,
``tests/eval/gold/checkworthy-fr.jsonl``, a test set nothing is tuned on), or the path of any file
in the task's TSV format (``Sentence_id``, ``Text``, ``class_label`` Yes/No) or in the French
gold set's JSON Lines format. Every sentence is scored alone, at the model's cross-validated
threshold, the way the claims analyzer scores a sentence.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import click
import numpy as np

FRENCH_GOLD = Path(__file__).resolve().parents[3] / "tests" / "eval" / "gold" / "checkworthy-fr.jsonl"


def read_split(split: str, data: Path | None) -> tuple[str, list[str], np.ndarray, str]:
    """(description, texts, labels, language) of a split name or file."""
    from claimscope.training.checkworthy_shared import read_french_gold, read_tsv

    if split == "fr":
        path = FRENCH_GOLD
    elif split in ("dev", "train"):
        root = data or Path(os.environ.get("CLAIMSCOPE_DATA", "../shared/data"))
        path = root / "checkthat2024-t1-en" / f"CT24_checkworthy_english_{split}.tsv"
    else:
        path = Path(split)
    if not path.is_file():
        raise click.UsageError(f"data not found: {path} (pass --data, set CLAIMSCOPE_DATA or give a file)")
    if path.suffix == ".jsonl":
        texts, labels = read_french_gold(path)
        return f"{path.name} (project gold set)", texts, labels, "fr"
    rows = read_tsv(path)
    return f"{path.name} (CheckThat! task-1 format)", rows.texts, rows.labels, "en"


def score_in_context(split: str, data: Path | None, texts: list[str], lang: str) -> np.ndarray:
    """Each gold sentence pooled from its source line's encoder pass (``source``: file#Lline.sN)."""
    from claimscope.analyzers import _checkworthy as cw

    path = FRENCH_GOLD if split == "fr" else Path(split)
    if path.suffix != ".jsonl":
        raise click.UsageError("--in-context needs a gold JSON Lines split (with source ids)")
    root = data or Path(os.environ.get("CLAIMSCOPE_DATA", "../shared/data"))
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    out = np.zeros(len(rows), np.float32)
    for i, (row, text) in enumerate(zip(rows, texts, strict=True)):
        file, _, where = row["source"].partition("#L")
        dataset, _, rel = file.partition("/")
        line_no = int(where.split(".")[0])
        src = root / dataset / "data" / rel
        if not src.is_file():
            raise click.UsageError(f"source article not found: {src} (pass --data or set CLAIMSCOPE_DATA)")
        para = src.read_text(encoding="utf-8").splitlines()[line_no - 1].strip()
        start = para.find(text)
        if start < 0:
            raise click.UsageError(f"{row['id']}: sentence not found in {src} line {line_no}")
        got = cw.score_spans(para, ((0, len(para)),), [(start, start + len(text))], lang=lang)
        assert got is not None
        out[i] = got[0]
    return out


@click.command("checkworthy", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=None,
    help="Data folder holding checkthat2024-t1-en/ (default: $CLAIMSCOPE_DATA or ../shared/data).",
)
@click.option(
    "--split",
    default="dev",
    show_default=True,
    help="dev, train, fr (French gold set) or a file (task TSV or gold JSON Lines).",
)
@click.option("--lang", default=None, help="Language of the sentences (default: en for TSV, fr for the gold set).")
@click.option("--threshold", type=float, default=None, help="Override the shipped threshold.")
@click.option(
    "--rules/--no-rules",
    default=False,
    show_default=True,
    help="Also add the French/English rule adjustments used by the claims analyzer.",
)
@click.option(
    "--in-context",
    is_flag=True,
    help="Gold JSON Lines only: score each sentence inside its source paragraph (read from the data "
    "folder), pooled from the paragraph's encoder pass as in an article.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def command(
    data: Path | None,
    split: str,
    lang: str | None,
    threshold: float | None,
    rules: bool,
    in_context: bool,
    as_json: bool,
) -> None:
    """Positive-class precision, recall and F1 of the check-worthiness model on a labelled split."""
    from claimscope.analyzers import _checkworthy as cw
    from claimscope.training.checkworthy import prf

    head = cw.load_head()
    if head is None:
        raise click.UsageError(f"no check-worthiness model in {cw.MODEL_DIR}; see its MODEL_CARD.md to train one")
    what, texts, labels, default_lang = read_split(split, data)
    lang = lang or default_lang
    cut = head.threshold if threshold is None else threshold
    if isinstance(head, cw.SharedHead):
        cw.shared_runtime()  # load the shared encoder before timing
    t0 = time.perf_counter()
    probs = score_in_context(split, data, texts, lang) if in_context else cw.score_texts(texts, lang=lang)
    seconds = time.perf_counter() - t0
    assert probs is not None
    if rules:
        scores = np.asarray(
            [
                cw.combine(float(p), cw.rule_adjustment(t, lang)[0], threshold=cut)
                for p, t in zip(probs, texts, strict=True)
            ]
        )
        pred = (scores >= 0.5).astype(np.int64)
    else:
        pred = (probs >= cut).astype(np.int64)
    m = prf(labels, pred)
    meta = head.meta
    cv = meta.get("cv", {})
    shipped_cv = next((v for k, v in cv.items() if "+" in k), None) if lang == "en" else None
    shipped_cv = shipped_cv or cv.get(meta.get("encoder_head", ""), None)
    out = {
        "split": what,
        "in_context": in_context,
        "sentences": len(texts),
        "check_worthy": int(labels.sum()),
        "lang": lang,
        "threshold": cut,
        "rules": rules,
        **m,
        "ms_per_sentence": round(seconds / max(1, len(texts)) * 1000, 2),
        "cv": shipped_cv,
    }
    if as_json:
        click.echo(json.dumps(out))
        return
    where = ", each inside its source paragraph" if in_context else ", each alone"
    click.echo(f"{what}: {len(texts)} sentences{where}, {int(labels.sum())} check-worthy, language {lang}")
    parts = meta.get("encoder_head", meta.get("head"))
    if "lexical" in meta:
        lex = meta["lexical"]
        used = lang in lex.get("langs", ())
        parts = (
            f"{parts} + {lex['head']} (weight {lex['weight']})"
            if used
            else f"{parts} alone (lexical part is {lex['langs']} only)"
        )
    click.echo(f"model: {parts} on the shared SemEval encoder, threshold {cut:.2f}{' + rules' if rules else ''}")
    click.echo(f"  positive class  P {m['precision']:.4f}  R {m['recall']:.4f}  F1 {m['f1']:.4f}")
    if shipped_cv:
        click.echo(
            f"  grouped CV on train ({shipped_cv['folds']} folds x {shipped_cv['repeats']} repeats): F1 "
            f"{shipped_cv['cv_f1_mean']:.4f} ± {shipped_cv['cv_f1_std_repeats']:.4f} over repeats, per fold "
            f"{shipped_cv['cv_f1_fold_min']:.3f}-{shipped_cv['cv_f1_fold_max']:.3f} "
            f"(std {shipped_cv['cv_f1_fold_std']:.3f})"
        )
    click.echo(f"  {out['ms_per_sentence']:.1f} ms per sentence (encoder pass + head, one thread)")
    click.echo("  reference: best published CheckThat! 2024 task 1 English test F1 ≈ 0.80")


if __name__ == "__main__":
    command()
