"""Wikidata dump import: formats, index contents, resume after an interruption, CLI."""

from __future__ import annotations

import bz2
import gzip
import json
import random
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimscope.errors import KBError
from claimscope.kb.commands import kb
from claimscope.kb.wikidata import ImportStats, import_dump, parse_line

EXCERPT = Path(__file__).resolve().parents[2] / "fixtures" / "wikidata" / "excerpt.json"
N_SYNTHETIC = 20_000


def synthetic_entity(i: int, rng: random.Random) -> dict:
    """An item shaped like the dump's: labels, aliases, descriptions, claims, sitelinks."""
    q = i + 1
    claims = {
        "P31": [
            {
                "mainsnak": {
                    "snaktype": "value",
                    "property": "P31",
                    "datavalue": {
                        "value": {"entity-type": "item", "id": f"Q{rng.choice([5, 515, 43229])}"},
                        "type": "wikibase-entityid",
                    },
                },
                "type": "statement",
                "rank": "normal",
            }
        ],
    }
    return {
        "type": "item",
        "id": f"Q{q}",
        "labels": {
            "en": {"language": "en", "value": f"Entity {q}"},
            "fr": {"language": "fr", "value": f"Entité {q}"},
            "de": {"language": "de", "value": f"Ding {q}"},
        },
        "descriptions": {"en": {"language": "en", "value": f"synthetic item number {q}"}},
        "aliases": {"en": [{"language": "en", "value": f"E{q}"}, {"language": "en", "value": f"Alias {q % 997}"}]},
        "claims": claims,
        "sitelinks": {f"x{k}wiki": {"site": f"x{k}wiki", "title": "t", "badges": []} for k in range(rng.randrange(4))},
    }


def write_dump(path: Path, lines: Iterator[str], opener=open) -> Path:
    with opener(path, "wt", encoding="utf-8") as fh:
        fh.write("[\n")
        first = True
        for line in lines:
            fh.write(("" if first else ",\n") + line)
            first = False
        fh.write("\n]\n")
    return path


@pytest.fixture(scope="module")
def synthetic_gz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(5)
    lines = (
        json.dumps(synthetic_entity(i, rng), ensure_ascii=False, separators=(",", ":")) for i in range(N_SYNTHETIC)
    )
    path = tmp_path_factory.mktemp("dump") / "latest-all.json.gz"
    return write_dump(path, lines, opener=gzip.open)


def table_rows(db: Path) -> dict[str, set[tuple]]:
    con = sqlite3.connect(db)
    try:
        return {t: set(con.execute(f"SELECT * FROM {t}").fetchall()) for t in ("entity", "alias", "claim")}
    finally:
        con.close()


@pytest.mark.parametrize("compression", ["none", "gz", "bz2"])
def test_wikidata_import_reads_every_format(compression: str, tmp_path: Path) -> None:
    if compression == "none":
        dump = EXCERPT
    else:
        opener = {"gz": gzip.open, "bz2": bz2.open}[compression]
        dump = tmp_path / f"excerpt.json.{compression}"
        with open(EXCERPT, "rb") as src, opener(dump, "wb") as dst:
            shutil.copyfileobj(src, dst)
    stats = import_dump(dump, tmp_path / "kb.sqlite", langs=("en", "fr"), progress=False)
    assert stats.complete
    assert stats.entities == sum(1 for line in EXCERPT.read_text(encoding="utf-8").splitlines() if line.startswith("{"))
    con = sqlite3.connect(tmp_path / "kb.sqlite")
    assert con.execute("SELECT DISTINCT qid FROM alias WHERE key = 'hts' ORDER BY qid").fetchall() == [
        (28837612,),
        (990000001,),
    ]
    assert con.execute("SELECT sitelinks FROM entity WHERE qid = 2429253").fetchone()[0] == 160
    assert (2429253, 31, 990000900) in con.execute("SELECT * FROM claim WHERE qid = 2429253").fetchall()


def test_wikidata_import_indexes_chosen_languages_only(tmp_path: Path) -> None:
    import_dump(EXCERPT, tmp_path / "en.sqlite", langs=("en",), progress=False)
    con = sqlite3.connect(tmp_path / "en.sqlite")
    langs = {row[0] for row in con.execute("SELECT DISTINCT lang FROM alias")}
    assert langs == {"en"}
    assert con.execute("SELECT COUNT(*) FROM alias WHERE key = 'daech'").fetchone()[0] == 0


