"""Time check-worthiness scoring of every sentence of a 1,000-word article on one core.

Usage: python scripts/bench_checkworthy.py [--words 1000] [--repeat 7] [--lang fr|en]

The article is the seed article's paragraphs repeated to ``--words`` words (as in
``bench_techniques.py``), split into sentences. Reported, median and min over ``--repeat`` runs:

- **added (shared pass)**: pooling each sentence's token states out of the paragraph encoder pass
  the techniques analyzer already ran, plus the head (and the English lexical part with
  ``--lang en``). This is what check-worthiness adds to an analysis when the pass is shared.
- **standalone**: every sentence through the encoder again on its own (``score_texts``), what it
  costs when the paragraph pass is not available.
- **paragraph pass**: the shared encoder pass itself, for scale (paid once, by techniques).

Also the resident memory the head adds once the shared encoder is loaded.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from bench_techniques import make_article  # noqa: E402

_SENT = re.compile(r"(?<=[.!?…»])\s+(?=[«A-ZÀ-ÖØ-Þ\"“0-9])")


def sentence_spans(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = []
    for s, e in ranges:
        pos = s
        for m in _SENT.finditer(text, s, e):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, e))
    return [(a, b) for a, b in spans if b > a]


def rss_mb() -> float:
    with open("/proc/self/status", encoding="utf-8") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--lang", default="fr")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from claimscope.analyzers import _checkworthy as cw

    runtime = cw.shared_runtime()
    text, ranges = make_article(args.words)
    spans = sentence_spans(text, ranges)
    paragraphs = tuple(ranges)
    runtime.run([text[s:e] for s, e in ranges])  # warm-up
    before = rss_mb()
    head = cw.load_head()
    assert isinstance(head, cw.SharedHead), "the shipped model is not a shared-encoder head"
    head_mb = rss_mb() - before
    t_pass, t_added, t_alone = [], [], []
    for _ in range(args.repeat):
        cw.paragraph_outputs.cache_clear()
        t = time.perf_counter()
        cw.paragraph_outputs(text, paragraphs, args.lang)
        t_pass.append(time.perf_counter() - t)
        t = time.perf_counter()
        p = cw.score_spans(text, paragraphs, spans, lang=args.lang)
        t_added.append(time.perf_counter() - t)
        t = time.perf_counter()
        cw.score_texts([text[s:e] for s, e in spans], lang=args.lang)
        t_alone.append(time.perf_counter() - t)
    assert p is not None and len(p) == len(spans)

    def fmt(ts: list[float]) -> str:
        return f"median {statistics.median(ts) * 1000:.1f} ms, min {min(ts) * 1000:.1f} ms"

    print(f"{args.words} words, {len(ranges)} paragraphs, {len(spans)} sentences, language {args.lang}, one core")
    print(f"added (shared pass: pooling + head): {fmt(t_added)}")
    print(f"standalone (each sentence re-encoded + head): {fmt(t_alone)}")
    print(f"paragraph pass (shared, paid by techniques): {fmt(t_pass)}")
    print(
        f"head memory once the encoder is loaded: {head_mb:.1f} MB resident; torch imported: {'torch' in sys.modules}"
    )
    print(f"{int((p >= head.threshold).sum())} of {len(spans)} sentences above the threshold")


if __name__ == "__main__":
    main()
