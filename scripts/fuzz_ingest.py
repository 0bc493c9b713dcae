"""Fuzz ingest: every input must give an Article or a coded ClaimscopeError, within the time limit.

Inputs (seeded, so a run can be repeated): random bytes, real pages mutated (bytes flipped,
chunks cut, repeated or spliced, truncation), deep nesting, huge attributes, and real pages
re-encoded in many encodings (with true, false and missing charset declarations and BOMs).
Real pages come from ``tests/fixtures/pages`` and the trafilatura evaluation pages in
``$CLAIMSCOPE_DATA/trafilatura-eval`` (used when present).

Each input runs in a child process with a time limit (CPU seconds of the child, so that a busy
shared machine does not turn slow inputs into hangs; 10 times that in wall time at most): past it
the child is killed and the input counts as a hang. A crash is any other exception, or a result that is not an Article.

    python scripts/fuzz_ingest.py                 # 10,000 inputs
    python scripts/fuzz_ingest.py -n 500 --seed 7 --jobs 2 --save-crashes out/fuzz
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing as mp
import os
import random
import sys
import threading
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENCODINGS = (
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "latin-1",
    "cp1252",
    "cp1251",
    "koi8-r",
    "iso-8859-7",
    "iso-8859-15",
    "shift_jis",
    "euc-jp",
    "iso-2022-jp",
    "gb18030",
    "gbk",
    "big5",
    "euc-kr",
    "utf-7",
    "mac-roman",
    "cp437",
    "tis-620",
    "cp1256",
)
MAX_BYTES = 2_000_000


def load_pages(limit: int = 300) -> list[bytes]:
    pages = [p.read_bytes() for p in sorted((ROOT / "tests" / "fixtures" / "pages").glob("*.html"))]
    data = Path(os.environ.get("CLAIMSCOPE_DATA", ROOT.parent / "shared" / "data")) / "trafilatura-eval"
    for p in sorted((data / "tests" / "cache").glob("*.html.gz"))[:limit]:
        pages.append(gzip.decompress(p.read_bytes()))
    pages.append((ROOT / "examples" / "seed-article.html").read_bytes())
    return pages


def make_input(rng: random.Random, pages: list[bytes]) -> tuple[str, bytes]:
    """One fuzz input and the name of the generator that made it."""
    kind = rng.choice(("random", "mutate", "mutate", "splice", "truncate", "nesting", "attributes", "encoding", "text"))
    page = rng.choice(pages)
    if kind == "random":
        n = rng.choice((0, 1, 2, 16, 512, 4096, 65536))
        return kind, rng.randbytes(n)
    if kind == "mutate":
        data = bytearray(page)
        for _ in range(rng.randint(1, 200)):
            op = rng.random()
            i = rng.randrange(len(data) + 1)
            if op < 0.4 and data:
                data[min(i, len(data) - 1)] = rng.randrange(256)
            elif op < 0.6:
                data[i:i] = rng.choice((b"<", b">", b"&#", b"<!--", b"]]>", b"\x00", b"\xff\xfe", b"<script>", b'"'))
            elif op < 0.8:
                j = min(len(data), i + rng.randint(1, 2000))
                del data[i:j]
            else:
                j = min(len(data), i + rng.randint(1, 500))
                data[i:i] = data[i:j] * rng.randint(1, 20)
        return kind, bytes(data[: MAX_BYTES + 1000])
    if kind == "splice":
        other = rng.choice(pages)
        return kind, page[: rng.randrange(len(page) + 1)] + other[rng.randrange(len(other) + 1) :]
    if kind == "truncate":
        return kind, page[: rng.randrange(len(page) + 1)]
    if kind == "nesting":
        tag = rng.choice((b"div", b"p", b"span", b"table", b"b", b"blockquote", b"li", b"a"))
        depth = rng.choice((100, 1000, 10_000, 100_000))
        close = rng.random() < 0.5
        body = b"<" + tag + b">" + b"texte " * 3
        inner = (
            body * depth + b"Selon le ministre, la guerre continue." + ((b"</" + tag + b">") * depth if close else b"")
        )
        return kind, b"<html><body>" + inner + b"</body></html>"
    if kind == "attributes":
        size = rng.choice((10_000, 200_000, 1_000_000, 1_900_000))
        value = rng.choice((b"x", b"&amp;", b'\\"', b"\xc3\xa9", b" "))
        attr = b' data-x="' + value * (size // len(value)) + b'"'
        many = b"".join(b" a%d=%d" % (k, k) for k in range(rng.choice((10, 5000))))
        cut = rng.randrange(len(page) + 1)
        return kind, page[:cut] + b"<div" + attr + many + b">Le texte principal de l'article.</div>" + page[cut:]
    if kind == "encoding":
        text = page.decode("utf-8", "replace")
        enc = rng.choice(ENCODINGS)
        declared = rng.choice((enc, rng.choice(ENCODINGS), None))
        if declared and "<head" in text:
            text = text.replace("<head>", f'<head><meta charset="{declared}">', 1)
        return f"{kind}:{enc}", text.encode(enc, "replace")
    text = rng.choice(
        (
            "Selon Lekolin, HTŞ aurait accepté.\n\nAucune information n'a été publiée pour confirmer.",
            "\ufeff" + "mot " * rng.randint(1, 5000),
            "\u202e\u200b\u00ad" * rng.randint(1, 1000),
            "".join(
                chr(rng.choice((rng.randrange(0x20, 0xD800), rng.randrange(0xE000, 0x2FFFF))))
                for _ in range(rng.randint(1, 3000))
            ),
        )
    )
    return "text", text.encode(rng.choice(("utf-8", "utf-16", "utf-32", "gb18030")), "replace")


def _child(conn: Connection) -> None:
    from claimscope.config import Settings
    from claimscope.errors import ClaimscopeError
    from claimscope.ingest import article_from_raw
    from claimscope.ingest.source import read_raw
    from claimscope.model import Article

    settings = Settings(max_bytes=MAX_BYTES)
    while True:
        try:
            data = conn.recv_bytes()
        except EOFError:
            return
        try:
            article = article_from_raw(read_raw(data, settings=settings))
            verdict = "article" if isinstance(article, Article) else f"crash: returned {type(article).__name__}"
        except ClaimscopeError as exc:
            verdict = f"error {exc.code}"
        except Exception:  # what the fuzzer is looking for
            verdict = "crash: " + traceback.format_exc(limit=6)
        conn.send(verdict)


class Runner:
    """A child process that ingests one input at a time, replaced after a hang."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.ctx = mp.get_context("forkserver")
        self._start()

    def _start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_child, args=(child,), daemon=True)
        self.proc.start()
        child.close()

    def _cpu_seconds(self) -> float:
        """CPU time of the child so far (on a shared machine wall time says little)."""
        try:
            with open(f"/proc/{self.proc.pid}/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return float("inf")

    def run(self, data: bytes) -> str:
        """The child's verdict; past ``limit`` seconds of CPU (or 10 x ``limit`` of wall time) a hang."""
        start = self._cpu_seconds()
        self.conn.send_bytes(data)
        wall = time.monotonic()
        while not self.conn.poll(1.0):
            if not self.proc.is_alive():
                break
            if self._cpu_seconds() - start > self.limit or time.monotonic() - wall > 10 * self.limit:
                break
        else:
            try:
                return str(self.conn.recv())
            except EOFError:
                pass
        if self.proc.is_alive():
            self.proc.kill()
            verdict = f"hang: over {self.limit} s of CPU"
        else:
            verdict = f"crash: the process died (exit {self.proc.exitcode})"
        self.proc.join()
        self._start()
        return verdict

    def close(self) -> None:
        self.conn.close()
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10_000, help="number of inputs (default 10,000)")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--time-limit", type=float, default=20.0, help="CPU seconds per input before it is a hang")
    ap.add_argument("--jobs", type=int, default=1, help="child processes ingesting in parallel")
    ap.add_argument("--save-crashes", type=Path, default=None, help="folder for the inputs that crash or hang")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pages = load_pages()
    verdicts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    counts = {"done": 0, "crashes": 0, "hangs": 0}
    slowest = [0.0]
    lock = threading.Lock()
    numbers = iter(range(args.n))
    t0 = time.perf_counter()

    def drive(runner: Runner) -> None:
        # inputs are made under the lock in index order, so input i is the same for any --jobs
        while True:
            with lock:
                i = next(numbers, None)
                if i is None:
                    return
                kind, data = make_input(rng, pages)
                kinds[kind.split(":")[0]] += 1
            t = time.perf_counter()
            verdict = runner.run(data)
            with lock:
                slowest[0] = max(slowest[0], time.perf_counter() - t)
                if verdict.startswith(("crash", "hang")):
                    counts["crashes"] += verdict.startswith("crash")
                    counts["hangs"] += verdict.startswith("hang")
                    print(f"#{i} {kind} ({len(data)} bytes): {verdict}", file=sys.stderr, flush=True)
                    if args.save_crashes:
                        args.save_crashes.mkdir(parents=True, exist_ok=True)
                        (args.save_crashes / f"{i:05d}-{kind.replace(':', '-')}.bin").write_bytes(data)
                    verdicts[verdict.split(":")[0]] += 1
                else:
                    verdicts[verdict] += 1
                counts["done"] += 1
                if counts["done"] % 1000 == 0:
                    print(
                        f"  {counts['done']} inputs, {counts['crashes']} crashes, {counts['hangs']} hangs, "
                        f"{time.perf_counter() - t0:.0f} s",
                        flush=True,
                    )

    runners = [Runner(args.time_limit) for _ in range(max(1, args.jobs))]
    threads = [threading.Thread(target=drive, args=(r,)) for r in runners]
    try:
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        for r in runners:
            r.close()
    print(f"inputs by generator: {dict(sorted(kinds.items()))}")
    print(f"outcomes: {dict(sorted(verdicts.items()))}")
    print(
        f"slowest input {slowest[0]:.1f} s (time limit {args.time_limit:.0f} s), "
        f"{time.perf_counter() - t0:.0f} s in all"
    )
    print(f"fuzz_ingest: {counts['done']} inputs, {counts['crashes']} crashes, {counts['hangs']} hangs")
    return 1 if counts["crashes"] or counts["hangs"] or counts["done"] != args.n else 0


if __name__ == "__main__":
    sys.exit(main())
