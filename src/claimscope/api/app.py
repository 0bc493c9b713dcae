"""The HTTP API and the web view: ``create_app(ServiceOptions(...))`` returns the FastAPI app.

Routes:
    POST /api/analyze            {"url" | "html" | "text", "lang"?} -> analysis@1 (+ ``stored_id`` with a store);
                                 ``?format=json|html|md|stix``
    GET  /api/analyses/{id}      a recent analysis (text id) or a stored one (store id); same formats
    GET  /api/search?q=          stored articles and claims (needs ``--db``)
    GET  /healthz                liveness and model state (answers while models load)
    GET  /openapi.json           the spec
    GET  /, /a/{id}              the web view (its data comes from /api/ with the token)

Safety (issue 11): a bearer token on every /api/ route; URLs fetched through
``claimscope.ingest`` (SSRF rules on every redirect hop); the request body capped while it streams;
analyses bounded by a semaphore (a queue with a timeout, then 503) and by a time limit (504);
one error envelope from ``api.errors``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import logging
import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any, Literal

from fastapi import FastAPI, Query, Security
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from claimscope import __version__
from claimscope.api.errors import ERROR_RESPONSES, error_response, install
from claimscope.config import Settings
from claimscope.errors import ClaimscopeError, FactCheckError, FetchError, ServiceError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

FORMATS = ("json", "html", "md", "stix")
_MEDIA = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "stix": "application/stix+json;version=2.1",
}
logger = logging.getLogger("claimscope.api")
_TEXT_ID = re.compile(r"^[0-9a-f]{16}$")
_STORE_ID = re.compile(r"^[0-9]{1,18}$")

_WARM_UP_TEXTS = (
    (
        "fr",
        "Le conseil municipal vote le budget\n\nSelon le maire, la ville aurait reçu trois millions d'euros "
        "de l'État. Aucune information n'a encore confirmé cette affirmation.\n\nL'opposition dénonce une "
        "gestion catastrophique et des mensonges répétés.",
    ),
    (
        "en",
        "Council votes on the budget\n\nAccording to the mayor, the city reportedly received three million "
        "dollars from the state. Nothing has confirmed the claim so far.\n\nThe opposition calls it a "
        "disastrous, dishonest plan.",
    ),
)
"""Analysed once at startup so that every model is loaded before the first request needs it."""


@dataclass(frozen=True)
class ServiceOptions:
    """How ``claimscope serve`` runs; every limit has a default."""

    token: str | None = None
    db: str | None = None
    max_body: int = 10_000_000
    """Largest request body, in bytes (413 above)."""
    drain_limit: int = 256_000_000
    """An oversized body is read and dropped up to this size so the client sees the 413; above it the
    connection is closed."""
    analysis_timeout: float = 120.0
    max_concurrent: int = 2
    queue_timeout: float = 60.0
    """How long a request waits for a free analysis slot before a 503."""
    max_queue: int = 32
    """Analyses that may wait for a slot; more are refused at once (503), so waiting bodies stay bounded."""
    recent: int = 64
    """Analyses kept in memory for GET /api/analyses/{id} (without a store, the only copy)."""
    warm_up: bool = True
    settings: Settings = field(default_factory=Settings.load)


class AnalyzeRequest(BaseModel):
    """Exactly one of ``url``, ``html`` or ``text``; ``lang`` skips language identification."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"oneOf": [{"required": ["url"]}, {"required": ["html"]}, {"required": ["text"]}]},
    )

    url: str | None = Field(default=None, max_length=4096, description="An http(s) URL, fetched safely.")
    html: str | None = Field(default=None, description="An HTML page.")
    text: str | None = Field(default=None, description="Plain text; a first short block is the headline.")
    lang: str | None = Field(default=None, pattern="^[a-z]{2}$", description="ISO 639-1 code, e.g. fr.")


def _check_one_input(body: AnalyzeRequest) -> tuple[str, str]:
    given = [(k, v) for k, v in (("url", body.url), ("html", body.html), ("text", body.text)) if v is not None]
    if len(given) != 1:
        names = ", ".join(k for k, _ in given) or "none"
        raise ServiceError("E703", status=422, detail=f"give exactly one of url, html, text (got {names})")
    return given[0]


