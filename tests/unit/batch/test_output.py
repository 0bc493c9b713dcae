from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimscope.batch.inputs import Task
from claimscope.batch.output import JsonlSink, ParquetSink, read_records, record_key
from claimscope.batch.work import error_outcome, success_outcome
from claimscope.errors import BatchError


def _ok(key: str) -> object:
    return success_outcome(Task(key, {"path": key}, "raw"), {"input": {"kind": "html", "path": key}, "text": key})


def test_output_jsonl_reads_back_done_keys_and_failures(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    sink = JsonlSink(out)
    sink.write(_ok("a.html"))
    sink.write(error_outcome(Task("b.html", {"path": "b.html"}, "raw"), {"code": "E102", "message": "empty"}))
    sink.close()
    again = JsonlSink(out)
    assert again.done == {"a.html", "b.html"}
    assert again.failed == 1
    again.close()


@pytest.mark.parametrize("torn", [b'{"input": {"path": "c.ht', b'{"input": {"path": "c.html"}, "text": "c"}'])
def test_output_jsonl_cuts_a_torn_last_line(tmp_path: Path, torn: bytes) -> None:
    out = tmp_path / "out.jsonl"
    sink = JsonlSink(out)
    sink.write(_ok("a.html"))
    sink.close()
    whole = out.read_bytes()
    out.write_bytes(whole + torn)  # killed in the middle of a write: no newline yet
    again = JsonlSink(out)
    assert again.done == {"a.html"}
    again.write(_ok("c.html"))
    again.close()
    assert [record_key(r) for r in read_records(out)] == ["a.html", "c.html"]
    assert out.read_bytes().startswith(whole) and out.read_bytes().endswith(b"\n")


def test_output_jsonl_refuses_lines_without_input(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"text": "not a batch record"}) + "\n", encoding="utf-8")
    with pytest.raises(BatchError) as err:
        JsonlSink(out)
    assert err.value.code == "E805"


def test_output_parquet_parts_are_renamed_when_complete(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    sink = ParquetSink(folder, rows_per_part=2)
    for key in ("a", "b", "c"):
        sink.write(_ok(key))
    assert [p.name for p in folder.iterdir()] == ["part-00000.parquet"]  # "c" still buffered
    (folder / "part-00001.parquet.tmp").write_bytes(b"half a file")  # a kill during a write
    again = ParquetSink(folder, rows_per_part=2)  # the killed run's buffer is lost, so "c" is redone
    assert again.done == {"a", "b"}
    assert not list(folder.glob("*.tmp"))
    again.write(_ok("c"))
    again.close()
    assert sorted(record_key(r) for r in read_records(folder)) == ["a", "b", "c"]


def test_output_record_key_prefers_id_then_path_then_url() -> None:
    assert record_key({"input": {"id": "7", "url": "https://x.test/"}}) == "7"
    assert record_key({"input": {"path": "p.html", "url": "https://x.test/"}}) == "p.html"
    assert record_key({"input": {"url": "https://x.test/"}}) == "https://x.test/"
    assert record_key({"input": "a string"}) is None