def test_wikidata_import_resumes_after_interruption(synthetic_gz: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean.sqlite"
    full = import_dump(synthetic_gz, clean, langs=("en", "fr"), batch_size=1_000, progress=False)
    assert full.complete and full.entities == N_SYNTHETIC

    class Interrupt(KeyboardInterrupt):
        pass

    def stop_after_seven(stats: ImportStats) -> None:
        if stats.lines >= 7_000:
            raise Interrupt

    resumed_db = tmp_path / "resumed.sqlite"
    with pytest.raises(Interrupt):
        import_dump(
            synthetic_gz, resumed_db, langs=("en", "fr"), batch_size=1_000, progress=False, on_batch=stop_after_seven
        )
    con = sqlite3.connect(resumed_db)
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    con.close()
    assert meta["complete"] == "0"
    assert int(meta["lines"]) == 7_000
    second = import_dump(synthetic_gz, resumed_db, langs=("en", "fr"), batch_size=1_000, progress=False)
    assert second.complete
    assert second.resumed_from == int(meta["offset"]) > 0
    assert second.entities == N_SYNTHETIC
    assert table_rows(resumed_db) == table_rows(clean)


def test_wikidata_import_of_a_complete_index_is_a_no_op(tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    import_dump(EXCERPT, db, langs=("en", "fr"), progress=False)
    again = import_dump(EXCERPT, db, langs=("en", "fr"), progress=False)
    assert again.complete and again.seconds == 0.0


def test_wikidata_import_refuses_another_dump(tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    import_dump(EXCERPT, db, langs=("en", "fr"), progress=False)
    other = write_dump(tmp_path / "other.json", iter([json.dumps(synthetic_entity(0, random.Random(1)))]))
    with pytest.raises(KBError) as info:
        import_dump(other, db, langs=("en", "fr"), progress=False)
    assert info.value.code == "E503"
    assert import_dump(other, db, langs=("en", "fr"), progress=False, restart=True).entities == 1


def test_wikidata_import_counts_unreadable_lines(tmp_path: Path) -> None:
    good = json.dumps(synthetic_entity(0, random.Random(1)))
    dump = write_dump(tmp_path / "broken.json", iter([good, '{"type": "item", "id": "Q9", "labels": ']))
    stats = import_dump(dump, tmp_path / "kb.sqlite", progress=False)
    assert (stats.entities, stats.errors) == (1, 1)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"[\n", None),
        (b"]\n", None),
        (b'{"type": "property", "id": "P31", "labels": {}},\n', None),
        (b'{"type": "lexeme", "id": "L1"},\n', None),
    ],
)
def test_wikidata_parse_line_skips_what_is_not_an_item(line: bytes, expected: None) -> None:
    assert parse_line(line, frozenset({"en"})) is expected


def test_wikidata_parse_line_keeps_labels_aliases_and_claims() -> None:
    item = {
        "type": "item",
        "id": "Q42",
        "labels": {"en": {"language": "en", "value": "Hay’at Tahrir al-Sham"}, "ja": {"language": "ja", "value": "x"}},
        "aliases": {"en": [{"language": "en", "value": "HTŞ"}]},
        "claims": {
            "P31": [
                {"mainsnak": {"snaktype": "value", "datavalue": {"value": {"id": "Q5"}}}, "rank": "normal"},
                {"mainsnak": {"snaktype": "value", "datavalue": {"value": {"id": "Q6"}}}, "rank": "deprecated"},
                {"mainsnak": {"snaktype": "novalue"}, "rank": "normal"},
            ]
        },
        "sitelinks": {"enwiki": {}, "frwiki": {}},
    }
    entity = parse_line((json.dumps(item) + ",\n").encode(), frozenset({"en"}))
    assert entity is not None
    assert entity.qid == 42 and entity.sitelinks == 2
    assert {key for key, _, _ in entity.aliases} == {"hayat tahrir al sham", "hts"}
    assert entity.claims == [(31, 5)]
    assert entity.labels == {"en": "Hay’at Tahrir al-Sham"}


def test_wikidata_cli_import_info_and_lookup(tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    runner = CliRunner()
    result = runner.invoke(kb, ["import", str(EXCERPT), "--db", str(db), "--langs", "en,fr", "--no-progress"])
    assert result.exit_code == 0, result.output
    info = runner.invoke(kb, ["info", "--db", str(db)])
    assert json.loads(info.output)["meta"]["complete"] == "1"
    lookup = runner.invoke(kb, ["lookup", "Kiev", "--db", str(db), "--label", "LOC"])
    assert json.loads(lookup.output)["kb_id"] == "Q1899"


def test_wikidata_import_min_sitelinks_skips_unlinked_items(synthetic_gz: Path, tmp_path: Path) -> None:
    all_db, linked_db = tmp_path / "all.sqlite", tmp_path / "linked.sqlite"
    import_dump(synthetic_gz, all_db, langs=("en",), progress=False)
    stats = import_dump(synthetic_gz, linked_db, langs=("en",), min_sitelinks=1, progress=False)
    con = sqlite3.connect(all_db)
    expected = con.execute("SELECT COUNT(*) FROM entity WHERE sitelinks >= 1").fetchone()[0]
    con.close()
    assert 0 < stats.entities == expected < N_SYNTHETIC
    assert stats.entities + stats.skipped == N_SYNTHETIC


@pytest.mark.parametrize("compression", ["none", "bz2"])
def test_wikidata_import_resumes_plain_and_bz2_dumps(compression: str, tmp_path: Path) -> None:
    rng = random.Random(7)
    lines = [json.dumps(synthetic_entity(i, rng), separators=(",", ":")) for i in range(3_000)]
    opener = {"none": open, "bz2": bz2.open}[compression]
    dump = write_dump(tmp_path / f"dump.json{'' if compression == 'none' else '.bz2'}", iter(lines), opener=opener)

    def stop(stats: ImportStats) -> None:
        if stats.lines >= 1_500:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_dump(dump, tmp_path / "resumed.sqlite", batch_size=500, progress=False, on_batch=stop)
    resumed = import_dump(dump, tmp_path / "resumed.sqlite", batch_size=500, progress=False)
    clean = import_dump(dump, tmp_path / "clean.sqlite", batch_size=500, progress=False)
    assert resumed.complete and resumed.resumed_from > 0
    assert table_rows(tmp_path / "resumed.sqlite") == table_rows(tmp_path / "clean.sqlite")
    assert clean.entities == 3_000


def test_wikidata_import_shows_progress_in_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import_dump(EXCERPT, tmp_path / "kb.sqlite", langs=("en",), batch_size=10, progress=True)
    err = capsys.readouterr().err
    assert "import excerpt.json" in err
    assert "B" in err and "100%" in err
