"""``claimscope batch``: the command line of the batch engine."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from claimscope.batch.run import ENGINES, FORMATS, BatchOptions, BatchSummary, run_batch
from claimscope.batch.work import Options, Outcome


@click.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path), metavar="INPUT")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="JSONL file, or a folder for parquet."
)
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True, help="Where workers run.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes or actors.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True, help="Output format.")
@click.option("--db", default=None, metavar="URL", help="Also add each analysis to this corpus store (path or URL).")
@click.option(
    "--ray-address",
    default=None,
    envvar="RAY_ADDRESS",
    metavar="ADDR",
    help="Ray cluster to use (ray://head:10001, auto). Default: $RAY_ADDRESS, else a local Ray.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=120.0,
    show_default=True,
    help="Seconds one input may take; past that it is recorded as failed (E801) and its worker replaced.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Largest input accepted (default: the max_bytes setting).",
)
@click.option("--lang", default=None, metavar="xx", help="Skip language identification: ISO 639-1 code, e.g. fr.")
@click.option("--analyzers", default=None, metavar="A,B", help="Comma-separated analyzers. Default: all built-ins.")
@click.option("--kb", type=click.Path(dir_okay=False), default=None, envvar="CLAIMSCOPE_KB", help="Wikidata SQLite KB.")
@click.option("--allow-private", is_flag=True, default=False, help="Allow URLs to private, loopback, link-local hosts.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on a terminal).")
def batch(
    source: Path,
    output: Path,
    engine: str,
    workers: int,
    fmt: str,
    db: str | None,
    ray_address: str | None,
    time_limit: float,
    max_bytes: int | None,
    lang: str | None,
    analyzers: str | None,
    kb: str | None,
    allow_private: bool,
    progress: bool | None,
) -> None:
    """Analyse many articles; each record names its input and holds the analysis or its error.

    \b
    INPUT is one of:
      a folder           every file in it (HTML or text, decided from the content)
      a JSONL file       one {"id", "url" | "html" | "text" | "path"} object per line
      a Parquet file     the same columns
      a WARC / WARC.gz   its HTTP responses with HTML (Common Crawl news style)

    \b
    A failed input is recorded as {"input": {...}, "error": {"code", "message"}} and the run goes on;
    the exit status is 1 when any input failed. Killed (even with SIGKILL) and started again with the
    same command, a run goes on where it stopped: one record per input, none lost or doubled.

    \b
    Examples:
      claimscope batch pages/ -o out.jsonl --workers 2
      claimscope batch cc-news.warc.gz -o out/ --format parquet --engine ray
      RAY_ADDRESS=ray://head:10001 claimscope batch urls.jsonl -o out.jsonl --engine ray --workers 64
    """
    from claimscope.config import Settings

    settings = Settings.load()
    opts = BatchOptions(
        engine=engine,
        workers=workers,
        fmt=fmt,
        db=db,
        ray_address=ray_address,
        time_limit=time_limit,
        worker=Options(
            lang=lang,
            analyzers=tuple(a.strip() for a in (analyzers or "").split(",") if a.strip()),
            kb=kb or "",
            allow_private=allow_private,
            max_bytes=max_bytes or settings.max_bytes,
        ),
    )
    bar: dict[str, Any] = {}

    def on_start(summary: BatchSummary) -> None:
        from tqdm import tqdm

        bar["bar"] = tqdm(
            total=summary.total,
            initial=summary.done_before,
            unit="article",
            file=sys.stderr,
            disable=None if progress is None else not progress,
            dynamic_ncols=True,
        )
        bar["bar"].set_postfix(failed=summary.failed, refresh=False)

    def on_outcome(outcome: Outcome, summary: BatchSummary) -> None:
        b = bar.get("bar")
        if b is not None:
            b.set_postfix(failed=summary.failed, refresh=False)
            b.update(1)

    try:
        summary = run_batch(source, output, opts, on_start=on_start, on_outcome=on_outcome)
    finally:
        if "bar" in bar:
            bar["bar"].close()
    peaks = summary.stats.get("worker_peak_rss_mb", {})
    peak = f", worker peak RSS {max(peaks.values()):.0f} MB" if peaks else ""
    click.echo(
        f"batch: {summary.analysed} analysed in {summary.seconds:.1f} s ({summary.rate:.2f}/s), "
        f"{summary.skipped} already done, {summary.failed} failed in {output}{peak}",
        err=True,
    )
    if summary.duplicates:
        click.echo(f"batch: {summary.duplicates} inputs repeat an earlier key and were skipped", err=True)
    if summary.failed:
        sys.exit(1)
