"""Property-based run of the API against its own OpenAPI spec (schemathesis, in-process ASGI).

A small bounded run; the full one is a command (see docs/service.md):

    st run http://127.0.0.1:8000/openapi.json -H "Authorization: Bearer T" --checks all
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis (dev extra) is not installed")
pytest.importorskip("fastapi", reason="the serve extra (fastapi) is not installed")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claimscope.api.app import ServiceOptions, create_app  # noqa: E402

TOKEN = "schema-token"
APP = create_app(ServiceOptions(token=TOKEN, warm_up=False, analysis_timeout=60, queue_timeout=60))
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)


def _no_server_error(response: object) -> None:
    status = int(response.status_code)  # type: ignore[attr-defined]
    assert status < 500, f"{status}: {response.text[:300]}"  # type: ignore[attr-defined]


@pytest.mark.slow
@SCHEMA.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_schema_no_server_error_and_conforming_responses(case: schemathesis.Case) -> None:
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=180)
    _no_server_error(response)
    case.validate_response(
        response, checks=[status_code_conformance, content_type_conformance, response_schema_conformance]
    )
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
