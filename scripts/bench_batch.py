"""Batch throughput: articles per second for 1 and 2 workers on both engines, peak RSS per worker.

The pages are made from public data (``$CLAIMSCOPE_DATA``): trafilatura evaluation pages (HTML)
and SemEval-2023 article texts (fr, en, de, it, pl, ru), written to a temporary folder and run
through ``claimscope.batch.run_batch`` exactly as ``claimscope batch DIR -o OUT.jsonl`` does.
The rate counts from the first finished article to the last (model loading is reported apart);
the plan for a 10-million-article run is computed from the measured per-worker rate and memory.

    nice -n 10 python scripts/bench_batch.py                # 300 pages, local and ray, 1 and 2 workers
    python scripts/bench_batch.py --pages 60 --engines local
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET = 10_000_000


def make_pages(folder: Path, n: int) -> int:
    data = Path(os.environ.get("CLAIMSCOPE_DATA", ROOT.parent / "shared" / "data"))
    rng = random.Random(5)
    items: list[tuple[str, bytes]] = []
    for p in sorted((data / "trafilatura-eval" / "tests" / "cache").glob("*.html.gz")):
        items.append((p.name.removesuffix(".gz"), gzip.decompress(p.read_bytes())))
    for lang in ("fr", "en", "ge", "it", "po", "ru"):
        for p in sorted((data / "semeval2023t3" / "data" / lang / "train-articles-subtask-3").glob("*.txt")):
            items.append((f"{lang}-{p.name}", p.read_bytes()))
    if not items:
        raise SystemExit(f"no public data under {data} (set CLAIMSCOPE_DATA)")
    rng.shuffle(items)
    folder.mkdir(parents=True, exist_ok=True)
    for i, (name, content) in enumerate(items[:n]):
        (folder / f"{i:04d}-{name}").write_bytes(content)
    return min(n, len(items))


def bench_one(engine: str, workers: int, pages: Path, out: Path) -> dict[str, Any]:
    from claimscope.batch import BatchOptions, run_batch

    stamps: list[float] = []
    t0 = time.perf_counter()
    summary = run_batch(
        pages,
        out,
        BatchOptions(engine=engine, workers=workers),
        on_outcome=lambda outcome, summary: stamps.append(time.perf_counter()),
    )
    wall = time.perf_counter() - t0
    steady = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 2 else 0.0
    peaks = summary.stats.get("worker_peak_rss_mb", {})
    return {
        "engine": engine,
        "workers": workers,
        "articles": summary.analysed,
        "failed": summary.failed,
        "rate": steady,
        "startup": stamps[0] - t0 if stamps else wall,
        "wall": wall,
        "peak_rss": max(peaks.values()) if peaks else 0.0,
    }


def plan(rate_per_worker: float, peak_mb: float) -> list[str]:
    """Workers, memory and hours for 10 million articles from the measured figures."""
    lines = [
        f"Plan for {TARGET:,} articles at {rate_per_worker:.2f} articles/s per worker "
        f"(one worker per core), {peak_mb:.0f} MB peak per worker:"
    ]
    mem = peak_mb * 1.25 / 1024  # 25 % headroom for the driver, Ray's object store and long pages
    for nodes, cores in ((4, 32), (16, 32), (32, 64)):
        w = nodes * cores
        hours = TARGET / (rate_per_worker * w) / 3600
        lines.append(
            f"  {nodes:3d} nodes x {cores} cores = {w:5d} workers: {hours:6.1f} h, "
            f"{mem * cores:5.0f} GB RAM per node ({mem * w:,.0f} GB in all)"
        )
    lines.append(
        "  run: RAY_ADDRESS=ray://head:10001 claimscope batch cc-news.warc.gz -o out/ --format parquet "
        "--engine ray --workers N  (resumable: restart the same command after any failure)"
    )
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--engines", default="local,ray")
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimscope-bench-batch-"))
    n = make_pages(work / "pages", args.pages)
    print(f"bench_batch: {n} pages from public data, {os.cpu_count()} CPUs", flush=True)
    rows = []
    for engine in args.engines.split(","):
        for workers in (int(w) for w in args.workers.split(",")):
            if engine == "ray":
                try:
                    import ray  # noqa: F401
                except ImportError:
                    print("  ray: not installed (pip install 'claimscope[ray]'), skipped")
                    break
            row = bench_one(engine, workers, work / "pages", work / f"out-{engine}-{workers}.jsonl")
            rows.append(row)
            print(
                f"  {engine:5s} {workers} worker(s): {row['rate']:5.2f} articles/s "
                f"({row['rate'] / workers:.2f} per worker), {row['articles']} articles, {row['failed']} failed, "
                f"models loaded in {row['startup']:.0f} s, {row['wall']:.0f} s in all, "
                f"peak RSS per worker {row['peak_rss']:.0f} MB",
                flush=True,
            )
    if rows:
        best = max(rows, key=lambda r: r["rate"] / r["workers"])
        single = [r for r in rows if r["workers"] == 1] or rows
        rate = sum(r["rate"] for r in single) / len(single)  # one worker per core: the 1-worker rate
        print("\n".join(plan(rate, max(r["peak_rss"] for r in rows))))
        print(f"  (best per-worker rate measured: {best['engine']} x{best['workers']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
