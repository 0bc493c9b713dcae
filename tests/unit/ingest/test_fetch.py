"""URL fetching: SSRF guard on every hop, redirects, size cap, content type, timeouts. No network."""

from __future__ import annotations

import socket

import httpx
import pytest

from claimscope.config import Settings
from claimscope.errors import FetchError
from claimscope.ingest.fetch import check_url, fetch_page, is_public_address, user_agent

PUBLIC = "93.184.216.34"
HTML = b"<html><body><p>Hello</p></body></html>"


def resolver_for(table: dict[str, list[str]]):
    """A fake resolver: host -> addresses; unknown hosts fail like the system resolver does."""

    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


def public_resolver(host: str, port: int) -> list[str]:
    return [PUBLIC]


def settings(**overrides: object) -> Settings:
    return Settings()._with(dict(overrides))


def ok_transport(body: bytes = HTML, content_type: str = "text/html; charset=utf-8") -> httpx.MockTransport:
    return httpx.MockTransport(
        lambda request: httpx.Response(200, content=body, headers={"content-type": content_type})
    )


def test_fetch_returns_content_and_metadata():
    result = fetch_page(
        "https://news.example/a", settings=Settings(), transport=ok_transport(), resolver=public_resolver
    )
    assert result.content == HTML
    assert result.status == 200
    assert result.final_url == "https://news.example/a"
    assert result.content_type.startswith("text/html")
    assert result.fetched_at.endswith("+00:00")


def test_fetch_sends_honest_user_agent():
    seen: dict[str, str] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["ua"] = request.headers["user-agent"]
        return httpx.Response(200, content=HTML, headers={"content-type": "text/html"})

    fetch_page(
        "https://news.example/", settings=Settings(), transport=httpx.MockTransport(handler), resolver=public_resolver
    )
    from claimscope import __version__

    assert seen["ua"] == user_agent(Settings())
    assert f"claimscope/{__version__}" in seen["ua"]
    assert "{version}" not in seen["ua"]


def test_fetch_follows_redirects_and_checks_each_hop():
    hops: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hops.append(f"{request.url.scheme}://{request.headers['host']}{request.url.path}")
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        return httpx.Response(200, content=HTML, headers={"content-type": "text/html"})

    result = fetch_page(
        "https://news.example/old",
        settings=Settings(),
        transport=httpx.MockTransport(handler),
        resolver=public_resolver,
    )
    assert hops == ["https://news.example/old", "https://news.example/new"]
    assert result.final_url == "https://news.example/new"
    assert result.redirects == ("https://news.example/old",)


def test_fetch_refuses_redirect_to_private_address():
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(request.headers["host"])
        return httpx.Response(302, headers={"location": "http://internal.example/admin"})

    resolve = resolver_for({"news.example": [PUBLIC], "internal.example": ["10.0.0.7"]})
    with pytest.raises(FetchError) as err:
        fetch_page(
            "https://news.example/", settings=Settings(), transport=httpx.MockTransport(handler), resolver=resolve
        )
    assert err.value.code == "E112"
    assert requested == ["news.example"]  # the private host was never contacted


def test_fetch_connects_to_the_checked_address():
    """DNS rebinding: the request goes to the address that was checked, under the original Host and TLS name."""
    seen: list[tuple[str, str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers["host"], request.extensions.get("sni_hostname")))
        return httpx.Response(200, content=HTML, headers={"content-type": "text/html"})

    answers = iter([[PUBLIC], ["127.0.0.1"]])  # a rebinding resolver would answer differently the second time
    fetch_page(
        "https://news.example:8443/a",
        settings=Settings(),
        transport=httpx.MockTransport(handler),
        resolver=lambda host, port: next(answers),
    )
    assert seen == [(PUBLIC, "news.example:8443", "news.example")]


def test_fetch_tries_the_next_checked_address():
    tried: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        tried.append(request.url.host)
        if request.url.host == "2001:db8::1":
            raise httpx.ConnectError("Network is unreachable", request=request)
        return httpx.Response(200, content=HTML, headers={"content-type": "text/html"})

    result = fetch_page(
        "http://news.example/",
        settings=settings(allow_private=True),
        transport=httpx.MockTransport(handler),
        resolver=lambda h, p: ["2001:db8::1", PUBLIC],
    )
    assert tried == ["2001:db8::1", PUBLIC]
    assert result.content == HTML


def test_fetch_too_many_redirects():
    transport = httpx.MockTransport(lambda r: httpx.Response(302, headers={"location": f"/{len(r.url.path)}x"}))
    with pytest.raises(FetchError) as err:
        fetch_page(
            "https://news.example/", settings=settings(max_redirects=3), transport=transport, resolver=public_resolver
        )
    assert err.value.code == "E116"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",
        "100.64.0.1",
    ],
)
def test_fetch_refuses_private_addresses(address: str):
    assert not is_public_address(address)
    with pytest.raises(FetchError) as err:
        fetch_page(
            "https://sneaky.example/",
            settings=Settings(),
            transport=ok_transport(),
            resolver=lambda host, port: [address],
        )
    assert err.value.code == "E112"


