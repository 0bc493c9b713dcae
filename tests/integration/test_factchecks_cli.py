"""factcheck import and analyze --db, through the command line (CliRunner)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimscope.cli import cli
from claimscope.report import validate

REVIEW = {
    "@type": "ClaimReview",
    "url": "https://fc.example/biden-dictator",
    "claimReviewed": "Joe Biden said you can't legislate by executive order unless you're a dictator.",
    "reviewRating": {"alternateName": "True", "ratingValue": 5, "bestRating": 5, "worstRating": 1},
    "author": {"name": "Example Checks"},
    "datePublished": "2021-01-28",
    "inLanguage": "en",
}
OTHER = {
    **REVIEW,
    "url": "https://fc.example/anaconda",
    "claimReviewed": "A video shows a 10-meter-long anaconda swimming across a river in Brazil.",
    "reviewRating": {"alternateName": "Miscaptioned"},
}
TWEET = (
    ". @JoeBiden in October: “you can’t [legislate] by executive order unless you’re a dictator.” "
    "pic.twitter.com/7UotJCXSm3 — Tom Elliott (@tomselliott) January 26, 2021"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("fccli")
    feed = folder / "feed.json"
    feed.write_text(json.dumps({"dataFeedElement": [{"item": [REVIEW, OTHER]}]}), encoding="utf-8")
    db = folder / "store.sqlite"
    result = CliRunner().invoke(cli, ["factcheck", "import", str(feed), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "2 added" in result.stdout
    tweet = folder / "tweet.txt"
    tweet.write_text(TWEET, encoding="utf-8")
    return db, tweet


def test_factchecks_cli_bad_lines_exit_1_and_the_rest_is_imported(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps(REVIEW) + "\n{oops\n" + json.dumps({"@type": "ClaimReview", "url": "u"}) + "\n", encoding="utf-8"
    )
    db = tmp_path / "s.sqlite"
    result = CliRunner().invoke(cli, ["factcheck", "import", str(path), "--db", str(db), "--json"])
    assert result.exit_code == 1
    assert "E652" in result.stderr and "line 2" in result.stderr
    assert "E654" in result.stderr and "line 3" in result.stderr
    report = json.loads(result.stdout)
    assert report["added"] == 1 and report["reviews_in_store"] == 1
    again = CliRunner().invoke(cli, ["factcheck", "import", str(path), "--db", str(db), "--json"])
    assert json.loads(again.stdout)["unchanged"] == 1


def test_factchecks_cli_analyze_with_db_adds_the_layer(store: tuple[Path, Path]) -> None:
    db, tweet = store
    result = CliRunner().invoke(
        cli, ["analyze", str(tweet), "--db", str(db), "--lang", "en", "--analyzers", "entities.v1,claims.v1"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert validate(data) == []
    top = data["factchecks"][0]
    assert top["match"] and top["review"]["url"] == REVIEW["url"] and top["rank"] == 1
    assert not any(f["match"] for f in data["factchecks"] if f["review"]["url"] == OTHER["url"])


@pytest.mark.parametrize(
    ("fmt", "needle"), [("md", "## Fact-checks"), ("html", 'href="https://fc.example/biden-dictator"')]
)
def test_factchecks_cli_reports_show_the_matched_review(store: tuple[Path, Path], fmt: str, needle: str) -> None:
    db, tweet = store
    result = CliRunner().invoke(
        cli,
        [
            "analyze",
            str(tweet),
            "--db",
            str(db),
            "--lang",
            "en",
            "--analyzers",
            "entities.v1,claims.v1",
            "--format",
            fmt,
        ],
    )
    assert result.exit_code == 0, result.output
    assert needle in result.stdout
    assert "anaconda" not in result.stdout.split("Fact-checks")[-1] if fmt == "md" else True


def test_factchecks_cli_analyze_with_an_empty_store_is_a_coded_error(tmp_path: Path) -> None:
    from claimscope.cli import main

    tweet = tmp_path / "t.txt"
    tweet.write_text(TWEET, encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["analyze", str(tweet), "--db", str(tmp_path / "empty.sqlite"), "--lang", "en"])
    assert info.value.code == 1


def _claimreview(identifier: str, claim: str) -> dict[str, object]:
    return {
        "@type": "ClaimReview",
        "identifier": identifier,
        "claimReviewed": claim,
        "author": {"name": "Snopes"},
        "inLanguage": "en",
        "reviewRating": {"alternateName": "False"},
    }


def test_factchecks_cli_eval_prints_map_and_match_precision_recall(tmp_path: Path) -> None:
    """`eval factchecks` on a cut-down CheckThat!-shaped folder: MAP and match P/R side by side."""
    folder = tmp_path / "checkthat2022-t2a-en"
    folder.mkdir()
    reviews = [
        ("vc-pelosi", "Nancy Pelosi announced she would resign if President Donald Trump were re-elected in 2020."),
        ("vc-anaconda", "A video shows a 10-meter-long anaconda swimming across a river in Brazil."),
        ("vc-pope", "Pope Francis denied the existence of Hell in March 2018."),
        ("vc-pelosi-vaccine", "Photographs showed Nancy Pelosi receiving her COVID-19 vaccine with a sealed needle."),
    ]
    with (folder / "vclaims-claimreview.jsonl").open("w", encoding="utf-8") as f:
        for identifier, claim in reviews:
            f.write(json.dumps(_claimreview(identifier, claim)) + "\n")
    tweets = [
        ("t1", "Nancy Pelosi says she will resign if Trump is re-elected in 2020", "vc-pelosi"),
        ("t2", "Wow, a 10 meter anaconda crossing a river in Brazil!! pic.twitter.com/AbCdEfGhIj", "vc-anaconda"),
    ]
    (folder / "CT2022-Task2A-EN-Dev-Test_Queries.tsv").write_text(
        "".join(f"{q}\t{t}\n" for q, t, _ in tweets), encoding="utf-8"
    )
    (folder / "CT2022-Task2A-EN-Dev-Test_QRELs.tsv").write_text(
        "".join(f"{q}\t0\t{g}\t1\n" for q, _, g in tweets), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["eval", "factchecks", "--split", "dev-test", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    summary = next(line for line in result.stdout.splitlines() if line.startswith("summary dev-test:"))
    numbers = [float(x) for x in re.findall(r"\d\.\d{4}", summary)]  # MAP@1, MAP@5, precision, recall
    assert len(numbers) == 4 and all(0.0 <= x <= 1.0 for x in numbers), summary
    assert numbers[:2] == [1.0, 1.0], summary  # both gold reviews ranked first
    assert "4 added" in result.stdout and "2 gold reviews removed" in result.stdout


def test_factchecks_cli_embed_fills_a_store_of_schema_0002_once(tmp_path: Path) -> None:
    import sqlalchemy as sa

    from claimscope.store import open_store

    feed = tmp_path / "reviews.jsonl"
    headed = [{**REVIEW, "name": "Biden: 'Unless You're a Dictator'"}, {**OTHER, "description": "A big snake."}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in headed), encoding="utf-8")
    db = tmp_path / "s.sqlite"
    imported = CliRunner().invoke(cli, ["factcheck", "import", str(feed), "--db", str(db)])
    assert imported.exit_code == 0 and "2 claims and 2 headlines or descriptions embedded" in imported.stdout
    with open_store(db) as store, store.transaction() as conn:  # what a claimscope of schema 0002 left
        conn.execute(sa.text("DROP TABLE factcheck_field_vectors"))
        conn.execute(sa.text("DELETE FROM claimscope_schema WHERE version = 3"))
    result = CliRunner().invoke(cli, ["factcheck", "embed", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["embedded"], report["fields_embedded"], report["reviews_in_store"]) == (0, 2, 2)
    again = CliRunner().invoke(cli, ["factcheck", "embed", "--db", str(db)])
    assert again.exit_code == 0 and again.stdout.startswith("0 claims and 0 headlines or descriptions embedded")


def test_factchecks_cli_embed_on_an_empty_store_is_e655(tmp_path: Path) -> None:
    from claimscope.cli import main

    with pytest.raises(SystemExit) as info:
        main(["factcheck", "embed", "--db", str(tmp_path / "empty.sqlite")])
    assert info.value.code == 1