class Service:
    """What the app shares between requests: the pipeline, the store, the limits and recent results."""

    def __init__(self, options: ServiceOptions) -> None:
        from claimscope.analyzers import DEFAULT_PIPELINE
        from claimscope.pipeline import Pipeline

        self.options = options
        self.settings = options.settings
        self.store = _open_store(options.db) if options.db else None
        names = list(self.settings.analyzers) or list(DEFAULT_PIPELINE)
        analyzer_options: dict[str, dict[str, Any]] = {}
        if self.settings.kb:
            analyzer_options.update({n: {"kb": self.settings.kb} for n in names if n.startswith("entities.")})
        self._factchecks = "off (no --db)" if not options.db else "off (no factchecks.v1 analyzer)"
        self.factchecks_db: str | None = None
        built = Pipeline(names, options=analyzer_options)
        if options.db and _has_analyzer("factchecks.v1") and "factchecks.v1" not in names:
            try:  # lazy: a store with no fact-check yet is used as soon as `factcheck import` fills it
                built = Pipeline(
                    [*names, "factchecks.v1"],
                    options={**analyzer_options, "factchecks.v1": {"db": options.db, "lazy": True}},
                )
                self.factchecks_db = options.db
            except FactCheckError as exc:  # an unreadable matching model (E656); analyses still run
                self._factchecks = f"off ({exc.code}: {exc.message})"
        self.stages = ("input", "nlp", *built.names, *(("store",) if self.store is not None else ()))
        self.pipeline: Callable[..., Any] = Pipeline([_Staged(a) for a in built.analyzers])
        self.ready = threading.Event()
        self.models = "loading" if options.warm_up else "on first use"
        self.load_seconds: float | None = None
        if not options.warm_up:
            self.ready.set()
        self.executor = ThreadPoolExecutor(max_workers=options.max_concurrent, thread_name_prefix="analysis")
        self.executor_closed = False
        self.slots = asyncio.Semaphore(options.max_concurrent)
        self.running = 0
        self.waiting = 0
        self._recent: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def factchecks(self) -> str:
        """``on``, or why not: ``off (E655: ...)`` while the store holds no fact-check (checked now)."""
        if self.factchecks_db is None:
            return self._factchecks
        from claimscope.factcheck.db import count_reviews
        from claimscope.store import open_store

        try:
            with open_store(self.factchecks_db) as store:
                if count_reviews(store):
                    return "on"
                raise FactCheckError("E655", url=store.url)
        except ClaimscopeError as exc:
            return f"off ({exc.code}: {exc.message})"

    # -- models ---------------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Load every model once (runs in a background thread at startup)."""
        from claimscope.ingest import article_from_text

        t0 = time.perf_counter()
        try:
            for lang, text in _WARM_UP_TEXTS:
                self.pipeline(article_from_text(text), lang=lang)
            self.models = "ready"
        except Exception as exc:  # the server stays up; analyses load what they need themselves
            self.models = f"failed: {type(exc).__name__}: {exc}"[:300]
        finally:
            self.load_seconds = round(time.perf_counter() - t0, 2)
            self.ready.set()

    # -- analyses -------------------------------------------------------------------------------

    def analyze(self, kind: str, value: str, lang: str | None, job: Job | None = None) -> dict[str, Any]:
        """Read the input, run the pipeline, store and remember the result (runs in a worker thread)."""
        _CURRENT.job = job
        try:
            if job is not None:
                job.start(len(self.stages))
                if not self.ready.is_set():
                    job.stage = "waiting for the models to load"
            self.ready.wait(timeout=self.options.analysis_timeout)
            if job is not None:
                job.stage = STAGE_LABELS["input"]
            article = self._article(kind, value)
            _advance("nlp")
            result: dict[str, Any] = self.pipeline(article, lang=lang).to_dict()
            if self.store is not None:
                _advance("store")
                stored_id, _created = self.store.add(result, source=article.input.url if kind == "url" else None)
                result["stored_id"] = stored_id
            self.remember(result)
            return result
        finally:
            _CURRENT.job = None

    def _article(self, kind: str, value: str) -> Any:
        from claimscope.ingest import article_from_html, article_from_text, read_source
        from claimscope.ingest.source import check_content, is_url
        from claimscope.model import InputInfo
        from claimscope.model.ids import sha256_hex

        if kind == "url":
            url = value.strip()
            if not is_url(url):
                raise FetchError("E110", url=url[:200], detail="only http and https URLs can be fetched")
            return read_source(url, settings=self.settings)
        data = value.encode("utf-8", "replace")
        check_content(data, source=f"<{kind}>", settings=self.settings)
        if kind == "html":
            return article_from_html(data)
        clean = data.decode("utf-8")
        return article_from_text(clean, input_info=InputInfo(kind="text", sha256=sha256_hex(data)))

    def remember(self, result: dict[str, Any]) -> None:
        with self._lock:
            for key in {str(result["id"]), str(result.get("stored_id", result["id"]))}:
                self._recent[key] = result
                self._recent.move_to_end(key)
            while len(self._recent) > max(1, self.options.recent):
                self._recent.popitem(last=False)

    def lookup(self, analysis_id: str) -> dict[str, Any]:
        with self._lock:
            found = self._recent.get(analysis_id)
        if found is not None:
            return found
        if self.store is not None and _STORE_ID.match(analysis_id):
            from claimscope.errors import StoreError

            try:
                record = self.store.get(int(analysis_id))
            except StoreError as exc:
                if exc.code != "E608":
                    raise
            else:
                return {**dict(record.analysis or {}), "stored_id": record.id}
        raise ServiceError("E707", status=404, id=analysis_id[:80])

    async def run(self, kind: str, value: str, lang: str | None, job: Job | None = None) -> dict[str, Any]:
        """Wait for a slot (queue timeout, then 503), run in a worker thread (time limit, then 504).

        A timed-out analysis keeps its slot until its thread really ends, so the bound on
        concurrent work holds even when clients give up.
        """
        slots = self.slots
        self._check_queue()
        self.waiting += 1
        try:
            await asyncio.wait_for(slots.acquire(), timeout=self.options.queue_timeout)
        except TimeoutError:
            raise ServiceError(
                "E708", status=503, capacity=self.options.max_concurrent, timeout=self.options.queue_timeout
            ) from None
        finally:
            self.waiting -= 1
        loop = asyncio.get_running_loop()
        self.running += 1

        def release(_: Future[Any]) -> None:
            with contextlib.suppress(RuntimeError):  # the loop may be closed when a late thread ends
                loop.call_soon_threadsafe(self._release, slots)

        try:
            future = self.executor.submit(self.analyze, kind, value, lang, job)
        except BaseException:
            self._release(slots)
            raise
        future.add_done_callback(release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout=self.options.analysis_timeout)
        except TimeoutError:
            raise ServiceError("E709", status=504, timeout=self.options.analysis_timeout) from None

    def _check_queue(self) -> None:
        if self.waiting >= self.options.max_queue:
            raise ServiceError("E708", status=503, capacity=self.options.max_concurrent, timeout=0)

    def submit(self, kind: str, value: str, lang: str | None) -> Job:
        """Start an analysis in the background and return its job (polled by the web view)."""
        with self._lock:
            queued = sum(1 for j in self.jobs.values() if j.state == "queued")
        if self.waiting + queued >= self.options.max_queue:  # counts a waiting job twice: errs on refusing
            raise ServiceError("E708", status=503, capacity=self.options.max_concurrent, timeout=0)
        job = Job(id=uuid.uuid4().hex)
        with self._lock:
            self.jobs[job.id] = job
            while len(self.jobs) > _MAX_JOBS:
                self.jobs.popitem(last=False)
        task = asyncio.get_running_loop().create_task(self._run_job(job, kind, value, lang))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job

    async def _run_job(self, job: Job, kind: str, value: str, lang: str | None) -> None:
        from claimscope.api.errors import status_for

        try:
            result = await self.run(kind, value, lang, job)
        except ClaimscopeError as exc:
            job.fail(status_for(exc), exc.code, exc.message)
        except Exception as exc:  # the boundary: a job records what went wrong instead of dying unseen
            logger.error("analysis job %s failed", job.id, exc_info=exc)
            job.fail(500, "E700", ServiceError("E700", detail=type(exc).__name__).message)
        else:
            job.finish(str(result.get("stored_id", result["id"])))

    def job(self, job_id: str) -> Job:
        with self._lock:
            found = self.jobs.get(job_id)
        if found is None:
            raise ServiceError("E713", status=404, id=job_id[:80])
        return found

    def _release(self, slots: asyncio.Semaphore) -> None:
        self.running -= 1
        slots.release()

    def open(self) -> None:
        """Fresh worker threads and slots for a server run (the app may be started more than once)."""
        if self.executor_closed:
            self.executor = ThreadPoolExecutor(max_workers=self.options.max_concurrent, thread_name_prefix="analysis")
            self.executor_closed = False
        self.slots = asyncio.Semaphore(self.options.max_concurrent)

    def close(self) -> None:
        """Stop taking analyses; running ones finish in their threads. The store stays open for a restart."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor_closed = True


_MAX_JOBS = 256
_CURRENT = threading.local()
"""The job of the analysis running in this worker thread, for the stage wrappers."""

STAGE_LABELS = {
    "input": "reading the input",
    "nlp": "language and sentences",
    "entities.v1": "people, groups and places",
    "claims.v1": "claims, sources and status",
    "techniques.v1": "persuasion techniques",
    "frames.v1": "frames",
    "genre.v1": "genre",
    "factchecks.v1": "fact-check matches",
    "store": "storing",
}


@dataclass
class Job:
    """One background analysis: its stage while it runs, then the analysis id or the error."""

    id: str
    state: str = "queued"
    stage: str = "waiting for a free slot"
    done: int = 0
    total: int = 0
    started: float = field(default_factory=time.monotonic)
    analysis: str | None = None
    status: int = 200
    error: dict[str, str] | None = None

    def start(self, total: int) -> None:
        self.state, self.total = "running", total
        self.advance("input")

    def advance(self, stage: str) -> None:
        self.stage = STAGE_LABELS.get(stage, stage)
        self.done = min(self.done + 1, self.total)

    def finish(self, analysis_id: str) -> None:
        self.state, self.stage, self.done, self.analysis = "done", "done", self.total, analysis_id

    def fail(self, status: int, code: str, message: str) -> None:
        self.state, self.status, self.error = "failed", status, {"code": code, "message": message}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "job": self.id,
            "state": self.state,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "elapsed": round(time.monotonic() - self.started, 2),
        }
        if self.analysis is not None:
            out["analysis"] = self.analysis
            out["location"] = f"/api/analyses/{self.analysis}"
        if self.error is not None:
            out["error"] = self.error
            out["status"] = self.status
        return out


def _advance(stage: str) -> None:
    job = getattr(_CURRENT, "job", None)
    if job is not None:
        job.advance(stage)


class _Staged:
    """An analyzer that tells the current job its stage before it runs (same info, same output)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.info = inner.info

    def __call__(self, result: Any) -> Any:
        _advance(self.info.name)
        return self.inner(result)


