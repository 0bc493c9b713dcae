"""The one place where exceptions become the API's error envelope.

Every error leaves the server as ``{"error": {"code": "E1xx", "message": "..."}}`` with a 4xx or
5xx status: coded claimscope errors, FastAPI's own 404/405/422, malformed JSON and anything
unexpected (500, E700, no traceback; the server log keeps it).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimscope.errors import (
    ClaimscopeError,
    ConfigError,
    ExtractionError,
    FetchError,
    InputError,
    ServiceError,
    StoreError,
)

logger = logging.getLogger("claimscope.api")

_FETCH_STATUS = {"E110": 422, "E112": 403, "E115": 413, "E117": 504}
"""Fetch errors by code; the rest (unreachable, HTTP error, not a page, redirects) are 422."""


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorEnvelope(BaseModel):
    """What every error response holds."""

    error: ErrorBody


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope, "description": description}
    for status, description in {
        400: "Malformed JSON (E702)",
        401: "Missing or wrong bearer token (E701)",
        403: "Refused URL: private, loopback or link-local address (E112)",
        404: "Not found (E705, E707, E710)",
        413: "Request body or page too large (E704, E104, E115)",
        415: "Not JSON (E711)",
        422: "Invalid request, input or URL (E703, E1xx, E202)",
        503: "Too many analyses running (E708)",
        504: "Analysis or fetch time limit reached (E709, E117)",
    }.items()
}
"""The error responses documented on every API route (OpenAPI)."""


def status_for(exc: ClaimscopeError) -> int:
    """The HTTP status a coded error is sent with."""
    if isinstance(exc, ServiceError):
        return exc.status
    if isinstance(exc, InputError):
        return 413 if exc.code == "E104" else 422
    if isinstance(exc, FetchError):
        return _FETCH_STATUS.get(exc.code, 422)
    if isinstance(exc, ExtractionError):
        return 422
    if isinstance(exc, ConfigError):
        return 422 if exc.code in {"E201", "E202"} else 500
    if isinstance(exc, StoreError):
        return {"E608": 404, "E602": 503}.get(exc.code, 500)
    return 500


def envelope(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(exc: ClaimscopeError, *, headers: dict[str, str] | None = None) -> JSONResponse:
    """The envelope response for a coded error."""
    status = status_for(exc)
    if status >= 500:
        logger.error("%s %s", exc.code, exc.message)
    if exc.code == "E701":
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    return JSONResponse(envelope(exc.code, exc.message), status_code=status, headers=headers)


def _validation_detail(errors: list[Any]) -> str:
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request does not match the API"


async def _on_coded(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ClaimscopeError)
    return error_response(exc)


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    invalid_json = [e for e in errors if e.get("type") == "json_invalid"]
    if invalid_json:
        ctx = invalid_json[0].get("ctx") or {}
        detail = str(ctx.get("error") or invalid_json[0].get("msg") or "not JSON")
        return error_response(ServiceError("E702", status=400, detail=detail))
    content_type = request.headers.get("content-type", "")
    has_body = request.method in {"POST", "PUT", "PATCH"}
    if has_body and content_type and "json" not in content_type.split(";", 1)[0].lower():
        return error_response(ServiceError("E711", status=415, content_type=content_type[:80]))
    return error_response(ServiceError("E703", status=422, detail=_validation_detail(errors)))


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 404:
        coded = ServiceError("E705", status=404, path=request.url.path[:200])
    elif exc.status_code == 400 and request.method in {"POST", "PUT", "PATCH"}:
        # FastAPI's answer to a body it cannot decode at all (e.g. bytes that are not UTF-8)
        coded = ServiceError("E702", status=400, detail="the body is not UTF-8 JSON")
    elif exc.status_code == 405:
        coded = ServiceError("E706", status=405, method=request.method, path=request.url.path[:200])
    else:
        coded = ServiceError("E712", status=exc.status_code, http_status=exc.status_code, detail=str(exc.detail)[:200])
    return error_response(coded, headers=headers)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(ServiceError("E700", status=500, detail=type(exc).__name__))


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into the envelope."""
    app.add_exception_handler(ClaimscopeError, _on_coded)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)


__all__ = ["ERROR_RESPONSES", "ErrorEnvelope", "envelope", "error_response", "install", "status_for"]
