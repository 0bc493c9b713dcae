"""``claimscope eval factchecks``: CheckThat! 2022 Task 2A retrieval and fact-check match P/R.

The same path a user takes, in process:

1. ``factcheck import vclaims-claimreview.jsonl --db STORE`` (the 14,231 Snopes reviews);
2. ``analyze TWEET.txt --db STORE --lang en`` for every tweet of the split, each written to a
   text file; the reviews of its ``factchecks`` layer ranked by ``similarity``;
3. MAP@1, MAP@5, recall@5 and MRR against the QRELs, beside the organisers' BM25 baseline;
4. match precision and recall (``match`` flags): the same tweets once with their gold review in
   the store (positives) and once with the gold reviews deleted from a copy of it (negatives,
   where any flagged review is a false match).

``--split fr-crosslingual`` instead analyses the project's French set (``tests/eval/gold/
factchecks-fr.jsonl``: French restatements of English Snopes claims, and French claims about the
same people that no review checks) with ``--lang fr`` and prints match precision and recall.

The data folder is ``--data``, ``$CLAIMSCOPE_DATA`` or ``../shared/data``. ``--db`` keeps the
store (importing into it again changes nothing, so a second run skips the embedding).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

TASK = "checkthat2022-t2a-en"
BASELINE_MAP5 = 0.818  # organisers' BM25 baseline, official test split
BEST_MAP5 = 0.95  # best teams, official test split (about)
CROSSLINGUAL_GOLD = Path("tests/eval/gold/factchecks-fr.jsonl")


def ranked_reviews(factchecks: Sequence[dict[str, Any]]) -> list[str]:
    """Review identifiers (else urls, else claims) by similarity, each once."""
    best: dict[str, float] = {}
    for f in factchecks:
        review = f.get("review") or {}
        rid = review.get("identifier") or review.get("url") or review.get("claim_reviewed") or ""
        best[rid] = max(best.get(rid, -1.0), float(f.get("similarity", 0.0)))
    return sorted(best, key=lambda r: -best[r])


def flagged_reviews(factchecks: Sequence[dict[str, Any]]) -> set[str]:
    return {
        (f.get("review") or {}).get("identifier") or (f.get("review") or {}).get("url") or ""
        for f in factchecks
        if f.get("match")
    }


def read_crosslingual(path: Path) -> list[tuple[str, str, set[str]]]:
    """(item id, French text, gold vclaim ids: empty for a distractor) of the cross-lingual set."""
    import json

    out = []
    with path.open(encoding="utf-8") as f:
        for i, line in enumerate(line for line in f if line.strip()):
            item = json.loads(line)
            out.append((f"fr-{i}", str(item["text"]), {item["gold"]} if item.get("gold") else set()))
    return out


def run_split(
    items: Sequence[tuple[str, str, set[str]]],
    *,
    db: str,
    workdir: Path,
    analyzers: str,
    progress: bool,
    lang: str = "en",
) -> tuple[list[list[dict[str, Any]]], float]:
    """Analyse each tweet as a text file through the CLI's pipeline; (factchecks layers, seconds)."""
    from claimscope.cli import _analyze_one, _build_pipeline
    from claimscope.config import Settings
    from claimscope.pipeline import Pipeline

    settings = Settings.load(analyzers=analyzers or None)
    pipeline = _build_pipeline(settings, Pipeline, db=db)
    layers: list[list[dict[str, Any]]] = []
    t0 = time.perf_counter()
    with click.progressbar(items, label="tweets", hidden=not progress, file=sys.stderr) as bar:
        for qid, text, _gold in bar:
            path = workdir / f"{qid}.txt"
            path.write_text(text, encoding="utf-8")
            result = _analyze_one(str(path), settings=settings, pipeline=pipeline, lang=lang).to_dict()
            layers.append(list(result.get("factchecks") or []))
    return layers, time.perf_counter() - t0


def delete_reviews(db: str, identifiers: set[str]) -> int:
    import sqlalchemy as sa

    from claimscope.factcheck.db import field_vectors_table, reviews_table, vectors_table
    from claimscope.store import open_store

    with open_store(db) as store, store.transaction() as conn:
        ids = [
            r[0] for r in conn.execute(sa.select(reviews_table.c.id).where(reviews_table.c.identifier.in_(identifiers)))
        ]
        conn.execute(vectors_table.delete().where(vectors_table.c.review_id.in_(ids)))
        conn.execute(field_vectors_table.delete().where(field_vectors_table.c.review_id.in_(ids)))
        conn.execute(reviews_table.delete().where(reviews_table.c.id.in_(ids)))
        return len(ids)


def report_crosslingual(items: Sequence[tuple[str, str, set[str]]], layers: Sequence[list[dict[str, Any]]]) -> None:
    from claimscope.factcheck.training import match_metrics, ranking_metrics

    pairs = [(flagged_reviews(layer), gold) for layer, (_q, _t, gold) in zip(layers, items, strict=True)]
    m = match_metrics(pairs)
    positives = [(r, g) for r, g in pairs if g]
    top1 = sum(
        1
        for layer, (_q, _t, gold) in zip(layers, items, strict=True)
        if gold and ranked_reviews(layer)[:1] == list(gold)
    )
    distractors_matched = sum(1 for r, g in pairs if not g and r)
    ranking = ranking_metrics(
        [(ranked_reviews(layer), gold) for layer, (_q, _t, gold) in zip(layers, items, strict=True) if gold]
    )
    click.echo(
        f"French claims against the English Snopes reviews: {len(positives)} restatements, "
        f"{len(pairs) - len(positives)} same-people distractors"
    )
    click.echo(
        f"  match precision {m['precision']:.4f}  recall {m['recall']:.4f}  F1 {m['f1']:.4f}; "
        f"gold ranked first {top1}/{len(positives)}; "
        f"distractors given a match {distractors_matched}/{len(pairs) - len(positives)}"
    )
    click.echo(
        f"summary fr-crosslingual: MAP@1 {ranking['map@1']:.4f}  MAP@5 {ranking['map@5']:.4f} (restatements)  "
        f"match precision {m['precision']:.4f}  recall {m['recall']:.4f}"
    )


