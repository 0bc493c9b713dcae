"""The claimscope exception tree. Every user-facing error has a stable code.

    ClaimscopeError
    ├── IngestError                 E1xx  reading the input
    │   ├── InputError              E10x  the input itself (missing file, empty, binary, too large)
    │   ├── FetchError              E11x  fetching a URL (unreachable, refused address, bad status)
    │   └── ExtractionError         E12x  no article in the page
    ├── ConfigError                 E2xx  settings and options
    ├── PipelineError               E3xx  building a pipeline (unknown analyzer, missing layer)
    ├── AnalyzerError               E4xx  an analyzer failed or its model is missing
    ├── KBError                     E5xx  knowledge base import and lookup
    ├── StoreError                  E6xx  persisted results
    │   └── FactCheckError          E65x-E69x  fact-check import and matching
    ├── ServiceError                E7xx  the HTTP API (claimscope serve): requests, limits, auth
    └── BatchError                  E8xx  batch runs: an input's time limit or worker, the batch file, the output

Render with ``str(err)``: ``[E103] The input is empty: ...``. The CLI prints
``E103 InputError: The input is empty: ...`` and exits 1.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, str] = {
    # input
    "E101": "No such file: {path}",
    "E102": "The input is empty: {source}",
    "E103": "The input looks binary, not HTML or text ({detail}): {source}",
    "E104": "The input is too large ({size} bytes, limit {limit}): {source}",
    "E105": "Cannot read the input: {source} ({detail})",
    "E106": "Unsupported input: {source} ({detail})",
    "E107": "The input is not valid UTF-8 and no other encoding fits it ({detail}): {source}",
    # fetch
    "E110": "Invalid URL: {url} ({detail})",
    "E111": "Could not reach {url}: {detail}",
    "E112": "Refused to fetch {url}: it resolves to a private, loopback or link-local address ({address}); "
    "pass --allow-private to allow it",
    "E113": "{url} answered HTTP {status}",
    "E114": "{url} is not a web page (content type {content_type})",
    "E115": "{url} is larger than the size limit ({limit} bytes)",
    "E116": "Too many redirects from {url} (limit {limit})",
    "E117": "Timed out fetching {url} after {timeout} s",
    # extraction
    "E120": "No article text found in {source}",
    "E121": "Could not parse the page {source}: {detail}",
    # config
    "E201": "Invalid setting {name}={value!r}: {detail}",
    "E202": "Unsupported language {lang!r}: {detail}",
    "E203": "Missing optional dependency {package}: install it with `pip install {hint}`",
    "E204": "Data folder not found: {path} ({detail})",
    # pipeline
    "E301": "Unknown analyzer {name!r}; known analyzers: {known}",
    "E302": "Analyzer {name!r} requires layer {layer!r}, which no earlier analyzer provides",
    "E303": "Layer {layer!r} is provided twice: by {first!r} and {second!r}",
    "E304": "Analyzer {name!r} is registered twice",
    # analyzers
    "E401": "Analyzer {name!r} failed: {detail}",
    "E402": "Model for {name!r} not found or unreadable: {detail}",
    # kb
    "E501": "Cannot read the knowledge-base dump {path}: {detail}",
    "E502": "Cannot open the knowledge base {path}: {detail}",
    "E503": "The knowledge base {path} holds an import of another dump or language set ({dump}); "
    "pass --restart to rebuild it",
    # store
    "E601": "Store error: {detail}",
    "E602": "The store {url} is locked by another process (waited {timeout} s): {detail}",
    "E603": "The store {url} is read-only: {detail}",
    "E604": "Cannot reach the PostgreSQL server for {url}: {detail}",
    "E605": "Unsupported store URL {url!r}: use a file path, sqlite:///PATH or postgresql://USER@HOST/DB",
    "E606": "The store {url} has schema version {found}, newer than this claimscope knows ({known}); "
    "upgrade claimscope to use it",
    "E607": "Cannot open the store {url}: {detail}",
    "E608": "No article {article} in the store {url}",
    "E609": "Not a claimscope analysis: {detail}",
    "E610": "The migrations in claimscope.store.migrations are inconsistent: {detail}",
    # fact-checks
    "E651": "Cannot read the ClaimReview file {path}: {detail}",
    "E652": "Malformed JSON at {where}: {detail}",
    "E653": "Not a ClaimReview at {where} (@type {kind})",
    "E654": "ClaimReview without claimReviewed at {where}",
    "E655": "No fact-checks in the store {url}: run `claimscope factcheck import FILE --db ...` first",
    "E656": "Fact-check matching model unreadable: {detail}",
    "E657": "{count} fact-check review(s) in the store have no headline or description vectors of this encoder: "
    "they are embedded as matching shows them (slower); run `claimscope factcheck embed --db ...` once to store them",
    # service (HTTP API)
    "E700": "Internal server error ({detail}); the server log has the details",
    "E701": "Missing or wrong bearer token: send Authorization: Bearer <token>",
    "E702": "Malformed JSON in the request body: {detail}",
    "E703": "Invalid request: {detail}",
    "E704": "The request body is too large ({size} bytes, limit {limit})",
    "E705": "No such page: {path}",
    "E706": "Method {method} is not allowed on {path}",
    "E707": "No analysis {id}: it is neither stored nor among the recent ones",
    "E708": "The server is busy ({capacity} analyses running, waited {timeout} s); retry later",
    "E709": "The analysis took longer than the limit ({timeout} s)",
    "E710": "Search needs a store: start the server with `claimscope serve --db PATH`",
    "E711": "Unsupported media type {content_type!r}: send application/json",
    "E712": "HTTP error {http_status}: {detail}",
    "E713": "No analysis job {id}: it never existed or has been forgotten",
    # batch
    "E801": "Timed out analysing {source} after {limit} s (the worker was replaced)",
    "E802": "The worker analysing {source} stopped ({detail}); it was replaced",
    "E803": "Cannot read the batch input {path}: {detail}",
    "E804": "Bad batch record at {where}: {detail}",
    "E805": "Cannot write the batch output {path}: {detail}",
    "E806": "Unexpected failure analysing {source}: {detail}",
}


class ClaimscopeError(Exception):
    """Base class: ``code`` is stable and searchable, ``message`` is rendered from a template."""

    code: str = "E000"

    def __init__(self, code: str | None = None, /, **fields: Any) -> None:
        self.code = code or self.code
        self.fields = fields
        template = MESSAGES.get(self.code, "{detail}")
        try:
            self.message = template.format(**fields)
        except (KeyError, IndexError):
            self.message = f"{template} {fields}"
        super().__init__(f"[{self.code}] {self.message}")

    @property
    def name(self) -> str:
        return type(self).__name__

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "message": self.message}


class IngestError(ClaimscopeError):
    code = "E100"


class InputError(IngestError):
    code = "E105"


class FetchError(IngestError):
    code = "E111"


class ExtractionError(IngestError):
    code = "E120"


class ConfigError(ClaimscopeError):
    code = "E201"


class PipelineError(ClaimscopeError):
    code = "E301"


class AnalyzerError(ClaimscopeError):
    code = "E401"


class KBError(ClaimscopeError):
    code = "E501"


class StoreError(ClaimscopeError):
    code = "E601"


class FactCheckError(StoreError):
    code = "E651"


class ServiceError(ClaimscopeError):
    """An HTTP API error; ``status`` is the HTTP status it is sent with."""

    code = "E700"

    def __init__(self, code: str | None = None, /, *, status: int = 500, **fields: Any) -> None:
        self.status = status
        super().__init__(code, **fields)


class BatchError(ClaimscopeError):
    code = "E803"


__all__ = [
    "MESSAGES",
    "AnalyzerError",
    "BatchError",
    "ClaimscopeError",
    "ConfigError",
    "ExtractionError",
    "FactCheckError",
    "FetchError",
    "IngestError",
    "InputError",
    "KBError",
    "PipelineError",
    "ServiceError",
    "StoreError",
]
