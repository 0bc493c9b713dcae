"""The command line, end to end, on the bundled seed article and on bad inputs. No network."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimscope.cli import cli
from claimscope.report import validate
from tests.conftest import EXAMPLES

SEED = str(EXAMPLES / "seed-article.html")


@pytest.fixture(scope="module")
def seed_result() -> dict:
    result = CliRunner().invoke(cli, ["analyze", SEED, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_seed_article_follows_the_contract(seed_result: dict) -> None:
    assert validate(seed_result) == []
    meta = seed_result["metadata"]
    assert meta["language"] == "fr"
    assert meta["title"] == "À court de chair à canon, Kiev demande des combattants à HTŞ (une branche de Daesh)"
    assert meta["published"].startswith("2024-11-19")


def test_cli_seed_article_keeps_every_body_paragraph(seed_result: dict, seed_text: str) -> None:
    text = seed_result["text"]
    body = seed_text.split("Check Also")[0].split("\n\n")[1:]
    for para in body:
        para = para.strip()
        if para.startswith(("Des images inquiétantes", "— Le Média")):
            continue  # the tweet: an embed paragraph, checked below
        assert para.replace("'", "'")[:80] in text.replace("'", "'"), para[:60]


def test_cli_seed_article_embeds_the_tweet(seed_result: dict) -> None:
    (embed,) = seed_result["embeds"]
    assert embed["kind"] == "tweet"
    assert embed["handle"] == "LeMediaEn442"
    assert embed["url"] == "https://twitter.com/LeMediaEn442/status/1626596016011583488"
    para = next(p for p in seed_result["paragraphs"] if p["id"] == embed["paragraph"])
    assert para["kind"] == "embed"
    assert "Des images inquiétantes" in seed_result["text"][para["start"] : para["end"]]


@pytest.mark.parametrize(
    "furniture",
    [
        "Check Also",
        "Russian Offensive Campaign Assessment",
        "Laisser un commentaire",
        "Newsletter",
        "Recevez nos analyses",
        "Tous droits réservés",
        "Les plus lus",
        "WhatsApp",
        "Accueil",
        "Moyen-Orient",
    ],
)
def test_cli_seed_article_drops_site_furniture(seed_result: dict, furniture: str) -> None:
    assert furniture not in seed_result["text"]
    assert any(furniture in r["text"] for r in seed_result["removed"])


def test_cli_seed_article_removed_is_tagged_by_kind(seed_result: dict) -> None:
    kinds = {r["kind"] for r in seed_result["removed"]}
    assert {"related", "navigation", "share", "comments", "newsletter", "footer"} <= kinds
    related = [r["text"] for r in seed_result["removed"] if r["kind"] == "related"]
    assert any("Check Also" in t for t in related)


@pytest.mark.parametrize(("fmt", "marker"), [("html", "<!DOCTYPE html>"), ("md", "# À court de chair à canon")])
def test_cli_writes_reports(tmp_path: Path, fmt: str, marker: str) -> None:
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(cli, ["analyze", SEED, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(marker)


def test_cli_reads_text_from_stdin(seed_text: str) -> None:
    result = CliRunner().invoke(cli, ["analyze", "-", "--lang", "fr", "--analyzers", "entities.v1"], input=seed_text)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["input"]["kind"] == "text"
    assert out["metadata"]["language"] == "fr" and out["metadata"]["language_score"] == 1.0
    assert out["paragraphs"][0]["kind"] == "title"


def _write_bad_inputs(tmp: Path) -> dict[str, Path]:
    files = {
        "empty": tmp / "empty.html",
        "binary": tmp / "image.png",
        "huge": tmp / "huge.html",
        "no_article": tmp / "nav-only.html",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    with files["huge"].open("wb") as fh:
        fh.write(b"<html><body>")
        chunk = b"<p>" + b"lorem ipsum dolor sit amet " * 40 + b"</p>\n"
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            fh.write(chunk)
        fh.write(b"</body></html>")
    files["no_article"].write_text('<html><body><nav><a href="/">Home</a></nav></body></html>', encoding="utf-8")
    return files


def test_cli_bad_inputs_get_coded_errors_and_the_rest_succeeds(tmp_path: Path) -> None:
    bad = _write_bad_inputs(tmp_path)
    args = [str(p) for p in bad.values()] + [SEED, "http://127.0.0.1:9/private", "--analyzers", "entities.v1"]
    proc = subprocess.run(
        [sys.executable, "-m", "claimscope", "analyze", *args], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(lines) == len(bad) + 2
    errors = {
        Path(x["input"]).name if not x["input"].startswith("http") else "url": x["error"]["code"]
        for x in lines
        if "error" in x
    }
    assert errors == {
        "empty.html": "E102",
        "image.png": "E103",
        "huge.html": "E104",
        "nav-only.html": "E120",
        "url": "E112",
    }
    ok = [x for x in lines if "error" not in x]
    assert len(ok) == 1 and ok[0]["metadata"]["language"] == "fr"
    for line in proc.stderr.splitlines():
        if line.startswith("E"):
            assert line.split()[0] in errors.values()
            assert line.split()[1].endswith("Error:")


def test_cli_single_bad_input_prints_one_coded_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-m", "claimscope", "analyze", str(empty)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("E102 InputError: ")
    assert "Traceback" not in proc.stderr


def test_cli_usage_error_exits_2() -> None:
    proc = subprocess.run([sys.executable, "-m", "claimscope", "analyze"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2


def test_cli_invalid_utf8_does_not_crash(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_bytes(
        b'<html><head><meta charset="utf-8"><title>T\xe9st</title></head><body><article><p>'
        + "Le ministère a confirmé la réunion du 18 juin à Idlib, selon l'agence. ".encode() * 3
        + b"Caf\xe9 \xff\xfe cr\xe8me.</p></article></body></html>"
    )
    result = CliRunner().invoke(cli, ["analyze", str(page), "--analyzers", "entities.v1"])
    assert result.exit_code in (0, 1)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 0:
        assert "Le ministère a confirmé" in json.loads(result.stdout)["text"]


def test_cli_render_turns_a_saved_result_into_a_report(tmp_path: Path, seed_result: dict) -> None:
    saved = tmp_path / "seed.json"
    saved.write_text(json.dumps(seed_result, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "seed.html"
    result = CliRunner().invoke(cli, ["render", str(saved), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Le Veilleur Géopolitique" in out.read_text(encoding="utf-8")


def test_cli_render_rejects_a_file_that_is_not_a_result(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "other"}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(bad)])
    assert result.exit_code == 2
    assert "not a claimscope/analysis@1 result" in result.output