@click.command("factchecks", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=None,
    help="Data folder holding checkthat2022-t2a-en/ (default: $CLAIMSCOPE_DATA or ../shared/data).",
)
@click.option(
    "--split", type=click.Choice(["train", "dev", "dev-test", "fr-crosslingual"]), default="dev-test", show_default=True
)
@click.option(
    "--gold",
    type=click.Path(dir_okay=False, path_type=Path),
    default=CROSSLINGUAL_GOLD,
    show_default=True,
    help="The cross-lingual set (with --split fr-crosslingual).",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite store to import into and keep (default: a temporary one).",
)
@click.option(
    "--analyzers",
    default="entities.v1,claims.v1",
    show_default=True,
    help="Analyzers before factchecks.v1 (the layers it reads); empty for the whole default pipeline.",
)
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the first N tweets (a quick look).")
@click.option("--match/--no-match", "with_match", default=True, show_default=True, help="Also the match P/R pass.")
@click.option("--progress/--no-progress", default=None, help="Progress bars (default: on a terminal).")
def command(
    data: Path | None,
    split: str,
    gold: Path,
    db: Path | None,
    analyzers: str,
    limit: int | None,
    with_match: bool,
    progress: bool | None,
) -> None:
    """MAP@1, MAP@5, recall@5, MRR on CheckThat! 2022 Task 2A English, and fact-check match P/R."""
    from claimscope.factcheck.db import count_reviews, import_claimreviews
    from claimscope.factcheck.training import match_metrics, ranking_metrics, read_split
    from claimscope.store import open_store

    root = data or Path(os.environ.get("CLAIMSCOPE_DATA", "../shared/data"))
    folder = root / TASK
    reviews_file = folder / "vclaims-claimreview.jsonl"
    if not reviews_file.is_file():
        raise click.UsageError(f"data not found: {reviews_file} (pass --data or set CLAIMSCOPE_DATA)")
    crosslingual = split == "fr-crosslingual"
    items = (read_crosslingual(gold) if crosslingual else read_split(folder, split))[: limit or None]
    show = progress if progress is not None else os.isatty(2)
    with tempfile.TemporaryDirectory(prefix="claimscope-factchecks-") as tmp:
        workdir = Path(tmp)
        store_path = str(db) if db else str(workdir / "factchecks.sqlite")
        with open_store(store_path) as store:
            report = import_claimreviews(store, reviews_file)
            total = count_reviews(store)
        click.echo(
            f"import {reviews_file.name}: {report.added} added, {report.unchanged} unchanged, "
            f"{len(report.failed)} failed, {report.embedded} claims and {report.fields_embedded} headlines or "
            f"descriptions embedded in {report.seconds:.1f} s ({total} reviews)"
        )
        if crosslingual:
            layers, seconds = run_split(
                items, db=store_path, workdir=workdir, analyzers=analyzers, progress=show, lang="fr"
            )
            report_crosslingual(items, layers)
            return
        layers, seconds = run_split(items, db=store_path, workdir=workdir, analyzers=analyzers, progress=show)
        rankings = [(ranked_reviews(layer), gold) for layer, (_q, _t, gold) in zip(layers, items, strict=True)]
        m = ranking_metrics(rankings)
        click.echo(
            f"CheckThat! 2022 Task 2A English {split}: {len(items)} tweets, "
            f"{seconds / max(1, len(items)) * 1000:.0f} ms per tweet (whole analysis)"
        )
        click.echo("  " + "  ".join(f"{k.upper()} {v:.4f}" for k, v in m.items()))
        click.echo(
            f"  reference (official test split): organisers' BM25 baseline MAP@5 {BASELINE_MAP5}, "
            f"best teams about {BEST_MAP5}"
        )
        if not with_match:
            return
        positives = [(flagged_reviews(layer), gold) for layer, (_q, _t, gold) in zip(layers, items, strict=True)]
        negative_store = str(workdir / "without-gold.sqlite")
        shutil.copyfile(store_path, negative_store)
        gold_ids = set().union(*(gold for _q, _t, gold in items))
        removed = delete_reviews(negative_store, gold_ids)
        neg_layers, _ = run_split(items, db=negative_store, workdir=workdir, analyzers=analyzers, progress=show)
        negatives = [(flagged_reviews(layer), set()) for layer in neg_layers]
        pm = match_metrics(positives + negatives)
        pos_only = match_metrics(positives)
        false_on_negatives = sum(1 for f, _ in negatives if f)
        click.echo(
            f"fact-check match on {len(items)} tweets with their gold review + the same {len(items)} with the "
            f"{removed} gold reviews removed from the store:"
        )
        click.echo(
            f"  precision {pm['precision']:.4f}  recall {pm['recall']:.4f}  F1 {pm['f1']:.4f}  "
            f"(positives alone: precision {pos_only['precision']:.4f}; "
            f"{false_on_negatives} of {len(items)} tweets without their review got a match)"
        )
        click.echo("  bar (issue 10): precision and recall >= 0.8")
        click.echo(
            f"summary {split}: MAP@1 {m['map@1']:.4f}  MAP@5 {m['map@5']:.4f}  "
            f"match precision {pm['precision']:.4f}  recall {pm['recall']:.4f}"
        )


if __name__ == "__main__":
    command()
