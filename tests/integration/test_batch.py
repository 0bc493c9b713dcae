"""claimscope batch end to end: SIGKILL and resume, a hung input, the store, the Ray engine.

The runs use the entities analyzer only (spaCy loads in seconds); what is tested is the batch
machinery, which does not depend on the analyzers. ``scripts/check_batch.py`` runs the full
pipeline on 40 inputs with both engines.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimscope.batch import read_records, record_key

FR = "Selon le ministère, la réunion aurait eu lieu hier à Paris.\n\nLe porte-parole a démenti ces informations."
EN = "The minister said on Monday that the talks had failed.\n\nNo one has confirmed the report."


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server that accepts connections and never answers: a fetch that hangs."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/story"
    sock.close()


def _batch(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "claimscope", "batch", *map(str, args), "--analyzers", "entities.v1", "--no-progress"]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONWARNINGS": "ignore"}


def _inputs(tmp_path: Path, hang_url: str) -> Path:
    (tmp_path / "utf16.txt").write_bytes(("Titre\n\n" + FR).encode("utf-16"))  # with a BOM
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "random.bin").write_bytes(bytes(range(256)) * 8)
    rows = [
        {"id": "t1", "text": FR},
        {"id": "h2", "html": f"<html><body><article><h1>Titre</h1><p>{FR}</p></article></body></html>"},
        {"id": "p3", "path": "utf16.txt"},
        {"id": "u4", "url": hang_url},
        {"id": "p5", "path": "empty.html"},
        {"id": "p6", "path": "random.bin"},
        {"id": "t7", "text": EN},
        {"id": "h8", "html": f"<html><body><p>{EN}</p><p>{EN}</p></body></html>"},
    ]
    src = tmp_path / "inputs.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return src


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


@pytest.mark.slow
def test_batch_sigkill_and_resume_gives_one_record_per_input(tmp_path: Path, silent_server: str) -> None:
    src = _inputs(tmp_path, silent_server)
    out = tmp_path / "out.jsonl"
    db = tmp_path / "corpus.sqlite"
    cmd = _batch(src, "-o", out, "--time-limit", "6", "--allow-private", "--db", db)
    proc = subprocess.Popen(cmd, env=_env(), stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while _lines(out) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed (the url input should hang)"
    proc.send_signal(signal.SIGKILL)  # while the fourth input hangs
    proc.wait()
    assert _lines(out) == 3
    with out.open("ab") as fh:
        fh.write(b'{"input": {"id": "u4"}, "err')  # and as if the kill had torn a write
    rerun = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=180)
    assert rerun.returncode == 1, rerun.stderr
    records = read_records(out)
    keys = [record_key(r) for r in records]
    assert sorted(keys) == ["h2", "h8", "p3", "p5", "p6", "t1", "t7", "u4"]
    errors = {record_key(r): r["error"]["code"] for r in records if "error" in r}
    assert errors == {"u4": "E801", "p5": "E102", "p6": "E103"}
    by_key = {record_key(r): r for r in records}
    assert by_key["p3"]["metadata"]["language"] == "fr" and by_key["p3"]["input"]["encoding"].startswith("utf-16")
    assert by_key["p3"]["input"]["path"] == "utf16.txt"
    assert "3 already done" in rerun.stderr

    from claimscope.store import open_store

    with open_store(db) as store:
        assert store.count() == 5  # the five good inputs, each once, though the first three were redone


@pytest.mark.slow
def test_batch_ray_engine_local(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    src = tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": FR}, {"id": "b", "text": "  "}, {"id": "c", "text": EN}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    env = {k: v for k, v in _env().items() if k != "RAY_ADDRESS"}
    run = subprocess.run(
        _batch(src, "-o", out, "--engine", "ray", "--workers", "1"),
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 1, run.stderr
    records = read_records(out)
    assert sorted(record_key(r) for r in records) == ["a", "b", "c"]
    assert {record_key(r): r.get("error", {}).get("code") for r in records} == {"a": None, "b": "E102", "c": None}
    assert {r["metadata"]["language"] for r in records if "error" not in r} == {"fr", "en"}
