"""Smaller resident spaCy pipelines with the same annotations, and per-article memory control.

``fr_core_news_md`` as spaCy loads it holds about 380 MB, little of it model weights (lean: 195 MB):

- the vocabulary's string table (712,952 strings from ``vocab/strings.json``, about 130 MB):
  the components and the tokenizer add the few hundred strings they use when they load, and
  every string of an article (words, lemmas) is added while it is parsed, so the table is not
  loaded at all (``exclude=["strings"]``);
- the rule lemmatizer's lookup tables (216,849 + 175,000 Python dict entries, one list and one
  str each): :func:`compact_lookups` stores them as sorted 64-bit hashes with the
  strings packed in one bytes object; lookups give the same values (exact string keys stay
  exact: a hash hit is confirmed against the packed key): 25 MB less;
- the static vectors' ``key2row`` (a dict of 500,000 Python ints): :func:`compact_vectors`
  replaces it with two numpy arrays: 32 MB less.

:func:`memory_zone` runs an article inside spaCy's memory zones, so the strings and lexemes an
article adds are freed after it (the vocabulary otherwise grows with every new word), and
:func:`release_memory` gives freed heap pages back to the system after an article.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from typing import Any

import numpy as np

LEAN_EXCLUDE: tuple[str, ...] = ("strings",)
"""Serialisation fields never loaded from a trained pipeline (see the module docstring)."""

MIN_COMPACT = 1000
"""Tables and inner mappings smaller than this stay as they are."""

LEMMA_CACHE_MAX = 200_000
"""Entries of a lemmatizer's (orth, pos) -> lemmas cache before it is emptied (it never shrinks)."""


def _string_id(key: Any) -> int:
    from spacy.strings import get_string_id

    return int(get_string_id(key))


class _Packed:
    """Exact string keys packed in one bytes object, found through sorted 64-bit hashes."""

    __slots__ = ("_blob", "_hashes", "_offsets", "_order")

    def __init__(self, keys: list[str]) -> None:
        from spacy.strings import hash_string

        encoded = [k.encode("utf-8") for k in keys]
        hashes = np.fromiter((hash_string(k) for k in keys), dtype=np.uint64, count=len(keys))
        self._order = np.argsort(hashes, kind="stable").astype(np.int32)
        self._hashes = hashes[self._order]
        self._offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in encoded], out=self._offsets[1:])
        self._blob = b"".join(encoded)

    def find(self, key: object) -> int:
        """The position of ``key`` in the list given at construction, or -1."""
        if not isinstance(key, str) or not len(self._hashes):
            return -1
        from spacy.strings import hash_string

        h = np.uint64(hash_string(key))
        i = int(np.searchsorted(self._hashes, h))
        raw = key.encode("utf-8")
        while i < len(self._hashes) and self._hashes[i] == h:
            j = int(self._order[i])
            if self._blob[self._offsets[j] : self._offsets[j + 1]] == raw:
                return j
            i += 1
        return -1

    def key(self, j: int) -> str:
        return self._blob[self._offsets[j] : self._offsets[j + 1]].decode("utf-8")

    def __len__(self) -> int:
        return len(self._hashes)


def _freeze(value: Any, pool: dict[Any, Any]) -> Any:
    """One shared immutable copy of equal values (lists become tuples)."""
    frozen = tuple(value) if isinstance(value, list) else value
    return pool.setdefault((type(value), frozen), frozen)


def _thaw(kind: type, frozen: Any) -> Any:
    return list(frozen) if kind is list else frozen


