"""entities.v1: recognition, grouping by referent, linking, contract."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from claimscope.analyzers import BUILTIN
from claimscope.analyzers.entities import EntitiesAnalyzer
from claimscope.kb.wikidata import import_dump
from claimscope.model import Analysis, Article
from claimscope.model.analysis import Parsed
from claimscope.nlp import parse_article

EXCERPT = Path(__file__).resolve().parents[2] / "fixtures" / "wikidata" / "excerpt.json"


@pytest.fixture(scope="module")
def kb_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = tmp_path_factory.mktemp("kb") / "excerpt.sqlite"
    import_dump(EXCERPT, db, langs=("en", "fr"), progress=False)
    return str(db)


@pytest.fixture(scope="module")
def empty_table(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An alias table with no entries: the generic rules alone."""
    path = tmp_path_factory.mktemp("aliases") / "empty.json"
    path.write_text(json.dumps({"entries": []}), encoding="utf-8")
    return str(path)


def parsed(text: str, lang: str) -> Analysis:
    article = Article.from_text(text)
    return Analysis(article=article, parsed=parse_article(article, lang=lang))


def without_nlp(text: str, lang: str = "fr") -> Analysis:
    article = Article.from_text(text)
    return Analysis(article=article, parsed=Parsed(lang, 1.0, (), doc=None))


def entity_of(entities: list[dict], mention: str) -> dict:
    found = [e for e in entities if any(m["text"] == mention for m in e["mentions"])]
    assert found, f"no entity has the mention {mention!r}: {[e['name'] for e in entities]}"
    return found[0]


def run(analyzer: EntitiesAnalyzer, result: Analysis) -> list[dict]:
    return [dict(ann.data) for ann in analyzer(result)]


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Analysis:
    return parsed(seed_text, "fr")


@pytest.fixture(scope="module")
def seed_entities(seed: Analysis) -> list[dict]:
    return run(EntitiesAnalyzer(), seed)


# ---------------------------------------------------------------- the seed article


def test_entities_seed_groups_hts_spellings(seed_entities: list[dict]) -> None:
    assert entity_of(seed_entities, "HTŞ") is entity_of(seed_entities, "Hay’at Tahrir al-Sham")


def test_entities_seed_groups_islamic_state_names(seed_entities: list[dict]) -> None:
    islamic_state = entity_of(seed_entities, "Daesh")
    assert entity_of(seed_entities, "Daech") is islamic_state
    assert entity_of(seed_entities, "État islamique") is islamic_state
    assert islamic_state is not entity_of(seed_entities, "HTŞ")


def test_entities_seed_keeps_lekolin_and_pkk_apart(seed_entities: list[dict]) -> None:
    assert entity_of(seed_entities, "Lekolin") is not entity_of(seed_entities, "PKK")
    assert entity_of(seed_entities, "PKK") is not entity_of(seed_entities, "PYD")


def test_entities_seed_finds_transliterated_groups(seed_entities: list[dict]) -> None:
    for name in ("Cayş el-Muhacirin vel-Ensar", "Cund el-Şam", "Ajnad el-Kavkaz"):
        assert entity_of(seed_entities, name)["label"] == "ORG"


def test_entities_seed_links_hts_with_kb(seed: Analysis, kb_path: str) -> None:
    entities = run(EntitiesAnalyzer(kb=kb_path), seed)
    hts = entity_of(entities, "HTŞ")
    assert hts is entity_of(entities, "Hay’at Tahrir al-Sham")
    from claimscope.kb.link import EntityQuery, link_entity, open_kb

    expected = link_entity(open_kb(kb_path), EntityQuery(names=("Hay'at Tahrir al-Sham",), label="ORG"))
    assert expected.qid is not None
    assert hts["kb_id"] == expected.qid
    assert entity_of(entities, "Daesh")["kb_id"] == "Q2429253"
    assert entity_of(entities, "Lekolin")["kb_id"] is None


def test_entities_seed_is_fast(seed: Analysis, kb_path: str) -> None:
    analyzer = EntitiesAnalyzer(kb=kb_path)
    analyzer(seed)
    t0 = time.perf_counter()
    analyzer(seed)
    assert time.perf_counter() - t0 < 0.3


# ---------------------------------------------------------------- grouping rules


