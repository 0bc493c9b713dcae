"""Fetch a web page safely: timeouts, size cap, checked redirects, content type, SSRF guard.

Every hop of a redirect chain is checked before it is requested: its scheme, and every address
its host resolves to (private, loopback, link-local, reserved, multicast and unspecified
addresses are refused unless ``settings.allow_private``). Redirects are followed by hand so that
this check runs on each hop.

The connection then goes to one of the checked addresses (the Host header and the TLS server
name stay the original host), so a DNS server that answers differently the second time (DNS
rebinding) cannot send the request elsewhere.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from claimscope.config import Settings
from claimscope.errors import FetchError

Resolver = Callable[[str, int], Sequence[str]]
"""``resolver(host, port)`` returns the IP addresses a host name resolves to."""

ALLOWED_CONTENT_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml", "application/html"}
)
_MAX_ADDRESSES_TRIED = 3
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str
    """The URL that was asked for."""
    final_url: str
    """The URL the content came from, after redirects."""
    status: int
    content: bytes
    content_type: str | None
    fetched_at: str
    """ISO 8601 UTC time of the response."""
    redirects: tuple[str, ...] = ()


def resolve_host(host: str, port: int) -> list[str]:
    """Resolve a host name with the system resolver (all address families)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public_address(address: str) -> bool:
    """True when ``address`` is a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
    )


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _resolve(url: str, host: str, port: int, resolver: Resolver | None) -> list[str]:
    try:
        addresses = list((resolver or resolve_host)(host, port))
    except (OSError, UnicodeError) as exc:
        raise FetchError("E111", url=url, detail=f"cannot resolve {host} ({exc})") from None
    if not addresses:
        raise FetchError("E111", url=url, detail=f"cannot resolve {host}")
    return addresses


def check_url(url: str, *, settings: Settings, resolver: Resolver | None = None) -> list[str]:
    """Refuse a URL that is not http(s) or whose host resolves to a non-public address.

    Returns:
        The addresses the host resolves to (all checked), for the connection to use.

    Raises:
        FetchError: E110 (invalid URL), E111 (the host does not resolve), E112 (refused address).
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError("E110", url=url, detail=str(exc)) from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise FetchError("E110", url=url, detail="only http and https URLs can be fetched")
    host = parts.hostname
    if not host:
        raise FetchError("E110", url=url, detail="no host name")
    port = port or (443 if parts.scheme.lower() == "https" else 80)
    addresses = [host] if _is_ip_literal(host) else _resolve(url, host, port, resolver)
    if settings.allow_private:
        return addresses
    for address in addresses:
        try:
            public = is_public_address(address)
        except ValueError:
            raise FetchError("E111", url=url, detail=f"{host} resolved to an invalid address {address!r}") from None
        if not public:
            raise FetchError("E112", url=url, address=address)
    return addresses


def _send_pinned(client: httpx.Client, url: str, addresses: list[str]) -> httpx.Response:
    """GET ``url`` from one of the addresses that were checked, not from a second DNS answer.

    The Host header and the TLS server name stay the original host, so virtual hosting and
    certificate checks work as usual. Addresses are tried in order until one connects.
    """
    target = httpx.URL(url)
    host = target.host
    candidates = [a for a in addresses if "%" not in a][:_MAX_ADDRESSES_TRIED] or [host]
    for i, address in enumerate(candidates):
        if address == host:
            request = client.build_request("GET", target)
        else:
            extensions = {"sni_hostname": host} if target.scheme == "https" else {}
            request = client.build_request(
                "GET",
                target.copy_with(host=address),
                headers={"Host": target.netloc.decode("ascii")},
                extensions=extensions,
            )
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError:
            if i == len(candidates) - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def user_agent(settings: Settings) -> str:
    from claimscope import __version__

    return settings.user_agent.replace("{version}", __version__)


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def fetch_page(
    url: str,
    *,
    settings: Settings,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver | None = None,
) -> FetchResult:
    """Download one web page.

    1. check the URL and its resolved addresses (SSRF guard);
    2. GET it without automatic redirects, streaming;
    3. on a redirect, check and follow the next hop, up to ``settings.max_redirects``;
    4. refuse error statuses and non-HTML/text content types;
    5. read at most ``settings.max_bytes`` bytes.

    Raises:
        FetchError: with codes E110 to E117.
    """
    headers = {"User-Agent": user_agent(settings), "Accept": _ACCEPT}
    timeout = httpx.Timeout(settings.timeout)
    redirects: list[str] = []
    current = url
    # no keep-alive: a connection opened for one host name (TLS name) is never reused for another on the same IP
    limits = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(
        transport=transport, timeout=timeout, headers=headers, follow_redirects=False, limits=limits
    ) as client:
        while True:
            addresses = check_url(current, settings=settings, resolver=resolver)
            try:
                with contextlib.closing(_send_pinned(client, current, addresses)) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if len(redirects) >= settings.max_redirects:
                            raise FetchError("E116", url=url, limit=settings.max_redirects)
                        redirects.append(current)
                        current = urljoin(current, location)
                        continue
                    return _read_response(url, current, response, settings, tuple(redirects))
            except httpx.TimeoutException:
                raise FetchError("E117", url=current, timeout=settings.timeout) from None
            except httpx.InvalidURL as exc:
                raise FetchError("E110", url=current, detail=str(exc)) from None
            except httpx.UnsupportedProtocol as exc:
                raise FetchError("E110", url=current, detail=str(exc)) from None
            except (httpx.TransportError, httpx.DecodingError) as exc:
                raise FetchError("E111", url=current, detail=str(exc) or type(exc).__name__) from exc


def _read_response(
    url: str, current: str, response: httpx.Response, settings: Settings, redirects: tuple[str, ...]
) -> FetchResult:
    if response.status_code >= 400 or response.status_code < 200:
        raise FetchError("E113", url=current, status=response.status_code)
    content_type = response.headers.get("content-type")
    media = _media_type(content_type)
    if media is not None and media not in ALLOWED_CONTENT_TYPES:
        raise FetchError("E114", url=current, content_type=media)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError("E115", url=current, limit=settings.max_bytes)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > settings.max_bytes:
            raise FetchError("E115", url=current, limit=settings.max_bytes)
        chunks.append(chunk)
    return FetchResult(
        url=url,
        final_url=current,
        status=response.status_code,
        content=b"".join(chunks),
        content_type=content_type,
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        redirects=redirects,
    )


__all__ = ["FetchResult", "Resolver", "check_url", "fetch_page", "is_public_address", "resolve_host", "user_agent"]
