"""``claimscope serve``: the HTTP API and the web view (needs the ``serve`` extra)."""

from __future__ import annotations

import click

from claimscope.errors import ConfigError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--token",
    default=None,
    envvar="CLAIMSCOPE_TOKEN",
    metavar="T",
    help="Require Authorization: Bearer T on every /api/ route ($CLAIMSCOPE_TOKEN).",
)
@click.option(
    "--db",
    default=None,
    metavar="PATH|URL",
    help="Store every analysis here (SQLite path or postgresql:// URL); enables search and fact-check matches.",
)
@click.option(
    "--max-body",
    default=10_000_000,
    show_default=True,
    type=click.IntRange(1),
    help="Largest request body in bytes (413 above).",
)
@click.option(
    "--workers",
    "max_concurrent",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Analyses run at once; more wait in a queue.",
)
@click.option(
    "--max-queue", default=32, show_default=True, type=click.IntRange(0), help="Analyses that may wait (503 above)."
)
@click.option(
    "--queue-timeout", default=60.0, show_default=True, type=float, help="Seconds a request waits for a slot (503)."
)
@click.option(
    "--analysis-timeout", default=120.0, show_default=True, type=float, help="Seconds one analysis may take (504)."
)
@click.option("--allow-private", is_flag=True, default=False, help="Let URLs resolve to private addresses (unsafe).")
def serve(
    host: str,
    port: int,
    token: str | None,
    db: str | None,
    max_body: int,
    max_concurrent: int,
    max_queue: int,
    queue_timeout: float,
    analysis_timeout: float,
    allow_private: bool,
) -> None:
    """Serve the HTTP API and the web view (FastAPI + uvicorn).

    \b
    POST /api/analyze {"url"|"html"|"text", "lang"?} (?format=json|html|md|stix),
    GET /api/analyses/{id}, GET /api/search?q= (with --db), GET /healthz, GET /openapi.json;
    the web view is at /. Models load once, in the background; /healthz answers meanwhile.

    \b
    Example:
      claimscope serve --port 8000 --token "$(openssl rand -hex 16)"
    """
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError as exc:
        raise ConfigError("E203", package=exc.name or "fastapi", hint="'claimscope[serve]'") from None

    from claimscope.api.app import ServiceOptions, create_app
    from claimscope.config import Settings

    options = ServiceOptions(
        token=token or None,
        db=db,
        max_body=max_body,
        max_concurrent=max_concurrent,
        max_queue=max_queue,
        queue_timeout=queue_timeout,
        analysis_timeout=analysis_timeout,
        settings=Settings.load(allow_private=allow_private or None),
    )
    app = create_app(options)
    click.echo(f"claimscope serve: http://{host}:{port}/ (token {'required' if token else 'not required'})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, access_log=False)