@pytest.mark.parametrize(
    ("text", "lang", "same"),
    [
        (
            "The Syrian Democratic Forces (SDF) said on Monday that the SDF had taken the town.",
            "en",
            ["Syrian Democratic Forces", "SDF"],
        ),
        (
            "Volodymyr Zelensky met the press in Kyiv. Later, Zelensky said he was ready.",
            "en",
            ["Volodymyr Zelensky", "Zelensky"],
        ),
        (
            "Des combattants de Cund el-Şam ont rejoint Idlib. Jund al-Sham dément.",
            "fr",
            ["Cund el-Şam", "Jund al-Sham"],
        ),
        (
            "Hay’at Tahrir al-Sham contrôle Idlib. Selon l’OSDH, HTŞ a arrêté trois hommes.",
            "fr",
            ["Hay’at Tahrir al-Sham", "HTŞ"],
        ),
        ("The Wagner Group lost fighters in Mali. Wagner's men had arrived in 2021.", "en", ["Wagner Group", "Wagner"]),
        (
            "L’Organisation du traité de l’Atlantique nord (OTAN) a tenu un sommet. L’OTAN a promis des armes.",
            "fr",
            ["Organisation du traité de l’Atlantique nord", "OTAN"],
        ),
        (
            "Abou Mohammed al-Joulani a parlé. Selon Abu Mohammad al-Jolani, la ville est calme.",
            "fr",
            ["Abou Mohammed al-Joulani", "Abu Mohammad al-Jolani"],
        ),
        (
            "Le Parti de la justice et du développement (AKP) a gagné. L'AKP dirige la Turquie.",
            "fr",
            ["Parti de la justice et du développement", "AKP"],
        ),
    ],
)
def test_entities_groups_generic_variants(text: str, lang: str, same: list[str], empty_table: str) -> None:
    entities = run(EntitiesAnalyzer(aliases=empty_table), parsed(text, lang))
    first = entity_of(entities, same[0])
    for mention in same[1:]:
        assert entity_of(entities, mention) is first


@pytest.mark.parametrize(
    ("text", "lang", "same"),
    [
        (
            "Zelenskyy spoke on Monday. Critics of Zelenskiy said Zelensky had failed.",
            "en",
            ["Zelenskyy", "Zelenskiy", "Zelensky"],
        ),
        ("Kiev a démenti. Les autorités de Kyiv parlent de propagande.", "fr", ["Kiev", "Kyiv"]),
        (
            "L’État islamique a revendiqué l’attaque. Daech a publié une vidéo. ISIS is active.",
            "fr",
            ["État islamique", "Daech", "ISIS"],
        ),
        (
            "The Islamic State claimed the attack; Daesh fighters and ISIL commanders fled.",
            "en",
            ["Islamic State", "Daesh", "ISIL"],
        ),
    ],
)
def test_entities_groups_names_across_languages(text: str, lang: str, same: list[str]) -> None:
    entities = run(EntitiesAnalyzer(), parsed(text, lang))
    first = entity_of(entities, same[0])
    for mention in same[1:]:
        assert entity_of(entities, mention) is first


@pytest.mark.parametrize(
    ("text", "lang", "apart"),
    [
        ("Reuters and AFP both reported the strike, citing local sources.", "en", ["Reuters", "AFP"]),
        ("HTS, once a branch of the Islamic State, now fights ISIS in Idlib.", "en", ["HTS", "ISIS"]),
        ("Selon Lekolin, le site du PKK, la réunion a eu lieu.", "fr", ["Lekolin", "PKK"]),
        (
            "Bashar al-Assad succeeded Hafez al-Assad in 2000. Assad denied it.",
            "en",
            ["Bashar al-Assad", "Hafez al-Assad"],
        ),
        ("Les forces du PKK/PYD avancent.", "fr", ["PKK", "PYD"]),
        ("Niger and Nigeria signed a border deal. Niger's president hailed it.", "en", ["Niger", "Nigeria"]),
        (
            "Le Collège de France accueille un colloque. La France finance la recherche.",
            "fr",
            ["Collège de France", "France"],
        ),
        ("The European Commission (AFP) said nothing. AFP asked again.", "en", ["European Commission", "AFP"]),
    ],
)
def test_entities_keeps_distinct_referents_apart(text: str, lang: str, apart: list[str]) -> None:
    entities = run(EntitiesAnalyzer(), parsed(text, lang))
    assert entity_of(entities, apart[0]) is not entity_of(entities, apart[1])


def test_entities_ambiguous_surname_stays_alone() -> None:
    entities = run(
        EntitiesAnalyzer(), parsed("Bashar al-Assad succeeded Hafez al-Assad in 2000. Assad denied it.", "en")
    )
    assert [m["text"] for m in entity_of(entities, "Assad")["mentions"]] == ["Assad"]


# ---------------------------------------------------------------- recognition rules


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Des terroristes de #Daesh combattent.", "Daesh"),
        ("Soutien à #Zelensky #ukraine", "Zelensky"),
        ("Le bilan de l’État islamique est lourd.", "État islamique"),
        ("Les YPG et le PKK ont riposté.", "YPG"),
        ("Cayş el-Muhacirin vel-Ensar a été fondé en 2013.", "Cayş el-Muhacirin vel-Ensar"),
    ],
)
def test_entities_rules_find_what_ner_misses(text: str, mention: str) -> None:
    entities = run(EntitiesAnalyzer(), without_nlp(text))
    assert any(m["text"] == mention for e in entities for m in e["mentions"])


