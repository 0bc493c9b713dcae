"""Ingest throughput: pages per second and peak memory for HTML extraction.

    python scripts/bench_ingest.py [FOLDER] [--limit N] [--trafilatura]

FOLDER is in trafilatura's eval format (evaldata.json + cache/ or eval/, pages plain or gzipped);
it defaults to trafilatura-eval in the data folder ($CLAIMSCOPE_DATA, default ../shared/data).
Pages are read and decompressed before timing starts; timing covers ``article_from_html`` only
(decode, parse, metadata, embeds, furniture, trafilatura, post-processing). Peak memory is the
process's maximum resident set size, and the peak of Python allocations during the run (tracemalloc
slows the run down, so it is measured in a second, shorter pass).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default=None)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--trafilatura", action="store_true", help="also time plain trafilatura.extract")
    parser.add_argument("--tracemalloc-pages", type=int, default=50, help="pages for the allocation pass")
    args = parser.parse_args()

    from claimscope.errors import ClaimscopeError
    from claimscope.eval.extraction import iter_pages
    from claimscope.ingest import article_from_html

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)

    data = Path(os.environ.get("CLAIMSCOPE_DATA", ROOT.parent / "shared" / "data"))
    folder = Path(args.folder) if args.folder else data / "trafilatura-eval"
    if not folder.is_dir():
        sys.exit(f"{folder} not found: pass a folder in trafilatura's eval format or set CLAIMSCOPE_DATA")
    pages = [html for _, _, html in iter_pages(folder, limit=args.limit)]
    total_bytes = sum(len(p) for p in pages)
    print(f"{len(pages)} pages, {total_bytes / 1e6:.1f} MB of HTML from {folder}")

    # warm-up: imports and lazy initialisation are not part of the per-page cost
    article_from_html(pages[0])

    times: list[float] = []
    failures = 0
    start = time.perf_counter()
    for html in pages:
        t0 = time.perf_counter()
        try:
            article_from_html(html)
        except ClaimscopeError:
            failures += 1
        times.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"claimscope   {len(pages) / elapsed:7.1f} pages/s   {total_bytes / 1e6 / elapsed:5.2f} MB/s   "
        f"median {statistics.median(times) * 1000:6.1f} ms   p95 {sorted(times)[int(0.95 * len(times))] * 1000:6.1f} ms"
        f"   max {max(times) * 1000:7.1f} ms   coded errors {failures}"
    )

    if args.trafilatura:
        import trafilatura

        start = time.perf_counter()
        for html in pages:
            trafilatura.extract(html)
        elapsed = time.perf_counter() - start
        print(f"trafilatura  {len(pages) / elapsed:7.1f} pages/s   {total_bytes / 1e6 / elapsed:5.2f} MB/s")

    sample = pages[: args.tracemalloc_pages]
    tracemalloc.start()
    for html in sample:
        with contextlib.suppress(ClaimscopeError):
            article_from_html(html)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"peak memory  {rss_mb:7.1f} MB resident (whole process)   "
        f"{peak / 1e6:6.1f} MB peak Python allocations over {len(sample)} pages"
    )


if __name__ == "__main__":
    main()
