"""``claimscope corpus``: add analysed articles to a store, look at them, find reprints."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from claimscope.cli import (
    ALLOW_PRIVATE_OPTION,
    ANALYZERS_OPTION,
    LANG_OPTION,
    PROGRESS_OPTION,
    TIMEOUT_OPTION,
)
from claimscope.errors import ClaimscopeError

PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".txt", ".text", ".md"})

_db_option = click.option(
    "--db",
    required=True,
    envvar="CLAIMSCOPE_DB",
    metavar="PATH|URL",
    help="The store: a SQLite file (created when missing), sqlite:///PATH or postgresql://USER@HOST/DB "
    "(needs claimscope[postgres]). Env: CLAIMSCOPE_DB.",
)


@click.group(name="corpus")
def corpus() -> None:
    """A store of analysed articles: add, list, show, export, search, and find reprints across sites."""


def expand_inputs(inputs: tuple[str, ...]) -> Iterator[str]:
    """Each INPUT as given, a folder replaced by its pages (html, htm, xhtml, txt, md; sorted, recursive)."""
    from claimscope.ingest.source import is_url

    for source in inputs:
        path = Path(source)
        if source != "-" and not is_url(source) and path.is_dir():
            yield from (
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES and not p.name.startswith(".")
            )
        else:
            yield source


def input_key(source: str) -> str:
    """The key under which an input is logged: an absolute path for files, the URL as given."""
    from claimscope.ingest.source import is_url

    if source == "-" or is_url(source):
        return source
    return str(Path(source).resolve())


@corpus.command(name="add")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@_db_option
@LANG_OPTION
@ANALYZERS_OPTION
@click.option(
    "--embed/--no-embed",
    default=True,
    show_default=True,
    help="Paragraph embeddings for cross-language reprints (--no-embed: MinHash only, faster).",
)
@click.option("--redo", is_flag=True, default=False, help="Analyse inputs again that the store logged as done.")
@ALLOW_PRIVATE_OPTION
@TIMEOUT_OPTION
@PROGRESS_OPTION
def add(
    inputs: tuple[str, ...],
    db: str,
    lang: str | None,
    analyzers: str | None,
    embed: bool,
    redo: bool,
    allow_private: bool,
    timeout: float | None,
    progress: bool | None,
) -> None:
    """Analyse each INPUT and store its article, analysis and fingerprints in the store --db.

    \b
    INPUT is a file, a folder (its .html/.htm/.txt/.md pages, recursively), an http(s) URL, or -
    for standard input. The same text twice stays one record. Resumable: inputs the store logged
    as done are skipped (--redo analyses them again), failed ones are tried again. Prints one JSON
    line per input ({"input", "article", "created"} or {"input", "error"}) and a tally on stderr;
    exits 1 when some input failed.

    \b
    Examples:
      claimscope corpus add pages/ --db corpus.sqlite
      claimscope corpus add https://example.org/story --db postgresql://me@localhost/corpus
    """
    from claimscope.cli import _analyze_one, _build_pipeline, _echo_error, _progress
    from claimscope.config import Settings
    from claimscope.pipeline import Pipeline
    from claimscope.report import render_json
    from claimscope.store import open_store

    settings = Settings.load(allow_private=allow_private or None, timeout=timeout, analyzers=analyzers)
    sources = tuple(expand_inputs(inputs))
    if not sources:
        raise click.UsageError("no pages found in the given folders")
    counts = {"added": 0, "already stored": 0, "skipped (done before)": 0, "failed": 0}
    with open_store(db) as store:
        pipeline = None
        for source in _progress(sources, progress):
            key = input_key(source)
            status = store.input_status(key) if key != "-" else None
            if status is not None and status[0] == "done" and not redo:
                counts["skipped (done before)"] += 1
                continue
            if pipeline is None:
                pipeline = _build_pipeline(settings, Pipeline)
            try:
                result = _analyze_one(source, settings=settings, pipeline=pipeline, lang=lang)
            except ClaimscopeError as exc:
                counts["failed"] += 1
                _echo_error(exc, source)
                if key != "-":
                    store.record_failure(key, exc.to_dict())
                click.echo(render_json({"input": source, "error": exc.to_dict()}, indent=None))
                continue
            article_id, created = store.add(result, source=None if key == "-" else key, embed=embed)
            counts["added" if created else "already stored"] += 1
            click.echo(render_json({"input": source, "article": article_id, "created": created}, indent=None))
    click.echo(", ".join(f"{name} {n}" for name, n in counts.items()), err=True)
    if counts["failed"]:
        sys.exit(1)


@corpus.command(name="list")
@_db_option
@click.option("--site", default=None, help="Only this domain.")
@click.option("--lang", default=None, metavar="xx", help="Only this language.")
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="Published on or after.")
@click.option("--until", default=None, metavar="YYYY-MM-DD", help="Published on or before.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many.")
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
def list_articles(
    db: str,
    site: str | None,
    lang: str | None,
    since: str | None,
    until: str | None,
    limit: int | None,
    fmt: str,
) -> None:
    """List stored articles: id, published, site, language, title."""
    with open_for_reading(db) as store:
        records = store.list(site=site, language=lang, since=since, until=until, limit=limit)
    for record in records:
        if fmt == "jsonl":
            click.echo(json.dumps(record.to_dict(), ensure_ascii=False))
        else:
            click.echo(
                f"{record.id:>6}  {(record.published or '-')[:10]:10}  {(record.site or '-')[:28]:28}  "
                f"{(record.language or '-'):3} {record.title or ''}"
            )


@corpus.command(name="show")
@click.argument("article", type=int)
@_db_option
@click.option("--format", "fmt", type=click.Choice(("json", "html", "md")), default="json", show_default=True)
def show(article: int, db: str, fmt: str) -> None:
    """Print one stored article's analysis (json), or render it as an HTML report or Markdown."""
    from claimscope.report import render

    with open_for_reading(db) as store:
        record = store.get(article)
    assert record.analysis is not None  # get() always loads it
    text = render(dict(record.analysis), fmt)
    click.echo(text, nl=not text.endswith("\n"))