@pytest.mark.parametrize(
    "text",
    [
        "La TV a diffusé un reportage.",
        "Le chapitre II commence ici.",
        "UPDATE: rien de neuf",
        "ATTENTION CECI EST FAUX",
    ],
)
def test_entities_acronym_rule_skips_common_capitals(text: str) -> None:
    assert run(EntitiesAnalyzer(), without_nlp(text)) == []


def test_entities_hashtag_mention_excludes_the_hash() -> None:
    text = "Images de #Daesh sur le front. #Azovhttps://t.co/xyz"
    entities = run(EntitiesAnalyzer(), without_nlp(text))
    spans = [(m["start"], m["end"]) for e in entities for m in e["mentions"]]
    assert (text.index("Daesh"), text.index("Daesh") + 5) in spans
    assert (text.index("Azov"), text.index("Azov") + 4) in spans


def test_entities_boundaries_drop_articles_and_punctuation() -> None:
    entities = run(EntitiesAnalyzer(), parsed("L'Associated Press a publié des images de l'État islamique.", "fr"))
    texts = {m["text"] for e in entities for m in e["mentions"]}
    assert "Associated Press" in texts
    assert "État islamique" in texts


def test_entities_maps_english_labels() -> None:
    entities = run(EntitiesAnalyzer(), parsed("Joe Biden flew to Berlin on Monday with 300 soldiers.", "en"))
    labels = {e["name"]: e["label"] for e in entities}
    assert labels.get("Joe Biden") == "PER"
    assert labels.get("Berlin") == "LOC"
    assert not any("Monday" in name or "300" in name for name in labels)


# ---------------------------------------------------------------- contract and wiring


def test_entities_contract_fields_and_offsets(seed: Analysis, seed_entities: list[dict]) -> None:
    anns = EntitiesAnalyzer()(seed)
    for n, (ann, data) in enumerate(zip(anns, seed_entities, strict=True)):
        assert set(data) >= {"id", "label", "name", "aliases", "kb_id", "mentions"}
        assert data["id"] == f"e{n}"
        assert data["label"] in {"PER", "ORG", "LOC", "MISC"}
        assert data["name"] not in data["aliases"]
        assert ann.span is not None and (ann.span.start, ann.span.end) == (
            data["mentions"][0]["start"],
            data["mentions"][0]["end"],
        )
        for m in data["mentions"]:
            assert seed.text[m["start"] : m["end"]] == m["text"]


def test_entities_reads_kb_from_environment(monkeypatch: pytest.MonkeyPatch, kb_path: str) -> None:
    monkeypatch.setenv("CLAIMSCOPE_KB", kb_path)
    assert EntitiesAnalyzer().kb_path == kb_path
    monkeypatch.delenv("CLAIMSCOPE_KB")
    assert EntitiesAnalyzer().kb_path is None


def test_entities_missing_kb_fails_when_built(tmp_path: Path) -> None:
    from claimscope.errors import KBError

    with pytest.raises(KBError) as info:
        EntitiesAnalyzer(kb=str(tmp_path / "missing.sqlite"))
    assert info.value.code == "E502"


def test_entities_is_registered_first() -> None:
    assert BUILTIN[0] == ("entities.v1", "claimscope.analyzers.entities:EntitiesAnalyzer")
    assert EntitiesAnalyzer.info.provides == ("entities",)


def test_entities_pipeline_output_matches_the_contract(kb_path: str) -> None:
    from importlib import resources

    import jsonschema

    from claimscope.pipeline import Pipeline

    schema = json.loads((resources.files("claimscope") / "schema" / "analysis-1.json").read_text(encoding="utf-8"))
    pipeline = Pipeline(["entities.v1"], options={"entities.v1": {"kb": kb_path}}, on_error="raise")
    out = pipeline(
        Article.from_text("Kiev demande des combattants à HTŞ. Selon Lekolin, Hay’at Tahrir al-Sham a accepté."),
        lang="fr",
    ).to_dict()
    jsonschema.validate(out, schema)
    hts = entity_of(out["entities"], "HTŞ")
    assert hts is entity_of(out["entities"], "Hay’at Tahrir al-Sham")
    assert hts["kb_id"] == "Q28837612"


def test_entities_seed_html_through_ingest(seed_html: str, kb_path: str) -> None:
    from claimscope.api import extract

    article = extract(seed_html)
    result = Analysis(article=article, parsed=parse_article(article, lang="fr"))
    entities = run(EntitiesAnalyzer(kb=kb_path), result)
    hts = entity_of(entities, "HTŞ")
    assert hts is entity_of(entities, "Hay’at Tahrir al-Sham")
    islamic_state = entity_of(entities, "Daech")
    assert islamic_state is entity_of(entities, "Daesh") is entity_of(entities, "État islamique")
    assert islamic_state is not hts
    assert entity_of(entities, "Lekolin") is not entity_of(entities, "PKK")
    assert hts["kb_id"] is not None
