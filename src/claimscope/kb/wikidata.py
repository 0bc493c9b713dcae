"""Streaming import of a Wikidata JSON dump into an SQLite alias index.

The dump (``latest-all.json.gz``, ``.bz2`` or uncompressed) is a JSON array with one entity per
line, each line but the last ending with a comma. The full dump is over 100 GB compressed, so the
import is a stream:

- memory stays bounded: one line is parsed at a time and rows go to SQLite in batches;
- every ``batch_size`` entities, the rows *and* the position reached (line number and byte offset
  of the decompressed stream) are committed in one transaction, so an interrupted import (Ctrl-C,
  a crash, a full disk) resumes exactly where the last commit left it;
- on resume an uncompressed dump is sought to the offset; a compressed one is decompressed up to it
  without parsing (far faster than parsing);
- progress shows the compressed bytes read against the file size;
- with ``min_sitelinks`` ≥ 1, items without sitelinks (most of the dump) that are not classes are
  skipped by a substring test, without parsing their JSON.

Index (``SCHEMA``): ``entity`` (numeric QID, preferred label, labels and descriptions per language,
sitelink count), ``alias`` (normalised alias → QID, language, label or alias), ``claim`` (P31
instance of, P279 subclass of and a few context properties: country, located in, headquarters,
citizenship, member of) and ``meta`` (languages, dump fingerprint, progress).
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from claimscope.errors import KBError

try:  # orjson parses the dump's lines several times faster; the standard library works too
    from orjson import loads as _loads  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the environment
    _loads = json.loads
from claimscope.kb.normalize import normalize_alias

DEFAULT_LANGS: tuple[str, ...] = ("en", "fr", "de", "es", "it", "ru", "uk", "ar", "tr")
# "mul" holds Wikidata's language-independent default labels (names of people, places, acronyms).
ALWAYS_LANGS: tuple[str, ...] = ("mul",)
# P31 instance of, P279 subclass of, P17 country, P131 located in, P159 headquarters location,
# P27 country of citizenship, P463 member of, P749 parent organization, P361 part of
CLAIM_PROPS: tuple[int, ...] = (31, 279, 17, 131, 159, 27, 463, 749, 361)
SCHEMA_VERSION = "1"
_QUICK_SKIP = b'"sitelinks":{}'

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entity (
    qid INTEGER PRIMARY KEY,
    label TEXT,
    labels TEXT NOT NULL,
    descriptions TEXT NOT NULL,
    sitelinks INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS alias (
    key TEXT NOT NULL,
    qid INTEGER NOT NULL,
    lang TEXT NOT NULL,
    is_label INTEGER NOT NULL,
    PRIMARY KEY (key, qid, lang)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS claim (
    qid INTEGER NOT NULL,
    prop INTEGER NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (qid, prop, value)
) WITHOUT ROWID;
"""


@dataclass(slots=True)
class ImportStats:
    lines: int = 0
    entities: int = 0
    skipped: int = 0
    offset: int = 0
    resumed_from: int = 0
    complete: bool = False
    seconds: float = 0.0
    errors: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


@dataclass(slots=True)
class ParsedEntity:
    qid: int
    label: str | None
    labels: dict[str, str]
    descriptions: dict[str, str]
    aliases: list[tuple[str, str, int]]  # (key, lang, is_label)
    claims: list[tuple[int, int]] = field(default_factory=list)  # (prop, value qid)
    sitelinks: int = 0


# ---------------------------------------------------------------- reading the dump


