"""Time the techniques model on one core: model load, then a 1,000-word article.

Usage: python scripts/bench_techniques.py [--words 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed-article.txt"


def make_article(words: int) -> tuple[str, list[tuple[int, int]]]:
    """Paragraphs of the seed article, repeated until ``words`` words; returns text and paragraph ranges."""
    paras = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    chosen, n, i = [], 0, 0
    while n < words:
        w = paras[i % len(paras)].split()[: words - n]
        chosen.append(" ".join(w))
        n += len(w)
        i += 1
    text = "\n\n".join(chosen)
    ranges, pos = [], 0
    for p in chosen:
        ranges.append((pos, pos + len(p)))
        pos += len(p) + 2
    return text, ranges


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    t0 = time.perf_counter()
    from claimscope.semeval.predictor import SemevalPredictor

    pred = SemevalPredictor(threads=1)
    load = time.perf_counter() - t0
    text, ranges = make_article(args.words)
    n_tokens = sum(len(e.ids) for e in pred.runtime.tokenizer.encode_batch([text[s:e] for s, e in ranges]))
    pred.predict(text, ranges, lang="fr")  # warm-up (first-seen word rows are dequantised once, USE loads)
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(args.repeat):
        for article in (False, True):
            pred.runtime.words.clear()  # time the word-row dequantisation too, as for a new article
            t = time.perf_counter()
            out = pred.predict(text, ranges, lang="fr", article=article)
            times[article].append(time.perf_counter() - t)
    print(f"model load: {load:.2f} s (onnxruntime, 1 thread; torch imported: {'torch' in sys.modules})")
    for article, label in ((False, "techniques (paragraphs + spans)"), (True, "techniques + frames + genre")):
        ts = times[article]
        print(
            f"{label}, {args.words} words, {len(ranges)} paragraphs, {n_tokens} tokens: "
            f"median {statistics.median(ts):.3f} s, min {min(ts):.3f} s over {args.repeat} runs"
        )
    print(
        f"{sum(h.level == 'paragraph' for h in out.techniques)} paragraph flags, "
        f"{sum(h.level == 'span' for h in out.techniques)} spans"
    )


if __name__ == "__main__":
    main()
