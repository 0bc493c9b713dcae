"""``claimscope kb``: build and query the Wikidata alias index."""

from __future__ import annotations

import json
from pathlib import Path

import click

from claimscope.kb.wikidata import DEFAULT_LANGS


@click.group(name="kb")
def kb() -> None:
    """Knowledge base: a Wikidata alias index in SQLite, used to link entities (--kb / CLAIMSCOPE_KB)."""


@kb.command(name="import")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--db",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite file to create, or to complete when a previous import was interrupted.",
)
@click.option(
    "--langs",
    default=",".join(DEFAULT_LANGS),
    show_default=True,
    help="Languages of the labels, aliases and descriptions to keep (mul is always kept).",
)
@click.option(
    "--batch-size",
    default=10_000,
    show_default=True,
    type=click.IntRange(1),
    help="Lines per transaction: the resume point after an interruption.",
)
@click.option(
    "--min-sitelinks",
    default=0,
    show_default=True,
    type=click.IntRange(0),
    help="Skip items with fewer sitelinks (classes are kept). 1 drops most of the dump's long tail.",
)
@click.option("--restart", is_flag=True, help="Discard a previous import into --db and start again.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def import_command(
    dump: Path, db: Path, langs: str, batch_size: int, min_sitelinks: int, restart: bool, progress: bool | None
) -> None:
    """Stream a Wikidata JSON DUMP (latest-all.json.gz, .bz2 or uncompressed) into an alias index.

    Memory stays bounded and the import resumes where it stopped: run the same command again
    after an interruption.
    """
    from claimscope.kb.wikidata import import_dump

    lang_tuple = tuple(x.strip() for x in langs.split(",") if x.strip())
    try:
        stats = import_dump(
            dump,
            db,
            langs=lang_tuple,
            batch_size=batch_size,
            min_sitelinks=min_sitelinks,
            restart=restart,
            progress=progress,
        )
    except KeyboardInterrupt:
        click.echo(f"\ninterrupted: run the same command again to resume ({db})", err=True)
        raise SystemExit(130) from None
    state = "complete" if stats.complete else "incomplete"
    resumed = f", resumed at byte {stats.resumed_from:,}" if stats.resumed_from else ""
    click.echo(
        f"{db}: {stats.entities:,} entities from {stats.lines:,} lines ({state}{resumed}), "
        f"{stats.skipped:,} skipped, {stats.errors:,} unreadable, {stats.seconds:.1f} s",
        err=True,
    )


@kb.command(name="lookup")
@click.argument("name")
@click.option(
    "--db",
    required=True,
    envvar="CLAIMSCOPE_KB",
    type=click.Path(exists=True, dir_okay=False),
    help="The knowledge base (default: CLAIMSCOPE_KB).",
)
@click.option("--label", type=click.Choice(["PER", "ORG", "LOC", "MISC"]), default="MISC", show_default=True)
@click.option("--lang", default=None, help="Language of the text the name comes from.")
def lookup_command(name: str, db: str, label: str, lang: str | None) -> None:
    """Show the candidates for NAME and the linking decision, as JSON."""
    from claimscope.kb.link import EntityQuery, link_entity, open_kb
    from claimscope.kb.normalize import normalize_alias

    base = open_kb(db)
    rows = base.lookup(normalize_alias(name))
    candidates = []
    for qid, alias_lang, is_label, sitelinks in rows[:20]:
        ent = base.entity(qid) or {}
        candidates.append(
            {
                "qid": f"Q{qid}",
                "label": ent.get("label"),
                "lang": alias_lang,
                "is_label": bool(is_label),
                "sitelinks": sitelinks,
                "type": base.type_label(qid),
            }
        )
    result = link_entity(base, EntityQuery(names=(name,), label=label), text=name, lang=lang)
    click.echo(
        json.dumps(
            {
                "name": name,
                "key": normalize_alias(name),
                "kb_id": result.qid,
                "explanation": result.explanation,
                "candidates": candidates,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


@kb.command(name="info")
@click.option("--db", required=True, envvar="CLAIMSCOPE_KB", type=click.Path(exists=True, dir_okay=False))
def info_command(db: str) -> None:
    """Counts and import state of a knowledge base."""
    from claimscope.kb.wikidata import connect, read_meta

    con = connect(db, readonly=True)
    try:
        meta = read_meta(con)
        counts = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("entity", "alias", "claim")}
    finally:
        con.close()
    click.echo(json.dumps({"meta": meta, "counts": counts}, indent=2))


__all__ = ["kb"]
