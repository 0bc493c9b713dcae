from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from claimscope.batch.inputs import count_inputs, detect_format, iter_tasks


def test_inputs_folder_reads_files_and_records_bad_ones(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<html><body><p>Texte.</p></body></html>", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_bytes("Texte en UTF-16.".encode("utf-16"))
    (tmp_path / "big.txt").write_bytes(b"x" * 200)
    (tmp_path / ".hidden").write_text("skipped", encoding="utf-8")
    tasks = list(iter_tasks(tmp_path, "folder", max_bytes=100))
    assert [Path(t.key).name for t in tasks] == ["a.html", "big.txt", "b.txt"]
    assert [t.kind for t in tasks] == ["raw", "error", "raw"]
    assert tasks[1].error and tasks[1].error["code"] == "E104"
    assert all(t.ref == {"path": t.key} for t in tasks)
    assert count_inputs(tmp_path, "folder") == 3


def test_inputs_jsonl_rows_and_bad_lines(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>x</p>", encoding="utf-8")
    rows = [
        {"id": "u1", "url": "https://example.org/a"},
        {"id": "h1", "html": "<p>Bonjour</p>", "url": "https://example.org/h"},
        {"id": 3, "text": "Un texte."},
        {"id": "p1", "path": "page.html"},
        {"text": "no id"},
        {"id": "none"},
    ]
    lines = [json.dumps(r) for r in rows] + ["{not json", "[1, 2]"]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    assert detect_format(src) == "jsonl"
    tasks = list(iter_tasks(src, "jsonl", max_bytes=10_000))
    assert [t.key for t in tasks] == ["u1", "h1", "3", "p1", "line:5", "none", "line:7", "line:8"]
    assert [t.kind for t in tasks] == ["url", "raw", "text", "raw", "text", "error", "error", "error"]
    assert tasks[1].ref == {"id": "h1", "url": "https://example.org/h"}
    assert tasks[3].ref == {"id": "p1", "path": "page.html"} and tasks[3].data == b"<p>x</p>"
    assert {t.error["code"] for t in tasks if t.error} == {"E804"}


def test_inputs_parquet_has_the_jsonl_columns(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "in.parquet"
    table = pa.table({"id": ["a", "b"], "text": ["Un texte.", None], "url": [None, "https://example.org/b"]})
    pq.write_table(table, src)
    assert detect_format(src) == "parquet"
    tasks = list(iter_tasks(src, "parquet", max_bytes=10_000))
    assert [(t.key, t.kind) for t in tasks] == [("a", "text"), ("b", "url")]
    assert count_inputs(src, "parquet") == 2


def test_inputs_warc_keeps_html_responses(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    src = tmp_path / "news.warc.gz"
    with src.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, (ctype, body) in enumerate(
            [("text/html; charset=utf-8", b"<html><p>Article</p></html>"), ("image/png", b"\x89PNG")]
        ):
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                f"https://example.org/{i}", "response", payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(rec)
    assert detect_format(src) == "warc"
    tasks = list(iter_tasks(src, "warc", max_bytes=10_000))
    assert len(tasks) == 1
    assert tasks[0].ref["url"] == "https://example.org/0" and tasks[0].key.startswith("<urn:uuid:")
    assert tasks[0].data == b"<html><p>Article</p></html>"
