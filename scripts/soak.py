"""Soak: many analyses in one process; the resident memory must stop growing after warm-up.

Articles cycle through real pages (``tests/fixtures/pages``, the example, the trafilatura
evaluation pages and SemEval-2023 article texts under ``$CLAIMSCOPE_DATA``), French, English and
other languages mixed, so every model and cache is exercised. RSS is read from /proc after each
analysis; growth is measured from the end of the warm-up to the end of the run.

    nice -n 10 python scripts/soak.py              # 1,000 analyses, warm-up 100, limit 5 %
    python scripts/soak.py -n 200 --warm-up 50
    python scripts/soak.py --no-zones              # without the batch worker's memory zones

Each analysis runs as a batch worker runs it: inside spaCy's memory zones, the heap trimmed after it.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB."""
    out = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in {"VmRSS", "VmHWM"}:
                out[key] = int(value.split()[0]) / 1024
    return out["VmRSS"], out["VmHWM"]


def load_inputs(limit: int = 400, *, max_bytes: int = 200_000) -> list[bytes]:
    """Raw page and text bytes; the same list for every run (sorted, then a seeded shuffle)."""
    items = [p.read_bytes() for p in sorted((ROOT / "tests" / "fixtures" / "pages").glob("*.html"))]
    items.append((ROOT / "examples" / "seed-article.html").read_bytes())
    data = Path(os.environ.get("CLAIMSCOPE_DATA", ROOT.parent / "shared" / "data"))
    for p in sorted((data / "trafilatura-eval" / "tests" / "cache").glob("*.html.gz"))[: limit // 2]:
        items.append(gzip.decompress(p.read_bytes()))
    for lang in ("fr", "en", "ge", "it"):
        folder = data / "semeval2023t3" / "data" / lang / "train-articles-subtask-3"
        for p in sorted(folder.glob("*.txt"))[: limit // 8]:
            items.append(p.read_bytes())
    items = [b for b in items if len(b) <= max_bytes]  # a few multi-megabyte pages would take most of the time
    random.Random(3).shuffle(items)
    return items


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=1000, help="analyses (default 1,000)")
    ap.add_argument("--warm-up", type=int, default=100, help="analyses before the baseline is taken")
    ap.add_argument("--limit", type=float, default=5.0, help="allowed RSS growth after warm-up, percent")
    ap.add_argument("--no-zones", action="store_true", help="no memory zones, no heap trim (the plain pipeline)")
    args = ap.parse_args()
    sys.modules.setdefault("torch", None)  # type: ignore[arg-type]  # as batch workers do: inference never needs torch

    from claimscope.config import Settings
    from claimscope.errors import ClaimscopeError
    from claimscope.ingest import read_source
    from claimscope.nlp import loaded_pipelines
    from claimscope.nlp.lean import memory_zone, release_memory
    from claimscope.pipeline import Pipeline

    settings = Settings.load()
    pipeline = Pipeline(on_error="record")
    inputs = load_inputs()
    print(f"soak: {args.n} analyses over {len(inputs)} distinct inputs, warm-up {args.warm_up}", flush=True)
    base = None
    failed = analyzer_errors = 0
    samples: list[float] = []
    t0 = time.perf_counter()
    for i in range(args.n):
        try:
            with memory_zone([] if args.no_zones else loaded_pipelines()):
                result = pipeline(read_source(inputs[i % len(inputs)], settings=settings))
                analyzer_errors += bool(result.errors)
                result.to_dict()
                del result
        except ClaimscopeError:
            failed += 1
        if not args.no_zones:
            release_memory()
        rss, hwm = rss_mb()
        samples.append(rss)
        if i + 1 == args.warm_up:
            base = rss
        if (i + 1) % 50 == 0:
            growth = f"  growth {100.0 * (rss - base) / base:+.2f}%" if base else ""
            print(
                f"  {i + 1:5d} analyses  RSS {rss:7.1f} MB  peak {hwm:7.1f} MB{growth}"
                f"  {time.perf_counter() - t0:6.0f} s",
                flush=True,
            )
    assert base is not None, "--warm-up must be smaller than -n"
    end = sum(samples[-20:]) / min(20, len(samples))  # the mean of the last 20, not one noisy sample
    growth = 100.0 * (end - base) / base
    print(
        f"soak: {args.n} analyses in {time.perf_counter() - t0:.0f} s, {failed} inputs refused, "
        f"{analyzer_errors} with analyzer errors"
    )
    print(
        f"soak: RSS after warm-up {base:.1f} MB, at the end {end:.1f} MB: growth {growth:+.2f}% (limit {args.limit}%)"
    )
    return 0 if growth <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
