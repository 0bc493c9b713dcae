"""Batch throughput: articles per second for 1 and 2 workers on both engines, peak RSS per worker.

The pages are made from public data (``$CLAIMSCOPE_DATA``): trafilatura evaluation pages (HTML)
and SemEval-2023 article texts (fr, en, de, it, pl, ru), written to a temporary folder and run
through ``claimscope.batch.run_batch`` exactly as ``claimscope batch DIR -o OUT.jsonl`` does.
The rate counts from the first finished article to the last (model loading is reported apart);
the plan for a 10-million-article run is computed from the measured per-worker rate and memory.

    nice -n 10 python scripts/bench_batch.py                # 300 pages, local and ray, 1 and 2 workers
    python scripts/bench_batch.py --pages 60 --engines local
    python scripts/bench_batch.py --memory --pages 100      # what each model adds to a worker's RSS
    python scripts/bench_batch.py --memory --no-lean        # the same with spaCy loaded as it ships

``--memory`` loads a worker's models one by one in a fresh process and prints the resident
memory each adds, then analyses the pages as a batch worker does and prints the peak.
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


def _status_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB."""
    out = {"VmRSS": 0.0, "VmHWM": 0.0}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in out:
                out[key] = int(value.split()[0]) / 1024
    return out["VmRSS"], out["VmHWM"]


def _no_lean() -> None:
    """Load spaCy as it ships (the string table, dict lookup tables) and run without memory zones."""
    import claimscope.nlp.lean as lean

    lean.LEAN_EXCLUDE = ()
    lean.compact_lookups = lambda nlp: 0  # type: ignore[assignment]
    lean.compact_vectors = lambda nlp: False  # type: ignore[assignment]


def memory_breakdown(pages: Path, *, lean: bool = True) -> list[tuple[str, float, float]]:
    """(step, RSS after it, peak so far) while a worker's models load one by one, then the pages.

    Run it in a fresh process: what is already imported or loaded is not counted again.
    """
    rows: list[tuple[str, float, float]] = []

    def step(name: str) -> None:
        rss, hwm = _status_mb()
        rows.append((name, rss, hwm))

    step("python, numpy")
    sys.modules.setdefault("torch", None)  # type: ignore[arg-type]  # as batch workers do
    if not lean:
        _no_lean()
    import spacy  # noqa: F401

    from claimscope.batch.work import Options, Worker

    step("import spacy, claimscope")
    from claimscope.nlp import load_spacy

    load_spacy("en")
    step("spaCy en_core_web_sm (no lemmatizer)")
    load_spacy("fr")
    step("spaCy fr_core_news_md")
    from claimscope.encoder.use import load_encoder

    use = load_encoder()
    use.encode(["warm up"])
    step("multilingual USE (tokenizer + uint8 table)")
    from claimscope.semeval.predictor import get_predictor

    get_predictor()
    step("SemEval encoder (onnxruntime) + e5 tokenizer")
    worker = Worker(Options(warm_up=False, memory_zones=lean))
    from claimscope.analyzers._checkworthy import load_head

    load_head()
    step("analyzers, check-worthiness head")
    worker._warm_up()
    step("first analysis (warm-up)")
    from claimscope.batch.inputs import iter_tasks

    n = 0
    for task in iter_tasks(pages, "folder", max_bytes=20_000_000):
        worker.run(task)
        n += 1
    step(f"{n} pages analysed")
    return rows


def print_breakdown(rows: list[tuple[str, float, float]]) -> None:
    print(f"  {'step':46s} {'RSS MB':>8s} {'added':>7s} {'peak MB':>8s}")
    last = 0.0
    for name, rss, hwm in rows:
        print(f"  {name:46s} {rss:8.0f} {rss - last:+7.0f} {hwm:8.0f}")
        last = rss


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
    ap.add_argument("--memory", action="store_true", help="print what each model adds to a worker's RSS, then exit")
    ap.add_argument("--no-lean", action="store_true", help="with --memory: spaCy as it ships, no memory zones")
    args = ap.parse_args()
    if args.no_lean and not args.memory:
        ap.error("--no-lean only applies to --memory (batch workers always load lean)")
    work = Path(tempfile.mkdtemp(prefix="claimscope-bench-batch-"))
    n = make_pages(work / "pages", args.pages)
    print(f"bench_batch: {n} pages from public data, {os.cpu_count()} CPUs", flush=True)
    if args.memory:
        lean = "spaCy as it ships, no memory zones" if args.no_lean else "lean spaCy, memory zones"
        print(f"memory of one worker ({lean}):")
        print_breakdown(memory_breakdown(work / "pages", lean=not args.no_lean))
        return 0
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