def test_fetch_refuses_when_any_resolved_address_is_private():
    with pytest.raises(FetchError) as err:
        check_url("https://dual.example/", settings=Settings(), resolver=lambda h, p: [PUBLIC, "127.0.0.1"])
    assert err.value.code == "E112"


def test_fetch_refuses_ip_literal_loopback_without_resolving():
    def never(host: str, port: int) -> list[str]:
        raise AssertionError("an IP literal needs no resolution")

    with pytest.raises(FetchError) as err:
        fetch_page("http://127.0.0.1:8080/", settings=Settings(), transport=ok_transport(), resolver=never)
    assert err.value.code == "E112"


def test_fetch_allow_private_lets_private_addresses_through():
    result = fetch_page(
        "http://intranet.example/",
        settings=settings(allow_private=True),
        transport=ok_transport(),
        resolver=lambda h, p: ["192.168.0.10"],
    )
    assert result.content == HTML


def test_fetch_public_address_is_allowed():
    assert is_public_address(PUBLIC)
    assert is_public_address("2606:4700:4700::1111")


@pytest.mark.parametrize("url", ["ftp://news.example/a", "file:///etc/passwd", "https://", "javascript:alert(1)"])
def test_fetch_invalid_urls(url: str):
    with pytest.raises(FetchError) as err:
        fetch_page(url, settings=Settings(), transport=ok_transport(), resolver=public_resolver)
    assert err.value.code == "E110"


def test_fetch_unresolvable_host():
    with pytest.raises(FetchError) as err:
        fetch_page(
            "https://does-not-exist.example/", settings=Settings(), transport=ok_transport(), resolver=resolver_for({})
        )
    assert err.value.code == "E111"


def test_fetch_unreachable_host():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused", request=request)

    with pytest.raises(FetchError) as err:
        fetch_page(
            "https://down.example/",
            settings=Settings(),
            transport=httpx.MockTransport(refuse),
            resolver=public_resolver,
        )
    assert err.value.code == "E111"
    assert "refused" in err.value.message


def test_fetch_timeout():
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(FetchError) as err:
        fetch_page(
            "https://slow.example/",
            settings=settings(timeout=2.5),
            transport=httpx.MockTransport(slow),
            resolver=public_resolver,
        )
    assert err.value.code == "E117"
    assert "2.5" in err.value.message


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_fetch_error_status(status: int):
    transport = httpx.MockTransport(lambda r: httpx.Response(status, content=b"nope"))
    with pytest.raises(FetchError) as err:
        fetch_page("https://news.example/x", settings=Settings(), transport=transport, resolver=public_resolver)
    assert err.value.code == "E113"
    assert str(status) in err.value.message


@pytest.mark.parametrize("content_type", ["image/png", "application/pdf", "application/octet-stream", "video/mp4"])
def test_fetch_rejects_non_html_content_types(content_type: str):
    with pytest.raises(FetchError) as err:
        fetch_page(
            "https://news.example/f",
            settings=Settings(),
            transport=ok_transport(b"\x89PNG", content_type),
            resolver=public_resolver,
        )
    assert err.value.code == "E114"


@pytest.mark.parametrize("content_type", ["text/plain", "application/xhtml+xml", "TEXT/HTML; charset=ISO-8859-1"])
def test_fetch_accepts_html_and_text(content_type: str):
    result = fetch_page(
        "https://news.example/t",
        settings=Settings(),
        transport=ok_transport(HTML, content_type),
        resolver=public_resolver,
    )
    assert result.content == HTML


def test_fetch_size_cap_while_streaming():
    chunks_sent: list[int] = []

    def body():
        for _ in range(100):
            chunks_sent.append(1)
            yield b"x" * 1000

    transport = httpx.MockTransport(
        lambda r: httpx.Response(200, content=body(), headers={"content-type": "text/html"})
    )
    with pytest.raises(FetchError) as err:
        fetch_page(
            "https://big.example/", settings=settings(max_bytes=5000), transport=transport, resolver=public_resolver
        )
    assert err.value.code == "E115"
    assert len(chunks_sent) < 100  # stopped reading early


def test_fetch_size_cap_from_content_length():
    transport = httpx.MockTransport(
        lambda r: httpx.Response(200, content=b"x" * 6000, headers={"content-type": "text/html"})
    )
    with pytest.raises(FetchError) as err:
        fetch_page(
            "https://big.example/", settings=settings(max_bytes=5000), transport=transport, resolver=public_resolver
        )
    assert err.value.code == "E115"
