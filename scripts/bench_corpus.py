"""Corpus scale: time to add N articles to a store and to find their reprints, N = 100, 1,000, 10,000.

    python scripts/bench_corpus.py [--sizes 100,1000,10000] [--db-url postgresql://...] [--ann]

Articles are SemEval-2023 Task 3 articles (all languages, train and test; $CLAIMSCOPE_DATA, default
../shared/data) and synthetic reprints of them: about one article in three is an original, the others
are excerpts (a run of 30-60% of its paragraphs) and light edits (15% of sentences dropped, a
boilerplate line), so clusters hold about three articles.

"add" is ``Store.add_many`` (batches of 500) with fingerprinting only (MinHash + the database rows and full-text index),
without running the analyzers and without paragraph embeddings: the analyzers cost the same per
article at any N (see scripts/bench.py), and the e5 encoder costs about 20-50 ms a paragraph on
one core, also linear. "reprints" is ``find_reprints`` on the store (MinHash LSH candidates,
checks, clusters, origins, roles). ``--ann`` also times the faiss paragraph-neighbour stage on
synthetic unit vectors (5 per article; copies get their origin's vectors plus noise): that times
the index and the alignment checks, not their quality.

Growth is printed as the exponent k in CPU time ~ N^k between successive sizes (1 = linear). CPU
time (this process) is the figure to compare on a shared machine; wall time is printed beside it.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimscope.corpus.reprints import (  # noqa: E402
    ReprintOptions,
    ann_candidates,
    build_corpus,
    compare,
    find_reprints,
    is_match,
)
from claimscope.eval.reprints import make_edited, make_partial, read_semeval  # noqa: E402
from claimscope.model import Analysis, Article  # noqa: E402
from claimscope.model.analysis import Parsed  # noqa: E402
from claimscope.store import open_store  # noqa: E402


def synthetic_articles(root: Path, n: int, seed: int) -> list[tuple[list[str], str, str, str | None]]:
    """(blocks, language, url, published) for n articles: originals and their excerpts and edits."""
    rng = random.Random(seed)
    base = [b for b in read_semeval(root) if len(b[2]) >= 4]
    rng.shuffle(base)
    out: list[tuple[list[str], str, str, str | None]] = []
    k = 0
    while len(out) < n:
        key, lang, blocks = base[k % len(base)]
        round_ = k // len(base)
        k += 1
        day = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if round_ == 0:
            out.append((blocks, lang, f"https://origin{k % 50}.example/{key}", day))
        copies = 2 if round_ == 0 else 3
        for c in range(copies):
            if len(out) >= n:
                break
            text = make_partial(blocks, rng) if rng.random() < 0.5 else make_edited(blocks, rng)
            out.append((text.split("\n\n"), lang, f"https://copy{rng.randrange(200)}.example/{key}/{round_}-{c}", None))
    rng.shuffle(out)
    return out[:n]


def analysis_of(blocks: list[str], lang: str, url: str, published: str | None) -> dict:
    article = Article.from_blocks([(blocks[0], "title"), *((b, "body") for b in blocks[1:])])
    data = Analysis(article=article, parsed=Parsed(lang, 1.0, ())).to_dict()
    data["input"].update(kind="url", url=url)
    data["metadata"].update(published=published)
    return data


def bench_ann(n: int, seed: int) -> tuple[float, int]:
    """Seconds for the faiss neighbour stage + alignment checks on synthetic vectors, and matches."""
    rng = np.random.default_rng(seed)
    per = 5
    origins = max(1, n // 3)
    base = rng.normal(size=(origins, per, 384)).astype(np.float32)
    source = rng.integers(0, origins, size=n)
    source[:origins] = np.arange(origins)
    vectors = base[source] + rng.normal(scale=0.08, size=(n, per, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=2, keepdims=True)
    languages = ["en" if i < origins else "fr" for i in range(n)]
    corpus = build_corpus(
        np.arange(n),
        rng.integers(0, 2**32, size=(n, 128), dtype=np.uint64).astype(np.uint32),
        np.full(n, 400),
        languages=languages,
        published=[None] * n,
        owner=np.repeat(np.arange(n), per),
        vectors=vectors.reshape(n * per, 384).astype(np.float16),
    )
    options = ReprintOptions()
    start = time.process_time()
    matches = 0
    for i, j in ann_candidates(corpus, neighbours=options.neighbours, min_similarity=options.paragraph_similarity):
        matches += int(is_match(compare(corpus, i, j, options), corpus, i, j, options))
    return time.process_time() - start, matches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("CLAIMSCOPE_DATA", ROOT.parent / "shared" / "data"))
    )
    parser.add_argument(
        "--db-url", default=None, help="An empty PostgreSQL database to use instead of temp SQLite files."
    )
    parser.add_argument("--ann", action="store_true", help="Also time the faiss stage on synthetic vectors.")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not (args.data / "semeval2023t3").is_dir():
        sys.exit(f"data not found: {args.data / 'semeval2023t3'} (set CLAIMSCOPE_DATA)")
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            analyses = [analysis_of(*a) for a in synthetic_articles(args.data, n, args.seed)]
            url = args.db_url or str(Path(tmp) / f"bench-{n}.sqlite")
            with open_store(url) as store:
                if args.db_url:
                    with store.transaction() as conn:
                        conn.exec_driver_sql("TRUNCATE articles, inputs RESTART IDENTITY CASCADE")
                start, cpu = time.perf_counter(), time.process_time()
                for batch in range(0, n, 500):
                    store.add_many(analyses[batch : batch + 500], embed=False)
                add_s, add_cpu = time.perf_counter() - start, time.process_time() - cpu
                start, cpu = time.perf_counter(), time.process_time()
                report = find_reprints(store)
                reprints_s, reprints_cpu = time.perf_counter() - start, time.process_time() - cpu
            ann = bench_ann(n, args.seed) if args.ann else None
            rows.append((n, add_cpu, reprints_cpu, len(report["clusters"]), ann))
            ann_text = f", ann stage {ann[0]:.2f} s CPU ({ann[1]} matches)" if ann else ""
            print(
                f"N={n:>6}: add {add_s:7.2f} s wall / {add_cpu:6.2f} s CPU ({1000 * add_cpu / n:.2f} ms/article), "
                f"reprints {reprints_s:7.2f} s wall / {reprints_cpu:6.2f} s CPU "
                f"({1000 * reprints_cpu / n:.2f} ms/article), "
                f"{len(report['clusters'])} clusters{ann_text}",
                flush=True,
            )
    for (n1, a1, r1, _, x1), (n2, a2, r2, _, x2) in itertools.pairwise(rows):
        growth = math.log(n2 / n1)
        ann_text = f", ann N^{math.log(x2[0] / x1[0]) / growth:.2f}" if x1 and x2 else ""
        print(
            f"growth {n1} -> {n2}: add N^{math.log(a2 / a1) / growth:.2f}, "
            f"reprints N^{math.log(r2 / r1) / growth:.2f}{ann_text}"
        )


if __name__ == "__main__":
    main()
