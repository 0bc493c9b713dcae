"""Fact-check matching cost per claim on one core, with a store of 100,000 reviews.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python scripts/bench_factchecks.py --data ../shared/data

The 14,231 Snopes reviews of CheckThat! 2022 Task 2A are embedded (or read from ``--cache``) and
repeated, each copy's vector nudged and its text tagged, up to ``--reviews``; then every dev-test
tweet is matched: the query embedding (e5, one text) and retrieval + re-ranking are timed apart.
The match step's second encoder (USE of the claim and of the five shown reviews' claims and
headlines, memoised) is also timed apart; the reviews' headline and description vectors are copied
like the claims'. Also prints the time to build the index and, with ``--import``, to import the 14,231 reviews into
a fresh SQLite store (embeddings included).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np


def timed(obj: object, name: str) -> tuple[list[float], list[float]]:
    """Wrap ``obj.name`` so that every call's wall and CPU milliseconds are recorded."""
    wall: list[float] = []
    cpu: list[float] = []
    inner = getattr(obj, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        t0, c0 = time.perf_counter(), time.process_time()
        out = inner(*args, **kwargs)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        return out

    setattr(obj, name, wrapper)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--cache", type=Path, default=Path("out/factcheck-cache"))
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--import", dest="do_import", action="store_true", help="also time a full import")
    args = parser.parse_args()

    from claimscope.encoder.e5 import embed_queries
    from claimscope.factcheck.index import VECTOR_FIELDS, FieldVectors, IndexedReview, ReviewIndex
    from claimscope.factcheck.match import Matcher
    from claimscope.factcheck.text import clean_query
    from claimscope.factcheck.training import TASK, build_vclaim_index, field_vectors, read_split, read_vclaims

    folder = args.data / TASK
    if args.do_import:
        from claimscope.factcheck.db import import_claimreviews
        from claimscope.store import open_store

        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "s.sqlite") as store:
            c_start = time.process_time()
            report = import_claimreviews(store, folder / "vclaims-claimreview.jsonl")
            cpu = time.process_time() - c_start
        print(
            f"import: {report.added} reviews, {report.embedded} claims and {report.fields_embedded} headlines or "
            f"descriptions embedded in {report.seconds:.1f} s (CPU {cpu:.0f} s)"
        )
        if args.queries == 0:
            return

    base, _ids = build_vclaim_index(folder, cache=args.cache)
    vclaims = read_vclaims(folder)
    base_fields = field_vectors(vclaims, cache=args.cache)
    rng = np.random.default_rng(0)
    reviews, vectors, lexical = [], [], []
    fields: dict[str, list[np.ndarray]] = {name: [] for name in VECTOR_FIELDS}
    copies = -(-args.reviews // len(base))

    def nudged(v: np.ndarray, c: int) -> np.ndarray:
        noisy = v if c == 0 else v + rng.normal(0, 0.02, v.shape).astype(np.float32)
        return noisy / max(float(np.linalg.norm(noisy)), 1e-6)

    for c in range(copies):
        for i, (r, v) in enumerate(zip(base.reviews, base.vectors, strict=True)):
            if len(reviews) == args.reviews:
                break
            tag = "" if c == 0 else f" (copy {c})"
            description = vclaims[i].get("subtitle") or ""
            reviews.append(IndexedReview(len(reviews), r.claim + tag, r.title, "en", r.review, description))
            vectors.append(nudged(v, c))
            for name in VECTOR_FIELDS:
                fields[name].append(nudged(base_fields[name][i], c))
            lexical.append(r.claim + tag + " " + r.title)
    stored = {name: np.asarray([bool(getattr(r, name)) for r in reviews]) for name in VECTOR_FIELDS}
    t0 = time.perf_counter()
    index = ReviewIndex.build(
        reviews, np.stack(vectors), lexical, fields=FieldVectors({n: np.stack(v) for n, v in fields.items()}, stored)
    )
    print(f"index of {len(index)} reviews built in {time.perf_counter() - t0:.1f} s")
    matcher = Matcher(index)
    # the match decision's two extra encoders (USE and the cross-encoder), timed apart
    use_ms, use_cpu = timed(matcher.use, "claims_and_titles")
    ce_ms, ce_cpu = timed(matcher, "cross_logits")
    tweets = [clean_query(t) for _q, t, _g in read_split(folder, "dev-test")][: args.queries]
    embed_ms, match_ms, embed_cpu, match_cpu = [], [], [], []
    matcher.match(tweets[:2])  # warm up
    for q in tweets:
        t0, c0 = time.perf_counter(), time.process_time()
        vec = embed_queries([q.text])
        t1, c1 = time.perf_counter(), time.process_time()
        matcher.match([q], language="en", vectors=vec)
        t2, c2 = time.perf_counter(), time.process_time()
        embed_ms.append((t1 - t0) * 1000)
        match_ms.append((t2 - t1) * 1000)
        embed_cpu.append((c1 - c0) * 1000)
        match_cpu.append((c2 - c1) * 1000)
    # wall time is what a user waits; CPU time is what the claim costs when other processes share the cores
    use_ms, use_cpu = use_ms[-len(tweets) :], use_cpu[-len(tweets) :]  # not the warm-up
    ce_ms, ce_cpu = ce_ms[-len(tweets) :], ce_cpu[-len(tweets) :]
    for name, values, cpu in (
        ("query embedding", embed_ms, embed_cpu),
        ("retrieval + re-ranking", match_ms, match_cpu),
        ("  of which USE (match)", use_ms, use_cpu),
        ("  of which cross-encoder (match)", ce_ms, ce_cpu),
    ):
        p95 = sorted(values)[int(0.95 * (len(values) - 1))]
        print(
            f"{name:24} median {statistics.median(values):6.1f} ms  p95 {p95:6.1f} ms  "
            f"(CPU median {statistics.median(cpu):6.1f} ms)"
        )
    total = [a + b for a, b in zip(embed_ms, match_ms, strict=True)]
    total_cpu = [a + b for a, b in zip(embed_cpu, match_cpu, strict=True)]
    print(
        f"{'per claim, total':24} median {statistics.median(total):6.1f} ms "
        f"(CPU median {statistics.median(total_cpu):6.1f} ms; {len(tweets)} tweets, {len(index)} reviews)"
    )


if __name__ == "__main__":
    main()
