"""The HTTP API in-process (FastAPI TestClient): auth, the error envelope, limits, SSRF, formats, ids."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the serve extra (fastapi) is not installed")
pytest.importorskip("stix2validator", reason="stix2-validator (dev extra) is not installed")

from fastapi.testclient import TestClient
from stix2validator import ValidationOptions, validate_string

from claimscope.api.app import ServiceOptions, create_app
from claimscope.report import validate

TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CODE = re.compile(r"^E\d{3}$")


def assert_envelope(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The pinned error shape: exactly {"error": {"code": "E###", "message": str}}."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert CODE.match(body["error"]["code"]), body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app(ServiceOptions(token=TOKEN, warm_up=False, max_body=1_000_000))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def seed_result(client: TestClient, seed_text: str) -> dict[str, Any]:
    response = client.post("/api/analyze", json={"text": seed_text}, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "path", ["/api/analyze", "/api/jobs", "/api/jobs/abc", "/api/analyses/0123456789abcdef", "/api/search?q=x"]
)
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}])
def test_api_every_api_route_needs_the_token(client: TestClient, path: str, headers: dict[str, str]) -> None:
    method = client.post if path in {"/api/analyze", "/api/jobs"} else client.get
    response = method(path, headers=headers, **({"json": {"text": "x"}} if method == client.post else {}))
    assert_envelope(response, 401, "E701")
    assert response.headers["www-authenticate"] == "Bearer"


def test_api_healthz_and_openapi_answer_without_token(client: TestClient) -> None:
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert health.json()["auth"] is True
    spec = client.get("/openapi.json").json()
    assert {"/api/analyze", "/api/analyses/{analysis_id}", "/api/search", "/healthz"} <= set(spec["paths"])
    envelope_schema = spec["components"]["schemas"]["ErrorEnvelope"]
    assert envelope_schema["required"] == ["error"]


@pytest.mark.parametrize(
    ("request_kwargs", "status", "code"),
    [
        ({"content": b'{"text": "unterminated', "headers": {"content-type": "application/json"}}, 400, "E702"),
        ({"content": bytes(range(256)) * 4, "headers": {"content-type": "application/json"}}, 400, "E702"),
        ({"content": b"\x89PNG\r\n\x1a\n\x00\x00", "headers": {"content-type": "image/png"}}, 415, "E711"),
        ({"json": {"text": "a", "html": "<p>b</p>"}}, 422, "E703"),
        ({"json": {}}, 422, "E703"),
        ({"json": {"text": "x", "colour": "red"}}, 422, "E703"),
        ({"json": {"text": 12}}, 422, "E703"),
        ({"json": ["text"]}, 422, "E703"),
        ({"json": {"text": "   "}}, 422, "E102"),
        ({"json": {"text": "\x00\x01\x02 binary \x03\x04" * 50}}, 422, "E103"),
        ({"json": {"html": "%PDF-1.7 \x00\x00 not a page"}}, 422, "E103"),
        ({"json": {"text": "x", "lang": "French"}}, 422, "E703"),
        ({"json": {"url": "file:///etc/passwd"}}, 422, "E110"),
        ({"json": {"url": "/etc/passwd"}}, 422, "E110"),
        ({"json": {"url": "-"}}, 422, "E110"),
    ],
)
def test_api_bad_requests_get_coded_envelopes(
    client: TestClient, request_kwargs: dict[str, Any], status: int, code: str
) -> None:
    headers = {**AUTH, **request_kwargs.pop("headers", {})}
    response = client.post("/api/analyze", headers=headers, **request_kwargs)
    assert_envelope(response, status, code)


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/no/such/page", 404, "E705"),
        ("get", "/api/nothing-here", 404, "E705"),
        ("delete", "/api/analyze", 405, "E706"),
        ("put", "/api/analyses/0123456789abcdef", 405, "E706"),
        ("get", "/api/analyses/0123456789abcdef", 404, "E707"),
        ("get", "/api/analyses/..%2F..%2Fetc", 404, None),
        ("get", "/api/analyses/0123456789abcdef?format=pdf", 422, "E703"),
        ("get", "/api/search?q=x", 404, "E710"),
        ("get", "/api/search", 422, "E703"),
        ("get", "/static/../app.py", 404, None),
    ],
)
def test_api_framework_errors_use_the_envelope(
    client: TestClient, method: str, path: str, status: int, code: str | None
) -> None:
    assert_envelope(getattr(client, method)(path, headers=AUTH), status, code)


def test_api_body_over_the_cap_is_413_declared(client: TestClient) -> None:
    response = client.post(
        "/api/analyze", content=b" " * 1_000_001, headers={**AUTH, "content-type": "application/json"}
    )
    assert_envelope(response, 413, "E704")


def test_api_body_over_the_cap_is_413_while_streaming(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(40):
            yield b"a" * 65_536  # 2.6 MB in all, never declared in a Content-Length

    response = client.post("/api/analyze", content=chunks(), headers={**AUTH, "content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert_envelope(response, 413, "E704")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/healthz",
        "http://localhost/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.8/admin",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
def test_api_refuses_private_and_link_local_urls(client: TestClient, url: str) -> None:
    error = assert_envelope(client.post("/api/analyze", json={"url": url}, headers=AUTH), 403, "E112")
    assert "private, loopback or link-local" in error["message"]


def test_api_analysis_of_the_seed_article(seed_result: dict[str, Any]) -> None:
    assert validate(seed_result) == []
    assert re.fullmatch(r"[0-9a-f]{16}", seed_result["id"])
    assert seed_result["claims"] and seed_result["techniques"] and seed_result["entities"]
    assert any(c["status"] == "unconfirmed" for c in seed_result["claims"])
    assert any("Lekolin" in s["name"] for s in seed_result["sources"])


def test_api_analysis_again_by_id(client: TestClient, seed_result: dict[str, Any]) -> None:
    response = client.get(f"/api/analyses/{seed_result['id']}", headers=AUTH)
    assert response.status_code == 200
    assert response.json() == seed_result


def test_api_formats_html_and_md(client: TestClient, seed_result: dict[str, Any]) -> None:
    html = client.get(f"/api/analyses/{seed_result['id']}?format=html", headers=AUTH)
    assert html.headers["content-type"].startswith("text/html")
    assert 'class="m ' in html.text and 'id="claims"' in html.text and "Lekolin" in html.text
    assert "sandbox" in html.headers["content-security-policy"]
    md = client.get(f"/api/analyses/{seed_result['id']}?format=md", headers=AUTH)
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.text.lstrip().startswith("#") and "Lekolin" in md.text


def test_api_format_stix_is_a_valid_bundle_with_disarm(client: TestClient, seed_result: dict[str, Any]) -> None:
    response = client.get(f"/api/analyses/{seed_result['id']}?format=stix", headers=AUTH)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/stix+json")
    result = validate_string(response.text, ValidationOptions(version="2.1"))
    assert result.is_valid, [str(e) for e in result.errors]
    bundle = json.loads(response.text)
    patterns = [o for o in bundle["objects"] if o["type"] == "attack-pattern"]
    disarm = [r for p in patterns for r in p["external_references"] if r["source_name"] == "DISARM"]
    assert disarm and all(re.fullmatch(r"T\d{4}(\.\d{3})?", r["external_id"]) for r in disarm)


def test_api_post_then_location_gives_the_same_analysis(client: TestClient, small_text: str) -> None:
    posted = client.post("/api/analyze?format=md", json={"html": f"<p>{small_text}</p>", "lang": "fr"}, headers=AUTH)
    assert posted.status_code == 200 and posted.headers["content-type"].startswith("text/markdown")
    location = posted.headers["location"]
    again = client.get(location, headers=AUTH).json()
    assert location == f"/api/analyses/{again['id']}"
    assert again["input"]["kind"] == "html" and again["metadata"]["language"] == "fr"
    assert "pont" in again["text"]


def test_api_web_view_serves_the_form_and_permalinks(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "<form" in page.text
    assert '<label for="url">' in page.text and '<label for="text">' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "http" not in re.sub(r'href="/[^"]*"|src="/[^"]*"', "", page.text.split("<body>", 1)[1]).split("</a>")[0]
    assert client.get("/a/0123456789abcdef").text == page.text
    for name in ("app.js", "app.css", "frame.js"):
        assert client.get(f"/static/{name}").status_code == 200


def _wait_for_job(client: TestClient, job_id: str, *, headers: dict[str, str]) -> list[dict[str, Any]]:
    states: list[dict[str, Any]] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = client.get(f"/api/jobs/{job_id}", headers=headers).json()
        if not states or state["stage"] != states[-1]["stage"]:
            states.append(state)
        if state["state"] in {"done", "failed"}:
            return [*states[:-1], state] if states[-1]["stage"] == state["stage"] else [*states, state]
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish: {states[-1:]}")


def test_api_jobs_report_their_stages_then_the_analysis(client: TestClient, small_text: str) -> None:
    started = client.post("/api/jobs", json={"text": small_text, "lang": "fr"}, headers=AUTH)
    assert started.status_code == 202 and started.json()["state"] in {"queued", "running"}
    states = _wait_for_job(client, started.json()["job"], headers=AUTH)
    final = states[-1]
    assert final["state"] == "done" and final["done"] == final["total"] >= 5
    assert [s["done"] for s in states] == sorted(s["done"] for s in states)
    assert client.get(final["location"], headers=AUTH).json()["id"] == final["analysis"]


def test_api_jobs_record_a_refused_url_and_unknown_jobs_are_404(client: TestClient) -> None:
    started = client.post("/api/jobs", json={"url": "http://169.254.169.254/"}, headers=AUTH).json()
    final = _wait_for_job(client, started["job"], headers=AUTH)[-1]
    assert final["state"] == "failed" and final["status"] == 403 and final["error"]["code"] == "E112"
    assert_envelope(client.get("/api/jobs/" + "0" * 32, headers=AUTH), 404, "E713")
    assert_envelope(client.get(f"/api/jobs/{started['job']}"), 401, "E701")


def _slow_app(**limits: Any) -> tuple[TestClient, threading.Event]:
    """An app whose pipeline waits for an event, to fill its analysis slots."""
    release = threading.Event()
    app = create_app(ServiceOptions(warm_up=False, **limits))
    real = app.state.service.pipeline

    def waiting(article: Any, *, lang: str | None = None) -> Any:
        release.wait(10)
        return real(article, lang=lang)

    app.state.service.pipeline = waiting
    return TestClient(app, raise_server_exceptions=False), release


def test_api_saturated_server_answers_503(small_text: str) -> None:
    client, release = _slow_app(max_concurrent=1, queue_timeout=0.3)
    with client:
        first: dict[str, Any] = {}
        worker = threading.Thread(target=lambda: first.update(r=client.post("/api/analyze", json={"text": small_text})))
        worker.start()
        deadline = time.monotonic() + 5
        while client.get("/healthz").json()["running"] < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert_envelope(client.post("/api/analyze", json={"text": small_text}), 503, "E708")
        release.set()
        worker.join(30)
        assert first["r"].status_code == 200
        assert client.get("/healthz").json()["running"] == 0


def test_api_full_queue_refuses_at_once(small_text: str) -> None:
    app = create_app(ServiceOptions(warm_up=False, max_queue=0))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert_envelope(client.post("/api/analyze", json={"text": small_text}), 503, "E708")
        assert_envelope(client.post("/api/jobs", json={"text": small_text}), 503, "E708")
        assert client.get("/healthz").json()["waiting"] == 0


def test_api_analysis_time_limit_answers_504(small_text: str) -> None:
    client, release = _slow_app(max_concurrent=1, analysis_timeout=0.3)
    with client:
        assert_envelope(client.post("/api/analyze", json={"text": small_text}), 504, "E709")
        assert client.get("/healthz").json()["running"] == 1  # the slot is held until the work ends
        release.set()
        deadline = time.monotonic() + 30
        while client.get("/healthz").json()["running"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.get("/healthz").json()["running"] == 0


def test_api_unexpected_failure_is_a_500_envelope_without_traceback(small_text: str) -> None:
    app = create_app(ServiceOptions(warm_up=False))

    def broken(article: Any, *, lang: str | None = None) -> Any:
        raise RuntimeError("secret internal detail /srv/app.py line 3")

    app.state.service.pipeline = broken
    with TestClient(app, raise_server_exceptions=False) as client:
        error = assert_envelope(client.post("/api/analyze", json={"text": small_text}), 500, "E700")
        assert "secret" not in error["message"] and "RuntimeError" in error["message"]


def test_api_store_keeps_analyses_and_searches_them(tmp_path: Path, seed_text: str) -> None:
    pytest.importorskip("claimscope.store", reason="the store package is not there yet")
    app = create_app(ServiceOptions(warm_up=False, db=str(tmp_path / "corpus.sqlite")))
    with TestClient(app, raise_server_exceptions=False) as client:
        result = client.post("/api/analyze", json={"text": seed_text}).json()
        assert isinstance(result["stored_id"], int)
        stored = client.get(f"/api/analyses/{result['stored_id']}").json()
        assert stored["text"] == result["text"] and stored["stored_id"] == result["stored_id"]
        hits = client.get("/api/search", params={"q": "Lekolin"}).json()
        assert hits["query"] == "Lekolin"
        assert [h["article"] for h in hits["results"]] == [result["stored_id"]]
        assert_envelope(client.get("/api/analyses/999999"), 404, "E707")
        assert client.get("/healthz").json()["factchecks"].startswith("off (E655")


@pytest.fixture()
def small_text() -> str:
    return (
        "Le maire promet un nouveau pont\n\nSelon le maire, le pont sera ouvert en juin. "
        "Aucune source indépendante ne confirme cette date."
    )


def test_api_factchecks_imported_after_start_are_used_without_restart(tmp_path: Path) -> None:
    """A service started on a store with no fact-check (E655) matches claims once `factcheck import` ran."""
    pytest.importorskip("claimscope.store", reason="the store package is not there yet")
    from click.testing import CliRunner

    from claimscope.cli import cli

    db = tmp_path / "corpus.sqlite"
    review = {
        "@type": "ClaimReview",
        "url": "https://fc.example/pelosi-resign",
        "claimReviewed": "Nancy Pelosi announced she would resign if President Donald Trump were re-elected in 2020.",
        "reviewRating": {"alternateName": "False"},
        "author": {"name": "Example Checks"},
        "datePublished": "2020-11-02",
        "inLanguage": "en",
    }
    text = {"text": "Nancy Pelosi says she will resign if Trump is re-elected in 2020", "lang": "en"}
    app = create_app(ServiceOptions(warm_up=False, db=str(db)))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/healthz").json()["factchecks"].startswith("off (E655")
        before = client.post("/api/analyze", json=text)
        assert before.status_code == 200, before.text
        assert not before.json().get("factchecks")
        feed = tmp_path / "reviews.jsonl"
        feed.write_text(json.dumps(review) + "\n", encoding="utf-8")
        imported = CliRunner().invoke(cli, ["factcheck", "import", str(feed), "--db", str(db)])
        assert imported.exit_code == 0, imported.output
        assert client.get("/healthz").json()["factchecks"] == "on"
        after = client.post("/api/analyze", json=text)
        assert after.status_code == 200, after.text
        factchecks = after.json()["factchecks"]
        assert [f["review"]["url"] for f in factchecks] == [review["url"]]
        assert factchecks[0]["rank"] == 1 and 0.0 <= factchecks[0]["similarity"] <= 1.0
        assert 0.0 <= factchecks[0]["match_probability"] <= 1.0
