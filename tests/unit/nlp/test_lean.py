"""The lean spaCy loading: compact tables give the same values, pipelines the same annotations."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from claimscope.nlp import load_spacy
from claimscope.nlp.lean import (
    LEMMA_CACHE_MAX,
    HashTable,
    IntMap,
    StrMap,
    StrSet,
    memory_zone,
    release_memory,
    trim_caches,
)

HAS_FR = importlib.util.find_spec("fr_core_news_md") is not None
FR_TEXT = (
    "Selon le ministère, la réunion aurait eu lieu hier à Paris, a affirmé le porte-parole.\n\n"
    "Les autorités ukrainiennes ont démenti ces informations, qui n'ont pas été confirmées par l'AFP. "
    "Zelensky aurait rencontré des combattants de HTŞ le 18 juin 2024 à Idleb."
)


def _words(n: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i in range(n):
        key = f"mot{i}" + ("é" if i % 3 == 0 else "")
        out[key] = [f"lemme{i % 97}"] if i % 5 else f"forme{i % 11}"
    out["été"] = ["être"]
    out[""] = ["vide"]
    return out


def test_lean_strmap_matches_dict() -> None:
    data = _words(3000)
    compact = StrMap(data)
    assert len(compact) == len(data)
    assert sorted(compact) == sorted(data)
    for key in [*data, "absent", "mot1x", "Été", 17, None]:
        assert compact.get(key, ["d"]) == data.get(key, ["d"])  # type: ignore[arg-type]
        assert (key in compact) == (key in data)
    assert compact["été"] == ["être"]
    with pytest.raises(KeyError):
        compact["absent"]
    got = compact.get("été")
    got.append("x")  # a caller's list is its own: the table does not change
    assert compact.get("été") == ["être"]


def test_lean_strset_answers_membership_like_the_list() -> None:
    words = [f"w{i}" for i in range(2500)] + ["w5", "œuvre"]
    compact = StrSet(words)
    assert len(compact) == 2501  # duplicates once
    for key in ["w0", "w2499", "œuvre", "w2500", "W1", "", 3]:
        assert (key in compact) == (key in words)


def test_lean_hashtable_matches_spacy_table() -> None:
    from spacy.lookups import Table
    from spacy.strings import get_string_id

    data = _words(2000)
    table = Table.from_dict(data, name="lemma_lookup")
    compact = HashTable(table, name="lemma_lookup")
    assert len(compact) == len(table)
    for key in [*data, "absent", "NOUN"]:
        assert compact.get(key, [key]) == table.get(key, [key])
        assert (key in compact) == (key in table)
        assert compact.get(get_string_id(key)) == table.get(get_string_id(key))
    assert compact["été"] == table["été"] == ["être"]
    with pytest.raises(KeyError):
        compact["absent"]


def test_lean_intmap_matches_key2row() -> None:
    data = {(i * 2654435761) % (1 << 64): i % 300 for i in range(5000)}
    data[(1 << 64) - 1] = 7
    compact = IntMap(data)
    assert len(compact) == len(data)
    assert dict(compact.items()) == data
    for key in [*list(data)[:500], 1, (1 << 64) - 2, -1, "x"]:
        assert compact.get(key, -1) == data.get(key, -1)  # type: ignore[call-overload]
        assert (key in compact) == (key in data)


def _annotations(doc: Any) -> list[tuple[Any, ...]]:
    return [
        (t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, str(t.morph), t.ent_type_, t.ent_iob_, t.is_sent_start)
        for t in doc
    ]


@pytest.mark.skipif(not HAS_FR, reason="fr_core_news_md is not installed")
def test_lean_french_pipeline_gives_the_same_annotations() -> None:
    import spacy

    lean = load_spacy("fr")
    full = spacy.load("fr_core_news_md")
    assert len(lean.vocab.strings) < 50_000 < len(full.vocab.strings)
    assert isinstance(lean.vocab.vectors.key2row, IntMap)
    assert isinstance(lean.get_pipe("lemmatizer").lookups.get_table("lemma_lookup"), HashTable)
    assert _annotations(lean(FR_TEXT)) == _annotations(full(FR_TEXT))
    for a, b in zip(lean(FR_TEXT), full(FR_TEXT), strict=True):
        assert a.rank == b.rank and a.is_oov == b.is_oov
        assert (a.vector == b.vector).all()


@pytest.mark.skipif(not HAS_FR, reason="fr_core_news_md is not installed")
def test_lean_memory_zone_frees_an_articles_strings() -> None:
    nlp = load_spacy("fr")
    nlp(FR_TEXT)  # the lemmatizer's and tokenizer's first-use strings
    before = len(nlp.vocab.strings)
    with memory_zone([nlp]):
        inside = _annotations(nlp(FR_TEXT + " Xylophonistes zygomatiques quintessenciés."))
        assert len(nlp.vocab.strings) > before
    assert len(nlp.vocab.strings) == before
    with memory_zone([nlp]):
        assert _annotations(nlp(FR_TEXT + " Xylophonistes zygomatiques quintessenciés.")) == inside


def test_lean_trim_caches_empties_a_big_lemma_cache() -> None:
    class Pipe:
        def __init__(self, n: int) -> None:
            self.cache = {i: [str(i)] for i in range(n)}

    class Nlp:
        def __init__(self) -> None:
            self.pipeline = [("small", Pipe(10)), ("big", Pipe(LEMMA_CACHE_MAX + 1))]

    nlp = Nlp()
    trim_caches(nlp)
    assert len(nlp.pipeline[0][1].cache) == 10
    assert nlp.pipeline[1][1].cache == {}


def test_lean_release_memory_runs_on_glibc() -> None:
    import platform

    assert release_memory() is (platform.system() == "Linux" and platform.libc_ver()[0] == "glibc")
