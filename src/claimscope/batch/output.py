"""Batch outputs that survive SIGKILL: exactly one record per input after a restart.

Only the driver process writes. JSONL: whole lines appended and fsynced; on start the file is read
back, a torn last line (a kill in the middle of a write) is cut off, and the keys of the complete
lines are the inputs already done. Parquet: OUT is a folder of ``part-NNNNN.parquet`` files, each
written as ``.tmp``, fsynced and renamed when complete; leftover ``.tmp`` files are deleted on start.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any, Protocol

from claimscope.batch.work import Outcome
from claimscope.errors import BatchError


def record_key(record: dict[str, Any]) -> str | None:
    """The resume key of an output record: the input's id, else its path, else its URL."""
    ref = record.get("input")
    if not isinstance(ref, dict):
        return None
    for name in ("id", "path", "url"):
        value = ref.get(name)
        if isinstance(value, str) and value:
            return value
    return None


class Sink(Protocol):
    done: set[str]
    failed: int

    def write(self, outcome: Outcome) -> None: ...

    def close(self) -> None: ...


class JsonlSink:
    """Append-only JSON Lines with a completed set read back on open."""

    def __init__(self, path: Path, *, fsync: bool = True) -> None:
        self.path = path
        self.fsync = fsync
        self.done: set[str] = set()
        self.failed = 0
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._recover()
            self._fh = path.open("ab")
        except OSError as exc:
            raise BatchError("E805", path=str(path), detail=exc.strerror or str(exc)) from None

    def _recover(self) -> None:
        if not self.path.exists():
            return
        good = 0
        with self.path.open("rb") as fh:
            for line in fh:
                if not line.endswith(b"\n"):
                    break  # a torn last line: the kill came during the write
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    break
                key = record_key(record) if isinstance(record, dict) else None
                if key is None:
                    raise BatchError("E805", path=str(self.path), detail=f"a line without input at byte {good}")
                self.done.add(key)
                self.failed += "error" in record
                good += len(line)
        if good != self.path.stat().st_size:
            with self.path.open("r+b") as fh:
                fh.truncate(good)
                os.fsync(fh.fileno())

    def write(self, outcome: Outcome) -> None:
        self._fh.write(outcome.line + b"\n")
        self._fh.flush()
        if self.fsync:
            os.fsync(self._fh.fileno())
        self.done.add(outcome.key)
        self.failed += outcome.error is not None

    def close(self) -> None:
        self._fh.close()


class ParquetSink:
    """A folder of Parquet part files, each renamed into place once complete."""

    COLUMNS = ("key", "input_id", "input_path", "input_url", "error_code", "error_message", "record")

    def __init__(self, folder: Path, *, rows_per_part: int = 256, seconds_per_part: float = 60.0) -> None:
        import pyarrow.parquet as pq

        self.folder = folder
        self.rows_per_part = rows_per_part
        self.seconds_per_part = seconds_per_part
        self.done: set[str] = set()
        self.failed = 0
        self._rows: list[dict[str, Any]] = []
        self._since = time.monotonic()
        if folder.exists() and not folder.is_dir():
            raise BatchError("E805", path=str(folder), detail="--format parquet writes a folder of part files")
        folder.mkdir(parents=True, exist_ok=True)
        for tmp in folder.glob("*.tmp"):
            tmp.unlink()
        parts = sorted(folder.glob("part-*.parquet"))
        for part in parts:
            table = pq.read_table(part, columns=["key", "error_code"])
            keys = table.column("key").to_pylist()
            self.done.update(keys)
            self.failed += sum(1 for c in table.column("error_code").to_pylist() if c)
        self._next = 1 + max((int(p.stem.split("-")[1]) for p in parts), default=-1)

    def write(self, outcome: Outcome) -> None:
        record = json.loads(outcome.line)
        ref = record.get("input") or {}
        err = outcome.error or {}
        if not self._rows:
            self._since = time.monotonic()  # a part's age counts from its first record
        self._rows.append(
            {
                "key": outcome.key,
                "input_id": ref.get("id"),
                "input_path": ref.get("path"),
                "input_url": ref.get("url"),
                "error_code": err.get("code"),
                "error_message": err.get("message"),
                "record": outcome.line.decode("utf-8"),
            }
        )
        self.done.add(outcome.key)
        self.failed += outcome.error is not None
        if len(self._rows) >= self.rows_per_part or time.monotonic() - self._since >= self.seconds_per_part:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._since = time.monotonic()
        if not self._rows:
            return
        table = pa.Table.from_pylist(self._rows, schema=pa.schema([(c, pa.string()) for c in self.COLUMNS]))
        final = self.folder / f"part-{self._next:05d}.parquet"
        tmp = final.with_name(final.name + ".tmp")
        pq.write_table(table, tmp)
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        _fsync_dir(self.folder)
        self._next += 1
        self._rows = []

    def close(self) -> None:
        self.flush()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_sink(path: Path, fmt: str) -> Sink:
    if fmt == "parquet":
        return ParquetSink(path)
    return JsonlSink(path)


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every record of a batch output (JSONL file or Parquet folder), for checks and tests."""
    if path.is_dir():
        import pyarrow.parquet as pq

        out: list[dict[str, Any]] = []
        for part in sorted(path.glob("part-*.parquet")):
            out.extend(json.loads(r) for r in pq.read_table(part, columns=["record"]).column("record").to_pylist())
        return out
    with path.open("rb") as fh:
        return [json.loads(line) for line in fh if line.endswith(b"\n")]
