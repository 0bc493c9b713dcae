"""Linking against the alias index built from the dump excerpt; name normalisation."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.kb.link import EntityQuery, KnowledgeBase, link_entities, link_entity
from claimscope.kb.normalize import is_acronym, loose_key, normalize_alias
from claimscope.kb.wikidata import import_dump

EXCERPT = Path(__file__).resolve().parents[2] / "fixtures" / "wikidata" / "excerpt.json"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    db = tmp_path_factory.mktemp("kb") / "excerpt.sqlite"
    import_dump(EXCERPT, db, langs=("en", "fr"), progress=False)
    return KnowledgeBase(db)


@pytest.mark.parametrize(
    ("names", "label", "lang", "expected"),
    [
        (("Hay’at Tahrir al-Sham",), "ORG", "fr", "Q28837612"),
        (("HTŞ",), "ORG", "fr", "Q28837612"),  # an armed group, not the physics concept
        (("Hay’at Tahrir al-Sham", "HTŞ"), "ORG", "fr", "Q28837612"),
        (("Kiev",), "LOC", "fr", "Q1899"),  # the capital, not the hamlet of the same name
        (("Poutine",), "PER", "fr", "Q7747"),  # the person, not the dish nor the surname
        (("État islamique", "Daech"), "ORG", "fr", "Q2429253"),  # the group, not the form of government
        (("Reuters",), "ORG", "en", "Q130879"),
        (("AFP",), "ORG", "en", "Q40464"),
        (("Zelenskiy",), "PER", "en", "Q3874799"),
        (("Mali",), "PER", "en", "Q912"),  # a wrong NER label costs, it does not veto
        (("Washington",), "PER", "en", "Q23"),
        (("Lekolin",), "ORG", "fr", None),  # not in the index
        (("Washington",), "LOC", "en", None),  # city and state too close to call
    ],
)
def test_link_picks_the_referent_or_nothing(
    base: KnowledgeBase, names: tuple[str, ...], label: str, lang: str, expected: str | None
) -> None:
    assert link_entity(base, EntityQuery(names=names, label=label), lang=lang).qid == expected


@pytest.mark.parametrize(
    ("neighbour", "expected"),
    [("Atlanta", "Q1428"), ("Tbilisi", "Q230")],
)
def test_link_uses_the_other_entities_as_context(base: KnowledgeBase, neighbour: str, expected: str) -> None:
    queries = [EntityQuery(names=("Georgia",), label="LOC"), EntityQuery(names=(neighbour,), label="LOC")]
    assert link_entities(base, queries, lang="en")[0].qid == expected


def test_link_without_context_leaves_georgia_open(base: KnowledgeBase) -> None:
    result = link_entity(base, EntityQuery(names=("Georgia",), label="LOC"), lang="en")
    assert result.qid is None
    assert "too close" in result.explanation


def test_link_hint_from_alias_table_breaks_ties(base: KnowledgeBase) -> None:
    result = link_entity(base, EntityQuery(names=("Georgia",), label="LOC", hint="Q230"), lang="en")
    assert result.qid == "Q230"


def test_link_result_carries_label_and_name(base: KnowledgeBase) -> None:
    result = link_entity(base, EntityQuery(names=("Kurdistan Workers' Party", "PKK"), label="LOC"), lang="fr")
    assert result.qid == "Q152220"
    assert result.label == "ORG"
    assert result.name == "Parti des travailleurs du Kurdistan"


def test_link_type_climbs_subclasses(base: KnowledgeBase) -> None:
    assert base.type_label(2429253) == "ORG"  # P31 a test class whose P279 is armed organization


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hay’at Tahrir al-Sham", "Hayat Tahrir al-Sham"),
        ("HTŞ", "HTS"),
        ("l’État islamique", "Etat Islamique"),
        ("ÉtatIslamique", "etatislamique"),
        ("The Associated Press", "Associated Press"),
        ("U.S.", "US"),
    ],
)
def test_normalize_alias_folds_spelling(a: str, b: str) -> None:
    assert normalize_alias(a) == normalize_alias(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Daesh", "Daech"),
        ("Zelenskyy", "Zelenskiy"),
        ("Zelensky", "Zelenskyy"),
        ("Cund el-Şam", "Jund al-Sham"),
        ("Hayat Tahrir al-Cham", "Hay’at Tahrir al-Sham"),
        ("Kadyrov", "Kadyrow"),
    ],
)
def test_normalize_loose_key_folds_transliterations(a: str, b: str) -> None:
    assert loose_key(a) == loose_key(b)


@pytest.mark.parametrize(("a", "b"), [("Iran", "Irak"), ("Austria", "Australia"), ("Le Pen", "Pen")])
def test_normalize_keeps_different_names_apart(a: str, b: str) -> None:
    assert loose_key(a) != loose_key(b)


@pytest.mark.parametrize(
    ("text", "expected"), [("HTŞ", True), ("PKK", True), ("EI", True), ("Daesh", False), ("A", False), ("#ISIS", True)]
)
def test_normalize_is_acronym(text: str, expected: bool) -> None:
    assert is_acronym(text) is expected
