"""Command line: thin commands that call library functions.

Exit codes: 0 success, 1 a user-facing error (``E### Name: message`` on stderr), 2 usage error.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from typing import Any

import click

from claimscope import __version__
from claimscope.errors import ClaimscopeError

FORMATS = ("json", "jsonl", "html", "md", "stix")


# Options shared by the commands that analyse inputs (analyze, corpus add): one definition, one help text.
LANG_OPTION = click.option(
    "--lang", default=None, metavar="xx", help="Skip language identification: ISO 639-1 code, e.g. fr."
)
ANALYZERS_OPTION = click.option(
    "--analyzers",
    default=None,
    metavar="A,B",
    help="Comma-separated analyzers to run (see `claimscope analyzers`). Default: all built-ins.",
)
ALLOW_PRIVATE_OPTION = click.option(
    "--allow-private",
    is_flag=True,
    default=False,
    help="Allow URLs that resolve to private, loopback or link-local addresses.",
)
TIMEOUT_OPTION = click.option("--timeout", type=float, default=None, help="Seconds before a URL fetch gives up.")
PROGRESS_OPTION = click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: several inputs on a terminal)."
)


class LazyGroup(click.Group):
    """A group whose subcommands live in other modules and are imported only when used."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module_name, _, attr = self.lazy[name].partition(":")
            try:
                cmd = getattr(importlib.import_module(module_name), attr)
            except (ImportError, AttributeError) as exc:
                return _unavailable(name, exc)
            return cmd if isinstance(cmd, click.Command) else None
        return super().get_command(ctx, name)


def _unavailable(name: str, exc: Exception) -> click.Command:
    @click.command(name=name, help=f"(unavailable: {exc})")
    def cmd() -> None:
        raise click.ClickException(f"command {name!r} is unavailable: {exc}")

    return cmd