def _open_store(url: str) -> Any:
    from claimscope.store import open_store

    return open_store(url)


def _has_analyzer(name: str) -> bool:
    from claimscope import registry

    registry.load()
    return name in registry.names()


# -- renderings ---------------------------------------------------------------------------------

_REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-scripts allow-popups"
)
"""A report fetched from /api/ runs in a sandbox: its inline script works, it can reach nothing."""


def render_response(result: dict[str, Any], fmt: str) -> Response:
    from claimscope.report import render

    if fmt == "json":
        return JSONResponse(result)
    headers = {"Content-Security-Policy": _REPORT_CSP} if fmt == "html" else {}
    return Response(render(result, fmt), media_type=_MEDIA[fmt], headers=headers)


_FORMAT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The analysis (claimscope/analysis@1, or the rendering asked for)",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/html": {"schema": {"type": "string"}},
            "text/markdown": {"schema": {"type": "string"}},
            "application/stix+json": {"schema": {"type": "object"}},
        },
    },
    **ERROR_RESPONSES,
}


# -- middleware ---------------------------------------------------------------------------------


class BearerAuth:
    """Every /api/ route needs ``Authorization: Bearer <token>`` (checked before the body is read)."""

    def __init__(self, app: ASGIApp, *, token: str | None) -> None:
        self.app = app
        self.token = token.encode("utf-8") if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.token is None or scope["type"] != "http" or not str(scope.get("path", "")).startswith("/api/"):
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"authorization", b"")
        scheme, _, credentials = given.partition(b" ")
        if scheme.lower() == b"bearer" and hmac.compare_digest(credentials.strip(), self.token):
            await self.app(scope, receive, send)
            return
        await error_response(ServiceError("E701", status=401))(scope, receive, send)