class StrMap(Mapping[str, Any]):
    """A read-only ``dict`` of str keys with str or list-of-str values (a fresh list on each get)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        keys = list(data)
        pool: dict[Any, Any] = {}
        self._packed = _Packed(keys)
        self._kinds = [type(data[k]) for k in keys]
        self._values = [_freeze(data[k], pool) for k in keys]

    def __getitem__(self, key: str) -> Any:
        j = self._packed.find(key)
        if j < 0:
            raise KeyError(key)
        return _thaw(self._kinds[j], self._values[j])

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        j = self._packed.find(key)
        return default if j < 0 else _thaw(self._kinds[j], self._values[j])

    def __contains__(self, key: object) -> bool:
        return self._packed.find(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return (self._packed.key(j) for j in range(len(self._packed)))

    def __len__(self) -> int:
        return len(self._packed)


class StrSet:
    """A read-only set of strings standing in for a lemmatizer index list (only ``in`` is used)."""

    def __init__(self, items: list[str]) -> None:
        self._packed = _Packed(list(dict.fromkeys(items)))

    def __contains__(self, key: object) -> bool:
        return self._packed.find(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return (self._packed.key(j) for j in range(len(self._packed)))

    def __len__(self) -> int:
        return len(self._packed)


class HashTable(Mapping[int, Any]):
    """A read-only ``spacy.lookups.Table`` (keys are string ids) over sorted uint64 arrays."""

    def __init__(self, table: Mapping[int, Any], name: str | None = None) -> None:
        items = sorted((int(k), v) for k, v in table.items())
        pool: dict[Any, Any] = {}
        index: dict[int, int] = {}
        self.name = name
        self._keys = np.fromiter((k for k, _ in items), dtype=np.uint64, count=len(items))
        self._values: list[Any] = []
        self._kinds: list[type] = []
        rows = np.empty(len(items), dtype=np.int32)
        for n, (_, v) in enumerate(items):
            frozen = _freeze(v, pool)
            at = index.setdefault(id(frozen), len(self._values))
            if at == len(self._values):
                self._values.append(frozen)
                self._kinds.append(type(v))
            rows[n] = at
        self._rows = rows

    def _find(self, key: Any) -> int:
        try:
            k = np.uint64(_string_id(key))
        except (TypeError, ValueError, OverflowError):
            return -1
        i = int(np.searchsorted(self._keys, k))
        return int(self._rows[i]) if i < len(self._keys) and self._keys[i] == k else -1

    def __getitem__(self, key: Any) -> Any:
        at = self._find(key)
        if at < 0:
            raise KeyError(key)
        return _thaw(self._kinds[at], self._values[at])

    def get(self, key: Any, default: Any = None) -> Any:
        at = self._find(key)
        return default if at < 0 else _thaw(self._kinds[at], self._values[at])

    def __contains__(self, key: object) -> bool:
        return self._find(key) >= 0

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class IntMap(Mapping[int, int]):
    """A read-only ``{uint64 key: int row}`` (``Vectors.key2row``) over two numpy arrays."""

    def __init__(self, data: Mapping[int, int]) -> None:
        keys = np.fromiter((int(k) for k in data), dtype=np.uint64, count=len(data))
        rows = np.fromiter((int(data[k]) for k in data), dtype=np.int64, count=len(data))
        order = np.argsort(keys, kind="stable")
        self._keys, self._rows = keys[order], rows[order]

    def _find(self, key: Any) -> int:
        try:
            k = np.uint64(key)
        except (TypeError, ValueError, OverflowError):
            return -1
        i = int(np.searchsorted(self._keys, k))
        return i if i < len(self._keys) and self._keys[i] == k else -1

    def __getitem__(self, key: int) -> int:
        i = self._find(key)
        if i < 0:
            raise KeyError(key)
        return int(self._rows[i])

    def get(self, key: int, default: Any = None) -> Any:  # type: ignore[override]
        i = self._find(key)
        return default if i < 0 else int(self._rows[i])

    def __contains__(self, key: object) -> bool:
        return self._find(key) >= 0

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _is_lemmas(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(x, str) for x in value))


def _compact_inner(value: Any) -> Any:
    """A nested table's value: a big str -> lemmas dict or a big index list becomes compact."""
    if (
        isinstance(value, dict)
        and len(value) >= MIN_COMPACT
        and all(isinstance(k, str) for k in value)
        and all(_is_lemmas(v) for v in value.values())
    ):
        return StrMap(value)
    if isinstance(value, list) and len(value) >= MIN_COMPACT and all(isinstance(x, str) for x in value):
        return StrSet(value)
    return value


def compact_lookups(nlp: Any) -> int:
    """Replace the big lookup tables of ``nlp``'s lemmatizers by compact read-only ones.

    Returns how many tables or inner mappings were replaced. A flat table (``lemma_lookup``:
    string id -> lemmas) becomes a :class:`HashTable`; a nested one (``lemma_exc``,
    ``lemma_index``: part of speech -> words) keeps its small outer table and gets compact
    values. Lookups return equal values; the tables can no longer be changed or serialised.
    """
    from spacy.lookups import Table

    done = 0
    for _, pipe in nlp.pipeline:
        lookups = getattr(pipe, "lookups", None)
        if lookups is None or not hasattr(lookups, "set_table"):
            continue
        for name in list(lookups.tables):
            table = lookups.get_table(name)
            if not isinstance(table, Table) or len(table) == 0:
                continue
            values = list(table.values())
            nested = any(isinstance(v, dict) for v in values) or (
                len(table) < MIN_COMPACT and any(isinstance(v, list) and len(v) >= MIN_COMPACT for v in values)
            )
            if nested:
                for key in list(table.keys()):
                    new = _compact_inner(table[key])
                    if new is not table[key]:
                        OrderedDict.__setitem__(table, key, new)  # the key is already a string id
                        done += 1
            elif len(table) >= MIN_COMPACT and all(_is_lemmas(v) for v in values):
                lookups.set_table(name, HashTable(table, name=name))
                done += 1
    return done


def compact_vectors(nlp: Any) -> bool:
    """Store the static vectors' ``key2row`` dict as sorted numpy arrays (same rows for every key)."""
    vectors = nlp.vocab.vectors
    key2row = getattr(vectors, "key2row", None)
    if not isinstance(key2row, dict) or len(key2row) < MIN_COMPACT:
        return False
    vectors.key2row = IntMap(key2row)
    return True


def trim_caches(nlp: Any, *, limit: int = LEMMA_CACHE_MAX) -> None:
    """Empty a lemmatizer's memo cache past ``limit`` entries (it is a pure cache: same lemmas)."""
    for _, pipe in nlp.pipeline:
        cache = getattr(pipe, "cache", None)
        if isinstance(cache, dict) and len(cache) > limit:
            cache.clear()


@contextmanager
def memory_zone(pipelines: list[Any]) -> Iterator[None]:
    """Run one article inside the memory zone of every given pipeline.

    Strings and lexemes added inside are freed at the end: every spaCy object of the article
    (Doc, Span, Token) must be turned into plain data before the block ends. A pipeline loaded
    inside the block is not in it and keeps what it loads.
    """
    with ExitStack() as stack:
        for nlp in pipelines:
            if hasattr(nlp, "memory_zone"):
                stack.enter_context(nlp.memory_zone())
        yield
    for nlp in pipelines:
        trim_caches(nlp)


_libc: Any = None


def release_memory() -> bool:
    """Give the heap's free pages back to the system (glibc ``malloc_trim``); False elsewhere."""
    global _libc
    if _libc is None:
        name = ctypes.util.find_library("c")
        try:
            _libc = ctypes.CDLL(name) if name else False
        except OSError:
            _libc = False
    trim = getattr(_libc, "malloc_trim", None) if _libc else None
    if trim is None:
        return False
    trim(0)
    return True
