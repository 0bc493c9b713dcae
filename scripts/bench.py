"""Print load time, per-stage analysis time on one CPU core, and peak memory for an article.

    python scripts/bench.py [ARTICLE] [--repeat N]

Defaults to the bundled seed article. Threads are pinned to one core before anything loads.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "ORT_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("article", nargs="?", default=str(ROOT / "examples" / "seed-article.html"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    t0 = time.perf_counter()
    import claimscope
    from claimscope.pipeline import Pipeline

    article = claimscope.load_source(args.article)
    t_ingest = time.perf_counter() - t0
    t1 = time.perf_counter()
    pipeline = Pipeline()
    pipeline(article)  # first run loads every model
    t_load = time.perf_counter() - t1

    runs = []
    stages: dict[str, list[float]] = {}
    from claimscope.semeval.predictor import predict_cached

    for _ in range(args.repeat):
        predict_cached.cache_clear()  # the techniques/frames/genre prediction is memoised per text
        t = time.perf_counter()
        result = pipeline(article)
        runs.append(time.perf_counter() - t)
        for stage, seconds in result.timings.items():
            stages.setdefault(stage, []).append(seconds)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    words = len(article.text.split())
    print(f"article            {args.article} ({words} words, {len(article.paragraphs)} paragraphs)")
    print(f"import + ingest    {t_ingest:.2f} s")
    print(f"first run (loads)  {t_load:.2f} s")
    print(f"analysis, 1 core   {statistics.median(runs) * 1000:.0f} ms median of {args.repeat}")
    for stage, values in stages.items():
        print(f"  {stage:16} {statistics.median(values) * 1000:7.1f} ms")
    print(f"peak memory        {peak_mb:.0f} MB")
    if result.errors:
        print("errors:", [e.to_dict() for e in result.errors])


if __name__ == "__main__":
    main()
