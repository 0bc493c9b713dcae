"""``claimscope corpus`` end to end through click's CliRunner, on a SQLite store and on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimscope.cli import cli
from claimscope.report import validate
from claimscope.store import open_store
from tests.conftest import EXAMPLES, FIXTURES

ANALYZERS = "entities.v1"  # the store does not care which layers an analysis has; keep the runs short


def page(title: str, paragraphs: list[str], *, site: str, day: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title><link rel='canonical' href='https://{site}/news/flood'>"
        f"<meta property='article:published_time' content='{day}'></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<aside class='related'><h3>Read also</h3><ul><li><a href='/x'>Something else entirely happened</a></li>"
        f"<li><a href='/y'>Another headline from the {site} sidebar</a></li></ul></aside>"
        f"<footer>© 2024 {site}. All rights reserved. <a href='/privacy'>Privacy</a></footer></body></html>"
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An origin page, a reprint of it on another site with other furniture, and an unrelated page."""
    blocks = [
        b.strip() for b in (FIXTURES / "reprints" / "origin.en.txt").read_text(encoding="utf-8").split("\n\n") if b
    ]
    other = [
        b.strip() for b in (FIXTURES / "reprints" / "same-event.en.txt").read_text(encoding="utf-8").split("\n\n") if b
    ]
    folder = tmp_path_factory.mktemp("pages")
    (folder / "a-origin.html").write_text(page(blocks[0], blocks[1:], site="first.test", day="2024-03-05"), "utf-8")
    (folder / "b-reprint.html").write_text(page(blocks[0], blocks[1:], site="mirror.test", day="2024-03-07"), "utf-8")
    (folder / "c-other.html").write_text(page(other[0], other[1:], site="other.test", day="2024-03-06"), "utf-8")
    (folder / "notes.bin").write_bytes(b"\x00\x01")  # not a page suffix: ignored in folders
    return folder


def invoke(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def run_add_and_reprints(db: str, pages: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["corpus", "add", str(pages), str(pages / "missing.html"), "--db", db, "--analyzers", ANALYZERS, "--no-embed"],
    )
    assert result.exit_code == 1, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [ln.get("created") for ln in lines[:3]] == [True, True, True]
    assert lines[3]["error"]["code"] == "E101"
    assert "E101 InputError" in result.stderr and "added 3" in result.stderr

    again = CliRunner().invoke(cli, ["corpus", "add", str(pages), "--db", db, "--analyzers", ANALYZERS, "--no-embed"])
    assert again.exit_code == 0, again.output
    assert again.stdout == "" and "skipped (done before) 3" in again.stderr

    listed = CliRunner().invoke(cli, ["corpus", "list", "--db", db, "--format", "jsonl"])
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["site"] for r in records] == ["first.test", "mirror.test", "other.test"]

    report = json.loads(CliRunner().invoke(cli, ["corpus", "reprints", "--db", db]).stdout)
    (cluster,) = report["clusters"]
    assert [(m["site"], m["role"]) for m in cluster["members"]] == [
        ("first.test", "origin"),
        ("mirror.test", "reprint"),
    ]
    assert cluster["origin"]["input"]["path"].endswith("a-origin.html")

    sites = json.loads(CliRunner().invoke(cli, ["corpus", "sites", "--db", db]).stdout)["sites"]
    assert [(s["site"], s["reprinted_by"], s["count"], s["first"]) for s in sites] == [
        ("first.test", "mirror.test", 1, "2024-03-07")
    ]


def test_corpus_cli_add_reprints_sites_on_sqlite(tmp_path: Path, pages: Path) -> None:
    db = str(tmp_path / "corpus.sqlite")
    run_add_and_reprints(db, pages)

    shown = CliRunner().invoke(cli, ["corpus", "show", "1", "--db", db])
    assert shown.exit_code == 0 and validate(json.loads(shown.stdout)) == []
    assert "<html" in CliRunner().invoke(cli, ["corpus", "show", "1", "--db", db, "--format", "html"]).stdout

    out = tmp_path / "export.jsonl"
    assert CliRunner().invoke(cli, ["corpus", "export", "--db", db, "-o", str(out)]).exit_code == 0
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(exported) == 3 and all(validate(a) == [] for a in exported)

    hits = CliRunner().invoke(cli, ["corpus", "search", "Hrytsenko sandbags", "--db", db]).stdout.splitlines()
    assert len(hits) == 2

    csv_out = CliRunner().invoke(cli, ["corpus", "reprints", "--db", db, "--format", "csv"]).stdout
    assert csv_out.splitlines()[0].startswith("cluster,article,role")


def test_corpus_cli_add_reprints_sites_on_postgres(postgres_url: str, pages: Path) -> None:
    run_add_and_reprints(postgres_url, pages)


def test_corpus_cli_stdin_and_failures_do_not_stop_the_run(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite")
    seed = (EXAMPLES / "seed-article.txt").read_text(encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["corpus", "add", "-", "--db", db, "--analyzers", ANALYZERS, "--no-embed"], input=seed
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"input": "-", "article": 1, "created": True}


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["corpus", "list", "--db", "mysql://u@h/db"], "E605"),
        (["corpus", "show", "7", "--db", "{db}"], "E608"),
        (["corpus", "list", "--db", "{missing}"], "E607"),
    ],
)
def test_corpus_cli_errors_are_coded(
    tmp_path: Path, args: list[str], code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimscope.cli import main

    db = tmp_path / "c.sqlite"
    open_store(db).close()
    argv = [a.format(db=db, missing=tmp_path / "absent.sqlite") for a in args]
    with pytest.raises(SystemExit) as exit_info:
        main(argv)  # main() prints coded errors as "E### Name: message" and exits 1
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.startswith(f"{code} StoreError: ")
