"""What a batch reads: a folder of files, a JSONL or Parquet table of inputs, or a WARC file.

Each input becomes a :class:`Task` with a stable ``key`` (what resume matches on) and a ``ref``
(what the output record names: ``path``, ``url`` and/or ``id``). The bytes are read here, in the
one driver process, so workers never need the driver's file system (a Ray cluster included).
A problem with one input (too large, unreadable, a bad JSONL line) becomes a task that carries
its error; a problem with the batch file itself raises :class:`BatchError`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimscope.errors import BatchError, ClaimscopeError, InputError

FIELDS = ("html", "text", "url", "path")
_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass(frozen=True)
class Task:
    """One input to analyse: ``kind`` is ``raw`` (bytes: HTML or text), ``text``, ``url`` or ``error``."""

    key: str
    ref: dict[str, str]
    kind: str
    data: bytes | str = b""
    error: dict[str, str] | None = field(default=None)

    @property
    def source(self) -> str:
        """How the input is shown in messages."""
        return self.ref.get("path") or self.ref.get("url") or self.ref.get("id") or self.key


def detect_format(path: Path) -> str:
    """``folder``, ``jsonl``, ``parquet`` or ``warc``, from what the path is and its name."""
    if path.is_dir():
        return "folder"
    name = path.name.lower()
    if name.endswith(_WARC_SUFFIXES):
        return "warc"
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".json")):
        return "jsonl"
    if not path.exists():
        raise BatchError("E803", path=str(path), detail="no such file or folder")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith((b"WARC/", b"\x1f\x8b")):
        return "warc"
    return "jsonl"


def count_inputs(path: Path, fmt: str) -> int | None:
    """How many inputs there are, when that is cheap to know (None for WARC)."""
    if fmt == "folder":
        return sum(1 for _ in _folder_files(path))
    if fmt == "jsonl":
        with _open_text(path) as fh:
            return sum(1 for line in fh if line.strip())
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    return None


def iter_tasks(path: Path, fmt: str, *, max_bytes: int) -> Iterator[Task]:
    """Every input of the batch, in a stable order."""
    if fmt == "folder":
        yield from _folder_tasks(path, max_bytes=max_bytes)
    elif fmt == "jsonl":
        yield from _jsonl_tasks(path, max_bytes=max_bytes)
    elif fmt == "parquet":
        yield from _parquet_tasks(path, max_bytes=max_bytes)
    elif fmt == "warc":
        yield from _warc_tasks(path, max_bytes=max_bytes)
    else:
        raise BatchError("E803", path=str(path), detail=f"unknown input format {fmt!r}")


def _folder_files(root: Path) -> Iterator[Path]:
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if p.is_file() and not any(part.startswith(".") for part in rel.parts):
            yield p


def _folder_tasks(root: Path, *, max_bytes: int) -> Iterator[Task]:
    for p in _folder_files(root):
        shown = str(p)
        yield _file_task(shown, {"path": shown}, p, max_bytes=max_bytes)


def _file_task(key: str, ref: dict[str, str], p: Path, *, max_bytes: int) -> Task:
    from claimscope.config import Settings
    from claimscope.ingest.source import read_path

    try:
        raw = read_path(p, settings=Settings(max_bytes=max_bytes))
    except ClaimscopeError as exc:
        return Task(key, ref, "error", error=exc.to_dict())
    return Task(key, ref, "raw", raw.content)


def _open_text(path: Path) -> Any:
    if path.name.lower().endswith(".gz"):
        import gzip

        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return path.open("r", encoding="utf-8", errors="replace")


def _jsonl_tasks(path: Path, *, max_bytes: int) -> Iterator[Task]:
    try:
        fh = _open_text(path)
    except OSError as exc:
        raise BatchError("E803", path=str(path), detail=exc.strerror or str(exc)) from None
    with fh:
        number = 0
        for line in fh:
            if not line.strip():
                continue
            number += 1
            where = f"{path.name} line {number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield _bad_row(f"line:{number}", where, f"not JSON ({exc.msg})")
                continue
            if not isinstance(row, dict):
                yield _bad_row(f"line:{number}", where, "not a JSON object")
                continue
            yield row_task(row, number=number, where=where, base=path.parent, max_bytes=max_bytes)


def _parquet_tasks(path: Path, *, max_bytes: int) -> Iterator[Task]:
    try:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise BatchError("E803", path=str(path), detail=str(exc)) from None
    names = set(pf.schema_arrow.names)
    columns = [c for c in ("id", *FIELDS) if c in names]
    if not set(columns) & set(FIELDS):
        raise BatchError("E803", path=str(path), detail=f"no column among {', '.join(FIELDS)}")
    number = 0
    for batch in pf.iter_batches(batch_size=256, columns=columns):
        for row in batch.to_pylist():
            number += 1
            clean = {k: v for k, v in row.items() if v is not None}
            if isinstance(clean.get("html"), bytes):
                clean["html"] = clean["html"].decode("utf-8", "replace")
            yield row_task(
                clean, number=number, where=f"{path.name} row {number}", base=path.parent, max_bytes=max_bytes
            )


def row_task(row: dict[str, Any], *, number: int, where: str, base: Path, max_bytes: int) -> Task:
    """A task from one ``{"id", "url" | "html" | "text" | "path"}`` row (JSONL line or Parquet row)."""
    rid = row.get("id")
    ref: dict[str, str] = {"id": str(rid)} if rid is not None and str(rid) != "" else {}
    key = ref["id"] if ref else f"line:{number}"
    if not ref:
        ref["id"] = key
    given = [f for f in FIELDS if isinstance(row.get(f), str) and row[f] != ""]
    if not given:
        return _bad_row(key, where, f"needs one of {', '.join(FIELDS)}", ref=ref)
    kind = given[0]
    value: str = row[kind]
    if kind in {"url", "path"}:
        ref[kind] = value
    if kind == "url":
        return Task(key, ref, "url", value)
    if kind == "path":
        p = Path(value) if Path(value).is_absolute() else base / value
        return _file_task(key, ref, p, max_bytes=max_bytes)
    if "url" in row and isinstance(row["url"], str):
        ref["url"] = row["url"]
    data = value.encode("utf-8", "surrogatepass")
    if len(data) > max_bytes:
        err = InputError("E104", source=where, size=len(data), limit=max_bytes)
        return Task(key, ref, "error", error=err.to_dict())
    return Task(key, ref, "raw" if kind == "html" else "text", data if kind == "html" else value)


def _bad_row(key: str, where: str, detail: str, *, ref: dict[str, str] | None = None) -> Task:
    err = BatchError("E804", where=where, detail=detail)
    return Task(key, ref or {"id": key}, "error", error=err.to_dict())


def _warc_tasks(path: Path, *, max_bytes: int) -> Iterator[Task]:
    """HTTP responses with an HTML or text body (CC-NEWS style); other records are skipped."""
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError as exc:  # pragma: no cover - warcio is a dependency
        raise BatchError("E803", path=str(path), detail=f"warcio is missing: {exc}") from None
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise BatchError("E803", path=str(path), detail=exc.strerror or str(exc)) from None
    with fh:
        number = 0
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                number += 1
                headers = record.rec_headers
                url = headers.get_header("WARC-Target-URI") or ""
                rid = headers.get_header("WARC-Record-ID") or f"record:{number}"
                ref = {"id": rid, **({"url": url} if url else {})}
                ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or ""
                media = ctype.split(";", 1)[0].strip().lower()
                if media and not (media.startswith("text/") or "html" in media or "xml" in media):
                    continue
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    err = InputError("E104", source=url or rid, size=f"more than {max_bytes}", limit=max_bytes)
                    yield Task(rid, ref, "error", error=err.to_dict())
                    continue
                yield Task(rid, ref, "raw", body)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            raise BatchError("E803", path=str(path), detail=f"after {number} records: {exc}") from None
