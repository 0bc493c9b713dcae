"""``claimscope factcheck``: import published fact-checks (schema.org ClaimReview) into a store, embed what it lacks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.group(name="factcheck")
def factcheck() -> None:
    """Published fact-checks: import ClaimReview records; `analyze --db` then matches claims to them."""


@factcheck.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--db",
    required=True,
    metavar="PATH|URL",
    help="Store: a SQLite file (created when missing), sqlite:///PATH or postgresql://USER@HOST/DB.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
def import_command(file: Path, db: str, as_json: bool) -> None:
    """Import FILE: ClaimReview as JSON-LD (an object, an array or @graph), JSON Lines or a DataCommons feed.

    \b
    Each review is one record, keyed by its url (else its @id or identifier): importing the same
    file twice changes nothing, a changed review is updated. A malformed line or a ClaimReview
    without claimReviewed is reported with its line (E652-E654) and the rest is imported; the exit
    status is then 1.

    \b
    Example:
      claimscope factcheck import claimreviews.jsonl --db factchecks.sqlite
      claimscope analyze tweet.txt --db factchecks.sqlite --lang en
    """
    from claimscope.factcheck.db import count_reviews, import_claimreviews
    from claimscope.store import open_store

    with open_store(db) as store:
        report = import_claimreviews(store, file)
        total = count_reviews(store)
    for failure in report.failed:
        err = failure.error
        click.echo(f"{err.code} {err.name}: {err.message} ({file})", err=True)
    if as_json:
        click.echo(json.dumps({**report.to_dict(), "reviews_in_store": total}, ensure_ascii=False))
    else:
        click.echo(
            f"{file}: {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.failed)} failed; {report.embedded} claims and {report.fields_embedded} headlines or "
            f"descriptions embedded in {report.seconds:.1f} s; {total} reviews in the store"
        )
    if report.failed:
        sys.exit(1)


@factcheck.command(name="embed")
@click.option(
    "--db",
    required=True,
    metavar="PATH|URL",
    help="Store: a SQLite file, sqlite:///PATH or postgresql://USER@HOST/DB.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def embed_command(db: str, as_json: bool) -> None:
    """Embed what the stored fact-checks lack: claim, headline and description vectors (e5).

    \b
    A store imported by an older claimscope (schema 0002) has no headline or description vectors:
    matching then embeds those of the reviews it shows, and warns (E657). This stores them all
    once; a store with every vector of the current encoder is left unchanged.

    \b
    Example:
      claimscope factcheck embed --db factchecks.sqlite
    """
    from claimscope.errors import FactCheckError
    from claimscope.factcheck.db import count_reviews, embed_missing
    from claimscope.store import open_store

    with open_store(db) as store:
        total = count_reviews(store)
        if total == 0:
            raise FactCheckError("E655", url=store.url)
        report = embed_missing(store)
    if as_json:
        data = {k: report.to_dict()[k] for k in ("embedded", "fields_embedded", "seconds")}
        click.echo(json.dumps({**data, "reviews_in_store": total}, ensure_ascii=False))
    else:
        click.echo(
            f"{report.embedded} claims and {report.fields_embedded} headlines or descriptions embedded "
            f"in {report.seconds:.1f} s; {total} reviews in the store"
        )
