"""The extraction eval: trafilatura's scoring convention on a folder in its format."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimscope.eval.extraction import command, count_item, evaluate, iter_pages

PROSE = "The harbour reopened on Friday after three days of storms, the port authority said in a statement. " * 3


def make_folder(tmp_path: Path) -> Path:
    tests = tmp_path / "tests"
    (tests / "cache").mkdir(parents=True)
    (tests / "eval").mkdir()
    page = (
        f"<html><body><nav><a href='/'>Home</a> <a href='/x'>Sections</a></nav><article><p>{PROSE}</p>"
        f"<p>Ships queued outside the breakwater overnight.</p></article>"
        "<div class='related'><h3>Related</h3><a href='/y'>Storm closes harbour</a></div>"
        "<footer>Imprint and privacy</footer></body></html>"
    )
    (tests / "cache" / "a.html.gz").write_bytes(gzip.compress(page.encode()))
    (tests / "eval" / "b.html").write_text(page, encoding="utf-8")
    item = {"with": ["harbour reopened on Friday", "Ships queued"], "without": ["Imprint and privacy", "Sections"]}
    data = {
        "https://a.example/": {"file": "a.html", **item},
        "https://b.example/": {"file": "b.html", **item},
        "https://missing.example/": {"file": "nope.html", **item},
    }
    (tests / "evaldata.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


def test_extraction_count_item_convention():
    item = {"with": ["a b", "zzz"], "without": ["c", "yyy"]}
    assert count_item(item, "a\n b c") == (1, 1, 1, 1)
    assert count_item(item, None) == (0, 0, 2, 2)
    assert count_item(item, "") == (0, 0, 2, 2)


def test_extraction_reads_plain_and_gzipped_pages(tmp_path: Path):
    folder = make_folder(tmp_path)
    pages = list(iter_pages(folder))
    assert [url for url, _, _ in pages] == ["https://a.example/", "https://b.example/"]
    assert all(html.startswith(b"<html>") for _, _, html in pages)
    assert len(list(iter_pages(folder, limit=1))) == 1


def test_extraction_scores_both_systems(tmp_path: Path):
    results = evaluate(make_folder(tmp_path), progress=False)
    claimscope = results["claimscope"]
    assert (claimscope.tp, claimscope.fn, claimscope.fp, claimscope.tn) == (4, 0, 0, 4)
    assert claimscope.f1 == 1.0
    assert results["trafilatura"].pages == 2


def test_extraction_command_prints_both_rows(tmp_path: Path):
    folder = make_folder(tmp_path)
    result = CliRunner().invoke(command, [str(folder), "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "2 pages" in result.output
    lines = result.output.splitlines()
    assert any(line.startswith("claimscope") for line in lines)
    assert any(line.startswith("trafilatura") for line in lines)
    assert "precision" in result.output and "recall" in result.output and "F1" in result.output


@pytest.mark.slow
@pytest.mark.data
def test_extraction_claimscope_at_least_trafilatura_on_the_eval_set(shared_data: Path):
    folder = shared_data / "trafilatura-eval"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    results = evaluate(folder, limit=150, progress=False)
    assert results["claimscope"].errors == 0
    assert results["claimscope"].f1 >= results["trafilatura"].f1
