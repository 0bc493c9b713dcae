"""Time the whole analysis of the seed article (nlp + claims) once models are loaded.

    python scripts/bench_claims.py [--file PATH] [--runs N] [--with-entities]

Prints the median wall time over N runs on one thread, after one warm-up run that loads spaCy, the
sentence encoder and the check-worthiness head.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = (
    Path(os.environ.get("CLAIMSCOPE_DATA", ROOT.parent / "shared" / "data")).parent / "examples" / "seed-article.txt"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--with-entities", action="store_true", help="run entities.v1 before claims.v1")
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"seed article not found: {args.file}", file=sys.stderr)
        return 1

    from claimscope.model import Article
    from claimscope.pipeline import Pipeline

    names = (["entities.v1"] if args.with_entities else []) + ["claims.v1"]
    article = Article.from_text(args.file.read_text(encoding="utf-8"))
    pipeline = Pipeline(names, on_error="raise")
    t0 = time.perf_counter()
    result = pipeline(article)
    print(f"first run (loads models): {time.perf_counter() - t0:.2f} s")
    times, stages = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        result = pipeline(article)
        times.append(time.perf_counter() - t0)
        stages.append(dict(result.timings))
    median = statistics.median(times)
    per_stage = {k: statistics.median(s.get(k, 0.0) for s in stages) for k in stages[0]}
    detail = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in per_stage.items())
    claims = result.layer("claims")
    print(f"{article.text.count(' ') + 1} words, {len(claims)} claims, {len(result.layer('sources'))} sources")
    print(
        f"whole analysis ({' + '.join(['nlp', *names])}): median {median * 1000:.0f} ms over {args.runs} runs "
        f"({detail})"
    )
    print("OK: under 1 s" if median < 1.0 else "SLOW: over 1 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