class _CountingReader(io.RawIOBase):
    """Wraps the raw file to count compressed bytes read (for progress)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return bool(self.raw.seekable())

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        position = self.raw.seek(offset, whence)
        self.count = position  # resuming an uncompressed dump jumps straight to the offset
        return position

    def tell(self) -> int:
        return int(self.raw.tell())

    def readinto(self, b: Any) -> int:
        n = self.raw.readinto(b)  # type: ignore[attr-defined]
        self.count += n or 0
        return n or 0

    def close(self) -> None:
        self.raw.close()
        super().close()


def _compression(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(3)
    if head[:2] == b"\x1f\x8b":
        return "gz"
    if head == b"BZh":
        return "bz2"
    return "none"


def open_dump(path: Path) -> tuple[IO[bytes], _CountingReader, str]:
    """A binary stream of the decompressed dump, the byte counter of the file, and its compression."""
    kind = _compression(path)
    counter = _CountingReader(open(path, "rb"))  # noqa: SIM115 - closed by the caller through the stream
    buffered = io.BufferedReader(counter, buffer_size=1 << 20)
    stream: IO[bytes]
    if kind == "gz":
        stream = gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[assignment]
    elif kind == "bz2":
        stream = bz2.BZ2File(buffered, mode="rb")  # type: ignore[assignment]
    else:
        stream = buffered  # type: ignore[assignment]
    return stream, counter, kind


def _skip_to(stream: IO[bytes], offset: int, kind: str, counter: _CountingReader) -> None:
    if offset <= 0:
        return
    if kind == "none":
        stream.seek(offset)
        return
    remaining = offset
    while remaining > 0:
        chunk = stream.read(min(remaining, 1 << 22))
        if not chunk:
            raise KBError("E501", path="dump", detail=f"the dump ends before the resume offset {offset}")
        remaining -= len(chunk)


def iter_lines(stream: IO[bytes], start_offset: int = 0) -> Iterator[tuple[bytes, int]]:
    """Lines of the stream with the offset just after each one."""
    offset = start_offset
    for line in stream:
        offset += len(line)
        yield line, offset


def parse_line(line: bytes, langs: frozenset[str]) -> ParsedEntity | None:
    """One entity of the dump, reduced to what the index keeps (None for "[", "]" and non-items)."""
    s = line.strip()
    if s.endswith(b","):
        s = s[:-1]
    if not s or s in (b"[", b"]"):
        return None
    obj = _loads(s)
    qid_str = obj.get("id", "")
    if obj.get("type", "item") != "item" or not qid_str.startswith("Q"):
        return None
    qid = int(qid_str[1:])
    labels = {lang: v["value"] for lang, v in (obj.get("labels") or {}).items() if lang in langs}
    descriptions = {lang: v["value"] for lang, v in (obj.get("descriptions") or {}).items() if lang in langs}
    aliases: dict[tuple[str, str], int] = {}
    for lang, value in labels.items():
        key = normalize_alias(value)
        if key:
            aliases[(key, lang)] = 1
    for lang, values in (obj.get("aliases") or {}).items():
        if lang not in langs:
            continue
        for v in values:
            key = normalize_alias(v["value"])
            if key and (key, lang) not in aliases:
                aliases[(key, lang)] = 0
    claims: list[tuple[int, int]] = []
    all_claims = obj.get("claims") or {}
    for prop in CLAIM_PROPS:
        for statement in all_claims.get(f"P{prop}", ()):
            if statement.get("rank") == "deprecated":
                continue
            snak = statement.get("mainsnak") or {}
            value = (snak.get("datavalue") or {}).get("value")
            if snak.get("snaktype") == "value" and isinstance(value, dict) and str(value.get("id", "")).startswith("Q"):
                claims.append((prop, int(value["id"][1:])))
    label = next((labels[lang] for lang in ("en", "mul", "fr") if lang in labels), None)
    if label is None and labels:
        label = next(iter(labels.values()))
    return ParsedEntity(
        qid=qid,
        label=label,
        labels=labels,
        descriptions=descriptions,
        aliases=[(k, lang, is_label) for (k, lang), is_label in aliases.items()],
        claims=claims,
        sitelinks=len(obj.get("sitelinks") or {}),
    )


# ---------------------------------------------------------------- the index


def connect(db: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        if not Path(db).exists():
            raise KBError("E502", path=str(db), detail="no such file")
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
    else:
        Path(db).parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(str(db))
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.executescript(SCHEMA)
    return con


def read_meta(con: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(con.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise KBError("E502", path="knowledge base", detail=str(exc)) from exc


def _fingerprint(path: Path) -> str:
    st = path.stat()
    with open(path, "rb") as fh:
        head = fh.read(4096)
    import hashlib

    return f"{st.st_size}:{hashlib.sha256(head).hexdigest()[:16]}"


def _write_batch(con: sqlite3.Connection, batch: list[ParsedEntity], meta: dict[str, str]) -> None:
    with con:
        con.executemany(
            "INSERT OR REPLACE INTO entity (qid, label, labels, descriptions, sitelinks) VALUES (?, ?, ?, ?, ?)",
            [
                (
                    e.qid,
                    e.label,
                    json.dumps(e.labels, ensure_ascii=False),
                    json.dumps(e.descriptions, ensure_ascii=False),
                    e.sitelinks,
                )
                for e in batch
            ],
        )
        con.executemany(
            "INSERT OR REPLACE INTO alias (key, qid, lang, is_label) VALUES (?, ?, ?, ?)",
            [(key, e.qid, lang, is_label) for e in batch for key, lang, is_label in e.aliases],
        )
        con.executemany(
            "INSERT OR IGNORE INTO claim (qid, prop, value) VALUES (?, ?, ?)",
            [(e.qid, prop, value) for e in batch for prop, value in e.claims],
        )
        con.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(meta.items()))


def import_dump(
    dump: Path | str,
    db: Path | str,
    *,
    langs: tuple[str, ...] = DEFAULT_LANGS,
    batch_size: int = 10_000,
    min_sitelinks: int = 0,
    restart: bool = False,
    progress: bool | None = None,
    on_batch: Callable[[ImportStats], None] | None = None,
) -> ImportStats:
    """Stream ``dump`` into the SQLite index ``db``; resume a previous, interrupted import.

    Args:
        dump: the Wikidata JSON dump (gzip, bzip2 or uncompressed).
        db: the SQLite file to create or complete.
        langs: languages whose labels, aliases and descriptions are kept ("mul" always is).
        batch_size: entities per transaction; the resume point moves at each commit.
        min_sitelinks: skip entities with fewer sitelinks (classes used by P31/P279 are kept).
        restart: drop what a previous import left and start from the beginning.
        progress: show a tqdm bar (default: when standard error is a terminal).
        on_batch: called after each commit (tests use it to simulate an interruption).

    Returns:
        Counts, the offset reached and whether the dump was read to the end.

    Raises:
        KBError: E501 if the dump cannot be read, E503 if ``db`` holds another dump's import.
    """
    dump = Path(dump)
    if not dump.exists():
        raise KBError("E501", path=str(dump), detail="no such file")
    lang_set = frozenset(langs) | frozenset(ALWAYS_LANGS)
    if restart and Path(db).exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    con = connect(db)
    meta = read_meta(con)
    fingerprint = _fingerprint(dump)
    langs_value = ",".join(sorted(lang_set))
    if meta.get("dump_fingerprint") and (meta["dump_fingerprint"] != fingerprint or meta.get("langs") != langs_value):
        con.close()
        raise KBError("E503", path=str(db), dump=meta.get("dump_path", "?"))
    stats = ImportStats(
        lines=int(meta.get("lines", 0)),
        entities=int(meta.get("entities", 0)),
        offset=int(meta.get("offset", 0)),
        skipped=int(meta.get("skipped", 0)),
    )
    stats.resumed_from = stats.offset
    if meta.get("complete") == "1":
        stats.complete = True
        con.close()
        return stats
    base_meta = {
        "schema_version": SCHEMA_VERSION,
        "dump_path": str(dump.resolve()),
        "dump_fingerprint": fingerprint,
        "langs": langs_value,
        "min_sitelinks": str(min_sitelinks),
    }
    t0 = time.perf_counter()
    try:
        stream, counter, kind = open_dump(dump)
    except OSError as exc:
        con.close()
        raise KBError("E501", path=str(dump), detail=str(exc)) from exc
    bar = _progress_bar(dump, progress, stats)
    batch: list[ParsedEntity] = []
    offset = stats.offset
    lines = stats.lines
    last_count = 0

    def commit() -> None:
        nonlocal last_count
        stats.offset, stats.lines = offset, lines
        _write_batch(
            con,
            batch,
            {
                **base_meta,
                "offset": str(offset),
                "lines": str(lines),
                "entities": str(stats.entities),
                "skipped": str(stats.skipped),
                "complete": "0",
                "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
        )
        batch.clear()
        if bar is not None:
            bar.update(counter.count - last_count)
            last_count = counter.count
            bar.set_postfix(entities=stats.entities, refresh=False)
        if on_batch is not None:
            on_batch(stats)

    try:
        with stream:
            try:
                _skip_to(stream, offset, kind, counter)
                pending = 0
                for line, end in iter_lines(stream, offset):
                    if min_sitelinks and _QUICK_SKIP in line and b'"P279"' not in line:
                        # no sitelinks and not a class: skipped without parsing (most of the full dump)
                        lines += 1
                        offset = end
                        stats.skipped += 1
                        pending += 1
                        if pending >= batch_size:
                            commit()
                            pending = 0
                        continue
                    try:
                        entity = parse_line(line, lang_set)
                    except (ValueError, KeyError, TypeError):
                        entity = None
                        stats.errors += 1
                    lines += 1
                    offset = end
                    if entity is not None:
                        keep = entity.sitelinks >= min_sitelinks or any(p == 279 for p, _ in entity.claims)
                        if keep and (entity.labels or entity.aliases):
                            batch.append(entity)
                            stats.entities += 1
                        else:
                            stats.skipped += 1
                    pending += 1
                    if pending >= batch_size:
                        commit()
                        pending = 0
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                raise KBError("E501", path=str(dump), detail=str(exc)) from exc
            commit()
        stats.complete = True
        with con:
            con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('complete', '1')")
        con.execute("PRAGMA optimize")
    finally:
        stats.seconds = time.perf_counter() - t0
        if bar is not None:
            bar.close()
        con.close()
    return stats


def _progress_bar(dump: Path, progress: bool | None, stats: ImportStats) -> Any:
    import sys

    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(
        total=os.path.getsize(dump),
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        desc=f"import {dump.name}" + (f" (resuming at line {stats.lines:,})" if stats.lines else ""),
        dynamic_ncols=True,
    )