@corpus.command(name="export")
@_db_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of standard output.",
)
def export(db: str, output: Path | None) -> None:
    """Every stored analysis as JSON Lines (claimscope/analysis@1, one object a line)."""
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        with open_for_reading(db) as store:
            for analysis in store.export():
                stream.write(json.dumps(analysis, ensure_ascii=False, separators=(",", ":")) + "\n")
    finally:
        if output:
            stream.close()


@corpus.command(name="search")
@click.argument("query")
@_db_option
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
def search(query: str, db: str, limit: int) -> None:
    """Articles whose title, text or claims hold every word of QUERY (JSON Lines, best first)."""
    with open_for_reading(db) as store:
        hits = store.search(query, limit=limit)
    for hit in hits:
        click.echo(json.dumps(hit.to_dict(), ensure_ascii=False))


def _reprint_options(kwargs: dict[str, Any]) -> Any:
    from claimscope.corpus.reprints import ReprintOptions

    return ReprintOptions(**{k: v for k, v in kwargs.items() if v is not None})


def _threshold_options(func: Any) -> Any:
    for name, help_text in reversed(
        [
            ("min-containment", "Same text: share of the shorter text's word 5-grams found in the longer."),
            ("paragraph-similarity", "Translations: cosine for two paragraphs to align (multilingual e5)."),
            ("min-coverage", "Translations: share of the shorter article's paragraphs aligned in order."),
        ]
    ):
        func = click.option(f"--{name}", type=click.FloatRange(0, 1), default=None, help=help_text)(func)
    return func


@corpus.command(name="reprints")
@_db_option
@click.option(
    "--format", "fmt", type=click.Choice(("json", "csv", "graphml", "gexf")), default="json", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here.")
@_threshold_options
def reprints(db: str, fmt: str, output: Path | None, **thresholds: Any) -> None:
    """Clusters of stored articles that carry the same text, each with its origin.

    \b
    Verbatim reprints, excerpts (partial), lightly edited copies and translations; role is
    origin|reprint|partial|edited|translation. The origin is the earliest published member (ties
    and missing dates: the member whose text contains the others). Same-language matches come
    from MinHash LSH over the extracted text, translations from paragraph embeddings aligned in
    order; no all-pairs step. Articles stored with --no-embed take part only in same-language
    matching (`claimscope corpus embed` adds their embeddings, and replaces those of an earlier
    encoder).

    \b
    JSON: {"clusters": [{"id", "members": [{"article", "input": {"path", "url"}, "title",
           "published", "site", "language", "role", "similarity"}], "origin": {"article", "input"}}]}
    graphml/gexf: articles as nodes, origin -> member edges (role, similarity).
    """
    from claimscope.corpus.reprints import find_reprints, render_clusters

    with open_for_reading(db) as store:
        _warn_unembedded(store)
        report = find_reprints(store, _reprint_options(thresholds))
    _write(render_clusters(report, fmt), output)


def _warn_unembedded(store: Any) -> None:
    todo = len(store.unembedded())
    if todo:
        click.echo(
            f"warning: {todo} article(s) have no paragraph embeddings of this encoder and take part in "
            "same-language matching only; run `claimscope corpus embed --db ...`",
            err=True,
        )


@corpus.command(name="sites")
@_db_option
@click.option(
    "--format", "fmt", type=click.Choice(("json", "csv", "graphml", "gexf")), default="json", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here.")
@_threshold_options
def sites(db: str, fmt: str, output: Path | None, **thresholds: Any) -> None:
    """Domains that reprint each other: from the reprint clusters, one row per (origin site, reprinting site).

    \b
    JSON: {"sites": [{"site", "reprinted_by", "count", "roles": {role: n}, "first", "last", "mutual"}]}
    first/last are the reprints' publication days; mutual is true when the other direction occurs too.
    graphml/gexf: sites as nodes, weighted edges.
    """
    from claimscope.corpus.reprints import find_reprints, render_sites, sites_report

    with open_for_reading(db) as store:
        report = sites_report(find_reprints(store, _reprint_options(thresholds)))
    _write(render_sites(report, fmt), output)


@corpus.command(name="embed")
@_db_option
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on a terminal).")
def embed(db: str, progress: bool | None) -> None:
    """Add paragraph embeddings to articles stored with --no-embed or embedded by an earlier encoder."""
    from claimscope.cli import _progress
    from claimscope.store import open_store
    from claimscope.store.fingerprint import fingerprint

    with open_store(db) as store:
        todo = tuple(str(i) for i in store.unembedded())
        for article_id in _progress(todo, progress):
            analysis = store.get(int(article_id)).analysis or {}
            store.set_fingerprints(int(article_id), fingerprint(analysis["text"], analysis.get("paragraphs") or ()))
    click.echo(f"embedded {len(todo)} article(s)", err=True)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text, encoding="utf-8")


def open_for_reading(db: str) -> Any:
    """The store, without creating a SQLite file that does not exist (E607 instead)."""
    from claimscope.store import open_store
    from claimscope.store._engine import parse_url

    url = parse_url(db)
    missing = url.get_backend_name() == "sqlite" and bool(url.database) and not Path(str(url.database)).exists()
    return open_store(db, read_only=missing)