@click.group(
    cls=LazyGroup,
    lazy={
        "semeval": "claimscope.semeval.commands:semeval",
        "kb": "claimscope.kb.commands:kb",
        "batch": "claimscope.batch.commands:batch",
        "serve": "claimscope.api.commands:serve",
        "corpus": "claimscope.corpus.commands:corpus",
        "factcheck": "claimscope.factcheck.commands:factcheck",
    },
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="claimscope")
def cli() -> None:
    """claimscope turns a news article into an evidence-linked dossier.

    For each article it finds what the text claims, who it says the claims come from, how sure it
    says it is, which persuasion techniques it uses and where, and which people, groups and places
    it is about. Every flag points at the words behind it.

    \b
    Start with:
      claimscope analyze article.html --format html -o report.html
      claimscope analyze https://example.org/news/story --format json
      cat story.txt | claimscope analyze - --format md
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format. Default: json for one input, jsonl for several.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=True, path_type=Path),
    default=None,
    help="Write here instead of standard output. With several inputs and html/md, a folder.",
)
@LANG_OPTION
@click.option(
    "--kb",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    envvar="CLAIMSCOPE_KB",
    help="SQLite knowledge base from `claimscope kb import`, to link entities to Wikidata.",
)
@click.option(
    "--db",
    default=None,
    metavar="PATH|URL",
    help="Store with fact-checks from `claimscope factcheck import`: adds the factchecks.v1 analyzer.",
)
@ANALYZERS_OPTION
@ALLOW_PRIVATE_OPTION
@TIMEOUT_OPTION
@PROGRESS_OPTION
def analyze(
    inputs: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    lang: str | None,
    kb: Path | None,
    db: str | None,
    analyzers: str | None,
    allow_private: bool,
    timeout: float | None,
    progress: bool | None,
) -> None:
    """Analyse articles: INPUT is a file (HTML or text), an http(s) URL, or - for standard input.

    \b
    One input prints one JSON object (the claimscope/analysis@1 contract); several inputs print
    JSON Lines, one object per input, and a failed input prints {"input", "error"} and the run
    goes on. html writes a self-contained report (no network needed to read it); md a summary;
    stix a STIX 2.1 bundle (techniques as DISARM-referenced attack-patterns).

    \b
    Examples:
      claimscope analyze story.html --format html -o story.html
      claimscope analyze a.html b.html https://example.org/c > results.jsonl
      claimscope analyze --lang fr - < article.txt
    """
    from claimscope.config import Settings
    from claimscope.pipeline import Pipeline

    settings = Settings.load(
        allow_private=allow_private or None, timeout=timeout, kb=str(kb) if kb else None, analyzers=analyzers
    )
    fmt = fmt or ("json" if len(inputs) == 1 else "jsonl")
    many = len(inputs) > 1
    if many and fmt in {"html", "md", "stix"} and output is None:
        raise click.UsageError(f"--format {fmt} with several inputs needs -o FOLDER")
    pipeline = _build_pipeline(settings, Pipeline, db=db)

    failures = 0
    sink = _Sink(output, fmt, many)
    try:
        for index, source in enumerate(_progress(inputs, progress)):
            try:
                result = _analyze_one(source, settings=settings, pipeline=pipeline, lang=lang)
            except ClaimscopeError as exc:
                failures += 1
                _echo_error(exc, source if many else None)
                if fmt == "jsonl":
                    sink.write_record({"input": source, "error": exc.to_dict()})
                continue
            sink.write_result(result.to_dict(), source=source, index=index)
    finally:
        sink.close()
    if failures:
        sys.exit(1)


def _build_pipeline(settings: Any, pipeline_cls: Any, *, db: str | None = None) -> Any:
    from claimscope.analyzers import DEFAULT_PIPELINE

    names = list(settings.analyzers) or list(DEFAULT_PIPELINE)
    options: dict[str, dict[str, Any]] = {}
    if settings.kb:
        for name in names:
            if name.startswith("entities."):
                options[name] = {"kb": settings.kb}
    if db:
        if "factchecks.v1" not in names:
            names.append("factchecks.v1")
        options["factchecks.v1"] = {"db": db}
    return pipeline_cls(names, options=options)


def _analyze_one(source: str, *, settings: Any, pipeline: Any, lang: str | None) -> Any:
    from claimscope.api import analyze as run_analysis

    return run_analysis(source, lang=lang, pipeline=pipeline, settings=settings)


def _progress(inputs: tuple[str, ...], enabled: bool | None) -> Any:
    if len(inputs) < 2 or enabled is False:
        return inputs
    from tqdm import tqdm

    return tqdm(inputs, unit="article", file=sys.stderr, disable=None if enabled is None else False)


def _echo_error(exc: ClaimscopeError, source: str | None = None) -> None:
    where = f" ({source})" if source else ""
    click.echo(f"{exc.code} {exc.name}: {exc.message}{where}", err=True)


class _Sink:
    """Writes results to stdout, a file, or one file per input in a folder."""

    def __init__(self, output: Path | None, fmt: str, many: bool) -> None:
        self.output, self.fmt, self.many = output, fmt, many
        self.folder = output if (many and fmt in {"html", "md", "stix"}) else None
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.stream = None
        elif output is not None:
            output.parent.mkdir(parents=True, exist_ok=True)
            self.stream = output.open("w", encoding="utf-8")
        else:
            self.stream = sys.stdout

    def write_record(self, record: dict[str, Any]) -> None:
        from claimscope.report import render_json

        if self.stream is not None:
            self.stream.write(render_json(record, indent=None) + "\n")

    def write_result(self, result: dict[str, Any], *, source: str, index: int) -> None:
        from claimscope.report import render

        rendered = render(result, self.fmt)
        if self.folder is not None:
            name = f"{index:04d}-{_slug(source)}.{self.fmt}"
            (self.folder / name).write_text(rendered, encoding="utf-8")
        elif self.stream is not None:
            self.stream.write(rendered if rendered.endswith("\n") else rendered + "\n")

    def close(self) -> None:
        if self.stream is not None and self.stream is not sys.stdout:
            self.stream.close()


def _slug(source: str) -> str:
    tail = source.rstrip("/").rsplit("/", 1)[-1] or "input"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", tail)[:60] or "input"


@cli.command()
@click.argument("result_file", type=click.File("r", encoding="utf-8"), metavar="RESULT.json")
@click.option(
    "--format", "fmt", type=click.Choice(("html", "md", "json", "stix")), default="html", help="Output format."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of standard output.",
)
def render(result_file: Any, fmt: str, output: Path | None) -> None:
    """Render a saved analysis (JSON from `claimscope analyze`) as an HTML report, Markdown or STIX 2.1.

    \b
    Example:
      claimscope analyze story.html -o story.json
      claimscope render story.json --format html -o story.html
    """
    import json

    from claimscope.report import render as render_result
    from claimscope.report import validate

    try:
        result = json.load(result_file)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not JSON: {exc}", param_hint="RESULT.json") from None
    problems = validate(result) if isinstance(result, dict) else ["not a JSON object"]
    if problems:
        raise click.BadParameter(
            "not a claimscope/analysis@1 result: " + "; ".join(problems[:3]), param_hint="RESULT.json"
        )
    text = render_result(result, fmt)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text, encoding="utf-8")


@cli.command(name="analyzers")
def list_analyzers() -> None:
    """List the registered analyzers, the layers they need and the layers they add."""
    from claimscope import registry

    for name in registry.names():
        analyzer = registry.create(name)
        info = analyzer.info
        requires = ", ".join(info.requires) or "-"
        click.echo(f"{name:16} provides {', '.join(info.provides):22} requires {requires}  {info.description}")


@cli.group(
    cls=LazyGroup,
    lazy={
        "extraction": "claimscope.eval.extraction:command",
        "claims": "claimscope.eval.claims:command",
        "checkworthy": "claimscope.eval.checkworthy:command",
        "entities": "claimscope.eval.entities:command",
        "semeval": "claimscope.semeval.commands:command",
        "factchecks": "claimscope.eval.factchecks:command",
        "reprints": "claimscope.eval.reprints:command",
    },
)
def eval() -> None:
    """Measure each part of claimscope on public data or the project's gold sets.

    Data folders default to $CLAIMSCOPE_DATA or ../shared/data.
    """


@cli.command()
def settings() -> None:
    """Show every setting, its current value and what it does (claimscope.toml, CLAIMSCOPE_* vars)."""
    from claimscope.config import Settings

    current = Settings.load()
    for name, _default, help_text in Settings.describe():
        click.echo(f"{name:14} = {getattr(current, name)!r}\n    {help_text}")


def main(argv: list[str] | None = None) -> None:
    """Entry point: coded errors become ``E### Name: message`` and exit 1."""
    try:
        cli.main(args=argv, prog_name="claimscope", standalone_mode=False)
    except ClaimscopeError as exc:
        _echo_error(exc)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(0)
