"""Where the input comes from: a file path, an http(s) URL, ``-`` (standard input) or raw bytes.

This module reads the raw bytes with their provenance and rejects what is not a page or a text:
missing files, empty input, input over the size cap and binary content.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx

from claimscope.config import Settings
from claimscope.errors import FetchError, InputError
from claimscope.ingest.fetch import Resolver, fetch_page
from claimscope.model.ids import sha256_hex

# (magic bytes, description) for common binary formats people pass by mistake
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"\x00asm", "WebAssembly module"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_RIFF = b"RIFF"
_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_TEXT_CONTROL = frozenset(b"\t\n\r\f\v\x1b")
_SAMPLE = 8192
_MAX_CONTROL_RATIO = 0.05

_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|\?xml|meta|title|article|main|div|section|p|table)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|p|span|a|article|section|meta|title|script|br|h[1-6]|ul|li|table)\b[^>]*>",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class RawInput:
    """Bytes read from somewhere, with where they came from."""

    content: bytes
    kind: str
    """``url``, ``html`` or ``text``."""
    url: str | None = None
    path: str | None = None
    fetched_at: str | None = None
    content_type: str | None = None

    @property
    def sha256(self) -> str:
        return sha256_hex(self.content)


def is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source.strip(), re.IGNORECASE))


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` looks binary (a format name or a byte statistic), or None when it looks like text."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data.startswith(_RIFF) and data[8:12] in {b"WEBP", b"WAVE", b"AVI "}:
        return "RIFF media"
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return "NUL bytes"
    control = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROL)
    if sample and control / len(sample) > _MAX_CONTROL_RATIO:
        return f"{control} control bytes in the first {len(sample)}"
    return None


def check_content(data: bytes, *, source: str, settings: Settings | None = None) -> None:
    """Reject empty, oversized and binary content.

    Raises:
        InputError: E102 (empty), E103 (binary), E104 (too large).
    """
    if not data.strip():
        raise InputError("E102", source=source)
    if settings is not None and len(data) > settings.max_bytes:
        raise InputError("E104", source=source, size=len(data), limit=settings.max_bytes)
    reason = binary_reason(data)
    if reason:
        raise InputError("E103", source=source, detail=reason)


def looks_like_html(text: str) -> bool:
    """Decide HTML or plain text from the content (never from a file name)."""
    head = text[:8192]
    if _HTML_START.match(head.lstrip("\ufeff")):
        return True
    return len(_HTML_TAG.findall(head)) >= 3


def _read_capped(stream: BinaryIO, *, source: str, settings: Settings) -> bytes:
    data = stream.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise InputError("E104", source=source, size=f"more than {settings.max_bytes}", limit=settings.max_bytes)
    return data


def read_path(path: str | Path, *, settings: Settings) -> RawInput:
    """Read a file after checking that it exists and is not over the size cap.

    Raises:
        InputError: E101 (missing), E104 (too large), E105 (unreadable).
    """
    p = Path(path)
    shown = str(path)
    try:
        if not p.exists():
            raise InputError("E101", path=shown)
        if p.is_dir():
            raise InputError("E105", source=shown, detail="it is a folder")
        size = p.stat().st_size
        if size > settings.max_bytes:
            raise InputError("E104", source=shown, size=size, limit=settings.max_bytes)
        with p.open("rb") as fh:
            data = _read_capped(fh, source=shown, settings=settings)
    except OSError as exc:
        raise InputError("E105", source=shown, detail=exc.strerror or str(exc)) from None
    return RawInput(data, "html", path=str(p))


def read_stdin(*, settings: Settings, stream: BinaryIO | None = None) -> RawInput:
    stream = stream if stream is not None else sys.stdin.buffer
    try:
        data = _read_capped(stream, source="<stdin>", settings=settings)
    except OSError as exc:
        raise InputError("E105", source="<stdin>", detail=str(exc)) from None
    return RawInput(data, "html", path="-")


def read_url(
    url: str,
    *,
    settings: Settings,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver | None = None,
) -> RawInput:
    result = fetch_page(url, settings=settings, transport=transport, resolver=resolver)
    return RawInput(
        result.content,
        "url",
        url=result.final_url,
        fetched_at=result.fetched_at,
        content_type=result.content_type,
    )


def read_raw(
    source: str | Path | bytes,
    *,
    settings: Settings,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver | None = None,
    stdin: BinaryIO | None = None,
) -> RawInput:
    """Read a source's bytes and check them (empty, binary, too large).

    Raises:
        InputError, FetchError: with their codes.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        raw = RawInput(bytes(source), "html")
        shown = "<bytes>"
    elif isinstance(source, str) and source.strip() == "-":
        raw = read_stdin(settings=settings, stream=stdin)
        shown = "<stdin>"
    elif isinstance(source, str) and is_url(source):
        raw = read_url(source.strip(), settings=settings, transport=transport, resolver=resolver)
        shown = raw.url or source
    elif isinstance(source, str) and _OTHER_SCHEME.match(source.strip()) and not Path(source).exists():
        raise FetchError("E110", url=source.strip(), detail="only http and https URLs can be fetched")
    elif isinstance(source, str | Path):
        raw = read_path(source, settings=settings)
        shown = str(source)
    else:
        raise InputError("E106", source=repr(source)[:80], detail=f"unsupported type {type(source).__name__}")
    check_content(raw.content, source=shown, settings=settings)
    return raw


__all__ = [
    "RawInput",
    "binary_reason",
    "check_content",
    "is_url",
    "looks_like_html",
    "read_path",
    "read_raw",
    "read_stdin",
    "read_url",
]
