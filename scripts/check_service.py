"""Independent check of `claimscope serve` on loopback (issue 11, "Must show").

Starts `claimscope serve --token T` on a free loopback port and talks to it over HTTP only (httpx,
no claimscope imports), printing each check; exits 1 when any fails.

    python scripts/check_service.py [--claimscope PATH] [--port N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed-article.html"
CODE = re.compile(r"^E\d{3}$")


class Checks:
    def __init__(self) -> None:
        self.failed: list[str] = []

    def run(self, name: str, check: Callable[[], str]) -> None:
        try:
            detail = check()
        except Exception as exc:  # a check that raises has failed; say why and go on
            self.failed.append(name)
            print(f"FAIL  {name}: {type(exc).__name__}: {exc}", flush=True)
        else:
            print(f"ok    {name}: {detail}", flush=True)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def envelope(response: httpx.Response, status: int | tuple[int, ...]) -> str:
    statuses = (status,) if isinstance(status, int) else status
    expect(response.status_code in statuses, f"status {response.status_code}, wanted {statuses}: {response.text[:200]}")
    body = response.json()
    expect(set(body) == {"error"} and set(body["error"]) == {"code", "message"}, f"not the envelope: {body}")
    expect(bool(CODE.match(body["error"]["code"])), f"uncoded error: {body}")
    expect("Traceback" not in response.text, "a traceback reached the client")
    return f"{response.status_code} {body['error']['code']} {body['error']['message'][:90]}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(executable: str, port: int, token: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CLAIMSCOPE_TOKEN": ""}
    cmd = [executable, "serve", "--host", "127.0.0.1", "--port", str(port), "--token", token]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise SystemExit(f"claimscope serve exited with {proc.returncode}: {err}")
        try:
            health = httpx.get(f"{base}/healthz", timeout=2).json()
        except httpx.TransportError:
            time.sleep(0.2)
            continue
        if health.get("models") != "loading":
            return health  # type: ignore[no-any-return]
        time.sleep(0.5)
    raise SystemExit(f"claimscope serve not ready after {timeout} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--claimscope", default=shutil.which("claimscope") or str(Path(sys.executable).parent / "claimscope")
    )
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--ready-timeout", type=float, default=180.0)
    args = parser.parse_args()

    token = secrets.token_hex(16)
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(args.claimscope, port, token)
    auth = {"Authorization": f"Bearer {token}"}
    checks = Checks()
    state: dict[str, object] = {}
    client = httpx.Client(base_url=base, timeout=300)
    try:
        t0 = time.monotonic()
        health = wait_ready(base, proc, args.ready_timeout)
        print(f"server {base} up, models {health.get('models')} after {time.monotonic() - t0:.1f} s", flush=True)

        def alive() -> str:
            health = client.get("/healthz")
            expect(health.status_code == 200 and health.json()["status"] == "ok", f"healthz {health.status_code}")
            return "healthz 200 after the bad requests"

        def no_token() -> str:
            r = client.post("/api/analyze", json={"text": "x"})
            wrong = client.get("/api/analyses/0123456789abcdef", headers={"Authorization": "Bearer nope"})
            envelope(wrong, 401)
            return envelope(r, 401)

        def seed() -> str:
            r = client.post("/api/analyze", json={"html": SEED.read_text(encoding="utf-8")}, headers=auth)
            expect(r.status_code == 200, f"status {r.status_code}: {r.text[:300]}")
            result = r.json()
            expect(result.get("schema") == "claimscope/analysis@1", "not an analysis@1 object")
            for layer in ("claims", "techniques", "entities"):
                expect(bool(result.get(layer)), f"no {layer}")
            state["result"] = result
            return (
                f"id {result['id']}: {len(result['claims'])} claims, {len(result['techniques'])} technique spans, "
                f"{len(result['entities'])} entities, {len(result['sources'])} sources"
            )

        def by_id() -> str:
            result = state["result"]
            assert isinstance(result, dict)
            r = client.get(f"/api/analyses/{result['id']}", headers=auth)
            expect(r.status_code == 200, f"status {r.status_code}")
            expect(r.json() == result, "a different analysis came back")
            return f"GET /api/analyses/{result['id']} 200, identical"

        def refused(url: str) -> Callable[[], str]:
            return lambda: envelope(client.post("/api/analyze", json={"url": url}, headers=auth), (400, 403, 422))

        def malformed() -> str:
            headers = {**auth, "Content-Type": "application/json"}
            return envelope(client.post("/api/analyze", content=b'{"text": "no end', headers=headers), 400)

        def junk() -> str:
            payload = os.urandom(4096)
            as_json = client.post("/api/analyze", content=payload, headers={**auth, "Content-Type": "application/json"})
            as_bytes = client.post(
                "/api/analyze", content=payload, headers={**auth, "Content-Type": "application/octet-stream"}
            )
            text = client.post("/api/analyze", json={"text": payload.decode("latin-1")}, headers=auth)
            return "; ".join(envelope(r, (400, 415, 422)) for r in (as_json, as_bytes, text))

        def too_large() -> str:
            size = 60 * 1024 * 1024

            def body() -> Iterator[bytes]:
                chunk = b"a" * (1024 * 1024)
                for _ in range(60):
                    yield chunk

            headers = {**auth, "Content-Type": "application/json", "Content-Length": str(size)}
            declared = client.post("/api/analyze", content=body(), headers=headers)
            chunked = client.post("/api/analyze", content=body(), headers={**auth, "Content-Type": "application/json"})
            return f"declared {envelope(declared, 413)}; chunked {envelope(chunked, 413)}"

        def form() -> str:
            r = client.get("/")
            expect(r.status_code == 200 and "<form" in r.text, "no <form> at /")
            expect("<label" in r.text and "<textarea" in r.text, "the form has no labelled text area")
            return f"<form> at / ({len(r.text)} bytes, CSP {r.headers.get('content-security-policy', '')[:30]}…)"

        def stix() -> str:
            result = state["result"]
            assert isinstance(result, dict)
            r = client.get(f"/api/analyses/{result['id']}?format=stix", headers=auth)
            expect(r.status_code == 200, f"status {r.status_code}")
            bundle = r.json()
            expect(bundle.get("type") == "bundle", "not a bundle")
            patterns = [o for o in bundle["objects"] if o["type"] == "attack-pattern"]
            disarm = sorted(
                {
                    ref["external_id"]
                    for p in patterns
                    for ref in p["external_references"]
                    if ref["source_name"] == "DISARM"
                }
            )
            expect(bool(disarm), "no DISARM-referenced attack-pattern")
            expect(all(re.fullmatch(r"T\d{4}(\.\d{3})?", d) for d in disarm), f"odd DISARM ids {disarm}")
            try:
                from stix2validator import ValidationOptions, validate_string
            except ImportError:
                validity = "stix2-validator not installed: structure checked only"
            else:
                outcome = validate_string(r.text, ValidationOptions(version="2.1"))
                expect(outcome.is_valid, f"stix2-validator: {[str(e) for e in outcome.errors][:3]}")
                validity = "stix2-validator: valid STIX 2.1"
            kinds: dict[str, int] = {}
            for o in bundle["objects"]:
                kinds[o["type"]] = kinds.get(o["type"], 0) + 1
            return f"{validity}; {json.dumps(kinds)}; DISARM {', '.join(disarm)}"

        checks.run("401 without the token", no_token)
        checks.run("analysis of the seed page (claims, techniques, entities)", seed)
        checks.run("the same analysis again by id", by_id)
        checks.run("loopback URL refused", refused(f"http://127.0.0.1:{port}/healthz"))
        checks.run("localhost name refused", refused(f"http://localhost:{port}/"))
        checks.run("link-local (cloud metadata) URL refused", refused("http://169.254.169.254/latest/meta-data/"))
        checks.run("malformed JSON", malformed)
        checks.run("binary junk", junk)
        checks.run("server still up", alive)
        checks.run("413 for a 60 MB body", too_large)
        checks.run("server still up after 60 MB", alive)
        checks.run("a <form> at /", form)
        checks.run("STIX 2.1 bundle with DISARM-referenced attack-patterns", stix)
    finally:
        client.close()
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    total = 13
    print(f"{total - len(checks.failed)} passed, {len(checks.failed)} failed", flush=True)
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
