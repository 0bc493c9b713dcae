"""Draw the candidate sentences of the French check-worthiness gold set (before labelling).

    python scripts/build_checkworthy_fr.py [--data ../shared/data] [--articles 40] [--per-article 5]

Prints JSON Lines ``{"id", "source", "text"}`` to stdout: a seeded random choice of articles from
SemEval-2023 Task 3 French train (sorted file names), then up to ``--per-article`` sentences of 5 to
60 words from each. Labels are added by hand, by ``docs/checkworthy-guideline.md``, into
``tests/eval/gold/checkworthy-fr.jsonl``; no model output is involved in the selection.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
from pathlib import Path

_SPLIT = re.compile(r"(?<=[.!?…»])\s+(?=[«A-ZÀ-ÖØ-Þ\"“0-9])")


def sentences(line: str) -> list[str]:
    return [s.strip() for s in _SPLIT.split(line.strip()) if s.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("CLAIMSCOPE_DATA", "../shared/data")))
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--per-article", type=int, default=5)
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args()
    folder = args.data / "semeval2023t3" / "data" / "fr" / "train-articles-subtask-3"
    files = sorted(folder.glob("article*.txt"))
    rng = random.Random(args.seed)
    chosen = sorted(rng.sample(files, min(args.articles, len(files))), key=lambda p: p.name)
    n = 0
    for path in chosen:
        pool = []
        for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for si, s in enumerate(sentences(line), start=1):
                if 5 <= len(s.split()) <= 60:
                    pool.append((ln, si, s))
        for ln, si, s in sorted(rng.sample(pool, min(args.per_article, len(pool)))):
            n += 1
            source = f"semeval2023t3/fr/train-articles-subtask-3/{path.name}#L{ln}.s{si}"
            print(json.dumps({"id": f"cwfr-{n:03d}", "source": source, "text": s}, ensure_ascii=False))


if __name__ == "__main__":
    main()
