"""The batch check of issue 12: 40 inputs, SIGKILL half-way through, the same command again.

Builds a folder of 40 inputs from public data: SemEval-2023 article texts, trafilatura evaluation
pages, the project's fixture pages and the example, one UTF-16 text with a BOM (must be analysed),
and three bad inputs: an empty file, random bytes and a truncated page. Then, for each engine:

1. ``claimscope batch DIR -o OUT.jsonl --workers 2`` is started and, once OUT.jsonl holds 20 records
   (``--kill-at``; or after ``--kill-after`` seconds, whichever comes first), its whole process group
   (driver and workers) is killed with SIGKILL. A run that ends before the kill fails the check: the
   resume path would not have been exercised;
2. the same command runs again to the end;
3. OUT.jsonl must hold exactly one record per input, none doubled, no torn line, an ``error`` for
   each of the three bad inputs and only for those.

    python scripts/check_batch.py                  # local then ray, full pipeline
    python scripts/check_batch.py --engines local --kill-at 10 --keep out/check-batch
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAD = ("bad-empty.html", "bad-random.bin", "bad-truncated.html")


def build_inputs(folder: Path) -> list[str]:
    """Write the 40 inputs; return their file names."""
    data = Path(os.environ.get("CLAIMSCOPE_DATA", ROOT.parent / "shared" / "data"))
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(12)
    names: list[str] = []

    def put(name: str, content: bytes) -> None:
        (folder / name).write_bytes(content)
        names.append(name)

    for lang, n in (("fr", 8), ("en", 8), ("ge", 3), ("it", 3)):
        texts = sorted((data / "semeval2023t3" / "data" / lang / "train-articles-subtask-3").glob("*.txt"))
        for p in rng.sample(texts, n):
            put(f"semeval-{lang}-{p.stem}.txt", p.read_bytes())
    pages = sorted((data / "trafilatura-eval" / "tests" / "cache").glob("*.html.gz"))
    for p in rng.sample(pages, 10):
        put(f"page-{p.name.removesuffix('.gz')}", gzip.decompress(p.read_bytes()))
    fixtures = ROOT / "tests" / "fixtures" / "pages"
    for name in ("fr-news-lire-aussi.html", "en-news-related.html", "en-wordpress-blog.html"):
        put(f"fixture-{name}", (fixtures / name).read_bytes())
    put("seed-article.html", (ROOT / "examples" / "seed-article.html").read_bytes())
    seed_text = (ROOT / "examples" / "seed-article.txt").read_text(encoding="utf-8")
    put("utf16-bom.txt", seed_text.encode("utf-16"))  # Python's utf-16 writes the BOM
    put(BAD[0], b"")
    put(BAD[1], rng.randbytes(5000))
    put(BAD[2], (ROOT / "examples" / "seed-article.html").read_bytes()[:400])  # cut inside <head>
    assert len(names) == 40, len(names)
    return names


def records_in(out: Path) -> int:
    return out.read_bytes().count(b"\n") if out.exists() else 0


def run_engine(
    engine: str, inputs: Path, out: Path, *, kill_at: int, kill_after: float, workers: int
) -> dict[str, object]:
    cmd = [sys.executable, "-m", "claimscope", "batch", str(inputs), "-o", str(out), "--workers", str(workers)]
    cmd += ["--engine", engine, "--no-progress"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    t0 = time.monotonic()
    first = subprocess.Popen(cmd, env=env, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = t0 + kill_after
    while first.poll() is None and records_in(out) < kill_at and time.monotonic() < deadline:
        time.sleep(0.02)
    killed = first.poll() is None
    if killed:
        os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    before = records_in(out)
    torn = out.exists() and out.stat().st_size > 0 and not out.read_bytes().endswith(b"\n")
    second = subprocess.run(cmd, env=env, capture_output=True, text=True)
    return {
        "killed": killed,
        "records_at_kill": before,
        "torn_line_at_kill": torn,
        "exit": second.returncode,
        "stderr": second.stderr.strip().splitlines()[-3:],
        "seconds": time.monotonic() - t0,
    }


def check_output(out: Path, names: list[str], inputs: Path) -> list[str]:
    """What is wrong with the output (empty when it passes)."""
    problems: list[str] = []
    raw = out.read_bytes()
    if not raw.endswith(b"\n"):
        problems.append("the file does not end with a whole line")
    records = [json.loads(line) for line in raw.splitlines()]
    paths = [r["input"]["path"] for r in records]
    expected = {str(inputs / n) for n in names}
    doubled = sorted({p for p in paths if paths.count(p) > 1})
    if doubled:
        problems.append(f"doubled: {doubled}")
    if set(paths) != expected:
        problems.append(f"missing: {sorted(expected - set(paths))}, unexpected: {sorted(set(paths) - expected)}")
    failed = {Path(r["input"]["path"]).name: r["error"]["code"] for r in records if "error" in r}
    if set(failed) != set(BAD):
        problems.append(f"errors for {failed}, expected exactly {list(BAD)}")
    utf16 = [r for r in records if r["input"]["path"].endswith("utf16-bom.txt")]
    if not utf16 or "error" in utf16[0] or not utf16[0].get("claims"):
        problems.append("the UTF-16 text was not analysed")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engines", default="local,ray")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kill-at", type=int, default=20, help="SIGKILL once the output holds this many records")
    ap.add_argument("--kill-after", type=float, default=120.0, help="or after this many seconds")
    ap.add_argument("--keep", type=Path, default=None, help="folder to keep the inputs and outputs in")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="claimscope-check-batch-"))
    inputs = work / "inputs"
    if inputs.exists():
        shutil.rmtree(inputs)
    names = build_inputs(inputs)
    status = 0
    for engine in args.engines.split(","):
        out = work / f"out-{engine}.jsonl"
        out.unlink(missing_ok=True)
        run = run_engine(engine, inputs, out, kill_at=args.kill_at, kill_after=args.kill_after, workers=args.workers)
        problems = check_output(out, names, inputs)
        if not run["killed"]:
            problems.append("the first run ended before the kill: the resume path was not exercised")
        verdict = "PASS" if not problems and run["exit"] == 1 else "FAIL"
        status |= verdict == "FAIL"
        print(
            f"check_batch {engine}: {verdict}: killed={run['killed']} with {run['records_at_kill']} records written "
            f"(torn line: {run['torn_line_at_kill']}); after the rerun {len(out.read_bytes().splitlines())} records "
            f"for 40 inputs, exit {run['exit']}, {run['seconds']:.0f} s in all"
        )
        for line in run["stderr"]:  # type: ignore[union-attr]
            print(f"    {line}")
        for p in problems:
            print(f"    problem: {p}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