class BodyLimit:
    """413 for a body over ``limit`` bytes, counted while it streams (never buffered here).

    A declared Content-Length over the limit is answered at once when the client waits for
    ``100 Continue`` (it then never sends the body); otherwise the body is read and dropped, up to
    ``drain_limit``, so that the client reads the 413 instead of a reset connection.
    """

    def __init__(self, app: ASGIApp, *, limit: int, drain_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.drain_limit = drain_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            if b"100-continue" not in headers.get(b"expect", b"").lower():
                await self._drain(receive, 0)
            await self._refuse(scope, receive, send, int(declared))
            return
        received = 0
        over = False

        async def counted() -> Message:
            # past the limit the app gets an empty end of body, and its answer is replaced by the 413
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request" and not over:
                received += len(message.get("body", b""))
                if received > self.limit:
                    over = True
                    if message.get("more_body", False):
                        received = await self._drain(receive, received)
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def guarded(message: Message) -> None:
            if not over:
                await send(message)

        await self.app(scope, counted, guarded)
        if over:
            await self._refuse(scope, receive, send, received)

    async def _drain(self, receive: Receive, received: int) -> int:
        while received <= self.drain_limit:
            message = await receive()
            if message["type"] != "http.request":
                break
            received += len(message.get("body", b""))
            if not message.get("more_body", False):
                break
        return received

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, size: int) -> None:
        response = error_response(ServiceError("E704", status=413, size=size, limit=self.limit))
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


