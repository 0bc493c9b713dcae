"""Load test of `claimscope serve` on loopback: N concurrent clients for S seconds (issue 11).

Starts the server (or uses --url), warms it up (models loaded, each test text analysed once),
records the server's resident memory, then runs the clients. Each client loops over a mix of
requests: an analysis (POST /api/analyze, one of a few fixed texts), the analysis again by id
(JSON, HTML, Markdown, STIX) and /healthz. Prints p50/p95 latency per kind and overall, errors,
and the server's RSS before and after; exits 1 on any error or when RSS grew by more than
--max-growth-mb.

    python scripts/load_service.py [--clients 20] [--seconds 60] [--rounds 1] [--max-growth-mb 150]
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = (ROOT / "examples" / "seed-article.txt").read_text(encoding="utf-8")
TEXTS = (
    SEED_TEXT,
    "Le maire promet un nouveau pont\n\nSelon le maire, le pont sera ouvert en juin. Aucune source "
    "indépendante ne confirme cette date. L'opposition parle d'un mensonge grossier.",
    "Council backs the new bridge\n\nAccording to the mayor, the bridge will open in June. No independent "
    "source has confirmed the date. The opposition calls it a shameless lie.",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    import psutil

    return float(psutil.Process(pid).memory_info().rss) / 2**20


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-growth-mb", type=float, default=150.0)
    parser.add_argument("--rounds", type=int, default=1, help="load rounds back to back (RSS printed after each)")
    parser.add_argument("--workers", type=int, default=2, help="claimscope serve --workers (analyses at once)")
    default_exe = shutil.which("claimscope") or str(Path(sys.executable).parent / "claimscope")
    parser.add_argument("--claimscope", default=default_exe)
    args = parser.parse_args()

    token = secrets.token_hex(16)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [args.claimscope, "serve", "--port", str(port), "--token", token, "--workers", str(args.workers)]
    cmd += ["--queue-timeout", "120", "--analysis-timeout", "120"]
    proc = subprocess.Popen(cmd, env={**os.environ, "CLAIMSCOPE_TOKEN": ""}, stdout=subprocess.DEVNULL)
    auth = {"Authorization": f"Bearer {token}"}
    try:
        deadline = time.monotonic() + 300
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                print("the server did not start", file=sys.stderr)
                return 1
            try:
                if httpx.get(f"{base}/healthz", timeout=2).json()["models"] != "loading":
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        ids: list[str] = []
        with httpx.Client(base_url=base, headers=auth, timeout=300) as warm:
            for text in TEXTS:
                r = warm.post("/api/analyze", json={"text": text})
                r.raise_for_status()
                ids.append(r.json()["id"])
                for fmt in ("html", "md", "stix"):
                    warm.get(f"/api/analyses/{ids[-1]}?format={fmt}").raise_for_status()
        before = rss_mb(proc.pid)
        print(f"server pid {proc.pid}, models loaded and {len(TEXTS)} texts analysed once: RSS {before:.0f} MB")

        latencies: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, int] = defaultdict(int)
        lock = threading.Lock()
        stop_at = [0.0]
        peak = [before]

        def client(seed: int) -> None:
            rng = random.Random(seed)
            with httpx.Client(base_url=base, headers=auth, timeout=300) as http:
                while time.monotonic() < stop_at[0]:
                    roll = rng.random()
                    body: dict[str, str] | None = None
                    if roll < 0.3:
                        kind, method, path, body = "analyze", "POST", "/api/analyze", {"text": rng.choice(TEXTS)}
                    elif roll < 0.9:
                        fmt = rng.choice(("json", "json", "html", "md", "stix"))
                        kind, method, path = f"get {fmt}", "GET", f"/api/analyses/{rng.choice(ids)}?format={fmt}"
                    else:
                        kind, method, path = "healthz", "GET", "/healthz"
                    t0 = time.perf_counter()
                    try:
                        r = http.request(method, path, json=body)
                        ok = r.status_code == 200
                        label = str(r.status_code)
                    except httpx.HTTPError as exc:
                        ok, label = False, type(exc).__name__
                    elapsed = time.perf_counter() - t0
                    with lock:
                        latencies[kind].append(elapsed)
                        if not ok:
                            errors[f"{kind}: {label}"] += 1

        def sample() -> None:
            while time.monotonic() < stop_at[0]:
                peak[0] = max(peak[0], rss_mb(proc.pid))
                time.sleep(1)

        t_start = time.monotonic()
        after = before
        for round_no in range(1, args.rounds + 1):
            stop_at[0] = time.monotonic() + args.seconds
            threads = [threading.Thread(target=client, args=(round_no * 1000 + i,)) for i in range(args.clients)]
            threads.append(threading.Thread(target=sample))
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            time.sleep(1)
            previous, after = after, rss_mb(proc.pid)
            print(f"round {round_no}: server RSS {after:.0f} MB ({after - previous:+.0f} MB in the round)", flush=True)
        wall = time.monotonic() - t_start
        alive = httpx.get(f"{base}/healthz", timeout=5).status_code == 200
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    everything = [x for values in latencies.values() for x in values]
    print(f"{args.clients} clients for {wall:.0f} s: {len(everything)} requests ({len(everything) / wall:.1f}/s)")
    print(f"{'kind':12} {'n':>6} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    for kind in sorted(latencies):
        values = latencies[kind]
        print(
            f"{kind:12} {len(values):6d} {percentile(values, 0.5) * 1000:9.0f} "
            f"{percentile(values, 0.95) * 1000:9.0f} {max(values) * 1000:9.0f}"
        )
    print(
        f"{'all':12} {len(everything):6d} {percentile(everything, 0.5) * 1000:9.0f} "
        f"{percentile(everything, 0.95) * 1000:9.0f} {max(everything) * 1000:9.0f}"
    )
    n_errors = sum(errors.values())
    print(f"errors: {n_errors}" + (f" {dict(errors)}" if errors else ""))
    growth = after - before
    print(f"server RSS: before {before:.0f} MB, peak {peak[0]:.0f} MB, after {after:.0f} MB (growth {growth:+.0f} MB)")
    print(f"server still up: {alive}; mean analysis latency {statistics.fmean(latencies['analyze']) * 1000:.0f} ms")
    return 0 if n_errors == 0 and alive and growth <= args.max_growth_mb else 1


if __name__ == "__main__":
    sys.exit(main())