class PageHeaders:
    """Security headers on every response; the web view's CSP allows only its own files."""

    def __init__(self, app: ASGIApp, *, page_csp: str) -> None:
        self.app = app
        self.page_csp = page_csp.encode("ascii")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {k.lower() for k, _ in headers}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cache-control", b"no-store"),
                ]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", self.page_csp))
                headers.extend(h for h in extra if h[0] not in names)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


# -- the web view -------------------------------------------------------------------------------


def _static(name: str) -> str:
    return files("claimscope").joinpath(f"api/static/{name}").read_text(encoding="utf-8")


def _script_hashes() -> list[str]:
    """CSP hashes of the inline scripts of a rendered report and of the view's frame helper.

    The dossier is the report (``report.to_html``) shown in a sandboxed frame from ``srcdoc``,
    which inherits the page's CSP: its own inline script must be allowed by hash.
    """
    from claimscope.report import render_html

    sample = {"schema": "claimscope/analysis@1", "text": "", "paragraphs": [], "input": {}, "metadata": {}}
    scripts = re.findall(r"<script>(.*?)</script>", render_html(sample), flags=re.DOTALL)
    scripts.append(_static("frame.js"))
    return [f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts]


def _page_csp() -> str:
    return (
        "default-src 'none'; script-src 'self' " + " ".join(_script_hashes()) + "; "
        "style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data: blob:; "
        "frame-src 'self' blob: data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


def create_app(options: ServiceOptions | None = None) -> FastAPI:
    """The FastAPI app for ``claimscope serve``."""
    options = options or ServiceOptions()
    service = Service(options)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service.open()
        if options.warm_up:
            threading.Thread(target=service.warm_up, name="claimscope-warm-up", daemon=True).start()
        try:
            yield
        finally:
            service.close()

    app = FastAPI(
        title="claimscope",
        version=__version__,
        description="Evidence-linked dossiers of news articles: claims, sources, evidential status, "
        'persuasion techniques, entities. Errors: {"error": {"code", "message"}}.',
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = service
    install(app)
    bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <token> (claimscope serve --token)")
    secured = [Security(bearer)] if options.token else []
    index_html = _static("index.html")

    @app.post(
        "/api/analyze",
        dependencies=secured,
        responses=_FORMAT_RESPONSES,
        response_class=Response,
        summary="Analyse a URL, an HTML page or a text",
    )
    async def analyze(body: AnalyzeRequest, format: Literal["json", "html", "md", "stix"] = Query("json")) -> Response:
        kind, value = _check_one_input(body)
        result = await service.run(kind, value, body.lang)
        response = await run_in_threadpool(render_response, result, format)
        response.headers["Location"] = f"/api/analyses/{result.get('stored_id', result['id'])}"
        return response

    @app.get(
        "/api/analyses/{analysis_id}",
        dependencies=secured,
        responses=_FORMAT_RESPONSES,
        response_class=Response,
        summary="A recent (text id) or stored (store id) analysis",
    )
    async def get_analysis(analysis_id: str, format: Literal["json", "html", "md", "stix"] = Query("json")) -> Response:
        if not (_TEXT_ID.match(analysis_id) or _STORE_ID.match(analysis_id)):
            raise ServiceError("E707", status=404, id=analysis_id[:80])
        result = service.lookup(analysis_id)
        return await run_in_threadpool(render_response, result, format)

    @app.get("/api/search", dependencies=secured, responses=ERROR_RESPONSES, summary="Search stored articles")
    async def search(
        q: str = Query(..., min_length=1, max_length=500), limit: int = Query(20, ge=1, le=100)
    ) -> dict[str, Any]:
        if service.store is None:
            raise ServiceError("E710", status=404)
        store = service.store
        hits = await asyncio.get_running_loop().run_in_executor(None, lambda: store.search(q, limit=limit))
        return {"query": q, "results": [h.to_dict() for h in hits]}

    @app.post(
        "/api/jobs",
        dependencies=secured,
        status_code=202,
        responses=ERROR_RESPONSES,
        summary="Start an analysis in the background; poll GET /api/jobs/{job_id} for its stage",
    )
    async def start_job(body: AnalyzeRequest) -> dict[str, Any]:
        kind, value = _check_one_input(body)
        return service.submit(kind, value, body.lang).to_dict()

    @app.get(
        "/api/jobs/{job_id}", dependencies=secured, responses=ERROR_RESPONSES, summary="A background analysis's state"
    )
    async def get_job(job_id: str) -> dict[str, Any]:
        return service.job(job_id).to_dict()

    @app.get("/healthz", summary="Liveness and model state")
    async def healthz() -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "models": service.models,
            "models_seconds": service.load_seconds,
            "auth": bool(options.token),
            "store": service.store is not None,
            "factchecks": await asyncio.to_thread(lambda: service.factchecks),
            "running": service.running,
            "waiting": service.waiting,
            "capacity": options.max_concurrent,
            "max_body": options.max_body,
        }

    @app.get("/", include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse(index_html)

    @app.get("/a/{analysis_id}", include_in_schema=False)
    async def permalink(analysis_id: str) -> HTMLResponse:
        return HTMLResponse(index_html)

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        media = {"app.js": "text/javascript", "frame.js": "text/javascript", "app.css": "text/css"}
        if name not in media:
            raise ServiceError("E705", status=404, path=f"/static/{name}"[:200])
        return Response(_static(name), media_type=f"{media[name]}; charset=utf-8")

    app.add_middleware(BodyLimit, limit=options.max_body, drain_limit=options.drain_limit)
    app.add_middleware(BearerAuth, token=options.token)
    app.add_middleware(PageHeaders, page_csp=_page_csp())
    return app


__all__ = ["AnalyzeRequest", "Service", "ServiceOptions", "create_app"]
